"""Pure translation between our three documents and the single window's messages (field names
after China's CEB311 order, CEB411 payment and CEB505 waybill messages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Identity:
    name: str
    number: str


@dataclass(frozen=True)
class Receipt:
    reference: str
    answer_at: datetime


@dataclass(frozen=True)
class Verdict:
    status: str  # pending | held | cleared | rejected
    answer_at: datetime | None = None
    reason_code: str = ""
    reason: str = ""


def _goods(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "itemNo": ln["sku"],
            "gname": ln["name"],
            "gcode": ln["hs_code"],
            "qty": ln["quantity"],
            "price": ln["unit_price"],
            "totalPrice": ln["goods"],
            "itemLink": ln["link"],
        }
        for ln in lines
    ]


def to_message(documents: dict[str, Any], buyer: Identity, payer: Identity) -> dict[str, Any]:
    """The three messages with the clear identities customs needs; never stored."""
    order, payment, waybill = documents["order"], documents["payment"], documents["waybill"]
    return {
        "CEB311": {
            "orderNo": order["order_no"],
            "ebpName": order["platform"],
            "ebcName": order["seller"],
            "goodsValue": order["goods_value"],
            "freight": order["freight"],
            "taxTotal": order["tax"],
            "acturalPaid": order["total"],
            "currency": order["currency"],
            "buyerName": buyer.name,
            "buyerIdType": "1",
            "buyerIdNumber": buyer.number,
            "consignee": order["consignee"],
            "consigneeAddress": order["address"],
            "goods": _goods(order["lines"]),
        },
        "CEB411": {
            "payTransactionId": payment["payment_id"],
            "orderNo": payment["order_no"],
            "payCode": payment["payee"],
            "amountPaid": payment["amount"],
            "currency": payment["currency"],
            "payerName": payer.name,
            "payerIdType": "1",
            "payerIdNumber": payer.number,
            "payTime": payment["paid_at"],
        },
        "CEB505": {
            "logisticsNo": waybill["waybill_no"],
            "orderNo": waybill["order_no"],
            "consignee": waybill["consignee"],
            "consigneeAddress": waybill["address"],
            "weight": waybill["weight_kg"],
            "goodsInfo": [{"itemNo": g["sku"], "qty": g["quantity"]} for g in waybill["goods"]],
        },
    }


def mismatches(message: dict[str, Any]) -> list[str]:
    """What customs compares across the three documents: buyer, amounts, goods."""
    order, payment, waybill = message["CEB311"], message["CEB411"], message["CEB505"]
    problems = []
    if (order["buyerName"], order["buyerIdNumber"]) != (
        payment["payerName"],
        payment["payerIdNumber"],
    ):
        problems.append("the payer is not the buyer")
    if order["acturalPaid"] != payment["amountPaid"] or order["currency"] != payment["currency"]:
        problems.append("the amount paid differs from the order")
    ordered = sorted((g["itemNo"], g["qty"]) for g in order["goods"])
    shipped = sorted((g["itemNo"], g["qty"]) for g in waybill["goodsInfo"])
    if ordered != shipped or order["orderNo"] != waybill["orderNo"]:
        problems.append("the waybill's goods differ from the order")
    return problems
