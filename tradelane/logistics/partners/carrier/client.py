"""The simulated carriers: they scan parcels as real ones do, leg by leg, with transit times
drawn around each lane's mean, the odd missed connection (a day late), customs holding direct
mail at the gateway until cleared, and temperature recorders on cold parcels. Deterministic
from the waybill, so every process sees the same parcel history.

Every span of the partners' time is divided by the settings' `time_factor` (1 but in the live
demo, see tradelane.tools.demo.live): the same journey, scan for scan, compressed into wall time."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from tradelane.logistics.partners.carrier.mapper import RawEvent
from tradelane.logistics.partners.carrier.settings import CarrierSettings

BASE_CELSIUS = {"chilled": Decimal("2.5"), "frozen": Decimal("-20.0")}


@dataclass(frozen=True)
class LegPlan:
    sequence: int
    origin: str
    destination: str
    destination_is_gateway: bool
    mean_hours: float
    sd_hours: float


RETURN_DELAY = timedelta(hours=24)
PICKUP_AFTER = timedelta(hours=2)  # from the merchant's handover to the carrier's pickup scan
MISSED_CONNECTION = timedelta(hours=24)
DEPARTURE_WAIT = timedelta(hours=2)  # from arriving at a node to the next leg's departure
OUT_FOR_DELIVERY_BEFORE = timedelta(hours=4)
EXCURSION_LASTS = timedelta(minutes=45)


def _returned(waybill: str, at: datetime, where: str, leg: int | None = None) -> RawEvent:
    return RawEvent(f"{waybill}:RTS", waybill, "RTS", at, where, leg)


def _rng(waybill: str, salt: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{salt}:{waybill}".encode()).hexdigest()[:16], 16))


class SimulatedCarrier:
    name = "simulated"

    def __init__(self, settings: CarrierSettings) -> None:
        self.settings = settings

    def _span(self, partner_time: timedelta) -> timedelta:
        """A span of the partner's working time as it passes on the wall clock."""
        return partner_time / self.settings.time_factor

    def accept(
        self, lane_code: str, waybill: str, *, day: date, booked_today: int, capacity: int
    ) -> bool:
        """Handover: refused when the day's departures are full, and now and then at random
        (a partner's own shortfall that day), which makes the platform re-plan the parcel;
        the next day's offer is a fresh draw."""
        if booked_today >= capacity:
            return False
        draw = _rng(waybill, f"accept:{lane_code}:{day.isoformat()}").random()
        return draw * 1000 >= self.settings.refusal_permille

    def scans(
        self,
        waybill: str,
        legs: list[LegPlan],
        *,
        handed_over_at: datetime,
        cleared_at: datetime | None,
        bonded: bool,
        now: datetime,
        rejected_at: datetime | None = None,
    ) -> list[RawEvent]:
        """Every scan that has happened by `now`. A parcel customs refuses goes back: bonded
        stock never leaves the zone, direct mail is returned from the gateway a day later."""
        rng = _rng(waybill, "scans")
        events = [
            RawEvent(
                f"{waybill}:PU", waybill, "PU", handed_over_at + self._span(PICKUP_AFTER), leg=1
            )
        ]
        t = events[0].occurred_at
        if bonded:  # bonded stock leaves the warehouse only once cleared
            if rejected_at is not None:
                events.append(_returned(waybill, max(t, rejected_at), legs[0].origin, 1))
            if cleared_at is None:
                return [e for e in events if e.occurred_at <= now]
            t = max(t, cleared_at)
        for leg in legs:
            if rng.random() * 1000 < self.settings.missed_connection_permille:
                t += self._span(MISSED_CONNECTION)
            t += self._span(DEPARTURE_WAIT)
            events.append(
                RawEvent(
                    f"{waybill}:{leg.sequence}:DEP", waybill, "DEP", t, leg.origin, leg.sequence
                )
            )
            hours = max(1.0, rng.gauss(leg.mean_hours, leg.sd_hours))
            t += self._span(timedelta(hours=hours))
            if leg is legs[-1]:
                events.append(
                    RawEvent(
                        f"{waybill}:OFD",
                        waybill,
                        "OFD",
                        t - self._span(OUT_FOR_DELIVERY_BEFORE),
                        leg.destination,
                    )
                )
                events.append(
                    RawEvent(f"{waybill}:DLV", waybill, "DLV", t, leg.destination, leg.sequence)
                )
                break
            events.append(
                RawEvent(
                    f"{waybill}:{leg.sequence}:ARR",
                    waybill,
                    "ARR",
                    t,
                    leg.destination,
                    leg.sequence,
                )
            )
            if leg.destination_is_gateway and not bonded:
                events.append(
                    RawEvent(f"{waybill}:CUS", waybill, "CUS", t, leg.destination, leg.sequence)
                )
                if rejected_at is not None:
                    events.append(
                        _returned(
                            waybill,
                            max(t, rejected_at) + self._span(RETURN_DELAY),
                            leg.destination,
                        )
                    )
                if cleared_at is None:
                    break
                t = max(t, cleared_at)
                events.append(
                    RawEvent(f"{waybill}:CLR", waybill, "CLR", t, leg.destination, leg.sequence)
                )
        return [e for e in events if e.occurred_at <= now]

    def readings(
        self, waybill: str, temperature_class: str, *, start: datetime, end: datetime
    ) -> list[tuple[datetime, Decimal]]:
        """A cold parcel's recorder between two moments, one reading per interval."""
        base = BASE_CELSIUS.get(temperature_class)
        if base is None or end <= start:
            return []
        rng = _rng(waybill, "temperature")
        step = self._span(timedelta(minutes=self.settings.reading_minutes))
        excursion_at = None
        if rng.random() * 1000 < self.settings.excursion_permille:
            excursion_at = start + (end - start) * rng.random()
        out, t = [], start
        while t <= end:
            value = base + Decimal(str(round(rng.uniform(-0.8, 0.8), 2)))
            if excursion_at and excursion_at <= t < excursion_at + self._span(EXCURSION_LASTS):
                value = base + Decimal("6.5")
            out.append((t, value))
            t += step
        return out
