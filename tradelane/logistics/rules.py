from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from tradelane.core.money import Money

GRAMS_PER_KG = 1000


def parcel_price(*, weight_g: int, first_kg: Money, additional_kg: Money) -> Money:
    """First kilogram, then every started kilogram after it."""
    if weight_g <= 0:
        raise ValueError("a parcel weighs something")
    extra_kgs = max(0, -(-(weight_g - GRAMS_PER_KG) // GRAMS_PER_KG))
    return first_kg + additional_kg * extra_kgs


S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> str:
    """UPU S10 check digit of an 8-digit serial (python-stdnum has no S10 module)."""
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: "0", 11: "5"}.get(remainder, str(remainder))


def waybill_number(serial: int, origin_country: str, service: str = "LT") -> str:
    """An S10 item identifier: service letters, 8-digit serial, check digit, origin country.

    Carrier-facing only: the serial is the order id, so it is guessable and never addresses a
    public page (see `provenance_token`)."""
    digits = f"{serial % 100_000_000:08d}"
    return f"{service}{digits}{s10_check_digit(digits)}{origin_country}"


def provenance_token() -> str:
    """The parcel's public address on its label's QR code: 128 random bits (22 characters),
    so parcels cannot be enumerated the way waybills can."""
    return secrets.token_urlsafe(16)


# ---------------------------------------------------------------- tracking
STATUS_RANK = {
    "pending": 0,
    "picked_up": 1,
    "in_transit": 2,
    "customs": 3,
    "out_for_delivery": 4,
    "delivery_failed": 5,
    "delivered": 6,
    "returned": 7,
}


def journey_status(events: list[tuple[datetime, str]]) -> tuple[str, datetime | None]:
    """The parcel's status from its events, whatever order they arrived in: the latest by the
    time it happened; at the same moment, the further along."""
    moves = [(at, STATUS_RANK[s], s) for at, s in events if s]
    if not moves:
        return "pending", None
    at, _rank, status = max(moves)
    return status, at


def chain_hash(previous: str, event: dict[str, str]) -> str:
    body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous}|{body}".encode()).hexdigest()


GENESIS = "0" * 64


def first_broken_link(links: list[tuple[str, str, dict[str, str]]]) -> int | None:
    """(previous hash, hash, event) per link in chain order: the index of the first link whose
    stored hashes do not follow from its content and its predecessor, or None if all hold."""
    expected_previous = GENESIS
    for index, (previous, stored, event) in enumerate(links):
        if previous != expected_previous or chain_hash(previous, event) != stored:
            return index
        expected_previous = stored
    return None


# ---------------------------------------------------------------- cold chain
@dataclass(frozen=True)
class Excursion:
    started_at: datetime
    minutes: int
    worst: Decimal
    reason: str


COLD_LIMITS = {  # class: (low, high, hard high that no tolerance covers), in Celsius
    "frozen": (None, Decimal(-18), Decimal(-15)),
    "chilled": (Decimal(0), Decimal(4), None),
}
TOLERANCE = timedelta(minutes=30)


def _outside(cls: str, t: Decimal) -> bool:
    low, high, _hard = COLD_LIMITS[cls]
    return (low is not None and t < low) or (high is not None and t > high)


