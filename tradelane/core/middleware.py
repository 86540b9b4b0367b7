"""Refuse, before any view runs, API requests no endpoint could take: a body over the size
limit (413) and NUL characters (400), both in the API's one error shape.

NUL: PostgreSQL text cannot store it, so such a request could only fail later, halfway, as a
server error. Size: Django raises RequestDataTooBig when the body is first read; reading it here
turns that into the API's answer for every /api/ path, endpoint or not."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from tradelane.core.errors import error_body, request_too_large

NUL_MARKERS = (b"\x00", b"\\u0000")
NO_BODY = {"GET", "HEAD", "OPTIONS"}


def _has_nul(request: HttpRequest) -> bool:
    query = unquote_to_bytes(request.META.get("QUERY_STRING", ""))
    path = unquote_to_bytes(request.path)
    if b"\x00" in query or b"\x00" in path:
        return True
    return request.method not in NO_BODY and any(m in request.body for m in NUL_MARKERS)


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                nul = _has_nul(request)
            except RequestDataTooBig:
                refusal = request_too_large()
                return JsonResponse(refusal.as_dict(), status=refusal.http_status)
            if nul:
                body = error_body(
                    "invalid", "The request contains a NUL character, which no field accepts."
                )
                return JsonResponse(body, status=400)
        return self.get_response(request)
