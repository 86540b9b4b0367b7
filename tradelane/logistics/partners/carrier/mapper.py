"""Pure translation of partners' scan codes into the platform's one status vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

RAW_TO_STATUS = {
    "PU": "picked_up",
    "DEP": "in_transit",
    "ARR": "in_transit",
    "CUS": "customs",
    "CLR": "in_transit",
    "OFD": "out_for_delivery",
    "DLV": "delivered",
    "FAIL": "delivery_failed",
    "RTS": "returned",
}
DESCRIPTIONS = {  # (English, Chinese) as the journey shows them
    "PU": ("Picked up from the producer", "已从商家揽收"),
    "DEP": ("Departed", "已发出"),
    "ARR": ("Arrived", "已到达"),
    "CUS": ("At customs", "海关查验中"),
    "CLR": ("Cleared by customs", "海关已放行"),
    "OFD": ("Out for delivery", "派送中"),
    "DLV": ("Delivered", "已签收"),
    "FAIL": ("Delivery attempt failed", "派送未成功"),
    "RTS": ("Returned to sender", "已退回"),
}


@dataclass(frozen=True)
class RawEvent:
    event_id: str
    waybill: str
    code: str
    occurred_at: datetime
    location: str = ""
    leg: int | None = None


def normalise(code: str) -> str | None:
    return RAW_TO_STATUS.get(code.upper())


def describe(code: str) -> str:
    en, zh = DESCRIPTIONS.get(code.upper(), (code, code))
    return f"{en} / {zh}"
