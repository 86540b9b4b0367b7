"""The planner: capacity, temperature and promise always respected; the optimum on small
instances (checked by exhaustive search); unroutable parcels reported with a reason."""

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tradelane.logistics.planner import LaneSpec, Network, ParcelSpec, admissible, plan_batch


def lane(
    code,
    o,
    d,
    cost_kg,
    cost_parcel,
    cap_kg=1000,
    cap_n=1000,
    temps=("ambient",),
    mode="any",
    hours=24,
):
    return LaneSpec(
        code=code,
        partner="P",
        origin=o,
        destination=d,
        customs_mode=mode,
        temperature_classes=frozenset(temps),
        mean_hours=hours,
        sd_hours=4,
        cost_per_kg=Decimal(cost_kg),
        cost_per_parcel=Decimal(cost_parcel),
        capacity_kg=Decimal(cap_kg),
        capacity_parcels=cap_n,
    )


def small_network(cap_cheap: int) -> Network:
    return Network(
        [
            lane("A>H", "A", "H", 10, 100),
            lane("H>G1", "H", "G1", 600, 100, cap_n=cap_cheap),  # cheap air, little room
            lane("H>G2", "H", "G2", 700, 150),
            lane("G1>Z", "G1", "Z", 100, 50),
            lane("G2>Z", "G2", "Z", 100, 50),
            lane("B>Z:cold", "B", "Z", 300, 300, temps=("ambient", "chilled"), mode="1210"),
        ]
    )


def parcel(
    i: int,
    weight: int = 1000,
    temp: str = "ambient",
    origin: str = "A",
    promise: int = 200,
    mode: str = "9610",
) -> ParcelSpec:
    return ParcelSpec(f"p{i}", origin, "Z", weight, temp, promise, mode)


def test_capacity_pushes_the_rest_to_the_dearer_route() -> None:
    network = small_network(cap_cheap=2)
    plan = plan_batch(network, [parcel(i) for i in range(5)])
    via = sorted(route.codes[1] for route in plan.assignments.values())
    assert via == ["H>G1", "H>G1", "H>G2", "H>G2", "H>G2"]
    assert plan.lane_parcels["H>G1"] == 2
    assert not plan.unplanned


def test_unroutable_parcels_are_reported_with_the_reason() -> None:
    network = small_network(cap_cheap=10)
    plan = plan_batch(
        network,
        [
            parcel(1, temp="frozen"),
            parcel(2, promise=20),
            parcel(3, temp="chilled", origin="B", mode="1210"),
        ],
    )
    assert "no frozen route" in plan.unplanned["p1"]
    assert "promise" in plan.unplanned["p2"]
    assert plan.assignments["p3"].codes == (
        "B>Z:cold",
    )  # chilled only on the cold lane, via bonded


def test_direct_mail_never_uses_bonded_lanes() -> None:
    network = small_network(cap_cheap=10)
    assert admissible(network, parcel(1, temp="chilled", origin="B", mode="9610")) == []


@settings(max_examples=25, deadline=None)
@given(
    weights=st.lists(st.sampled_from([300, 800, 1500, 2600]), min_size=1, max_size=6),
    cap_cheap=st.integers(min_value=0, max_value=4),
    cap_kg=st.integers(min_value=1, max_value=8),
)
def test_the_plan_is_the_optimum_of_exhaustive_search(weights, cap_cheap, cap_kg) -> None:
    network = Network(
        [
            lane("A>H", "A", "H", 10, 100),
            lane("H>G1", "H", "G1", 600, 100, cap_kg=cap_kg, cap_n=cap_cheap),
            lane("H>G2", "H", "G2", 700, 150, cap_kg=cap_kg + 2, cap_n=4),
            lane("G1>Z", "G1", "Z", 100, 50),
            lane("G2>Z", "G2", "Z", 100, 50),
        ]
    )
    parcels = [parcel(i, weight=w) for i, w in enumerate(weights)]
    plan = plan_batch(network, parcels)
    for code, kg in plan.lane_kg.items():  # capacity never exceeded
        assert kg <= network.lanes[code].capacity_kg
        assert plan.lane_parcels[code] <= network.lanes[code].capacity_parcels
    best = _exhaustive(network, parcels)
    assert (len(plan.assignments), plan.cost) == best


def _exhaustive(network: Network, parcels: list[ParcelSpec]) -> tuple[int, Decimal]:
    """Most parcels planned, then least cost, over every assignment (None = unplanned)."""
    options = [[None, *admissible(network, p)] for p in parcels]
    best = (0, Decimal(0))
    for choice in itertools.product(*options):
        kg: dict[str, Decimal] = {}
        n: dict[str, int] = {}
        for p, route in zip(parcels, choice, strict=True):
            for ln in route.lanes if route else ():
                kg[ln.code] = kg.get(ln.code, Decimal(0)) + Decimal(p.weight_g) / 1000
                n[ln.code] = n.get(ln.code, 0) + 1
        if any(
            kg[c] > network.lanes[c].capacity_kg or n[c] > network.lanes[c].capacity_parcels
            for c in kg
        ):
            continue
        planned = sum(1 for r in choice if r)
        cost = sum(
            (r.cost(p.weight_g) for p, r in zip(parcels, choice, strict=True) if r), Decimal(0)
        )
        if planned > best[0] or (
            planned == best[0] and (cost < best[1] or best == (0, Decimal(0)))
        ):
            best = (planned, cost)
    return best
