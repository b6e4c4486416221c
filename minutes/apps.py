from django.apps import AppConfig


class MinutesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minutes"
    verbose_name = "Minutes"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check)
        from .record import signals  # noqa: F401  (connects the change hooks)
