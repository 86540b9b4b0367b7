"""The pipeline benchmark's floor: the same rows per checkout in plain SQL, no validation.

The rows are cloned from the last checkout the real pipeline wrote (so every table, column and
value shape is the same), with fresh keys and the raw buyers' wallets. The transactions follow
the services: quote, place and pay one each per checkout; declarations and shipments one each per
batch of checkouts, as the jobs run them. Balances, stock and quota move by plain increments.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper

from tradelane.core import clock
from tradelane.customs.models import (
    BuyerIdentity,
    Declaration,
    DeclarationStatusChange,
    QuotaEntry,
    QuotaUse,
)
from tradelane.inventory.models import Reservation, StockItem
from tradelane.logistics.models import Shipment, ShipmentLeg, TrackingEvent
from tradelane.markets.models import FxQuote
from tradelane.orders.models import Checkout, CheckoutQuote, Order, OrderLine, OrderStatusChange
from tradelane.outbox.models import OutboxEvent
from tradelane.payments.models import (
    Journal,
    LedgerAccount,
    OrderPayment,
    Payment,
    PaymentStatusChange,
    Transfer,
    Wallet,
)

Row = dict[str, Any]


def _rows(model: type[models.Model], **filters: Any) -> list[Row]:
    return list(model._default_manager.filter(**filters).order_by("pk").values())


def _insert(cur: CursorWrapper, model: type[models.Model], rows: Sequence[Row]) -> list[Any]:
    """INSERT the rows (all of one shape); returns the new primary keys when the database
    chooses them."""
    if not rows:
        return []
    opts = model._meta
    fields = [
        cast("models.Field[Any, Any]", opts.get_field(name))
        for name in rows[0]
        if not (name == "id" and rows[0][name] is None)
    ]
    cols = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({cols}) VALUES ({marks})"
    values = [[f.get_db_prep_save(row[f.attname], connection) for f in fields] for row in rows]
    if rows[0].get("id", 0) is not None:
        cur.executemany(sql, values)
        return [row.get("id") for row in rows]
    ids = []
    for params in values:
        cur.execute(sql + " RETURNING id", params)
        ids.append(cur.fetchone()[0])
    return ids


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass
class Template:
    """One checkout as the services wrote it, read back untimed."""

    quote: Row
    fx_quotes: list[Row]
    checkout: Row
    orders: list[Row]
    lines: list[Row]
    reservations: list[Row]
    history: list[Row]
    events: list[Row]
    quota: list[Row]
    payment: Row
    payment_history: list[Row]
    journal: Row
    transfers: list[Row]
    order_payments: list[Row]
    declarations: list[Row]
    declaration_history: list[Row]
    tax_transfers: list[Row]  # customs clearance remits each declaration's tax
    shipments: list[Row]
    legs: list[Row]
    tracking: list[Row]

    @classmethod
    def of(cls, checkout: Checkout) -> Template:
        orders = _rows(Order, checkout=checkout)
        order_ids = [o["id"] for o in orders]
        numbers = [o["number"] for o in orders]
        payment = _rows(Payment, checkout=checkout)[0]
        journal = _rows(Journal, pk=f"capture:{payment['id']}")[0]
        declarations = _rows(Declaration, order_id__in=order_ids)
        shipments = _rows(Shipment, order_id__in=order_ids)
        waybills = [s["waybill"] for s in shipments]
        return cls(
            quote=_rows(CheckoutQuote, pk=checkout.quote_id)[0],
            fx_quotes=_rows(FxQuote, pk__in=[o["fx_quote_id"] for o in orders]),
            checkout=_rows(Checkout, pk=checkout.pk)[0],
            orders=orders,
            lines=_rows(OrderLine, order_id__in=order_ids),
            reservations=_rows(Reservation, reference__in=numbers),
            history=_rows(OrderStatusChange, order_id__in=order_ids),
            events=_rows(OutboxEvent, data__order__in=numbers),
            quota=_rows(QuotaEntry, order_id__in=order_ids),
            payment=payment,
            payment_history=_rows(PaymentStatusChange, payment_id=payment["id"]),
            journal=journal,
            transfers=_rows(Transfer, journal_id=journal["id"]),
            order_payments=_rows(OrderPayment, order_id__in=order_ids),
            declarations=declarations,
            declaration_history=_rows(
                DeclarationStatusChange, declaration_id__in=[d["id"] for d in declarations]
            ),
            tax_transfers=_rows(Transfer, pk__in=[f"customs_tax:{d['id']}" for d in declarations]),
            shipments=shipments,
            legs=_rows(ShipmentLeg, shipment_id__in=waybills),
            tracking=_rows(TrackingEvent, shipment_id__in=waybills),
        )


def _fresh(rows: list[Row], **changes: Any) -> list[Row]:
    return [{**row, **changes} for row in rows]


@dataclass
class Placed:
    """What the raw pipeline wrote for one checkout, for the later steps."""

    checkout_id: int
    order_ids: list[int]
    numbers: list[str]
    buyer: RawBuyer


@dataclass
class RawBuyer:
    consumer_id: int
    identity_index: str
    wallet_id: int
    wallet_account: int

    @classmethod
    def of(cls, consumer_id: int) -> RawBuyer:
        wallet_id, account = (
            Wallet.objects.filter(consumer_id=consumer_id, currency="CNY")
            .values_list("pk", "account_id")
            .get()
        )
        index = BuyerIdentity.objects.values_list("number_index", flat=True).get(
            consumer_id=consumer_id
        )
        return cls(consumer_id, index, wallet_id, account)


@dataclass
class RawPipeline:
    template: Template
    template_wallet_account: int
    placed: list[Placed] = field(default_factory=list)

    @classmethod
    def prepare(cls, template_checkout: Checkout) -> RawPipeline:
        template = Template.of(template_checkout)
        wallet = template.payment["wallet_id"]
        return cls(template, Wallet.objects.values_list("account_id", flat=True).get(pk=wallet))

    def checkout(self, buyer: RawBuyer) -> Placed:
        """Quote, place and pay one checkout: three transactions, as the services do."""
        t, now = self.template, clock.now()
        quote_id = uuid.uuid4()
        with transaction.atomic(), connection.cursor() as cur:
            _insert(
                cur,
                CheckoutQuote,
                [
                    {
                        **t.quote,
                        "id": quote_id,
                        "consumer_id": buyer.consumer_id,
                        "created_at": now,
                        "used_at": None,
                    }
                ],
            )
            fx_ids = _insert(cur, FxQuote, _fresh(t.fx_quotes, id=None, created_at=now))
        fx_map = dict(zip([q["id"] for q in t.fx_quotes], fx_ids, strict=True))
        placed = self._place(quote_id, buyer, fx_map)
        self._pay(placed)
        self.placed.append(placed)
        return placed

    def _place(self, quote_id: uuid.UUID, buyer: RawBuyer, fx_map: dict[int, int]) -> Placed:
        t, now, consumer_id = self.template, clock.now(), buyer.consumer_id
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(
                f"UPDATE {_table(CheckoutQuote)} SET used_at = %s WHERE id = %s AND used_at IS NULL",
                [now, CheckoutQuote._meta.pk.get_db_prep_value(quote_id, connection)],
            )
            (checkout_id,) = _insert(
                cur,
                Checkout,
                [
                    {
                        **t.checkout,
                        "id": None,
                        "consumer_id": consumer_id,
                        "quote_id": quote_id,
                        "status": "awaiting_payment",
                        "created_at": now,
                    }
                ],
            )
            numbers = ["RB" + secrets.token_hex(7).upper() for _ in t.orders]
            order_ids = _insert(
                cur,
                Order,
                [
                    {
                        **o,
                        "id": None,
                        "number": n,
                        "checkout_id": checkout_id,
                        "consumer_id": consumer_id,
                        "fx_quote_id": fx_map[o["fx_quote_id"]],
                        "status": "awaiting_payment",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for o, n in zip(t.orders, numbers, strict=True)
                ],
            )
            order_map = dict(zip([o["id"] for o in t.orders], order_ids, strict=True))
            number_of = dict(zip([o["number"] for o in t.orders], numbers, strict=True))
            for r in t.reservations:
                cur.execute(
                    f"UPDATE {_table(StockItem)} SET reserved = reserved + %s WHERE id = %s AND on_hand >= reserved + %s",
                    [r["quantity"], r["stock_item_id"], r["quantity"]],
                )
            reservation_ids = _insert(
                cur,
                Reservation,
                [
                    {
                        **r,
                        "id": None,
                        "status": "active",
                        "reference": number_of[r["reference"]],
                        "created_at": now,
                    }
                    for r in t.reservations
                ],
            )
            reservation_map = dict(
                zip([r["id"] for r in t.reservations], reservation_ids, strict=True)
            )
            _insert(
                cur,
                OrderLine,
                [
                    {
                        **ln,
                        "id": None,
                        "order_id": order_map[ln["order_id"]],
                        "reservation_id": reservation_map[ln["reservation_id"]],
                    }
                    for ln in t.lines
                ],
            )
            placed_history = [h for h in t.history if h["from_status"] == ""]
            _insert(
                cur,
                OrderStatusChange,
                _fresh(
                    [{**h, "order_id": order_map[h["order_id"]]} for h in placed_history],
                    id=None,
                    at=now,
                ),
            )
        return Placed(checkout_id, order_ids, numbers, buyer)

    def _pay(self, placed: Placed) -> None:
        t, now = self.template, clock.now()
        order_map = dict(zip([o["id"] for o in t.orders], placed.order_ids, strict=True))
        wallet_account = self.template_wallet_account
        pay_id = "pay_" + secrets.token_hex(10)
        journal_id = f"capture:{pay_id}"
        with transaction.atomic(), connection.cursor() as cur:
            _insert(
                cur,
                Payment,
                [
                    {
                        **t.payment,
                        "id": pay_id,
                        "checkout_id": placed.checkout_id,
                        "consumer_id": placed.buyer.consumer_id,
                        "wallet_id": placed.buyer.wallet_id,
                        "created_at": now,
                        "updated_at": now,
                        "succeeded_at": now,
                    }
                ],
            )
            _insert(
                cur,
                PaymentStatusChange,
                _fresh(
                    t.payment_history,
                    id=None,
                    payment_id=pay_id,
                    actor=f"consumer:{placed.buyer.consumer_id}",
                    at=now,
                ),
            )
            _insert(
                cur,
                Journal,
                [{**t.journal, "id": journal_id, "reference": pay_id, "created_at": now}],
            )
            transfers = [
                {
                    **tr,
                    "id": tr["id"].replace(t.payment["id"], pay_id),
                    "journal_id": journal_id,
                    "created_at": now,
                    "debit_account_id": placed.buyer.wallet_account
                    if tr["debit_account_id"] == wallet_account
                    else tr["debit_account_id"],
                }
                for tr in t.transfers
            ]
            _insert(cur, Transfer, transfers)
            ledger = _table(LedgerAccount)
            cur.executemany(
                f"UPDATE {ledger} SET debits_posted = debits_posted + %s WHERE id = %s",
                [[tr["amount"], tr["debit_account_id"]] for tr in transfers],
            )
            cur.executemany(
                f"UPDATE {ledger} SET credits_posted = credits_posted + %s WHERE id = %s",
                [[tr["amount"], tr["credit_account_id"]] for tr in transfers],
            )
            _insert(
                cur,
                OrderPayment,
                _fresh(
                    [{**p, "order_id": order_map[p["order_id"]]} for p in t.order_payments],
                    id=None,
                    payment_id=pay_id,
                    journal_id=journal_id,
                ),
            )
            paid_history = [h for h in t.history if h["to_status"] == "paid"]
            _insert(
                cur,
                OrderStatusChange,
                _fresh(
                    [{**h, "order_id": order_map[h["order_id"]]} for h in paid_history],
                    id=None,
                    actor=f"consumer:{placed.buyer.consumer_id}",
                    reason=f"payment {pay_id}",
                    at=now,
                ),
            )
            cur.executemany(
                f"UPDATE {_table(Order)} SET status = 'paid', updated_at = %s WHERE id = %s",
                [[connection.ops.adapt_datetimefield_value(now), oid] for oid in placed.order_ids],
            )
            self._quota(cur, placed, order_map, now)
            self._events(cur, placed, "order.paid", now)
            cur.executemany(
                f"UPDATE {_table(Reservation)} SET status = 'committed' WHERE reference = %s",
                [[n] for n in placed.numbers],
            )
            cur.executemany(
                f"UPDATE {_table(StockItem)} SET on_hand = on_hand - %s, reserved = reserved - %s WHERE id = %s",
                [[r["quantity"], r["quantity"], r["stock_item_id"]] for r in t.reservations],
            )
            cur.execute(
                f"UPDATE {_table(Checkout)} SET status = 'paid' WHERE id = %s", [placed.checkout_id]
            )

    def _quota(
        self, cur: CursorWrapper, placed: Placed, order_map: dict[int, int], now: Any
    ) -> None:
        entries = [
            {
                **q,
                "id": None,
                "order_id": order_map[q["order_id"]],
                "identity_index": placed.buyer.identity_index,
                "created_at": now,
            }
            for q in self.template.quota
        ]
        for entry in entries:
            cur.execute(
                f"UPDATE {_table(QuotaUse)} SET used_minor = used_minor + %s WHERE identity_index = %s AND year = %s",
                [entry["amount_minor"], entry["identity_index"], entry["year"]],
            )
            if not cur.rowcount:
                _insert(
                    cur,
                    QuotaUse,
                    [
                        {
                            "id": None,
                            "identity_index": entry["identity_index"],
                            "year": entry["year"],
                            "used_minor": entry["amount_minor"],
                            "currency": "CNY",
                        }
                    ],
                )
        _insert(cur, QuotaEntry, entries)

    def _events(self, cur: CursorWrapper, placed: Placed, event_type: str, now: Any) -> None:
        mine = [e for e in self.template.events if e["type"] == event_type]
        number_of = dict(
            zip([o["number"] for o in self.template.orders], placed.numbers, strict=True)
        )
        _insert(
            cur,
            OutboxEvent,
            [
                {
                    **e,
                    "id": "evt_" + secrets.token_hex(12),
                    "data": {**e["data"], "order": number_of[e["data"]["order"]]},
                    "created_at": now,
                }
                for e in mine
            ],
        )

    def _remit_tax(
        self, cur: CursorWrapper, declarations: list[Row], origin: dict[str, str], now: Any
    ) -> str | None:
        """One tax journal for the batch, a transfer per taxed declaration, balances moved."""
        template = {t["id"].removeprefix("customs_tax:"): t for t in self.template.tax_transfers}
        if not template:
            return None
        journal_id = "customs_tax:" + secrets.token_hex(10)
        transfers = [
            {
                **template[origin[d["id"]]],
                "id": f"customs_tax:{d['id']}",
                "journal_id": journal_id,
                "created_at": now,
            }
            for d in declarations
            if origin[d["id"]] in template
        ]
        _insert(
            cur,
            Journal,
            [
                {
                    "id": journal_id,
                    "kind": "tax_remittance",
                    "reference": f"{len(transfers)} declarations",
                    "fingerprint": secrets.token_hex(32),
                    "created_at": now,
                }
            ],
        )
        _insert(cur, Transfer, transfers)
        ledger = _table(LedgerAccount)
        for side in ("debit", "credit"):
            cur.executemany(
                f"UPDATE {ledger} SET {side}s_posted = {side}s_posted + %s WHERE id = %s",
                [[tr["amount"], tr[f"{side}_account_id"]] for tr in transfers],
            )
        return journal_id

    def jobs(self) -> None:
        """Declarations, then shipments, for every checkout placed since the last call."""
        batch, self.placed = self.placed, []
        t, now = self.template, clock.now()
        with transaction.atomic(), connection.cursor() as cur:
            declarations, history = [], []
            origin: dict[str, str] = {}  # new declaration id -> the template's
            for placed in batch:
                order_map = dict(zip([o["id"] for o in t.orders], placed.order_ids, strict=True))
                for d in t.declarations:
                    did = "dcl_" + secrets.token_hex(10)
                    origin[did] = d["id"]
                    declarations.append(
                        {
                            **d,
                            "id": did,
                            "order_id": order_map[d["order_id"]],
                            "created_at": now,
                            "submitted_at": now,
                        }
                    )
                    history += [
                        {**h, "id": None, "declaration_id": did, "at": now}
                        for h in t.declaration_history
                        if h["declaration_id"] == d["id"]
                    ]
            tax_journal = self._remit_tax(cur, declarations, origin, now)
            for declaration in declarations:
                declaration["tax_journal_id"] = tax_journal if declaration["tax_minor"] else None
            _insert(cur, Declaration, declarations)
            _insert(cur, DeclarationStatusChange, history)
        with transaction.atomic(), connection.cursor() as cur:
            shipments, legs, tracking, order_history = [], [], [], []
            for placed in batch:
                order_map = dict(zip([o["id"] for o in t.orders], placed.order_ids, strict=True))
                for s in t.shipments:
                    waybill = f"RB{secrets.randbelow(10**9):09d}AU"  # S10 shape, 13 characters
                    shipments.append(
                        {
                            **s,
                            "waybill": waybill,
                            "public_token": secrets.token_urlsafe(16),
                            "order_id": order_map[s["order_id"]],
                            "created_at": now,
                        }
                    )
                    legs += [
                        {**leg, "id": None, "shipment_id": waybill}
                        for leg in t.legs
                        if leg["shipment_id"] == s["waybill"]
                    ]
                    tracking += [
                        {**e, "id": None, "shipment_id": waybill, "received_at": now}
                        for e in t.tracking
                        if e["shipment_id"] == s["waybill"]
                    ]
                order_history += [
                    {**h, "id": None, "order_id": order_map[h["order_id"]], "at": now}
                    for h in t.history
                    if h["to_status"] == "in_fulfilment"
                ]
            _insert(cur, Shipment, shipments)
            _insert(cur, ShipmentLeg, legs)
            _insert(cur, TrackingEvent, tracking)
            _insert(cur, OrderStatusChange, order_history)
            cur.executemany(
                f"UPDATE {_table(Order)} SET status = 'in_fulfilment', updated_at = %s WHERE id = %s",
                [
                    [connection.ops.adapt_datetimefield_value(now), oid]
                    for p in batch
                    for oid in p.order_ids
                ],
            )
            for placed in batch:
                self._events(cur, placed, "order.in_fulfilment", now)
