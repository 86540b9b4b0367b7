from django.contrib import admin
from django.urls import include, path

from tradelane.api import api
from tradelane.logistics.views import provenance_page
from tradelane.ops.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("p/<str:waybill>", provenance_page, name="provenance"),
    path("", include("tradelane.web.urls")),
]
