"""The secret key is required to serve, not to run every command.

Settings leave SECRET_KEY empty when DEBUG is off and none is given, so commands that sign nothing (makemigrations,
migrate, collectstatic) still run; the serving entry points (wsgi.py, asgi.py) refuse to load, `check --deploy`
reports it, and anything that would sign with the key stops on Django's own "must not be empty" error."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING = "SECRET_KEY must be set when DEBUG is off"


def secret_key_missing():
    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return True


def require_secret_key():
    if secret_key_missing():
        raise ImproperlyConfigured(MISSING)


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if not secret_key_missing():
        return []
    return [checks.Error(MISSING, hint="Set the SECRET_KEY environment variable.", id="minutes.E001")]
