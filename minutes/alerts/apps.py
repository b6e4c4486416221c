from django.apps import AppConfig


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minutes.alerts"
    label = "alerts"
    verbose_name = "Email alerts"

    def ready(self):
        from . import checks, tasks  # noqa: F401  (registers the deploy check and the task signal receiver)
