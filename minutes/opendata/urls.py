"""The open-data routes, included at the site's root by minutes/urls.py."""

from django.urls import path, re_path

from . import akn, legacy, moderngov, oparl, records, views

urlpatterns = [
    # Clients build the address from a base URL, so a base ending in "/" gives a doubled slash; ASP.NET ignored the
    # case of the service's and the method's names, so the views match them without it.
    re_path(r"^(?:/)?(?P<service>\w+\.[Aa][Ss][Mm][Xx])/(?P<method>\w+)$", moderngov.web_service, name="moderngov"),
    # Old ModernGov page addresses (mgAi.aspx, ieListDocuments.aspx, …): a permanent redirect to the page that
    # replaced each (legacy.py).
    re_path(r"^(?P<page>\w+\.[Aa][Ss][Pp][Xx])$", legacy.old_page, name="legacy-page"),
    path("documents/s<int:number>/<str:filename>", legacy.document, name="legacy-document"),
    path("meetings/<int:pk>/minutes.akn.xml", akn.meeting_minutes, name="meeting-akn"),
    path("meetings/<int:pk>.json", records.meeting_json, name="meeting-json"),
    path("items/<int:pk>.json", records.item_json, name="item-json"),
    # The bulk download (bulk.py, built by `manage.py export_open_data`) and the page that explains all of this.
    path("data/", views.data_page, name="data"),
    path("data/<str:name>", views.data_download, name="data-download"),
    # OParl 1.1 (oparl.py): the system object is the entry point; every object's id is its URL.
    path("oparl/v1.1/system", oparl.system, name="oparl-system"),
    path("oparl/v1.1/bodies", oparl.body_list, name="oparl-bodies"),
    path("oparl/v1.1/body/<str:key>", oparl.body, name="oparl-body"),
    path("oparl/v1.1/body/<str:key>/<str:kind>", oparl.body_list_of, name="oparl-body-list"),
    path("oparl/v1.1/organization/<int:pk>/meeting", oparl.organization_meetings, name="oparl-organization-meetings"),
    path("oparl/v1.1/<str:kind>/<str:key>", oparl.single, name="oparl-object"),
]
