from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from tradelane.api import api, unmatched
from tradelane.fulfilment.views import provenance_page
from tradelane.ops.health import healthz, readyz
from tradelane.web.views import errors, media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", unmatched),  # after the API: only paths it did not match
    path("p/<str:token>", provenance_page, name="provenance"),
    path("", include("tradelane.web.urls")),
]

if settings.SERVE_MEDIA:  # product pictures, in the embedded profile (see settings.SERVE_MEDIA)
    prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.insert(0, re_path(rf"^{prefix}/(?P<path>.*)$", media.media_file, name="media"))

# Real pages in the shopper's language, with DEBUG off too (never Django's technical 404)
handler404 = errors.page_not_found
handler500 = errors.server_error
