"""Routes of the wallet pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from tradelane.web.views import wallet

urlpatterns: list[URLPattern] = [
    path("", wallet.wallet_home, name="wallet-home"),
    path("topup/", wallet.topup_page, name="wallet-topup"),
    path("code/", wallet.code_page, name="wallet-code"),
    path("code/fresh/", wallet.code_fresh, name="wallet-code-fresh"),
    path("scan/", wallet.scan_page, name="wallet-scan"),
    path("pay/<str:token>/", wallet.pay_page, name="wallet-pay"),
    path("history/", wallet.history_page, name="wallet-history"),
]
