"""Admin login throttling, by django-axes (configured in settings: AXES_*).

Axes refuses an authentication call that carries no request; logins made in code (management commands, the test
client's `login()`) have none and are not web logins, so they pass straight to the next backend uncounted.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The address a login came from. Behind our own proxy (BEHIND_PROXY=1) that is the last X-Forwarded-For hop,
    the one the proxy added; anything before it was written by the client and proves nothing."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


class AddressLimitHandler(AxesDatabaseHandler):
    """Two limits: AXES_FAILURE_LIMIT failures for one username from one address, and AXES_ADDRESS_FAILURE_LIMIT for
    one address whatever the usernames (else a few tries at each of many usernames lock nobody). Axes compares one
    count with one limit, so the address's count is put on the username's scale (AXES_LOCKOUT_PARAMETERS lists the
    two in this order)."""

    def get_failures(self, request, credentials=None):
        per_username, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(per_username, per_address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT)
