"""The national posts' pure rules and the simulated post's answers, shaped like Australia
Post's Shipping and Tracking API."""

from datetime import UTC, datetime, timedelta

import pytest

from tradelane.logistics import rules
from tradelane.logistics.partners.auspost import mapper
from tradelane.logistics.partners.registry import post


@pytest.mark.parametrize(
    ("country", "state", "suburb", "postcode", "ok"),
    [
        ("AU", "VIC", "Melbourne", "3000", True),
        ("AU", "NT", "Darwin", "0800", True),
        ("AU", "ACT", "Canberra", "2601", True),
        ("AU", "VIC", "Melbourne", "2000", False),
        ("AU", "VIC", "", "3000", False),
        ("AU", "VIC", "Melbourne", "300", False),
        ("AU", "XYZ", "Melbourne", "3000", False),
        ("NZ", "Auckland", "Auckland", "1010", True),
        ("SG", "", "Singapore", "018956", True),
        ("SG", "", "Singapore", "18956", False),
        ("MY", "", "Kuala Lumpur", "50450", True),
        ("CN", "浙江", "杭州", "310000", False),
    ],
)
def test_address_problem(country, state, suburb, postcode, ok) -> None:
    assert (rules.address_problem(country, state, suburb, postcode) is None) is ok


def test_tracking_numbers_per_carrier() -> None:
    domestic = rules.domestic_article_id("2JD", 54181330100096090)
    assert len(domestic) == 21
    assert rules.tracking_number_problem("SXPOST", domestic) is None
    assert rules.tracking_number_problem("KIWIPOST", domestic) is None
    s10 = rules.waybill_number(47312482, "AU", service="LP")
    assert rules.tracking_number_problem("SXPOST", s10) is None
    assert rules.tracking_number_problem("KIWIPOST", s10) is not None  # not lodged in NZ
    assert "21-character" in (rules.tracking_number_problem("SXPOST", "12345") or "")
    assert rules.tracking_number_problem("FEDEX", domestic) == "unknown carrier 'FEDEX'"


def test_parcel_box_stacks_the_items() -> None:
    assert rules.parcel_box([(200, 150, 80, 2), (105, 90, 40, 1)]) == (20, 15, 20)
    assert rules.parcel_box([(90, 90, 120, 1)]) == (9, 9, 12)


def test_many_items_are_packed_in_layers_not_one_tall_column() -> None:
    """Ten honey jars stacked would be 120 cm tall, over the posts' 105 cm, and refused; a
    carton of 3 x 2 jars in two layers is 27 x 18 x 24 cm."""
    box = rules.parcel_box([(90, 90, 120, 10)])
    assert box == (27, 18, 24)
    assert max(box) <= 105
    cells = box[0] * box[1] * box[2] * 1000 // (90 * 90 * 120)
    assert cells >= 10  # every jar fits
    assert max(rules.parcel_box([(300, 200, 100, 40)])) < 105


def _request(postcode: str = "3000", weight_g: int = 1500) -> mapper.ShipmentRequest:
    home = mapper.PostAddress("Sam Lee", ("1 Collins St",), "Melbourne", "VIC", postcode, "AU")
    shop = mapper.PostAddress("Shop", ("Lodged at AU-NSW",), "NSW", "NSW", "", "AU")
    return mapper.ShipmentRequest("TL1", shop, home, mapper.Parcel(20, 15, 10, weight_g), "7E55")


def test_the_simulated_post_answers_like_the_real_one() -> None:
    status, body = post("SXPOST").create_shipments(mapper.shipment_body(_request()))
    assert status == 201
    booked = mapper.booked_or_refused(status, body)
    assert isinstance(booked, mapper.Booked)
    assert booked.article_id.startswith("TLA")
    assert booked.cost == rules.Decimal("11.75")
    status, body = post("SXPOST").create_shipments(mapper.shipment_body(_request("9999")))
    refused = mapper.booked_or_refused(status, body)
    assert status == 400
    assert isinstance(refused, mapper.Refused)
    assert refused.code == "44003"
    assert refused.field == "shipments[0].to.postcode"
    heavy = mapper.booked_or_refused(
        *post("SXPOST").create_shipments(mapper.shipment_body(_request(weight_g=23_000)))
    )
    assert isinstance(heavy, mapper.Refused)
    assert heavy.code == "44013"


def test_tracking_is_deterministic_newest_first_and_refuses_unknown_ids() -> None:
    article = rules.domestic_article_id("TLA", 42)
    lodged = datetime(2026, 9, 1, tzinfo=UTC)
    client = post("SXPOST")
    body = client.track([article, "NOPE"], lodged={article: lodged}, now=lodged + timedelta(days=9))
    again = client.track([article], lodged={article: lodged}, now=lodged + timedelta(days=9))
    assert body["tracking_results"][0] == again["tracking_results"][0]
    item = body["tracking_results"][0]["trackable_items"][0]
    assert item["status"] == "Delivered"
    assert item["events"][0]["description"] == "Delivered"
    events, errors = mapper.tracking_events(body)
    assert errors == {"NOPE": "Invalid tracking ID"}
    assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
    assert all(mapper.status_of(e.description) is not None for e in events)
    early = client.track([article], lodged={article: lodged}, now=lodged + timedelta(hours=1))
    assert early["tracking_results"][0]["status"] == "Shipping information received"


@pytest.mark.parametrize(
    "article",
    [rules.domestic_article_id("TLA", 7), f"RR12345678{rules.s10_check_digit('12345678')}AU"],
)
def test_at_demo_speed_the_post_makes_the_same_journey_within_minutes(
    article: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The live demo (DEMO_TIME_FACTOR) carries a home-market parcel in minutes, like the
    # carriers: the same scans, each span of the post's hours divided by the factor.
    lodged = datetime(2026, 9, 1, tzinfo=UTC)
    at_real = post("SXPOST").track(
        [article], lodged={article: lodged}, now=lodged + timedelta(days=30)
    )
    monkeypatch.setenv("DEMO_TIME_FACTOR", "3600")
    demo = post("SXPOST")
    at_demo = demo.track([article], lodged={article: lodged}, now=lodged + timedelta(minutes=5))
    real_events, _ = mapper.tracking_events(at_real)
    demo_events, _ = mapper.tracking_events(at_demo)
    assert [e.description for e in demo_events] == [e.description for e in real_events]
    assert demo_events[-1].description == "Delivered"
    for fast, slow in zip(demo_events, real_events, strict=True):
        assert (fast.occurred_at - lodged) * 3600 == pytest.approx(
            slow.occurred_at - lodged, abs=timedelta(milliseconds=5)
        )
