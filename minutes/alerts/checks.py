from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """Alert mail links back to the site, and mail has no request to take the host from."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        checks.Warning(
            "SITE_URL is not an https:// address: links in alert mail would not work",
            hint="Set SITE_URL to the site's public address, e.g. https://minutes.example.gov.uk",
            id="alerts.W001",
        )
    ]
