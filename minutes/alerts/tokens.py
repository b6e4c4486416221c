"""Signed, expiring tokens for the links in alert mail. A token carries what it stands for (the sign-up request, an
address, a subscription), so no secret is stored, and nothing but the holder of the mail can use it."""

from django.core import signing

DAY = 24 * 60 * 60
# (salt, max_age in seconds): a sign-up must be confirmed within three days; a manage link lasts a week; the
# unsubscribe link in an alert lasts a year, so an old mail still lets its reader stop the alerts.
CONFIRM = ("minutes.alerts.confirm", 3 * DAY)
MANAGE = ("minutes.alerts.manage", 7 * DAY)
UNSUBSCRIBE = ("minutes.alerts.unsubscribe", 365 * DAY)


def make(purpose, data):
    return signing.dumps(data, salt=purpose[0], compress=True)


def read(purpose, token):
    """The data signed into `token` for `purpose`, or None when it is forged, altered, for another purpose or old."""
    try:
        return signing.loads(token, salt=purpose[0], max_age=purpose[1])
    except signing.BadSignature:
        return None
