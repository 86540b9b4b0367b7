"""`tradelane bench checkout`: quote and place in-process, against a raw-SQL floor.

Both sides write the same rows per checkout: the quote claim, one checkout, one order per
merchant, their lines, reservations and status history, the conditional stock updates and the
cart clean-up. The ORM side goes through the real services (validation, pricing, tax, FX).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import connection, transaction

from tradelane.accounts.models import Address, Consumer
from tradelane.catalog.models import Listing
from tradelane.catalog.services import ProductInput, VariantInput, listing_upsert, product_create
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.inventory.models import StockItem
from tradelane.inventory.services import stock_set
from tradelane.markets.selectors import market_get
from tradelane.merchants.models import Merchant, MerchantStatus
from tradelane.merchants.rules import COUNTRY_CURRENCY
from tradelane.orders.models import CartLine, CheckoutQuote
from tradelane.orders.services import cart_for, checkout_place, checkout_quote
from tradelane.orders.snapshot import snapshot_of
from tradelane.tools.bench import buyers
from tradelane.tools.bench.harness import Timer, count_queries, machine


@dataclass
class CheckoutBench:
    checkouts: int
    catalog: int
    quote: Timer
    place: Timer
    raw_place: Timer
    quote_queries: int
    place_queries: int
    machine: str

    def report(self) -> str:
        orders_per_s = 2 * self.place.per_second
        return "\n".join(
            [
                f"checkout benchmark on {self.machine}",
                f"  catalog: {self.catalog} products; {self.checkouts} checkouts of 3 lines from 2 merchants",
                f"  quote:           {self.quote.per_second:8.1f} quotes/s   p50 {self.quote.p50_ms:6.2f} ms  p99 {self.quote.percentile_ms(0.99):6.2f} ms  {self.quote_queries} queries",
                f"  place:           {self.place.per_second:8.1f} places/s   p50 {self.place.p50_ms:6.2f} ms  p99 {self.place.percentile_ms(0.99):6.2f} ms  {self.place_queries} queries ({orders_per_s:.0f} orders/s)",
                f"  raw SQL place:   {self.raw_place.per_second:8.1f} places/s   p50 {self.raw_place.p50_ms:6.2f} ms  (baseline: same rows, no validation)",
                f"  place vs raw:    {self.place.per_second / self.raw_place.per_second:8.2f} x",
            ]
        )


def bench_merchant(n: int, tag: str) -> Merchant:
    country = "AU" if n % 2 == 0 else "NZ"
    now = clock.now()
    return Merchant.objects.create(
        legal_name=f"Bench {tag} {n} Pty Ltd",
        trading_name=f"Bench {tag} {n}",
        country=country,
        business_number=f"B{tag[:6]}{n:04d}"[:13],
        settlement_currency=COUNTRY_CURRENCY[country],
        contact_email=f"bench{n}@{tag}.bench",
        status=MerchantStatus.ACTIVE,
        created_at=now,
        updated_at=now,
    )


def bench_catalog(merchants: list[Merchant], size: int) -> list[Listing]:
    listings = []
    for i in range(size):
        m = merchants[i % len(merchants)]
        product = product_create(
            merchant=m,
            data=ProductInput(
                name_en=f"Bench honey {i}",
                name_zh_hans=f"测试蜂蜜 {i}",
                brand="Bench",
                category="food_beverage",
                hs_code="04090000",
                origin_country=m.country,
                variants=[
                    VariantInput(
                        sku=f"B{i}",
                        name_en="jar",
                        price=Money.of("20.00", m.settlement_currency),
                        weight_g=500,
                        length_mm=80,
                        width_mm=80,
                        height_mm=100,
                    )
                ],
            ),
        )
        variant = product.variants.get()
        listings.append(
            listing_upsert(
                merchant=m, variant_id=variant.pk, market_code="CN", pricing_mode="derived"
            )
        )
        stock_set(merchant=m, variant=variant, on_hand=1_000_000)
    return listings


def fill_cart(consumer: Consumer, picks: list[Listing]) -> None:
    cart = cart_for(consumer, "CN")
    CartLine.objects.bulk_create(
        [
            CartLine(cart=cart, listing=lst, quantity=1 + k, added_at=clock.now())
            for k, lst in enumerate(picks)
        ]
    )


def bench_picks(listings: list[Listing], i: int) -> list[Listing]:
    """Three lines from two merchants, spread over the catalog."""
    n = len(listings)
    return [listings[(7 * i) % n], listings[(7 * i + 4) % n], listings[(7 * i + 1) % n]]


MIN_CATALOG = 8  # the cart's three picks stay distinct listings


def run(*, checkouts: int = 300, catalog: int = 40) -> CheckoutBench:
    catalog = max(catalog, MIN_CATALOG)
    tag = uuid.uuid4().hex[:8]
    merchants = [bench_merchant(n, tag) for n in range(4)]
    listings = bench_catalog(merchants, catalog)
    shopper = buyers.shoppers(tag, 1, funds=None)[0]  # quotes and places; never pays
    consumer, address_id = buyers.consumers([shopper])[0], shopper.address_id
    address = Address.objects.get(pk=address_id)
    quote_t, place_t = Timer(), Timer()
    market = market_get("CN")
    quote_queries = place_queries = 0
    for i in range(checkouts):
        fill_cart(consumer, bench_picks(listings, i))
        if i == 0:
            quote, quote_queries = count_queries(
                lambda: checkout_quote(consumer=consumer, market=market)
            )
            _, place_queries = count_queries(
                partial(checkout_place, consumer=consumer, quote_id=quote.pk, address_id=address_id)
            )
            continue
        quote = quote_t.time(lambda: checkout_quote(consumer=consumer, market=market))
        place_t.time(
            partial(checkout_place, consumer=consumer, quote_id=quote.pk, address_id=address_id)
        )
    raw_t = _raw_baseline(consumer, address, listings, checkouts)
    return CheckoutBench(
        checkouts, catalog, quote_t, place_t, raw_t, quote_queries, place_queries, machine()
    )


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _raw_place(
    quote: CheckoutQuote, consumer: Consumer, address: Address, stock_ids: dict[int, int]
) -> None:
    """One checkout's rows in plain SQL: the floor the ORM path is measured against."""
    from tradelane.inventory.models import Reservation
    from tradelane.orders.models import Checkout, Order, OrderLine, OrderStatusChange

    ops, snap = connection.ops, snapshot_of(quote)
    now = ops.adapt_datetimefield_value(clock.now())
    expires = ops.adapt_datetimefield_value(clock.now() + timedelta(minutes=30))
    jsonb = "::jsonb" if connection.vendor == "postgresql" else ""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"UPDATE {_table(CheckoutQuote)} SET used_at = %s WHERE id = %s AND used_at IS NULL",
            [now, CheckoutQuote._meta.pk.get_db_prep_value(quote.pk, connection)],
        )
        cur.execute(
            f"INSERT INTO {_table(Checkout)} (consumer_id, market_id, quote_id, currency, goods_minor, shipping_minor,"
            " tax_minor, total_minor, status, created_at, expires_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
            [
                consumer.pk,
                "CN",
                CheckoutQuote._meta.pk.get_db_prep_value(quote.pk, connection),
                "CNY",
                snap["goods_minor"],
                snap["shipping_minor"],
                snap["tax_minor"],
                snap["total_minor"],
                "awaiting_payment",
                now,
                expires,
            ],
        )
        checkout_id = cur.fetchone()[0]
        for group in snap["groups"]:
            number = "RB" + uuid.uuid4().hex[:16].upper()
            cur.execute(
                f"INSERT INTO {_table(Order)} (number, checkout_id, consumer_id, merchant_id, market_id, currency, goods_minor,"
                " shipping_minor, tax_minor, total_minor, settlement_currency, fx_quote_id, tax_detail, shipping_address,"
                f" status, created_at, updated_at, expires_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s{jsonb},%s{jsonb},%s,%s,%s,%s) RETURNING id",
                [
                    number,
                    checkout_id,
                    consumer.pk,
                    group["merchant_id"],
                    "CN",
                    "CNY",
                    group["goods_minor"],
                    group["shipping_minor"],
                    group["tax_minor"],
                    group["total_minor"],
                    group["settlement_currency"],
                    group["fx_quote_id"],
                    json.dumps(group["tax"]),
                    json.dumps({"city": address.city}),
                    "awaiting_payment",
                    now,
                    now,
                    expires,
                ],
            )
            order_id = cur.fetchone()[0]
            for line in group["lines"]:
                item_id = stock_ids[line["variant_id"]]
                cur.execute(
                    f"UPDATE {_table(StockItem)} SET reserved = reserved + %s WHERE id = %s AND on_hand >= reserved + %s",
                    [line["quantity"], item_id, line["quantity"]],
                )
                cur.execute(
                    f"INSERT INTO {_table(Reservation)} (stock_item_id, merchant_id, quantity, status, reference, created_at,"
                    " expires_at) VALUES (%s,%s,%s,%s,%s,%s,%s) RETURNING id",
                    [
                        item_id,
                        group["merchant_id"],
                        line["quantity"],
                        "active",
                        number,
                        now,
                        expires,
                    ],
                )
                reservation_id = cur.fetchone()[0]
                cur.execute(
                    f"INSERT INTO {_table(OrderLine)} (order_id, merchant_id, listing_id, variant_id, reservation_id, sku, name_en,"
                    " name_zh_hans, hs_code, quantity, unit_price_minor, goods_minor, shipping_minor, tax_minor)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                    [
                        order_id,
                        group["merchant_id"],
                        line["listing_id"],
                        line["variant_id"],
                        reservation_id,
                        line["sku"],
                        line["name_en"],
                        line["name_zh_hans"],
                        line["hs_code"],
                        line["quantity"],
                        line["unit_price_minor"],
                        line["goods_minor"],
                        line["shipping_minor"],
                        line["tax_minor"],
                    ],
                )
            cur.execute(
                f"INSERT INTO {_table(OrderStatusChange)} (order_id, from_status, to_status, actor, reason, at) VALUES (%s,%s,%s,%s,%s,%s)",
                [order_id, "", "awaiting_payment", f"consumer:{consumer.pk}", "placed", now],
            )
        cur.execute(
            f"DELETE FROM {_table(CartLine)} WHERE cart_id IN (SELECT id FROM orders_cart WHERE consumer_id = %s)",
            [consumer.pk],
        )


def _raw_baseline(
    consumer: Consumer, address: Address, listings: list[Listing], checkouts: int
) -> Timer:
    stock_ids = dict(
        StockItem.objects.filter(variant__in=[lst.variant_id for lst in listings]).values_list(
            "variant_id", "pk"
        )
    )
    timer = Timer()
    market = market_get("CN")
    for i in range(checkouts):
        fill_cart(consumer, bench_picks(listings, i))
        quote = checkout_quote(consumer=consumer, market=market)
        timer.time(partial(_raw_place, quote, consumer, address, stock_ids))
    return timer
