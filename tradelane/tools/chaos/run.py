"""One chaos run from start to clean-up (`tradelane chaos`).

1. A throwaway PostgreSQL database on the server DATABASE_URL names (the database DATABASE_URL
   names itself is never touched), migrated, with reference data, two merchants with a small
   catalogue and API keys, a shop with a till key, and funded consumers with tokens.
2. `tradelane serve --production` in its own process group, on that database and a Redis
   database of its own.
3. The load (ops.chaos.load) for `seconds`, with the fault injector (ops.chaos.faults) doing one
   fault every `interval` seconds in turn, and the monitor sampling health and queue depth. If
   the platform exits, that is recorded and the harness starts it again, so the money can still
   be checked.
4. /readyz must answer 200 within `READY_SECONDS` of the last fault (the supervisor brought
   every worker and the scheduler back); the operations whose outcome the clients never
   learned are replayed with their keys; the background jobs are run until a pass finds
   nothing to do (no clock is moved).
5. The checks (ops.chaos.checks); the report.

Whatever happens (a failure, Ctrl-C, SIGTERM), the platform's process group is stopped, the
database dropped and the Redis database emptied.
"""

from __future__ import annotations

import logging
import random
import re
import shutil
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import psycopg
import redis
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.db import connection, connections

from tradelane.core.money import Money
from tradelane.ops.production import tradelane_argv
from tradelane.ops.setup import platform_prepare
from tradelane.payments.models import LedgerAccount, TopUp
from tradelane.tools.bench import buyers
from tradelane.tools.bench.checkout import bench_catalog, bench_merchant
from tradelane.tools.bench.server import Quiet, free_port, server_environment
from tradelane.tools.chaos.checks import (
    CheckResult,
    Scope,
    check_queue,
    check_recovered,
    run_checks,
)
from tradelane.tools.chaos.clientlog import ClientLog, compare, summary_lines
from tradelane.tools.chaos.faults import Injector, Monitor, Platform, wait_healthy, wait_ready
from tradelane.tools.chaos.load import Cast, Shopper, Tally, replay_unknown

DOC = Path(__file__).resolve().parents[3] / "docs" / "reliability.md"
DRAIN_SECONDS = 90.0
DRAIN_FAILURES = 10
READY_SECONDS = 60.0  # after the last fault, the platform's own supervision has this long


@dataclass(frozen=True)
class ChaosOptions:
    seconds: float = 240.0
    clients: int = 8
    interval: float = 8.0  # seconds between faults
    warm_up: float = 5.0  # load before the first fault
    web_workers: int = 2
    threads: int = 4
    database: str = "tradelane_chaos"
    queue_url: str = "redis://127.0.0.1:6379/7"
    queue_bound: int = 500
    keep: bool = False
    seed: int = 0

    @classmethod
    def short(cls, **overrides: Any) -> ChaosOptions:
        """CI's run: every fault at least twice in under a minute of load."""
        return cls(**{"seconds": 50.0, "clients": 6, "interval": 5.0, "warm_up": 3.0, **overrides})


@dataclass
class ChaosReport:
    options: ChaosOptions
    kind: str
    checks: list[CheckResult] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    seconds_total: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def text(self) -> str:
        failed = [c.name for c in self.checks if not c.ok]
        verdict = "all checks passed" if self.ok else f"FAILED: {', '.join(failed) or 'no checks'}"
        return "\n".join(
            [
                *self.lines,
                "checks:",
                *(f"  {line}" for c in self.checks for line in c.lines()),
                f"verdict: {verdict} ({self.seconds_total:.0f} s in all)",
            ]
        )


def _dsn(dbname: str) -> str:
    s = connection.settings_dict
    parts = [
        f"host={s['HOST'] or '127.0.0.1'}",
        f"port={s['PORT'] or 5432}",
        f"user={s['USER'] or 'postgres'}",
        f"dbname={dbname}",
    ]
    if s.get("PASSWORD"):
        parts.append(f"password={s['PASSWORD']}")
    return " ".join(parts)


def _check_name(name: str) -> None:
    if not re.fullmatch(r"tradelane_chaos\w*", name):
        raise CommandError("The chaos database's name must start with tradelane_chaos.")


