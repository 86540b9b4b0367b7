"""At demo speed the simulated carriers make the same journey, scan for scan, in less wall time:
every span of partner time is divided by the factor, nothing else changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tradelane.logistics.partners.carrier.client import LegPlan, SimulatedCarrier
from tradelane.logistics.partners.carrier.settings import carrier_settings, demo_time_factor

HANDED_OVER = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LEGS = [
    LegPlan(1, "AU-NSW", "SYD", False, 16, 4),
    LegPlan(2, "SYD", "PVG", True, 14, 3),
    LegPlan(3, "PVG", "CN-ZJ", False, 30, 8),
]


def carriers(factor: float) -> tuple[SimulatedCarrier, SimulatedCarrier]:
    real = replace(carrier_settings(), missed_connection_permille=500, time_factor=1.0)
    return SimulatedCarrier(real), SimulatedCarrier(replace(real, time_factor=factor))


@pytest.mark.parametrize("bonded", [False, True])
def test_the_journey_is_the_same_compressed_by_the_factor(bonded: bool) -> None:
    real, demo = carriers(3600)
    cleared, later = timedelta(hours=40), HANDED_OVER + timedelta(days=60)
    at_real = real.scans(
        "RR000000011AU", LEGS, handed_over_at=HANDED_OVER, cleared_at=HANDED_OVER + cleared,
        bonded=bonded, now=later,
    )  # fmt: skip
    at_demo = demo.scans(
        "RR000000011AU", LEGS, handed_over_at=HANDED_OVER,
        cleared_at=HANDED_OVER + cleared / 3600, bonded=bonded, now=later,
    )  # fmt: skip
    assert [e.code for e in at_demo] == [e.code for e in at_real]
    assert at_real[-1].code == "DLV"
    for fast, slow in zip(at_demo, at_real, strict=True):
        assert (fast.occurred_at - HANDED_OVER) * 3600 == pytest.approx(
            slow.occurred_at - HANDED_OVER, abs=timedelta(milliseconds=5)
        )
    assert at_demo[-1].occurred_at - HANDED_OVER < timedelta(minutes=5)


def test_only_the_scans_that_have_happened_by_now_are_reported() -> None:
    _real, demo = carriers(3600)
    scans = demo.scans(
        "RR000000011AU", LEGS, handed_over_at=HANDED_OVER, cleared_at=None, bonded=False,
        now=HANDED_OVER + timedelta(seconds=1),
    )  # fmt: skip
    assert scans == []  # the pickup is two partner hours, two seconds, after the handover
    scans = demo.scans(
        "RR000000011AU", LEGS, handed_over_at=HANDED_OVER, cleared_at=None, bonded=False,
        now=HANDED_OVER + timedelta(seconds=3),
    )  # fmt: skip
    assert [e.code for e in scans] == ["PU"]


def test_a_refused_parcel_comes_back_a_compressed_day_later() -> None:
    real, demo = carriers(3600)
    later = HANDED_OVER + timedelta(days=30)
    back_real = real.scans(
        "RR000000022AU", LEGS, handed_over_at=HANDED_OVER, cleared_at=None, bonded=False,
        rejected_at=HANDED_OVER + timedelta(hours=1), now=later,
    )[-1]  # fmt: skip
    back_demo = demo.scans(
        "RR000000022AU", LEGS, handed_over_at=HANDED_OVER, cleared_at=None, bonded=False,
        rejected_at=HANDED_OVER + timedelta(seconds=1), now=later,
    )[-1]  # fmt: skip
    assert back_real.code == back_demo.code == "RTS"
    assert (back_demo.occurred_at - HANDED_OVER) * 3600 == pytest.approx(
        back_real.occurred_at - HANDED_OVER, abs=timedelta(milliseconds=5)
    )


def test_the_recorder_logs_the_same_readings_more_often() -> None:
    real, demo = carriers(60)
    hours = timedelta(hours=6)
    slow = real.readings("RR000000033AU", "chilled", start=HANDED_OVER, end=HANDED_OVER + hours)
    fast = demo.readings(
        "RR000000033AU", "chilled", start=HANDED_OVER, end=HANDED_OVER + hours / 60
    )
    assert [celsius for _at, celsius in fast] == [celsius for _at, celsius in slow]
    assert fast[1][0] - fast[0][0] == timedelta(minutes=15) / 60


def test_real_hours_unless_the_environment_sets_a_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEMO_TIME_FACTOR", raising=False)
    assert carrier_settings().time_factor == 1
    monkeypatch.setenv("DEMO_TIME_FACTOR", "120")
    assert carrier_settings().time_factor == 120


@pytest.mark.parametrize("bad", ["0", "0.5", "-3", "fast", "nan", ""])
def test_a_factor_below_one_or_not_a_number_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="DEMO_TIME_FACTOR must be a number of at least 1"):
        demo_time_factor({"DEMO_TIME_FACTOR": bad})
