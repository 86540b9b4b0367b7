"""Order screens. Orders, checkouts and carts are records of what happened: read-only here.

An order's status changes only through `order_set_status`, which records who, when and why;
operators cancel through the action on the order list.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from tradelane.core.admin import (
    ReadOnlyModelAdmin,
    ReadOnlyTabularInline,
    json_display,
    money_display,
)
from tradelane.core.errors import ApplicationError
from tradelane.orders.models import (
    Cart,
    CartLine,
    Checkout,
    CheckoutQuote,
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
)
from tradelane.orders.services import order_set_status

# ---------------------------------------------------------------------------------------------
# Orders


class OrderLineInline(ReadOnlyTabularInline):
    model = OrderLine
    fields = (
        "sku",
        "name_en",
        "name_zh_hans",
        "hs_code",
        "quantity",
        "unit_price",
        "goods",
        "shipping",
        "tax",
        "reservation",
    )
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = "lines"

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderLine]:
        return super().get_queryset(request).select_related("order", "reservation")

    @admin.display(description="unit price")
    def unit_price(self, obj: OrderLine) -> str:
        return money_display(obj.unit_price_minor, obj.order.currency)

    @admin.display(description="goods")
    def goods(self, obj: OrderLine) -> str:
        return money_display(obj.goods_minor, obj.order.currency)

    @admin.display(description="shipping")
    def shipping(self, obj: OrderLine) -> str:
        return money_display(obj.shipping_minor, obj.order.currency)

    @admin.display(description="tax")
    def tax(self, obj: OrderLine) -> str:
        return money_display(obj.tax_minor, obj.order.currency)


class OrderHistoryInline(ReadOnlyTabularInline):
    model = OrderStatusChange
    fields = ("at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields
    show_change_link = False
    verbose_name = "status change"
    verbose_name_plural = "status history"


class AmountColumns:
    """Goods, shipping, tax and total of an Order or a Checkout, formatted in its currency."""

    @admin.display(description="goods", ordering="goods_minor")
    def goods(self, obj: Order | Checkout) -> str:
        return money_display(obj.goods_minor, obj.currency)

    @admin.display(description="shipping", ordering="shipping_minor")
    def shipping(self, obj: Order | Checkout) -> str:
        return money_display(obj.shipping_minor, obj.currency)

    @admin.display(description="tax", ordering="tax_minor")
    def tax(self, obj: Order | Checkout) -> str:
        return money_display(obj.tax_minor, obj.currency)

    @admin.display(description="total", ordering="total_minor")
    def total(self, obj: Order | Checkout) -> str:
        return money_display(obj.total_minor, obj.currency)


@admin.register(Order)
class OrderAdmin(AmountColumns, ReadOnlyModelAdmin):
    list_display = (
        "number",
        "created_at",
        "merchant",
        "consumer",
        "market",
        "status",
        "total",
        "settlement_currency",
    )
    list_filter = ("status", "market", "settlement_currency")
    list_select_related = ("merchant", "consumer", "market")
    search_fields = (
        "^number",
        "merchant__trading_name",
        "consumer__display_name",
        "consumer__user__email",
        "=lines__sku",
    )
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "status",
                    "merchant",
                    "consumer",
                    "market",
                    "checkout",
                    "created_at",
                    "updated_at",
                    "expires_at",
                )
            },
        ),
        (
            "Amounts",
            {
                "fields": (
                    "goods",
                    "shipping",
                    "tax",
                    "total",
                    "settlement_currency",
                    "fx_quote",
                )
            },
        ),
        ("Tax detail and shipping address", {"fields": ("tax_detail_pretty", "address_pretty")}),
    )
    readonly_fields = (
        "number",
        "status",
        "merchant",
        "consumer",
        "market",
        "checkout",
        "created_at",
        "updated_at",
        "expires_at",
        "goods",
        "shipping",
        "tax",
        "total",
        "settlement_currency",
        "fx_quote",
        "tax_detail_pretty",
        "address_pretty",
    )
    inlines = (OrderLineInline, OrderHistoryInline)
    actions = ("cancel",)

    @admin.display(description="tax detail")
    def tax_detail_pretty(self, obj: Order) -> SafeString:
        return json_display(obj.tax_detail)

    @admin.display(description="shipping address")
    def address_pretty(self, obj: Order) -> SafeString:
        return json_display(obj.shipping_address)

    def has_cancel_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("orders.change_order")

    @admin.action(description="Cancel (releases stock)", permissions=["cancel"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = 0
        for order_id, number, status in queryset.order_by("pk").values_list(
            "pk", "number", "status"
        ):
            if status != OrderStatus.AWAITING_PAYMENT:
                # Money has moved: a refund (payments) reverses it and closes the order.
                self.message_user(
                    request,
                    f"{number}: only unpaid orders are canceled here; refund a paid order instead.",
                    messages.ERROR,
                )
                continue
            try:
                order_set_status(
                    order_id=order_id,
                    to_status=OrderStatus.CANCELED,
                    actor=f"operator:{request.user.pk}",
                    reason="canceled by operator",
                )
            except ApplicationError as exc:
                self.message_user(request, f"{number}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Canceled {done} order(s).", messages.SUCCESS)


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyModelAdmin):
    list_display = ("order", "sku", "name_en", "quantity", "unit_price", "goods", "tax", "merchant")
    list_filter = ("order__status", "order__market")
    list_select_related = ("order", "merchant")
    search_fields = ("^order__number", "=sku", "name_en", "hs_code")
    ordering = ("-pk",)
    fields = (
        "order",
        "merchant",
        "listing",
        "variant",
        "reservation",
        "sku",
        "name_en",
        "name_zh_hans",
        "hs_code",
        "quantity",
        "unit_price",
        "goods",
        "shipping",
        "tax",
    )
    readonly_fields = fields

    @admin.display(description="unit price", ordering="unit_price_minor")
    def unit_price(self, obj: OrderLine) -> str:
        return money_display(obj.unit_price_minor, obj.order.currency)

    @admin.display(description="goods", ordering="goods_minor")
    def goods(self, obj: OrderLine) -> str:
        return money_display(obj.goods_minor, obj.order.currency)

    @admin.display(description="shipping", ordering="shipping_minor")
    def shipping(self, obj: OrderLine) -> str:
        return money_display(obj.shipping_minor, obj.order.currency)

    @admin.display(description="tax", ordering="tax_minor")
    def tax(self, obj: OrderLine) -> str:
        return money_display(obj.tax_minor, obj.order.currency)


@admin.register(OrderStatusChange)
class OrderStatusChangeAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "order", "from_status", "to_status", "actor", "reason")
    list_filter = ("to_status", "from_status")
    list_select_related = ("order",)
    search_fields = ("^order__number", "actor", "reason")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")


# ---------------------------------------------------------------------------------------------
# Checkouts and quotes


class CheckoutOrderInline(ReadOnlyTabularInline):
    model = Order
    fields = ("number", "merchant", "status", "total")
    readonly_fields = fields
    verbose_name_plural = "orders (one per merchant)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Order]:
        return super().get_queryset(request).select_related("merchant")

    @admin.display(description="total")
    def total(self, obj: Order) -> str:
        return money_display(obj.total_minor, obj.currency)


@admin.register(Checkout)
class CheckoutAdmin(AmountColumns, ReadOnlyModelAdmin):
    list_display = (
        "id",
        "created_at",
        "consumer",
        "market",
        "status",
        "goods",
        "shipping",
        "tax",
        "total",
        "expires_at",
    )
    list_filter = ("status", "market")
    list_select_related = ("consumer", "market")
    search_fields = ("=id", "^orders__number", "consumer__display_name", "consumer__user__email")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    fields = (
        "consumer",
        "market",
        "quote",
        "status",
        "goods",
        "shipping",
        "tax",
        "total",
        "created_at",
        "expires_at",
    )
    readonly_fields = fields
    inlines = (CheckoutOrderInline,)


@admin.register(CheckoutQuote)
class CheckoutQuoteAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "created_at", "consumer", "market", "total", "expires_at", "used_at")
    list_filter = ("market", ("used_at", admin.EmptyFieldListFilter))
    list_select_related = ("consumer", "market")
    search_fields = ("consumer__display_name", "consumer__user__email", "cart_fingerprint")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = (
        "id",
        "consumer",
        "market",
        "total",
        "cart_fingerprint",
        "created_at",
        "expires_at",
        "used_at",
        "snapshot_pretty",
    )
    readonly_fields = fields

    @admin.display(description="total", ordering="total_minor")
    def total(self, obj: CheckoutQuote) -> str:
        return money_display(obj.total_minor, obj.currency)

    @admin.display(description="snapshot")
    def snapshot_pretty(self, obj: CheckoutQuote) -> SafeString:
        return json_display(obj.snapshot)


# ---------------------------------------------------------------------------------------------
# Carts


class CartLineInline(ReadOnlyTabularInline):
    model = CartLine
    fields = ("listing", "quantity", "added_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[CartLine]:
        return super().get_queryset(request).select_related("listing")


@admin.register(Cart)
class CartAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "consumer", "market", "updated_at")
    list_filter = ("market",)
    list_select_related = ("consumer", "market")
    search_fields = ("=id", "consumer__display_name", "consumer__user__email")
    date_hierarchy = "updated_at"
    ordering = ("-updated_at",)
    fields = ("consumer", "market", "updated_at")
    readonly_fields = fields
    inlines = (CartLineInline,)


@admin.register(CartLine)
class CartLineAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "cart", "listing", "quantity", "added_at")
    list_select_related = ("cart", "listing")
    search_fields = ("=cart__id", "cart__consumer__user__email", "=listing__variant__sku")
    date_hierarchy = "added_at"
    ordering = ("-added_at",)
    fields = ("cart", "listing", "quantity", "added_at")
    readonly_fields = fields
