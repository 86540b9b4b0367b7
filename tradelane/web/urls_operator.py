"""Routes of the operator pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from tradelane.web.views import operator, operator_remittance

urlpatterns: list[URLPattern] = [
    path("", operator.dashboard, name="operator-dashboard"),
    path("ledger/", operator.ledger_panel, name="operator-ledger"),
    path("remittances/", operator_remittance.remittances, name="operator-remittances"),
    path(
        "remittances/tax/<str:remittance_id>/",
        operator_remittance.tax_statement,
        name="operator-remittance-tax",
    ),
    path(
        "remittances/partner/<str:payment_id>/",
        operator_remittance.partner_statement,
        name="operator-remittance-partner",
    ),
]
