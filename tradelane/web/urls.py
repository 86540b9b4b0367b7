"""Page URLs. Each area keeps its own module so its routes live beside its views."""

from __future__ import annotations

from django.urls import include, path

from tradelane.web.views import account, home

urlpatterns = [
    path("", home.front_door, name="front-door"),
    path("account/login/", account.login_page, name="login"),
    path("account/signup/", account.signup_page, name="signup"),
    path("account/logout/", account.logout_page, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wallet/", include("tradelane.web.urls_wallet")),
    path("till/", include("tradelane.web.urls_till")),
    path("merchant/", include("tradelane.web.urls_merchant")),
    path("operator/", include("tradelane.web.urls_operator")),
    # Last: the storefront's /<market>/ prefix would otherwise shadow the others.
    path("", include("tradelane.web.urls_storefront")),
]
