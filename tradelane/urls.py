from django.contrib import admin
from django.urls import include, path, re_path

from tradelane.api import api, unmatched
from tradelane.logistics.views import provenance_page
from tradelane.ops.health import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", unmatched),  # after the API: only paths it did not match
    path("p/<str:token>", provenance_page, name="provenance"),
    path("", include("tradelane.web.urls")),
]
