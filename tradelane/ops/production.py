"""The production profile: check the environment, build the server and worker commands, and
supervise them as one unit (`tradelane serve --production`).

The web tier is gunicorn with threaded workers (`gthread`): Django and psycopg are synchronous,
a request mostly waits on PostgreSQL, so a few processes (one per core and a spare) each with a
few threads keep both cores busy without one connection per idle socket. Background work runs in
`tradelane worker` processes on the task queue. Every child runs with `DEBUG=false`, so the
profile never depends on what the shell happened to export.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Protocol

REQUIRED = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "ENCRYPTION_KEYS", "TASK_QUEUE_URL")
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
    queue_workers: int = 1  # `tradelane worker` processes; the first also runs the scheduler
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
    """Exactly one worker schedules the periodic jobs (`--beat`); the others only consume."""
    argvs = []
    for n in range(opts.queue_workers):
        argv = tradelane_argv("worker", f"--concurrency={opts.queue_concurrency}")
        if n == 0:
            argv.append("--beat")
        argvs.append(argv)
    return argvs


def preparation_argvs(opts: ProductionOptions) -> list[list[str]]:
    steps = [tradelane_argv("migrate", "--noinput")] if opts.migrate else []
    return [*steps, tradelane_argv("collectstatic", "--noinput", "--verbosity=0")]


@dataclass
class Supervisor:
    """Runs the long-lived processes together: if one dies the others are stopped, and SIGTERM
    or SIGINT stops them all (TERM first, KILL after the grace period)."""

    env: dict[str, str]
    out: Output
    grace: float = GRACE_SECONDS
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _stopping: bool = False

    def run_step(self, argv: Sequence[str]) -> None:
        self.out.write(f"$ {shown(argv)}\n")
        self.out.flush()
        subprocess.run(argv, env=self.env, check=True)

    def start(self, argv: Sequence[str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(list(argv), env=self.env)
        self.processes.append(process)
        self.out.write(f"started pid {process.pid}: {shown(argv)}\n")
        self.out.flush()
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

    def wait(self, poll_seconds: float = 0.5) -> int:
        """Block until a stop is asked for or a child exits; then stop everything. The exit code
        is 0 after a requested stop, otherwise the failed child's."""
        failed: int | None = None
        while not self._stopping and failed is None:
            failed = next((p.returncode for p in self.processes if p.poll() is not None), None)
            time.sleep(poll_seconds)
        self.stop()
        return 0 if failed is None else (failed or 1)

    def stop(self) -> None:
        for p in self.processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for p in self.processes:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def serve_production(opts: ProductionOptions, out: Output) -> int:
    """Check, prepare (migrations if asked, static files), then run the web server and the
    queue workers until stopped. Returns the exit code."""
    env = child_environment(os.environ)
    supervisor = Supervisor(env=env, out=out)
    for argv in preparation_argvs(opts):
        supervisor.run_step(argv)
    with supervisor.signals_trapped():
        supervisor.start(gunicorn_argv(opts))
        for argv in queue_worker_argvs(opts):
            supervisor.start(argv)
        return supervisor.wait()
