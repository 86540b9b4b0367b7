"""The three documents of a CBEC declaration, built from the order, its payment and its parcel.
Stored with identities masked; `identities` decrypts them only for the message to customs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from tradelane.core.crypto import decrypt
from tradelane.core.money import Money
from tradelane.customs.models import BuyerIdentity
from tradelane.customs.partners.single_window.mapper import Identity
from tradelane.logistics.rules import waybill_number
from tradelane.orders.models import Order, OrderLine
from tradelane.payments.models import OrderPayment

PLATFORM = "Tradelane Pty Ltd"
GRAMS_PER_KG = 1000


def _amount(minor: int, currency: str) -> str:
    return str(Money.from_minor(minor, currency).amount)


def _address(order: Order) -> str:
    a = order.shipping_address
    return f"{a['province']}{a['city']}{a.get('district', '')}{a['line1']}"


def _order_document(order: Order, lines: list[Any]) -> dict[str, Any]:
    c, buyer = order.currency, order.buyer_identity or {}
    return {
        "order_no": order.number,
        "platform": PLATFORM,
        "seller": order.merchant.legal_name,
        "goods_value": _amount(order.goods_minor, c),
        "freight": _amount(order.shipping_minor, c),
        "tax": _amount(order.tax_minor, c),
        "total": _amount(order.total_minor, c),
        "currency": c,
        "buyer": {
            "name": buyer.get("name_masked", ""),
            "id_number": buyer.get("number_masked", ""),
        },
        "consignee": order.shipping_address["recipient"],
        "address": _address(order),
        "lines": [
            {
                "sku": ln.sku,
                "name": ln.name_zh_hans,
                "hs_code": ln.hs_code,
                "quantity": ln.quantity,
                "unit_price": _amount(ln.unit_price_minor, c),
                "goods": _amount(ln.goods_minor, c),
                "link": f"/storefront/CN/products/{ln.listing_id}",
            }
            for ln in lines
        ],
    }


def _payment_document(part: OrderPayment, payer: BuyerIdentity | None) -> dict[str, Any]:
    """What was paid for the order: the amount captured, which customs matches against the
    order's total. A partial refund since does not change what was paid (declaring the total
    less the refund made customs reject the order); refunds are a separate customs matter."""
    order, payment = part.order, part.payment
    return {
        "payment_id": payment.pk,
        "order_no": order.number,
        "payee": PLATFORM,
        "amount": _amount(order.total_minor, order.currency),
        "currency": order.currency,
        "payer": {
            "identity_id": payer.pk if payer else None,
            "name": payer.name_masked if payer else "",
            "id_number": payer.number_masked if payer else "",
        },
        "paid_at": payment.succeeded_at.isoformat() if payment.succeeded_at else "",
    }


def _waybill_document(order: Order, lines: list[Any]) -> dict[str, Any]:
    grams = sum(ln.variant.weight_g * ln.quantity for ln in lines)
    return {
        "waybill_no": waybill_number(order.pk, order.merchant.country),
        "order_no": order.number,
        "consignee": order.shipping_address["recipient"],
        "address": _address(order),
        "weight_kg": str((Decimal(grams) / GRAMS_PER_KG).quantize(Decimal("0.001"))),
        "goods": [{"sku": ln.sku, "quantity": ln.quantity} for ln in lines],
    }


def documents_for_orders(orders: list[Order]) -> dict[int, dict[str, Any]]:
    """The order, payment and waybill documents of each order (merchant selected), in three
    queries however many orders: the declarations job submits them in batches."""
    lines: dict[int, list[Any]] = defaultdict(list)
    for line in OrderLine.objects.filter(order__in=orders).select_related("variant").order_by("pk"):
        lines[line.order_id].append(line)
    parts = {
        part.order_id: part
        for part in OrderPayment.objects.select_related("payment").filter(order__in=orders)
    }
    payers: dict[int, BuyerIdentity] = {}
    consumers = {part.payment.consumer_id for part in parts.values()}
    for identity in BuyerIdentity.objects.filter(consumer_id__in=consumers).order_by("pk"):
        payers.setdefault(identity.consumer_id, identity)  # the first registered, as `.first()`
    found = {}
    for order in orders:
        part = parts[order.pk]
        part.order = order
        found[order.pk] = {
            "order": _order_document(order, lines[order.pk]),
            "payment": _payment_document(part, payers.get(part.payment.consumer_id)),
            "waybill": _waybill_document(order, lines[order.pk]),
        }
    return found


def payer_rows(documents: Iterable[dict[str, Any]]) -> dict[int, BuyerIdentity]:
    """The payers named in these documents, by id, in one query (for `identities`)."""
    ids = {d["payment"]["payer"]["identity_id"] for d in documents}
    return BuyerIdentity.objects.in_bulk([i for i in ids if i])


def identities(
    order: Order, documents: dict[str, Any], payers: dict[int, BuyerIdentity] | None = None
) -> tuple[Identity, Identity]:
    """The buyer as at checkout and the payer as registered now, in clear, for customs only.
    `payers` from `payer_rows` saves a query per order."""
    snap = order.buyer_identity or {}
    buyer = Identity(decrypt(snap["name_encrypted"]), decrypt(snap["number_encrypted"]))
    payer_id = documents["payment"]["payer"]["identity_id"]
    if payers is None:
        payers = payer_rows([documents])
    payer_row = payers.get(payer_id) if payer_id else None
    payer = (
        Identity(decrypt(payer_row.name_encrypted), decrypt(payer_row.number_encrypted))
        if payer_row
        else Identity("", "")
    )
    return buyer, payer
