"""The simulation's report, read back from the database the run wrote: orders and GMV per
market, conversion, refusals, customs clearance times, on-time delivery, cold-chain excursions
and claims, payouts per merchant, the campaign's reach, and a chart of orders per hour."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Count, Sum

from tradelane.core.money import Money
from tradelane.customs.models import Declaration
from tradelane.fulfilment.services.shipments import PROMISE_HOURS
from tradelane.logistics.models import ColdChainClaim, ReturnRequest, Shipment
from tradelane.payments.models import Payout
from tradelane.tools.simulation.campaign import campaign_outcome
from tradelane.tools.simulation.checks import Check, all_checks, paid_orders
from tradelane.tools.simulation.engine import CHINA_OFFSET, Run

BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[int], top: int) -> str:
    return "".join(BARS[min(8, -(-8 * v // top))] if top else " " for v in values)


def orders_chart(per_hour: list[int]) -> list[str]:
    """One line per day (China time), one character per hour, scaled to the busiest hour."""
    top = max(per_hour, default=0)
    lines = [f"  orders per hour (China time, 00-23; busiest hour {top} orders)"]
    for day in range(0, len(per_hour), 24):
        hours = per_hour[day : day + 24]
        lines.append(f"  day {day // 24 + 1}  |{sparkline(hours, top):<24}|  {sum(hours):>6}")
    return lines


def _hours(deltas: list[timedelta]) -> str:
    if not deltas:
        return "none"
    hours = sorted(d.total_seconds() / 3600 for d in deltas)
    p90 = hours[min(len(hours) - 1, int(0.9 * len(hours)))]
    return f"p50 {statistics.median(hours):.1f} h, p90 {p90:.1f} h"


def market_lines(run: Run) -> list[str]:
    visits: dict[str, Counter[str]] = defaultdict(Counter)
    for v in run.visits:
        visits[v.market][v.outcome] += 1
    rows = (
        paid_orders(run.start, run.window_end)
        .values("market_id", "currency")
        .annotate(n=Count("pk"), gmv=Sum("total_minor"))
        .order_by("market_id")
    )
    lines = ["  market  visitors  paid visits  conversion  orders  GMV"]
    for row in rows:
        seen = visits[row["market_id"]]
        total = sum(seen.values())
        gmv = Money.from_minor(row["gmv"], row["currency"])
        lines.append(
            f"  {row['market_id']:<6}  {total:>8}  {seen['paid']:>11}  "
            f"{seen['paid'] / total if total else 0:>10.1%}  {row['n']:>6}  {gmv.format('en')}"
        )
    return lines + payment_method_lines(run)


def payment_method_lines(run: Run) -> list[str]:
    """Wallets where the market's currency has one (CN, AU, NZ), cards elsewhere (SG, MY)."""
    tried = Counter(v.method for v in run.visits if v.method)
    paid = Counter(v.method for v in run.visits if v.method and v.outcome == "paid")
    return [
        f"  paid by {method}: {paid[method]} of {tried[method]} payments tried"
        for method in ("wallet", "card")
        if tried[method]
    ]


def refusal_lines(run: Run) -> list[str]:
    codes = Counter(v.code for v in run.visits if v.outcome in ("refused", "payment_failed"))
    if not codes:
        return ["  none"]
    return [f"  {n:>6}  {code}" for code, n in codes.most_common(8)]


def customs_lines(run: Run) -> list[str]:
    declarations = Declaration.objects.filter(
        created_at__gte=run.start, created_at__lt=run.window_end
    )
    outcomes = Counter(declarations.values_list("status", flat=True))
    times = [
        decided - submitted
        for submitted, decided in declarations.values_list("submitted_at", "decided_at")
        if submitted and decided
    ]
    return [
        "  " + ", ".join(f"{n} {status}" for status, n in sorted(outcomes.items())),
        f"  submitted to decided: {_hours(times)}",
    ]


def delivery_lines(run: Run) -> list[str]:
    shipments = Shipment.objects.filter(
        created_at__gte=run.start, created_at__lt=run.window_end, post=""
    )
    delivered = [
        (made, at, mode)
        for made, at, mode in shipments.filter(status="delivered").values_list(
            "created_at", "status_at", "customs_mode"
        )
        if at is not None
    ]
    on_time = sum(
        1 for made, at, mode in delivered if at - made <= timedelta(hours=PROMISE_HOURS[mode])
    )
    by_mode = Counter(shipments.values_list("customs_mode", flat=True))
    share = on_time / len(delivered) if delivered else 0
    return [
        f"  parcels: {sum(by_mode.values())} "
        f"({by_mode['1210']} bonded 1210, {by_mode['9610']} direct mail 9610)",
        f"  delivered {len(delivered)}; on time to the promise {share:.1%}; "
        f"handover to delivery {_hours([at - made for made, at, _ in delivered])}",
    ]


