"""Routes of the operator pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from tradelane.web.views import operator

urlpatterns: list[URLPattern] = [
    path("", operator.dashboard, name="operator-dashboard"),
    path("ledger/", operator.ledger_panel, name="operator-ledger"),
]
