"""The simulated national post: it answers `POST /shipping/v1/shipments` and
`GET /shipping/v1/track` with the bodies Australia Post's API returns, refusing what the real
one refuses (a postcode that is not the suburb's state's, no suburb, over 22 kg, over 105 cm),
and tracks each article through the days a parcel takes. Deterministic from the article id,
so every process sees the same history."""

from __future__ import annotations

import hashlib
import random
import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from tradelane.logistics import rules
from tradelane.logistics.partners.auspost.settings import PostSettings

MAX_WEIGHT_G = 22_000
MAX_LENGTH_CM = 105
# The simulated post's price list (its own currency, GST included): per parcel and per started kg.
DOMESTIC_PRICE = (Decimal("9.40"), Decimal("2.35"))
INTERNATIONAL_PRICE = (Decimal("24.50"), Decimal("11.80"))


def _rng(article_id: str, salt: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{salt}:{article_id}".encode()).hexdigest()[:16], 16))


def _error(code: str, name: str, message: str, field: str) -> tuple[int, dict[str, Any]]:
    return 400, {"errors": [{"code": code, "name": name, "message": message, "field": field}]}


class SimulatedPost:
    name = "simulated"

    def __init__(self, settings: PostSettings) -> None:
        self.settings = settings

    # ------------------------------------------------------------ shipments
    def create_shipments(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """One shipment of one item per call, as the platform books them."""
        shipment = body["shipments"][0]
        item = shipment["items"][0]
        # A returns label goes to the merchant's account address, which the post holds; the
        # address it must reach is the shopper's, where the parcel is collected.
        returning = item["product_id"] == self.settings.returns_product
        side = "from" if returning else "to"
        where = shipment[side]
        problem = rules.address_problem(
            where.get("country", ""),
            where.get("state", ""),
            where.get("suburb", ""),
            where.get("postcode", ""),
        )
        if problem is not None:
            return _error(
                "44003",
                "INVALID_SUBURB_POSTCODE_COMBINATION",
                f"The suburb '{where.get('suburb', '')}' and postcode "
                f"'{where.get('postcode', '')}' combination is not valid: {problem}.",
                f"shipments[0].{side}.postcode",
            )
        weight_g = int(Decimal(item["weight"]) * 1000)
        if weight_g > MAX_WEIGHT_G:
            return _error(
                "44013",
                "WEIGHT_EXCEEDS_MAXIMUM",
                "The maximum weight of a parcel is 22 kg.",
                "shipments[0].items[0].weight",
            )
        if max(item["length"], item["width"], item["height"]) > MAX_LENGTH_CM:
            return _error(
                "44014",
                "LENGTH_EXCEEDS_MAXIMUM",
                "The maximum length of a parcel is 105 cm.",
                "shipments[0].items[0].length",
            )
        international = shipment["from"]["country"] != shipment["to"]["country"]
        article = self._article_id(international)
        base, per_kg = INTERNATIONAL_PRICE if international else DOMESTIC_PRICE
        cost = base + per_kg * max(0, -(-(weight_g - 1000) // 1000))
        return 201, {
            "shipments": [
                {
                    "shipment_id": secrets.token_urlsafe(18),
                    "shipment_reference": shipment.get("shipment_reference", ""),
                    "items": [
                        {
                            "item_id": secrets.token_urlsafe(12),
                            "item_reference": item.get("item_reference", "1"),
                            "product_id": item["product_id"],
                            "tracking_details": {
                                "article_id": article,
                                "consignment_id": article[:10],
                            },
                        }
                    ],
                    "shipment_summary": {"total_cost": str(cost), "status": "Created"},
                }
            ]
        }

    def _article_id(self, international: bool) -> str:
        serial = secrets.randbelow(10**17)
        if international:
            return rules.waybill_number(serial % 10**8, self.settings.country, service="LP")
        return rules.domestic_article_id(self.settings.location_id, serial)

    # ------------------------------------------------------------ tracking
    def track(
        self, tracking_ids: list[str], *, lodged: dict[str, datetime], now: datetime
    ) -> dict[str, Any]:
        """Every event that has happened by `now`, newest first as the post lists them.
        `lodged` is what only the simulation needs: when each article was handed over (the
        real post knows it from its own first scan). An id of the wrong shape is answered
        with the post's error, not an exception."""
        results: list[dict[str, Any]] = []
        for article in tracking_ids:
            if rules.tracking_number_problem(self.settings.partner, article) is not None:
                results.append(
                    {
                        "tracking_id": article,
                        "errors": [{"code": "ESB-10001", "name": "Invalid tracking ID"}],
                    }
                )
                continue
            events = [e for e in self._journey(article, lodged[article]) if e[0] <= now]
            status = events[-1][1] if events else "Created"
            results.append(
                {
                    "tracking_id": article,
                    "status": status,
                    "trackable_items": [
                        {
                            "article_id": article,
                            "status": status,
                            "events": [
                                {"date": at.isoformat(), "description": d, "location": where}
                                for at, d, where in reversed(events)
                            ],
                        }
                    ],
                }
            )
        return {"tracking_results": results}

    def _span(self, post_time: timedelta) -> timedelta:
        """A span of the post's working time as it passes on the wall clock."""
        return post_time / self.settings.time_factor

    def _journey(self, article: str, lodged: datetime) -> list[tuple[datetime, str, str]]:
        rng = _rng(article, "journey")
        international = rules.s10_valid(article)
        home = "SYDNEY NSW" if self.settings.country == "AU" else "AUCKLAND"
        t = lodged + self._span(timedelta(minutes=5))
        steps = [(t, "Shipping information received", "")]
        t += self._span(timedelta(hours=rng.uniform(2, 8)))
        steps.append((t, "Picked up", home))
        t += self._span(timedelta(hours=rng.uniform(3, 10)))
        steps.append((t, "Received and ready for processing", home))
        if international:
            t += self._span(timedelta(hours=rng.uniform(20, 60)))
            steps.append((t, "Departed origin country", home))
            t += self._span(timedelta(hours=rng.uniform(12, 30)))
            steps.append((t, "Arrived in destination country", ""))
            t += self._span(timedelta(hours=rng.uniform(12, 48)))
            steps.append((t, "Cleared by customs", ""))
        else:
            t += self._span(timedelta(hours=rng.uniform(8, 60)))
            steps.append((t, "In transit", ""))
        t += self._span(timedelta(hours=rng.uniform(6, 20)))
        steps.append((t, "Onboard for delivery", ""))
        t += self._span(timedelta(hours=rng.uniform(2, 6)))
        if rng.random() * 1000 < self.settings.failed_delivery_permille:
            steps.append((t, "Attempted delivery - card left", ""))
            t += self._span(timedelta(hours=22))
        steps.append((t, "Delivered", ""))
        return steps
