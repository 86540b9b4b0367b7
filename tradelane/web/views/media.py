"""Product pictures served by the app itself in the embedded profile (see settings.SERVE_MEDIA);
the folder is read per request so tests and reconfigured sites serve their own MEDIA_ROOT."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve


def media_file(request: HttpRequest, path: str) -> HttpResponseBase:
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
