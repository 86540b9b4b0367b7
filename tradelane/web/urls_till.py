"""Routes of the till pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from tradelane.web.views import till

urlpatterns: list[URLPattern] = [
    path("", till.choose_shop, name="till-choose"),
    path("<int:shop_id>/", till.till_home, name="till-home"),
    path("<int:shop_id>/charge/", till.charge, name="till-charge"),
    path("<int:shop_id>/qr/", till.create_qr, name="till-create-qr"),
    path("<int:shop_id>/qr/<str:payment_id>/", till.qr_page, name="till-qr"),
    path("<int:shop_id>/qr/<str:payment_id>/status/", till.qr_status, name="till-qr-status"),
    path("<int:shop_id>/payments/<str:payment_id>/", till.receipt, name="till-receipt"),
    path("<int:shop_id>/payments/<str:payment_id>/refund/", till.refund, name="till-refund"),
]
