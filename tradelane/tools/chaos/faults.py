"""The platform's processes, the faults done to them, and the monitor that watches the run.

The platform is `tradelane serve --production` in its own session (process group): the
supervisor, the gunicorn master and its web workers, and the queue worker with its beat child.
Faults: SIGKILL a web worker; SIGKILL the queue worker and its beat child; terminate every
database backend of the run's database but the injector's own (`pg_terminate_backend`); hold
a row lock on a hot ledger account for a few seconds. The monitor samples `/healthz` and the
depth of every list in the task queue's Redis database once a second.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import redis

FAULTS = ("kill_web_worker", "terminate_backends", "kill_queue_worker", "hold_row_lock")
ROW_LOCK_SECONDS = 4.0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def descendants(pid: int) -> list[int]:
    found, pending = [], children(pid)
    while pending:
        p = pending.pop()
        found.append(p)
        pending += children(p)
    return found


@dataclass
class Platform:
    """The running `serve --production`; restarted by the harness if it exits."""

    argv: list[str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    exits: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: bool = False  # the run is over: no more restarts

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed whole at the end
            )

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def gunicorn_workers(self) -> list[int]:
        masters = [p for p in children(self.pid) if "gunicorn" in cmdline(p)]
        return [w for m in masters for w in children(m)]

    def queue_workers(self) -> list[int]:
        """Every `tradelane worker` the supervisor runs: the queue workers and, where it is a
        process of its own, the scheduler (`worker --beat-only`)."""
        return [p for p in children(self.pid) if "tradelane.cli worker" in cmdline(p)]

    def stop(self, grace: float = 30.0) -> None:
        """SIGTERM the whole group, SIGKILL whatever is left after `grace` seconds."""
        if self.process is None:
            return
        pgid = self.process.pid
        _signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _group_alive(pgid):
            time.sleep(0.25)
        _signal_group(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_healthy(base_url: str, platform: Platform, seconds: float = 180.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not platform.alive() or platform.closing:
            return False
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    return False


def wait_ready(
    base_url: str, seconds: float, poll: float = 1.0, since: float | None = None
) -> float | None:
    """Wait until `/readyz` answers 200 (a worker consumes each queue, the periodic jobs do not
    lag) until `seconds` after `since` (a monotonic time; now if None); returns how long after
    `since` it did, or None if it never did in time (a 404, no /readyz, is never ready)."""
    start = time.monotonic() if since is None else since
    deadline = start + seconds
    with httpx.Client(base_url=base_url, timeout=5.0) as http:
        while True:
            try:
                if http.get("/readyz").status_code == 200:
                    return time.monotonic() - start
            except httpx.HTTPError:
                pass
            if time.monotonic() + poll > deadline:
                return None
            time.sleep(poll)


@dataclass
class FaultEvent:
    at: float  # seconds since the load started
    fault: str
    detail: str


@dataclass
class Injector:
    """Does one fault at a time, in turn, every `interval` seconds of the load."""

    platform: Platform
    dsn: str
    database: str
    lock_table: str
    lock_code: str
    started: float = 0.0
    events: list[FaultEvent] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    terminated_backends: int = 0

    def note(self, fault: str, detail: str) -> None:
        self.events.append(FaultEvent(round(time.monotonic() - self.started, 1), fault, detail))
        self.counts[fault] = self.counts.get(fault, 0) + 1

    def kill_web_worker(self) -> None:
        workers = self.platform.gunicorn_workers()
        if not workers:
            self.note("kill_web_worker", "no web worker found")
            return
        victim = workers[len(self.events) % len(workers)]
        _kill(victim)
        self.note("kill_web_worker", f"SIGKILL web worker {victim}")

    def kill_queue_worker(self) -> None:
        found = self.platform.queue_workers()
        if not found:
            self.note("kill_queue_worker", "no queue worker found")
            return
        victims = [pid for w in found for pid in (*descendants(w), w)]  # a beat child first
        names = [_name(w) for w in found]
        for pid in victims:
            _kill(pid)
        self.note("kill_queue_worker", f"SIGKILL {names} and their children ({len(victims)})")

    def terminate_backends(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.database,),
            ).fetchone()
        n = int(row[0]) if row else 0
        self.terminated_backends += n
        self.note("terminate_backends", f"pg_terminate_backend on {n} backends")

    def hold_row_lock(self) -> None:
        with psycopg.connect(self.dsn) as conn:
            conn.execute(
                f'SELECT 1 FROM "{self.lock_table}" WHERE code = %s FOR UPDATE', (self.lock_code,)
            )
            time.sleep(ROW_LOCK_SECONDS)
            conn.rollback()
        self.note("hold_row_lock", f"{self.lock_code} locked FOR UPDATE for {ROW_LOCK_SECONDS} s")

    def run_schedule(self, stop: threading.Event, interval: float, warm_up: float) -> None:
        self.started = time.monotonic()
        if stop.wait(warm_up):
            return
        n = 0
        while not stop.is_set():
            fault = FAULTS[n % len(FAULTS)]
            try:
                getattr(self, fault)()
            except Exception as exc:  # a fault that could not be done is reported, not fatal
                self.note(fault, f"could not: {type(exc).__name__}: {exc}")
            n += 1
            if stop.wait(interval):
                return


def _name(pid: int) -> str:
    """`worker --queues=jobs …` for a worker's command line."""
    line = cmdline(pid)
    return line[line.index("worker") :].strip() if "worker" in line else str(pid)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@dataclass
