"""Routes of the merchant portal (/merchant/...)."""

from __future__ import annotations

from django.urls import URLPattern, path

from tradelane.web.views import (
    merchant,
    merchant_analytics,
    merchant_bank,
    merchant_catalog,
    merchant_images,
    merchant_money,
    merchant_orders,
    merchant_shipping,
)

urlpatterns: list[URLPattern] = [
    path("apply/", merchant.apply_page, name="merchant-apply"),
    path("", merchant.dashboard, name="merchant-dashboard"),
    path("products/", merchant_catalog.product_list, name="merchant-products"),
    path("products/new/", merchant_catalog.product_new, name="merchant-product-new"),
    path("products/<int:product_id>/", merchant_catalog.product_edit, name="merchant-product"),
    path(
        "products/<int:product_id>/images/",
        merchant_images.image_upload,
        name="merchant-product-image-upload",
    ),
    path(
        "products/<int:product_id>/images/<int:image_id>/remove/",
        merchant_images.image_remove,
        name="merchant-product-image-remove",
    ),
    path("listings/", merchant_catalog.listings, name="merchant-listings"),
    path("stock/", merchant_catalog.stock, name="merchant-stock"),
    path("export-permits/", merchant_catalog.permits, name="merchant-permits"),
    path("orders/", merchant_orders.order_list, name="merchant-orders"),
    path("orders/<str:number>/", merchant_orders.order_detail, name="merchant-order"),
    path("orders/<str:number>/label/", merchant_shipping.order_label, name="merchant-order-label"),
    path(
        "orders/<str:number>/shipped/",
        merchant_shipping.order_mark_shipped,
        name="merchant-order-shipped",
    ),
    path(
        "orders/<str:number>/return/approve/",
        merchant_shipping.return_approve_page,
        name="merchant-return-approve",
    ),
    path(
        "orders/<str:number>/return/decline/",
        merchant_shipping.return_decline_page,
        name="merchant-return-decline",
    ),
    path("shipments/", merchant_orders.shipment_list, name="merchant-shipments"),
    path(
        "shipments/<str:waybill>/label.pdf",
        merchant_orders.shipment_label,
        name="merchant-shipment-label",
    ),
    path("payouts/", merchant_money.payouts, name="merchant-payouts"),
    path("statements/", merchant_money.statement, name="merchant-statement"),
    path("bank-account/", merchant_bank.bank_account, name="merchant-bank-account"),
    path(
        "bank-account/confirm/",
        merchant_bank.bank_account_confirm_page,
        name="merchant-bank-account-confirm",
    ),
    path(
        "bank-account/resend/",
        merchant_bank.bank_account_resend,
        name="merchant-bank-account-resend",
    ),
    path("analytics/", merchant_analytics.analytics, name="merchant-analytics"),
]