def cold_chain_excursion(cls: str, readings: list[tuple[datetime, Decimal]]) -> Excursion | None:
    """Frozen: above -18 C for longer than the tolerance, or above -15 C at all; chilled:
    outside 0 to 4 C for longer than the tolerance. Readings come about every 15 minutes."""
    if cls not in COLD_LIMITS:
        return None
    hard = COLD_LIMITS[cls][2]
    run: list[tuple[datetime, Decimal]] = []
    for at, t in sorted(readings):
        if hard is not None and t > hard:
            return Excursion(at, 0, t, f"{t} °C is above the {hard} °C limit for {cls} goods")
        if not _outside(cls, t):
            run = []
            continue
        run.append((at, t))
        span = run[-1][0] - run[0][0]
        if span > TOLERANCE:
            worst = max((r[1] for r in run), key=lambda v: abs(v))
            return Excursion(
                run[0][0],
                int(span.total_seconds() // 60),
                worst,
                f"outside the {cls} range for {int(span.total_seconds() // 60)} minutes",
            )
    return None


def pickup_region(country: str, region: str) -> str:
    """The pickup node serving a merchant: AU by state, NZ by island."""
    if country == "NZ":
        south = {
            "Canterbury",
            "Otago",
            "Southland",
            "Nelson",
            "Tasman",
            "Marlborough",
            "West Coast",
        }
        return "NZ-SI" if region in south else "NZ-NI"
    state = (
        region.upper()
        if region.upper() in {"NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"}
        else "NSW"
    )
    return f"AU-{state}"


BONDED_NODE_BY_CITY = {
    "Hangzhou": "HGH-BZ",
    "Ningbo": "NGB-BZ",
    "Guangzhou": "CAN-BZ",
    "Zhengzhou": "CGO-BZ",
}


def bonded_node(city: str) -> str:
    return BONDED_NODE_BY_CITY.get(city, "HGH-BZ")


COLD_ORDER = ("ambient", "chilled", "frozen")


def coldest(classes: list[str]) -> str:
    """A parcel travels at the coldest class among its goods."""
    return max(classes, key=COLD_ORDER.index)


# ---------------------------------------------------------------- national posts
# Orders outside China travel with the merchant's national post (Southern Cross Post for
# Australian merchants, Kiwi Post for New Zealand ones): domestic parcels at home, S10
# international parcels across the Tasman and to South-East Asia.
POST_OF_COUNTRY = {"AU": "SXPOST", "NZ": "KIWIPOST"}

# Australia Post's state postcode ranges (delivery and PO box ranges together).
AU_POSTCODES: dict[str, tuple[tuple[int, int], ...]] = {
    "NSW": ((1000, 2599), (2619, 2899), (2921, 2999)),
    "ACT": ((200, 299), (2600, 2618), (2900, 2920)),
    "VIC": ((3000, 3999), (8000, 8999)),
    "QLD": ((4000, 4999), (9000, 9999)),
    "SA": ((5000, 5999),),
    "WA": ((6000, 6797), (6800, 6999)),
    "TAS": ((7000, 7999),),
    "NT": ((800, 999),),
}
POSTCODE_DIGITS = {"AU": 4, "NZ": 4, "SG": 6, "MY": 5}
# The most one post parcel may weigh (Australia Post and NZ Post alike): a merchant's order
# heavier than this could be neither booked nor, once delivered, sent back.
POST_MAX_PARCEL_G = 22_000


def address_problem(country: str, state: str, suburb: str, postcode: str) -> str | None:
    """Why a post would refuse to deliver to this address, or None: a postcode of the wrong
    shape for the country, an Australian postcode outside its state's ranges, no suburb."""
    if not suburb.strip():
        return "suburb is required"
    digits = POSTCODE_DIGITS.get(country)
    if digits is None:
        return f"no delivery to {country}"
    if len(postcode) != digits or not postcode.isdigit():
        return f"a {country} postcode has {digits} digits"
    if country == "AU":
        ranges = AU_POSTCODES.get(state.upper())
        if ranges is None:
            return f"unknown state {state!r}"
        if not any(low <= int(postcode) <= high for low, high in ranges):
            return f"postcode {postcode} is not in {state.upper()}"
    return None


def s10_valid(number: str, origin_country: str | None = None) -> bool:
    """A UPU S10 item identifier (two letters, eight digits, check digit, country)."""
    if len(number) != 13 or not (number[:2].isalpha() and number[:2].isupper()):
        return False
    if not number[2:11].isdigit() or not (number[11:].isalpha() and number[11:].isupper()):
        return False
    if origin_country is not None and number[11:] != origin_country:
        return False
    return s10_check_digit(number[2:10]) == number[10]


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def domestic_article_id(location_id: str, serial: int) -> str:
    """A domestic article id as the posts issue them: the sender's three-character location
    id, then 17 digits and a Luhn check digit (21 characters, like an eParcel article id)."""
    body = f"{serial % 10**17:017d}"
    for check in "0123456789":
        if luhn_valid(body + check):
            return f"{location_id}{body}{check}"
    raise AssertionError("a Luhn check digit always exists")


TRACKING_FORMATS = {
    "SXPOST": "a 21-character article id (3 letters or digits, then 18 digits) or an S10 "
    "number ending in AU, like LP123456785AU",
    "KIWIPOST": "a 21-character article id (3 letters or digits, then 18 digits) or an S10 "
    "number ending in NZ, like LP123456785NZ",
}
POST_COUNTRY = {post: country for country, post in POST_OF_COUNTRY.items()}


def tracking_number_problem(carrier: str, number: str) -> str | None:
    """Why this cannot be the carrier's tracking number, or None. Only the national posts the
    platform can track are accepted, so a parcel shipped by the merchant is followed to the
    door like one the platform booked."""
    country = POST_COUNTRY.get(carrier)
    if country is None:
        return f"unknown carrier {carrier!r}"
    if s10_valid(number, country):
        return None
    domestic = (
        len(number) == 21
        and number[:3].isalnum()
        and number[:3] == number[:3].upper()
        and number[3:].isdigit()
        and luhn_valid(number[3:])
    )
    return None if domestic else f"expected {TRACKING_FORMATS[carrier]}"


SEA_ZONES = {"SG": "SG-SIN", "MY": "MY-KUL"}


def delivery_zone(country: str, region: str) -> str:
    """The network node a post parcel is delivered in: an Australian state's or a New Zealand
    island's region, or the South-East Asian country's zone."""
    if country in SEA_ZONES:
        return SEA_ZONES[country]
    return pickup_region(country, region)


def parcel_box(items: list[tuple[int, int, int, int]]) -> tuple[int, int, int]:
    """The carton (length, width, height in whole cm) for items of (length, width, height in mm,
    quantity). Either every item stacked on the largest footprint, or the units set out in a
    grid of cells the size of the largest item, whichever has the shorter longest side (then
    the smaller volume): ten jars go six to a layer in two layers, not in a column 1.2 m tall."""
    length = max(item[0] for item in items)
    width = max(item[1] for item in items)
    stacked = (length, width, sum(item[2] * item[3] for item in items))
    cell = (length, width, max(item[2] for item in items))
    units = sum(item[3] for item in items)
    best = min(
        (stacked, *_grids(cell, units)), key=lambda box: (max(box), box[0] * box[1] * box[2])
    )
    return tuple(max(1, -(-mm // 10)) for mm in best)  # type: ignore[return-value]


def _grids(cell: tuple[int, int, int], units: int) -> list[tuple[int, int, int]]:
    """Cartons of a x b cells a layer, in as many layers as the units need; the longer side of
    the footprint first, as a carton is measured."""
    boxes = []
    for across in range(1, units + 1):
        for deep in range(1, units // across + 2):
            layers = -(-units // (across * deep))
            footprint = sorted((cell[0] * across, cell[1] * deep), reverse=True)
            boxes.append((footprint[0], footprint[1], cell[2] * layers))
    return boxes


# ---------------------------------------------------------------- returns
RETURN_WINDOW_DAYS = 30  # the platform's change-of-mind window, from delivery
RETURNABLE_ORDER_STATUSES = ("delivered", "completed")


def return_window_closes(delivered_at: datetime) -> datetime:
    return delivered_at + timedelta(days=RETURN_WINDOW_DAYS)


def return_problem(
    *,
    order_status: str,
    parcel_post: str,
    abroad: bool,
    delivered_at: datetime | None,
    now: datetime,
) -> str | None:
    """Why this order cannot be sent back now, or None. Only parcels a national post delivered
    at home come back this way: a China order would need a re-export the platform does not
    run, and the posts' returns labels are domestic."""
    if order_status not in RETURNABLE_ORDER_STATUSES or delivered_at is None:
        return "only a delivered order can be returned"
    if not parcel_post or abroad:
        return "returns by post are offered within Australia and within New Zealand"
    if now > return_window_closes(delivered_at):
        return f"the {RETURN_WINDOW_DAYS}-day return window has closed"
    return None
