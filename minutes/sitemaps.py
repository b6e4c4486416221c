"""/sitemap.xml: an index of public panels, meetings and agenda items, each section paged by Django."""

from django.contrib.sitemaps import Sitemap

from panels.models import Panel

from . import visibility


class PanelSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Panel.objects.order_by("pk")

    def lastmod(self, panel):
        return panel.updated_at


class MeetingSitemap(Sitemap):
    limit = 10000

    def items(self):
        return visibility.public_meetings().only("pk", "changed_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.changed_at


class ItemSitemap(Sitemap):
    limit = 10000

    def items(self):
        # An item's page changes with its meeting (status, minutes, documents): the meeting's changed_at moves
        # whenever anything in it does.
        return visibility.public_items().select_related("meeting").only("pk", "meeting__changed_at").order_by("pk")

    def lastmod(self, item):
        return item.meeting.changed_at


SITEMAPS = {"panels": PanelSitemap, "meetings": MeetingSitemap, "items": ItemSitemap}
