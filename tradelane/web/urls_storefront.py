"""Routes of the storefront pages, under /<market>/ for the markets we sell to."""

from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from tradelane.web.views import shop_card, shop_checkout, shop_orders, shop_returns, storefront


class MarketConverter:
    """Only the storefront markets' codes, so /wallet/, /api/, /admin/... never match here."""

    regex = "cn|au|nz|sg|my"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value.lower()


register_converter(MarketConverter, "market")

urlpatterns: list[URLPattern] = [
    path("<market:market>/", storefront.home, name="shop-home"),
    path("<market:market>/c/<slug:category>/", storefront.category, name="shop-category"),
    path("<market:market>/search/", storefront.search, name="shop-search"),
    path("<market:market>/p/<int:listing_id>/", storefront.product, name="shop-product"),
    path("<market:market>/cart/", shop_checkout.cart, name="shop-cart"),
    path("<market:market>/checkout/", shop_checkout.checkout, name="shop-checkout"),
    path("<market:market>/identity/", shop_checkout.identity, name="shop-identity"),
    path("<market:market>/pay/<int:checkout_id>/", shop_checkout.pay, name="shop-pay"),
    path("<market:market>/pay/<int:checkout_id>/card/", shop_card.card_pay, name="shop-card-pay"),
    path(
        "<market:market>/pay/card/<str:intent_id>/3ds/",
        shop_card.card_challenge,
        name="shop-card-challenge",
    ),
    path("<market:market>/orders/", shop_orders.order_list, name="shop-orders"),
    path("<market:market>/orders/<str:number>/", shop_orders.order_detail, name="shop-order"),
    path(
        "<market:market>/orders/<str:number>/return/",
        shop_returns.order_return,
        name="shop-order-return",
    ),
]
