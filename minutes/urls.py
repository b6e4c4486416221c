from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from minutes import documents, feeds, health, panel_views, views
from minutes.people import feeds as people_feeds
from minutes.people import views as people_views
from minutes.sitemaps import SITEMAPS

handler404 = "minutes.views.not_found"
handler500 = "minutes.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("panels/", panel_views.panel_list, name="panel-list"),
    path("panels/<slug:slug>/", panel_views.panel_detail, name="panel"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/minutes.txt", views.meeting_txt, name="meeting-txt"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("meetings/<int:pk>/meeting.ics", feeds.meeting_ics, name="meeting-ics"),
    path("items/", views.item_list, name="item-list"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/minutes.txt", views.item_txt, name="item-txt"),
    path("items/<int:pk>/minutes.pdf", views.item_pdf, name="item-pdf"),
    path("search/", views.search, name="search"),
    path("alerts/", include("minutes.alerts.urls")),
    path("people/", people_views.person_list, name="person-list"),
    path("people/<slug:slug>/", people_views.person_detail, name="person"),
    path("people/<slug:slug>/feed.atom", people_feeds.PersonFeed(), name="person-feed"),
    path("panels/<slug:slug>/attendance/", people_views.panel_attendance, name="panel-attendance"),
    # Uploaded files, public only while their meeting is (no MEDIA_URL route: see minutes/documents.py).
    path("documents/<int:pk>/<str:filename>", documents.download, name="document"),
    # Feeds, calendars, sitemap and robots.txt (minutes/feeds.py, minutes/sitemaps.py).
    path("feeds/minutes.rss", feeds.MinutesFeed(), name="minutes-feed-rss"),
    path("feeds/minutes.atom", feeds.AtomMinutesFeed(), name="minutes-feed-atom"),
    path("panels/<slug:slug>/minutes.rss", feeds.MinutesFeed(), name="panel-minutes-feed-rss"),
    path("panels/<slug:slug>/minutes.atom", feeds.AtomMinutesFeed(), name="panel-minutes-feed-atom"),
    path("meetings.ics", feeds.meetings_ics, name="meetings-ics"),
    path("panels/<slug:slug>/meetings.ics", feeds.panel_meetings_ics, name="panel-meetings-ics"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt", content_type="text/plain", extra_context={"admin_url": settings.ADMIN_URL}
        ),
        name="robots",
    ),
    # Database and cache reachability, for load balancers and operators (minutes/health.py).
    path("health/", health.health_view, name="health"),
    # Open data: web service, OParl, JSON, Akoma Ntoso, bulk download, old ModernGov addresses (minutes/opendata/).
    path("", include("minutes.opendata.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
