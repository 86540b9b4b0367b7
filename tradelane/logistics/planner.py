"""Route planning over partners' lanes: pure, no ORM.

A parcel's candidate routes are the paths of at most four lanes from its origin node to its
destination zone whose lanes carry its temperature class under its customs mode, and whose
transit meets the delivery promise with at least 80 % probability (transit times are modelled
as normal per lane, summed along the route).

The batch plan is a MILP solved by HiGHS (through SciPy): parcels with the same origin,
destination, class, mode, promise and weight form a group; y[g, r] is how many of group g take
route r (integer), u[g] how many stay unplanned (at a prohibitive cost); every lane's daily kg
and parcel capacity bounds the sum over the routes that use it. HiGHS because it is a
maintained open-source MILP/LP solver that installs with SciPy (no separate binary) and
reports both the integer plan and the LP bound; the problem is a transportation problem with
side constraints, so its LP relaxation is nearly integral and solves in seconds at 100,000
parcels.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy.optimize import LinearConstraint, milp
from scipy.sparse import coo_array

ON_TIME_Z = 0.8416  # the 80th percentile of the standard normal
MAX_LEGS = 4
ROUTES_PER_GROUP = 5  # the MILP sees each group's cheapest routes; the LP bound sees all
MIP_GAP = 0.01  # large batches stop within 1 % of the bound (the unplanned penalty counts too)
EXACT_BELOW_COLUMNS = 20_000  # smaller models are solved to optimality
UNPLANNED_COST = 100_000  # per parcel (AUD 1,000): far above any route, so it is a last resort


@dataclass(frozen=True)
class LaneSpec:
    code: str
    partner: str
    origin: str
    destination: str
    customs_mode: str  # 9610, 1210 or any
    temperature_classes: frozenset[str]
    mean_hours: float
    sd_hours: float
    cost_per_kg: Decimal  # planning currency, minor units
    cost_per_parcel: Decimal
    capacity_kg: Decimal
    capacity_parcels: int

    def carries(self, temperature_class: str, customs_mode: str) -> bool:
        return temperature_class in self.temperature_classes and self.customs_mode in (
            customs_mode,
            "any",
        )

    def cost(self, weight_g: int) -> Decimal:
        return self.cost_per_parcel + self.cost_per_kg * Decimal(weight_g) / 1000


@dataclass(frozen=True)
class ParcelSpec:
    id: str
    origin: str
    destination: str
    weight_g: int
    temperature_class: str
    promise_hours: int
    customs_mode: str

    @property
    def group(self) -> tuple[str, str, str, str, int, int]:
        return (
            self.origin,
            self.destination,
            self.temperature_class,
            self.customs_mode,
            self.promise_hours,
            self.weight_g,
        )


@dataclass(frozen=True)
class Route:
    lanes: tuple[LaneSpec, ...]

    @property
    def mean_hours(self) -> float:
        return sum(lane.mean_hours for lane in self.lanes)

    @property
    def sd_hours(self) -> float:
        return math.sqrt(sum(lane.sd_hours**2 for lane in self.lanes))

    def on_time_probability(self, promise_hours: int) -> float:
        sd = self.sd_hours or 1e-9
        return 0.5 * (1 + math.erf((promise_hours - self.mean_hours) / (sd * math.sqrt(2))))

    def meets(self, promise_hours: int) -> bool:
        return self.mean_hours + ON_TIME_Z * self.sd_hours <= promise_hours

    def cost(self, weight_g: int) -> Decimal:
        return sum((lane.cost(weight_g) for lane in self.lanes), Decimal(0))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lane.code for lane in self.lanes)


class Network:
    def __init__(self, lanes: list[LaneSpec]) -> None:
        self.lanes = {lane.code: lane for lane in lanes}
        self.out: dict[str, list[LaneSpec]] = defaultdict(list)
        for lane in lanes:
            self.out[lane.origin].append(lane)
        self._paths: dict[tuple[str, str, str, str], list[Route]] = {}

    def routes(self, origin: str, destination: str, temperature: str, mode: str) -> list[Route]:
        key = (origin, destination, temperature, mode)
        if key not in self._paths:
            self._paths[key] = self._search(origin, destination, temperature, mode)
        return self._paths[key]

    def _search(self, origin: str, destination: str, temperature: str, mode: str) -> list[Route]:
        found: list[Route] = []
        stack: list[tuple[str, tuple[LaneSpec, ...]]] = [(origin, ())]
        while stack:
            node, path = stack.pop()
            for lane in self.out.get(node, []):
                if not lane.carries(temperature, mode) or any(
                    lane.destination == p.origin for p in path
                ):
                    continue
                if lane.destination == destination:
                    found.append(Route((*path, lane)))
                elif len(path) + 1 < MAX_LEGS:
                    stack.append((lane.destination, (*path, lane)))
        return sorted(found, key=lambda r: r.codes)


def why_unroutable(network: Network, parcel: ParcelSpec) -> str:
    routes = network.routes(
        parcel.origin, parcel.destination, parcel.temperature_class, parcel.customs_mode
    )
    if not routes:
        return (
            f"no {parcel.temperature_class} route under {parcel.customs_mode} "
            f"from {parcel.origin} to {parcel.destination}"
        )
    fastest = min(r.mean_hours + ON_TIME_Z * r.sd_hours for r in routes)
    return f"no route meets the {parcel.promise_hours} h promise (fastest {fastest:.0f} h)"


def admissible(network: Network, parcel: ParcelSpec) -> list[Route]:
    return [
        r
        for r in network.routes(
            parcel.origin, parcel.destination, parcel.temperature_class, parcel.customs_mode
        )
        if r.meets(parcel.promise_hours)
    ]


def cheapest_route(
    network: Network, parcel: ParcelSpec, avoid: frozenset[str] = frozenset()
) -> Route | None:
    """The single-order fast path: the cheapest admissible route not using `avoid` lanes
    (lanes whose partner refused the parcel); the batch plan weighs capacity across parcels."""
    routes = [r for r in admissible(network, parcel) if not avoid.intersection(r.codes)]
    return min(routes, key=lambda r: (r.cost(parcel.weight_g), r.mean_hours)) if routes else None


@dataclass
class Plan:
    assignments: dict[str, Route] = field(default_factory=dict)
    unplanned: dict[str, str] = field(default_factory=dict)
    cost: Decimal = Decimal(0)
    objective: Decimal = Decimal(0)  # the solver's: route costs plus unplanned penalties
    lp_bound: Decimal = Decimal(0)  # the LP relaxation's objective: no plan can beat it
    lane_kg: dict[str, Decimal] = field(default_factory=dict)
    lane_parcels: dict[str, int] = field(default_factory=dict)
    expected_on_time: float = 0.0
    seconds: float = 0.0
    variables: int = 0

    @property
    def gap(self) -> float:
        if not self.lp_bound:
            return 0.0
        return float((self.objective - self.lp_bound) / self.lp_bound)


@dataclass
class _Model:
    groups: list[tuple[tuple[str, str, str, str, int, int], list[ParcelSpec]]]
    columns: list[tuple[int, Route]]  # (group index, route)
    lanes: list[str]


def _model(
    network: Network, parcels: list[ParcelSpec], plan: Plan, routes_per_group: int | None
) -> _Model:
    grouped: dict[tuple[str, str, str, str, int, int], list[ParcelSpec]] = defaultdict(list)
    for parcel in parcels:
        grouped[parcel.group].append(parcel)
    groups: list[tuple[tuple[str, str, str, str, int, int], list[ParcelSpec]]] = []
    columns: list[tuple[int, Route]] = []
    used: set[str] = set()
    for members in grouped.values():
        weight = members[0].weight_g
        routes = sorted(admissible(network, members[0]), key=lambda r: r.cost(weight))
        routes = routes[:routes_per_group]
        if not routes:
            reason = why_unroutable(network, members[0])
            plan.unplanned.update({p.id: reason for p in members})
            continue
        groups.append((members[0].group, members))
        for route in routes:
            columns.append((len(groups) - 1, route))
            used.update(route.codes)
    return _Model(groups, columns, sorted(used))


def _solve(model: _Model, network: Network, relax: bool) -> tuple[np.ndarray, float]:
    n_y, n_g = len(model.columns), len(model.groups)
    lane_row = {code: i for i, code in enumerate(model.lanes)}
    # The solver works in floats; every cost reported is recomputed in Decimal from the routes.
    cost = [float(route.cost(model.groups[g][0][5])) for g, route in model.columns]
    c = np.array(cost + [UNPLANNED_COST] * n_g)
    rows, cols, vals = [], [], []
    for j, (g, route) in enumerate(model.columns):
        rows.append(g)
        cols.append(j)
        vals.append(1.0)
        weight_kg = model.groups[g][0][5] / 1000
        for code in route.codes:
            rows += [n_g + 2 * lane_row[code], n_g + 2 * lane_row[code] + 1]
            cols += [j, j]
            vals += [weight_kg, 1.0]
    for g in range(n_g):
        rows.append(g)
        cols.append(n_y + g)
        vals.append(1.0)
    n_rows = n_g + 2 * len(model.lanes)
    a = coo_array((vals, (rows, cols)), shape=(n_rows, n_y + n_g)).tocsr()
    counts = [float(len(members)) for _, members in model.groups]
    caps = []
    for code in model.lanes:
        lane = network.lanes[code]
        caps += [float(lane.capacity_kg), float(lane.capacity_parcels)]
    lower = np.array(counts + [0.0] * len(caps))
    upper = np.array(counts + caps)
    integrality = np.zeros(n_y + n_g) if relax else np.array([1] * n_y + [0] * n_g)
    result = milp(
        c,
        constraints=LinearConstraint(a, lower, upper),
        integrality=integrality,
        options={
            "mip_rel_gap": MIP_GAP if n_y >= EXACT_BELOW_COLUMNS else 1e-9,
            "time_limit": 60,
        },
    )
    if result.x is None:
        raise RuntimeError(f"the solver found no plan: {result.message}")
    return np.asarray(result.x), float(result.fun)


def plan_batch(network: Network, parcels: list[ParcelSpec]) -> Plan:
    started = time.perf_counter()
    plan = Plan()
    model = _model(network, parcels, plan, ROUTES_PER_GROUP)
    if model.columns:
        x, objective = _solve(model, network, relax=False)
        full = _model(network, parcels, Plan(), None)
        _lp, bound = _solve(full, network, relax=True)
        plan.objective, plan.lp_bound = Decimal(str(objective)), Decimal(str(bound))
        _assign(model, x, plan)
    plan.variables = len(model.columns)
    plan.seconds = time.perf_counter() - started
    return plan


def _assign(model: _Model, x: np.ndarray, plan: Plan) -> None:
    taken: dict[int, list[tuple[Route, int]]] = defaultdict(list)
    for j, (g, route) in enumerate(model.columns):
        count = round(float(x[j]))
        if count:
            taken[g].append((route, count))
    on_time = 0.0
    for g, (_key, members) in enumerate(model.groups):
        queue = list(members)
        for route, count in taken.get(g, []):
            for parcel in queue[:count]:
                plan.assignments[parcel.id] = route
                plan.cost += route.cost(parcel.weight_g)
                on_time += route.on_time_probability(parcel.promise_hours)
                for lane in route.lanes:
                    kg = Decimal(parcel.weight_g) / 1000
                    plan.lane_kg[lane.code] = plan.lane_kg.get(lane.code, Decimal(0)) + kg
                    plan.lane_parcels[lane.code] = plan.lane_parcels.get(lane.code, 0) + 1
            queue = queue[count:]
        for parcel in queue:
            plan.unplanned[parcel.id] = "no capacity left on any admissible route"
    planned = len(plan.assignments)
    plan.expected_on_time = on_time / planned if planned else 0.0
