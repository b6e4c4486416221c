"""Admin login throttling, by django-axes (configured in settings: AXES_*).

Axes refuses an authentication call that carries no request; logins made in code (management commands, the test
client's `login()`) have none and are not web logins, so they pass straight to the next backend uncounted.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


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