def post_lines(run: Run) -> list[str]:
    """Parcels outside China, with the national posts: booked here or lodged by the merchant."""
    parcels = Shipment.objects.filter(
        order__created_at__gte=run.start, order__created_at__lt=run.window_end
    ).exclude(post="")
    by_market = Counter(parcels.values_list("order__market_id", flat=True))
    delivered = [
        at - made
        for made, at in parcels.filter(status="delivered").values_list("created_at", "status_at")
        if at is not None
    ]
    shipped = run.post_parcels
    refused = ", ".join(
        f"{n} {k.removeprefix('refused:')}" for k, n in shipped.items() if k.startswith("refused:")
    )
    returned = ReturnRequest.objects.filter(
        status="refunded", order__created_at__gte=run.start, order__created_at__lt=run.window_end
    ).count()
    return [
        f"  parcels: {sum(by_market.values())} ("
        + (", ".join(f"{m} {n}" for m, n in sorted(by_market.items())) or "none")
        + f"); labels booked {shipped['label_booked']}, lodged by the merchant "
        f"{shipped['self_lodged']}; refusals (the order tried again an hour later): "
        f"{refused or 'none'}",
        f"  delivered {len(delivered)}; lodging to delivery {_hours(delivered)}",
        f"  returns: {shipped['return_requested']} requested, {shipped['return_approved']} "
        f"approved with a label, {returned} received and refunded",
    ]


def cold_chain_lines(run: Run) -> list[str]:
    shipments = Shipment.objects.filter(created_at__gte=run.start, created_at__lt=run.window_end)
    cold = shipments.exclude(temperature_class="ambient").count()
    claims = ColdChainClaim.objects.filter(shipment__in=shipments)
    by_partner = Counter(claims.values_list("partner__code", flat=True))
    return [
        f"  cold parcels {cold}; excursions {shipments.filter(excursion=True).count()}; "
        f"claims {claims.count()} ({run.claims_refunded} refunded to the buyer)",
        "  claims by partner: "
        + (", ".join(f"{code} {n}" for code, n in by_partner.most_common()) or "none"),
    ]


def payout_lines(run: Run) -> list[str]:
    payouts = Payout.objects.filter(created_at__gte=run.start, created_at__lte=run.end)
    totals = payouts.values("currency").annotate(n=Count("pk"), sent=Sum("amount_minor"))
    lines = [
        "  "
        + ", ".join(
            f"{t['n']} payouts, {Money.from_minor(t['sent'], t['currency']).format('en')}"
            for t in totals.order_by("currency")
        )
    ]
    top = (
        payouts.values("merchant__trading_name", "currency")
        .annotate(sent=Sum("amount_minor"), n=Count("pk"))
        .order_by("-sent")[:8]
    )
    for row in top:
        amount = Money.from_minor(row["sent"], row["currency"]).format("en")
        lines.append(f"    {row['merchant__trading_name'][:40]:<40} {amount:>14}  ({row['n']})")
    return lines


def campaign_lines(run: Run) -> list[str]:
    if run.campaign is None:
        return ["  none"]
    outcome = campaign_outcome(run.campaign)
    share = outcome.campaign_lines / outcome.lines if outcome.lines else 0.0
    given = Money.from_minor(outcome.discount_minor, outcome.currency).format("en")
    return [
        f"  {outcome.code}: {outcome.merchants} merchants opted in",
        f"  China lines at the campaign price: {outcome.campaign_lines} of {outcome.lines}"
        f" ({share:.0%}); taken off list prices: {given}",
    ]


def check_lines(checks: list[Check]) -> list[str]:
    return [f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}" for c in checks]


def render(run: Run) -> tuple[str, list[Check]]:
    checks, _where = all_checks(run.start, run.window_end)
    local = (run.start + CHINA_OFFSET).strftime("%Y-%m-%d")
    sections = [
        [
            f"{run.scenario.title}: {run.scenario.days} days from {local} (China time), "
            f"seed {run.seed}; clock ran to {(run.end + CHINA_OFFSET):%Y-%m-%d %H:%M}; "
            f"{run.wall_seconds:.0f} s wall time"
        ],
        ["Orders and GMV", *market_lines(run)],
        ["Campaign", *campaign_lines(run)],
        ["Refusals and failed payments (top codes)", *refusal_lines(run)],
        ["Customs (China)", *customs_lines(run)],
        ["Delivery (China, partner network)", *delivery_lines(run)],
        ["Delivery (AU, NZ, SG, MY, national posts)", *post_lines(run)],
        ["Cold chain", *cold_chain_lines(run)],
        ["Payouts (top merchants)", *payout_lines(run)],
        ["Traffic", *orders_chart(run.orders_per_hour)],
        ["Invariants", *check_lines(checks)],
    ]
    return "\n\n".join("\n".join(s) for s in sections), checks
