from django.conf import settings
from django.contrib import admin
from django.urls import path

from minutes import views
from panels import views as panel_views

handler404 = "minutes.views.not_found"
handler500 = "minutes.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("panels/", panel_views.panel_list, name="panel-list"),
    path("panels/<slug:slug>/", panel_views.panel_detail, name="panel"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/minutes.txt", views.meeting_txt, name="meeting-txt"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("items/", views.item_list, name="item-list"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/minutes.txt", views.item_txt, name="item-txt"),
    path("items/<int:pk>/minutes.pdf", views.item_pdf, name="item-pdf"),
    path("search/", views.search, name="search"),
    path(settings.ADMIN_URL, admin.site.urls),
]
