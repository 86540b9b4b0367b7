"""The production profile: check the environment, build the server and worker commands, and
supervise them as one unit (`tradelane serve --production`).

The web tier is gunicorn with threaded workers (`gthread`): Django and psycopg are synchronous,
a request mostly waits on PostgreSQL, so a few processes (one per core and a spare) each with a
few threads keep both cores busy without one connection per idle socket. Background work runs in
`tradelane worker` processes on the task queue. Every child runs with `DEBUG=false`, so the
profile never depends on what the shell happened to export.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import FrameType
from typing import Protocol

# CACHE_URL: the attempt limits (sign-in, sign-up, voucher guesses) must be one count for every
# web worker; without it they fall back to a per-process memory cache (e.g. on RabbitMQ).
REQUIRED = (
    "DATABASE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "ENCRYPTION_KEYS",
    "TASK_QUEUE_URL",
    "CACHE_URL",
)
QUEUE_SCHEMES = ("redis://", "rediss://", "amqp://", "amqps://")
GRACE_SECONDS = 20.0  # gunicorn's graceful timeout is shorter, so children exit on their own


class Output(Protocol):
    def write(self, msg: str, /) -> object: ...

    def flush(self) -> object: ...


@dataclass(frozen=True)
class ProductionOptions:
    bind: str = "0.0.0.0:8000"
    workers: int = 3
    threads: int = 8
    queue_workers: int = 1  # `tradelane worker` processes on the deliveries' queue
    queue_concurrency: int = 8
    migrate: bool = False
    timeout: int = 30
    keepalive: int = 5
    max_requests: int = 20_000  # recycle a worker now and then so a slow leak cannot grow


def missing_environment(env: Mapping[str, str]) -> list[str]:
    """What the production profile needs and the environment does not give, each with why."""
    problems = [f"{name} is not set" for name in REQUIRED if not env.get(name, "").strip()]
    url = env.get("DATABASE_URL", "")
    if url and not url.startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must be PostgreSQL (postgres://…)")
    queue = env.get("TASK_QUEUE_URL", "")
    if queue and not queue.startswith(QUEUE_SCHEMES):
        problems.append("TASK_QUEUE_URL must be Redis or RabbitMQ (redis://… or amqp://…)")
    if env.get("DEBUG", "false").strip().lower() in {"1", "true", "yes", "on"}:
        problems.append("DEBUG must be off (unset it or set DEBUG=false)")
    if env.get("DEMO_TIME_FACTOR", "1").strip() not in {"", "1"}:
        # Demo speed makes the simulated carriers scan parcels hours early; with real partners
        # it means nothing, so a leftover from the demo would only mislead an operator.
        problems.append("DEMO_TIME_FACTOR is for the demo only (unset it)")
    return problems


def child_environment(env: Mapping[str, str]) -> dict[str, str]:
    return {**env, "DEBUG": "false", "PYTHONUNBUFFERED": "1"}


def shown(argv: Sequence[str]) -> str:
    """The command as a person would type it (`tradelane worker …`, `gunicorn …`)."""
    if list(argv[1:3]) == ["-m", "tradelane.cli"]:
        return " ".join(["tradelane", *argv[3:]])
    return " ".join(argv[2:] if argv[1:2] == ["-m"] else argv)


def tradelane_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "tradelane.cli", *args]


def gunicorn_argv(opts: ProductionOptions) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tradelane.wsgi:application",
        f"--bind={opts.bind}",
        f"--workers={opts.workers}",
        "--worker-class=gthread",
        f"--threads={opts.threads}",
        f"--timeout={opts.timeout}",
        "--graceful-timeout=15",
        f"--keep-alive={opts.keepalive}",
        f"--max-requests={opts.max_requests}",
        f"--max-requests-jitter={opts.max_requests // 10}",
        "--access-logfile=-",
        "--error-logfile=-",
        # The proxy in front terminates TLS and says so in X-Forwarded-Proto.
        "--forwarded-allow-ips=*",
    ]


def queue_worker_argvs(opts: ProductionOptions) -> list[list[str]]:
    """The outbox workers on the default queue, one worker alone on the periodic jobs' queue
    (so a flood of deliveries cannot starve expiry and customs), and the one scheduler as its
    own process: supervised like the others, it cannot outlive a killed worker or double up."""
    argvs = [
        tradelane_argv(
            "worker",
            "--queues=celery",
            f"--concurrency={opts.queue_concurrency}",
            f"--name=outbox{n + 1}",
        )
        for n in range(opts.queue_workers)
    ]
    argvs.append(tradelane_argv("worker", "--queues=jobs", "--concurrency=1", "--name=jobs"))
    argvs.append(tradelane_argv("worker", "--beat-only"))
    return argvs


def preparation_argvs(opts: ProductionOptions) -> list[list[str]]:
    steps = [tradelane_argv("migrate", "--noinput")] if opts.migrate else []
    return [*steps, tradelane_argv("collectstatic", "--noinput", "--verbosity=0")]


PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _parent_death_signal() -> Callable[[], None] | None:
    """In the child, before exec: ask Linux to send SIGTERM when the supervisor dies (even by
    SIGKILL), so no child outlives it. Looked up before the fork; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def set_signal() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the supervisor died before the line above
            os._exit(1)

    return set_signal


