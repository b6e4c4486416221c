"""Sign-up limits, counted in the cache: ALERT_SIGNUPS_PER_ADDRESS an hour for one email address and
ALERT_SIGNUPS_PER_IP for one client. The address is counted under a hash, so the cache holds no address either. A
cache that cannot be reached lets the sign-up through (and logs it): alerts degrade, the page does not fail."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from minutes.throttling import client_ip

logger = logging.getLogger("minutes.alerts")
WINDOW = 60 * 60


def _count(key):
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        return 1


def allow_signup(request, email):
    """Count one sign-up (or manage-link request) and say whether it is within both limits."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    try:
        by_address = _count(f"alerts:signup:address:{digest}")
        by_ip = _count(f"alerts:signup:ip:{client_ip(request)}")
    except Exception:
        logger.exception("Alert sign-up limits could not be counted (cache unavailable); allowing the sign-up")
        return True
    return by_address <= settings.ALERT_SIGNUPS_PER_ADDRESS and by_ip <= settings.ALERT_SIGNUPS_PER_IP