class Monitor:
    """Samples health and queue depth once a second; notices the platform exiting."""

    base_url: str
    queue_url: str
    platform: Platform
    on_exit: Callable[[], None]
    samples: int = 0
    depth_samples: int = 0  # samples that read the queue (the others are in `errors`)
    unhealthy: int = 0
    not_ready: int | None = None  # /readyz not 200; None where the platform has no /readyz
    max_depth: int = 0
    depth_at_max: dict[str, int] = field(default_factory=dict)
    last_depth: int = 0
    errors: list[str] = field(default_factory=list)
    _restarting: threading.Thread | None = None

    def _platform_exited(self) -> None:
        """Start the platform again in a thread of its own, so the sampling goes on."""
        if self._restarting is None or not self._restarting.is_alive():
            self._restarting = threading.Thread(target=self.on_exit, daemon=True)
            self._restarting.start()

    def depth(self, client: redis.Redis) -> dict[str, int]:
        depths = {}
        for key in client.scan_iter(count=500, _type="list"):
            name = key.decode() if isinstance(key, bytes) else str(key)
            depths[name] = int(client.llen(key))
        return depths

    def sample(self, client: redis.Redis, http: httpx.Client) -> None:
        """The queue first (the figure that is checked), then /healthz, and /readyz every fifth
        time (it asks the workers through the broker, which takes a while)."""
        self.samples += 1
        try:
            depths = self.depth(client)
            self.depth_samples += 1
            self.last_depth = sum(depths.values())
            if self.last_depth >= self.max_depth:
                self.max_depth, self.depth_at_max = self.last_depth, depths
        except redis.RedisError as exc:
            self.errors.append(f"redis: {exc}")
        try:
            healthy = http.get("/healthz").status_code == 200
        except httpx.HTTPError:
            healthy = False
        self.unhealthy += not healthy
        if self.samples % 5:
            return
        try:
            ready = http.get("/readyz").status_code
        except httpx.HTTPError:
            ready = 0
        if ready != 404:
            self.not_ready = (self.not_ready or 0) + (ready != 200)

    def run(self, stop: threading.Event) -> None:
        client = redis.Redis.from_url(self.queue_url)
        with httpx.Client(base_url=self.base_url, timeout=2.0) as http:
            while not stop.wait(1.0):
                if not self.platform.alive():
                    self._platform_exited()
                self.sample(client, http)
        client.close()