def _become_subreaper() -> bool:
    """Linux: orphans of our children's descendants are re-parented to this process rather
    than to PID 1 (which, in a container, may be this process anyway), to be reaped here."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1) == 0
    except (OSError, AttributeError):
        return False


def _signal_group(pgid: int, signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


CAN_PEEK = hasattr(os, "waitid") and hasattr(os, "WNOWAIT")


def _ended(process: subprocess.Popen[bytes]) -> bool:
    """Whether the child has exited, WITHOUT reaping it where the system allows: until it is
    reaped its pid (and so its process group's id) cannot be given to another process, so its
    group may still be signalled safely. Elsewhere it is reaped here (`poll`)."""
    if process.returncode is not None:
        return True
    if not CAN_PEEK:
        return process.poll() is not None
    try:
        info = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:  # reaped elsewhere: let Popen record it
        return process.poll() is not None
    return info is not None


def _end_group(process: subprocess.Popen[bytes], signum: int = signal.SIGKILL) -> int:
    """Signal the group of a child that is alive or exited but not yet reaped (so the number
    is still its own), then reap the child; returns its exit code. Never called for a child
    already reaped: by then its pid may be another process's."""
    if process.returncode is None:
        _signal_group(process.pid, signum)
    return process.wait()


@dataclass
class Child:
    argv: list[str]
    process: subprocess.Popen[bytes]
    started_at: float
    quick_failures: int = 0  # exits in a row, each soon after its start
    restart_at: float | None = None
    deaths: list[float] = field(default_factory=list)  # exits since the last long healthy run


@dataclass
class Supervisor:
    """Runs the long-lived processes together. A child that exits is restarted alone, after a
    back-off, while the others keep running: the web keeps serving while a worker comes back.
    The back-off doubles (1 s to 30 s) with each exit within `death_window` seconds of the
    others, and starts over only after a run of `healthy_uptime` seconds, so a child that dies
    every few seconds is not restarted at full speed forever. A child that fails at once
    `max_quick_failures` times in a row is a misconfiguration: then everything stops with its
    exit code. SIGTERM or SIGINT stops all (TERM first, KILL after the grace period).

    Each child leads its own process group, and a child's whole group is killed when it exits
    (before the child is reaped, while its number is still its own), so nothing it started (a
    scheduler, a pool) outlives it; on Linux each child also gets SIGTERM if the supervisor
    itself dies. With `adopt_orphans` (the production profile, which may be PID 1 of a
    container) the supervisor is a child subreaper on Linux and reaps any orphan re-parented
    to it, so no zombie piles up."""

    env: dict[str, str]
    out: Output
    grace: float = GRACE_SECONDS
    backoff: float = 1.0
    max_backoff: float = 30.0
    min_uptime: float = 10.0  # a run shorter than this counts as failing at once
    max_quick_failures: int = 5
    healthy_uptime: float = 60.0  # a run this long starts the back-off over
    death_window: float = 300.0  # exits within this many seconds add up
    adopt_orphans: bool = False
    children: list[Child] = field(default_factory=list)
    _stopping: bool = False

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        """The current process of each child, in start order."""
        return [child.process for child in self.children]

    def run_step(self, argv: Sequence[str]) -> None:
        self.out.write(f"$ {shown(argv)}\n")
        self.out.flush()
        subprocess.run(argv, env=self.env, check=True)

    def _spawn(self, argv: Sequence[str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            list(argv), env=self.env, process_group=0, preexec_fn=_parent_death_signal()
        )
        self.out.write(f"started pid {process.pid}: {shown(argv)}\n")
        self.out.flush()
        return process

    def start(self, argv: Sequence[str]) -> subprocess.Popen[bytes]:
        process = self._spawn(argv)
        self.children.append(Child(list(argv), process, time.monotonic()))
        return process

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True

    @contextmanager
    def signals_trapped(self) -> Iterator[None]:
        """From here on SIGTERM and SIGINT ask for a stop instead of killing this process
        halfway, so no child is left behind."""
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    def _exited(self, child: Child, code: int) -> int | None:
        """Clean up after a child that exited and plan its restart; returns an exit code when
        it is failing at once too often to go on."""
        now = time.monotonic()
        ran = now - child.started_at
        child.quick_failures = child.quick_failures + 1 if ran < self.min_uptime else 0
        if ran >= self.healthy_uptime:
            child.deaths.clear()
        child.deaths = [t for t in child.deaths if now - t < self.death_window] + [now]
        if child.quick_failures >= self.max_quick_failures:
            self.out.write(
                f"pid {child.process.pid} exited with {code} {child.quick_failures} times in a "
                f"row at start: giving up ({shown(child.argv)})\n"
            )
            self.out.flush()
            return code or 1
        delay = min(self.backoff * 2 ** (len(child.deaths) - 1), self.max_backoff)
        child.restart_at = now + delay
        self.out.write(
            f"pid {child.process.pid} exited with {code}; restarting in {delay:.1f} s: "
            f"{shown(child.argv)}\n"
        )
        self.out.flush()
        return None

    def wait(self, poll_seconds: float = 0.5) -> int:
        """Supervise until a stop is asked for (exit code 0) or a child keeps failing at start
        (its exit code); then stop everything."""
        failed: int | None = None
        if self.adopt_orphans:
            _become_subreaper()
        while not self._stopping and failed is None:
            for child in self.children:
                if child.restart_at is not None:
                    if time.monotonic() >= child.restart_at and not self._stopping:
                        child.process = self._spawn(child.argv)
                        child.started_at, child.restart_at = time.monotonic(), None
                    continue
                if _ended(child.process):
                    # whatever it started goes with it, while its group id is still its own
                    code = _end_group(child.process)
                    failed = self._exited(child, code)
                    if failed is not None:
                        break
            if self.adopt_orphans:
                self._reap_orphans()
            time.sleep(poll_seconds)
        self.stop()
        return 0 if failed is None else failed

    def _reap_orphans(self) -> None:
        """Reap exited processes that are not our children's current processes (orphans that
        were re-parented here), looking before reaping so a known child is left to the loop."""
        if not CAN_PEEK:
            return
        known = {c.process.pid for c in self.children if c.process.returncode is None}
        while True:
            try:
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:  # no children at all
                return
            if info is None or info.si_pid in known:
                return
            with suppress(ChildProcessError):
                os.waitpid(info.si_pid, os.WNOHANG)

    def stop(self) -> None:
        """TERM to the group of every child not yet reaped, KILL to what is left after the
        grace period; a group is signalled only while its leader is alive or an unreaped zombie
        (the number still its own), never after, when the pid may be another process's."""
        live = [child for child in self.children if child.process.returncode is None]
        for child in self.children:
            child.restart_at = None
        for child in live:
            _signal_group(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child in live:
            while not _ended(child.process) and time.monotonic() < deadline:
                time.sleep(0.05)
            _end_group(child.process)  # anything left in its group, then the leader reaped
        if self.adopt_orphans:
            self._reap_orphans()


def serve_production(opts: ProductionOptions, out: Output) -> int:
    """Check, prepare (migrations if asked, static files), then run the web server and the
    queue workers until stopped. Returns the exit code."""
    env = child_environment(os.environ)
    supervisor = Supervisor(env=env, out=out, adopt_orphans=True)
    for argv in preparation_argvs(opts):
        supervisor.run_step(argv)
    with supervisor.signals_trapped():
        supervisor.start(gunicorn_argv(opts))
        for argv in queue_worker_argvs(opts):
            supervisor.start(argv)
        return supervisor.wait()