@contextmanager
def throwaway_database(name: str) -> Iterator[str]:
    """Create `name` (dropping a leftover), point Django's connection at it, and always drop
    it afterwards and point the connection back."""
    _check_name(name)
    if connection.vendor != "postgresql":
        raise CommandError(
            "The chaos run needs PostgreSQL: set DATABASE_URL to a PostgreSQL server"
            " (e.g. postgres://postgres@127.0.0.1:5432/tradelane); it makes its own database."
        )
    admin = _dsn("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    original = connection.settings_dict["NAME"]
    connections.close_all()
    connection.settings_dict["NAME"] = name
    try:
        yield _dsn(name)
    finally:
        connections.close_all()
        connection.settings_dict["NAME"] = original
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the run the way Ctrl-C does, so the clean-up runs."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def prepare(tag: str, clients: int) -> tuple[Cast, Scope]:
    """Reference data, merchants, catalogue, keys, a shop, and funded consumers."""
    from tradelane.merchants.services import api_key_create, shop_create

    platform_prepare(Quiet(), demo=False)
    merchants = [bench_merchant(n, tag) for n in range(2)]
    listings = bench_catalog(merchants, 6)
    owner = User.objects.create_user(username=f"owner-{tag}@chaos.test", password=None)
    keys = {
        m.trading_name: api_key_create(merchant=m, name="chaos", created_by=owner)[0]
        for m in merchants
    }
    shop = shop_create(
        merchant=merchants[0], name="Chaos shop", address="1 Chaos St", city="Sydney"
    )
    till_key, _ = api_key_create(merchant=merchants[0], name="till", created_by=owner, shop=shop)
    people = buyers.shoppers(tag, clients, funds=Money.of("20000", "CNY"))
    cast = Cast(
        consumers=[
            {"id": b.consumer_id, "token": b.token, "address_id": b.address_id} for b in people
        ],
        merchant_keys=keys,
        shop_key=till_key,
        shop_id=shop.pk,
        listing_ids=[listing.pk for listing in listings],
    )
    scope = Scope(
        consumer_ids=[b.consumer_id for b in people],
        shop_ids=[shop.pk],
        topups_before=frozenset(TopUp.objects.values_list("pk", flat=True)),
    )
    return cast, scope


@dataclass
class Drain:
    passes: int = 0
    quiet: bool = False  # two passes in a row found nothing to do, and failed nowhere
    errors: list[str] = field(default_factory=list)

    def check(self) -> CheckResult:
        return CheckResult(
            "background jobs drained",
            self.quiet,
            f"{self.passes} passes of run_due_jobs after the load, {len(self.errors)} with a"
            f" failure; quiet at the end: {'yes' if self.quiet else 'no'}",
            self.errors,
        )


def _failed_steps(done: dict[str, int]) -> str:
    """The steps a pass reports failed (`failed:<step>`: a step's failure no longer stops the
    others), with their last error where the platform records it."""
    failed = sorted(k.removeprefix("failed:") for k, v in done.items() if k.startswith("failed:"))
    if not failed:
        return ""
    try:
        from tradelane.ops.models import JobStep

        errors = dict(JobStep.objects.filter(name__in=failed).values_list("name", "last_error"))
    except ImportError:
        errors = {}
    return "; ".join(f"{name}: {errors.get(name) or 'failed'}" for name in failed)


def drain(echo: Callable[[str], None]) -> Drain:
    """Run the background jobs until two passes in a row find nothing to do and fail nowhere
    (no clock is moved); give up after `DRAIN_SECONDS` or `DRAIN_FAILURES` failing passes in a
    row. A pass fails when it raises or reports a failed step."""
    from tradelane.ops.jobs import run_due_jobs

    result, quiet, failing = Drain(), 0, 0
    jobs_log = logging.getLogger("tradelane")
    level = jobs_log.level
    jobs_log.setLevel(logging.CRITICAL)  # the jobs' own lines are not the report
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline and quiet < 2 and failing < DRAIN_FAILURES:
        connections.close_all()  # the faults may have ended this process's connection
        result.passes += 1
        try:
            done = run_due_jobs()
            failure = _failed_steps(done)
        except Exception as exc:
            done, failure = {}, f"{type(exc).__name__}: {str(exc)[:200]}"
        if failure:
            result.errors.append(f"pass {result.passes}: {failure}")
            failing, quiet = failing + 1, 0
            time.sleep(1)
            continue
        failing = 0
        quiet = quiet + 1 if not any(done.values()) else 0
    connections.close_all()
    jobs_log.setLevel(level)
    result.quiet = quiet >= 2
    echo(f"drain: {result.passes} passes of the background jobs, {len(result.errors)} failed")
    return result


def _tokens(cast: Cast) -> dict[str, str]:
    tokens = {f"consumer:{c['id']}": str(c["token"]) for c in cast.consumers}
    tokens[f"shop:{cast.shop_id}"] = cast.shop_key
    tokens.update({f"merchant:{name}": key for name, key in cast.merchant_keys.items()})
    return tokens


class _Restarter:
    """Called by the monitor when the platform has exited: record it, start it again."""

    def __init__(self, platform: Platform, base_url: str, started: float) -> None:
        self.platform, self.base_url, self.started = platform, base_url, started

    def __call__(self) -> None:
        with self.platform.lock:
            if self.platform.alive() or self.platform.closing:
                return
            code = self.platform.process.returncode if self.platform.process else None
            self.platform.exits.append(
                {"at": round(time.monotonic() - self.started, 1), "code": code}
            )
            self.platform.stop(grace=5)
            self.platform.start()
            wait_healthy(self.base_url, self.platform)


def run(opts: ChaosOptions, *, kind: str, echo: Callable[[str], None] = print) -> ChaosReport:
    began = time.monotonic()
    report = ChaosReport(opts, kind)
    work = Path(tempfile.mkdtemp(prefix="tradelane-chaos-"))
    queue = redis.Redis.from_url(opts.queue_url)
    platform: Platform | None = None
    stop_load, stop_faults, stop_monitor = threading.Event(), threading.Event(), threading.Event()
    try:
        with sigterm_as_interrupt(), throwaway_database(opts.database) as dsn:
            try:
                queue.flushdb()
                tag = uuid.uuid4().hex[:10]
                echo(f"preparing the database {opts.database} (migrations, reference data, cast)…")
                cast, scope = prepare(tag, opts.clients)
                lock_table = LedgerAccount._meta.db_table
                connections.close_all()

                port = free_port()
                base_url = f"http://127.0.0.1:{port}"
                env = {
                    **server_environment(),
                    "TASK_QUEUE_URL": opts.queue_url,
                    "CACHE_URL": opts.queue_url,
                    "CACHE_KEY_PREFIX": f"chaos-{tag}",
                    "STATIC_ROOT": str(work / "static"),
                    "LOG_LEVEL": "WARNING",
                }
                argv = tradelane_argv(
                    "serve",
                    "--production",
                    f"--bind=127.0.0.1:{port}",
                    f"--workers={opts.web_workers}",
                    f"--threads={opts.threads}",
                    "--queue-workers=1",
                )
                platform = Platform(argv, env, work / "server.log")
                platform.start()
                echo(f"starting `tradelane serve --production` on {base_url}…")
                if not wait_healthy(base_url, platform):
                    tail = platform.log_path.read_text(errors="replace")[-3000:]
                    raise CommandError(f"the production server did not become healthy:\n{tail}")

                log = ClientLog(work / "client-log.jsonl")
                tally = Tally()
                load_started = time.monotonic()
                injector = Injector(platform, dsn, opts.database, lock_table, "liquidity:CNY")
                restart = _Restarter(platform, base_url, load_started)
                monitor = Monitor(base_url, opts.queue_url, platform, restart)
                threads = [
                    threading.Thread(target=monitor.run, args=(stop_monitor,), daemon=True),
                    threading.Thread(
                        target=injector.run_schedule,
                        args=(stop_faults, opts.interval, opts.warm_up),
                        daemon=True,
                    ),
                ]
                deadline = load_started + opts.seconds
                shoppers = [
                    Shopper(n, base_url, cast, log, deadline, stop_load, tally, opts.seed)
                    for n in range(opts.clients)
                ]
                echo(
                    f"load: {opts.clients} clients for {opts.seconds:.0f} s, a fault every"
                    f" {opts.interval:.0f} s after {opts.warm_up:.0f} s…"
                )
                for t in [*threads, *shoppers]:
                    t.start()
                for s in shoppers:
                    s.join(timeout=max(0.0, deadline - time.monotonic()) + 120)
                stop_load.set()
                stop_faults.set()
                threads[1].join(timeout=30)
                faults_ended = time.monotonic()
                load_seconds = faults_ended - load_started

                healthy_after = _serving_after_load(platform, base_url, restart)
                # Before the drain, which runs the jobs here and would hide a jobs worker or a
                # scheduler the supervisor never brought back.
                ready_after = wait_ready(base_url, READY_SECONDS, since=faults_ended)
                echo(
                    f"/readyz: 200 {ready_after:.0f} s after the last fault"
                    if ready_after is not None
                    else f"/readyz: not ready {READY_SECONDS:.0f} s after the last fault"
                )
                replayed, settled = replay_unknown(
                    base_url, log, _tokens(cast), random.Random(opts.seed)
                )
                echo(
                    f"load stopped after {load_seconds:.0f} s; replayed {replayed} unknown outcomes"
                )
                drained = drain(echo)
                time.sleep(2)  # one more queue sample after the drain
                stop_monitor.set()
                threads[0].join(timeout=10)
                log.close()

                comparison = compare(log.attempts, [])
                report.lines = _describe(
                    opts, kind, load_seconds, tally, injector, platform, monitor, comparison
                )
                report.lines.append(
                    f"after the load: replayed {replayed} keys ({settled} definitive);"
                    f" {drained.passes} passes of the background jobs to drain,"
                    f" {len(drained.errors)} failed"
                )
                extra = [
                    lambda: check_queue(
                        monitor.max_depth,
                        monitor.last_depth,
                        opts.queue_bound,
                        monitor.depth_samples,
                        len(monitor.errors),
                    ),
                    lambda: _platform_check(platform, healthy_after),
                    lambda: check_recovered(ready_after, READY_SECONDS),
                    drained.check,
                    lambda: _clients_check(shoppers),
                ]
                report.checks = run_checks(log.attempts, scope, extra)
                if opts.keep:
                    kept = Path(tempfile.mkdtemp(prefix="tradelane-chaos-kept-"))
                    shutil.copy(work / "client-log.jsonl", kept)
                    shutil.copy(work / "server.log", kept)
                    echo(f"client log and server log kept in {kept}")
            finally:
                stop_load.set()
                stop_faults.set()
                stop_monitor.set()
                if platform is not None:  # stopped before its database is dropped
                    platform.closing = True
                    with platform.lock:
                        platform.stop()
    finally:
        with suppress(redis.RedisError):
            queue.flushdb()
        shutil.rmtree(work, ignore_errors=True)
    report.seconds_total = time.monotonic() - began
    return report


def _serving_after_load(platform: Platform, base_url: str, restart: _Restarter) -> bool:
    """Whether the platform serves after the load, waited for (the last fault may have just
    taken it down: an exit is recorded and it is started again, so the replays and the drain
    run against a platform that answers)."""
    deadline = time.monotonic() + 180
    healthy = False
    while time.monotonic() < deadline and not healthy:
        time.sleep(1.5)  # let an exit that is under way show
        if not platform.alive():
            restart()
        with platform.lock:
            healthy = wait_healthy(base_url, platform, seconds=30)
    return healthy


def _platform_check(platform: Platform, healthy_after: bool) -> CheckResult:
    exits = platform.exits
    details = [
        f"`serve --production` exited (code {e['code']}) {e['at']} s into the load;"
        " the harness started it again"
        for e in exits
    ]
    if not healthy_after:
        details.append("/healthz did not answer 200 within 180 s after the load")
    return CheckResult(
        "platform survived the faults",
        not details,
        f"{len(exits)} exits of `serve --production`; healthy after the load:"
        f" {'yes' if healthy_after else 'no'}",
        details,
    )


def _clients_check(shoppers: list[Shopper]) -> CheckResult:
    broken = [f"{s.name}: {s.failure}" for s in shoppers if s.failure]
    return CheckResult(
        "load clients ran clean",
        not broken,
        f"{len(broken)} of {len(shoppers)} client threads raised",
        broken,
    )


def _describe(
    opts: ChaosOptions,
    kind: str,
    load_seconds: float,
    tally: Tally,
    injector: Injector,
    platform: Platform,
    monitor: Monitor,
    comparison: Any,
) -> list[str]:
    started = ", ".join(f"{k} {n}" for k, n in sorted(tally.started.items()))
    faults = ", ".join(f"{k} x{n}" for k, n in sorted(injector.counts.items()))
    return [
        f"chaos run ({kind}) {datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
        f"  platform: tradelane serve --production, {opts.web_workers} web workers x"
        f" {opts.threads} threads, its queue workers and scheduler; PostgreSQL, Redis",
        f"  load: {opts.clients} clients for {load_seconds:.0f} s; started {started};"
        f" {tally.aborted_before_money} abandoned before any money request",
        *(f"  {line}" for line in summary_lines(comparison)),
        f"  faults: {faults or 'none'}; {injector.terminated_backends} backends terminated",
        f"  platform exits: {len(platform.exits)}; /healthz failed in {monitor.unhealthy} of"
        f" {monitor.samples} one-second samples"
        + (
            f", /readyz not ready in {monitor.not_ready} of {monitor.samples // 5}"
            if monitor.not_ready is not None
            else ""
        )
        + f"; max queue depth {monitor.max_depth}"
        f" {monitor.depth_at_max or ''}",
    ]


def write_doc(report: ChaosReport, doc: Path = DOC) -> None:
    """Replace the run's generated block in docs/reliability.md (appending it if missing)."""
    start, end = f"<!-- chaos:{report.kind} -->", f"<!-- /chaos:{report.kind} -->"
    body = f"{start}\n```\n{report.text()}\n```\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Reliability\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: body, text, count=1)
    else:
        text = text.rstrip("\n") + f"\n\n{body}\n"
    doc.write_text(text, encoding="utf-8")
