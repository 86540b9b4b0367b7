"""Refuse NUL characters in API input: PostgreSQL text cannot store them, so such a request
could only fail later, halfway, as a server error."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

from tradelane.core.errors import error_body

NUL_MARKERS = (b"\x00", b"\\u0000")


def _has_nul(request: HttpRequest) -> bool:
    query = unquote_to_bytes(request.META.get("QUERY_STRING", ""))
    path = unquote_to_bytes(request.path)
    if b"\x00" in query or b"\x00" in path:
        return True
    return request.method in {"POST", "PUT", "PATCH"} and any(
        m in request.body for m in NUL_MARKERS
    )


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and _has_nul(request):
            body = error_body(
                "invalid", "The request contains a NUL character, which no field accepts."
            )
            return JsonResponse(body, status=400)
        return self.get_response(request)
