"""The production server for the HTTP benchmarks, exactly as documented
(`tradelane serve --production`), on the benchmark's own PostgreSQL database, and the load
generator run as a second process."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from tradelane.ops.production import tradelane_argv

STARTUP_SECONDS = 180.0
logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per health probe
LOG_PATH = settings.BASE_DIR / "var" / "bench-server.log"


@dataclass(frozen=True)
class ServerSpec:
    workers: int = 3
    threads: int = 8
    queue_workers: int = 1

    def describe(self) -> str:
        return (
            f"tradelane serve --production: gunicorn {self.workers} workers x {self.threads} "
            f"threads (gthread), {self.queue_workers} queue worker(s); PostgreSQL"
        )


class Quiet:
    """Where the set-up's progress lines go: the report is the output."""

    def write(self, msg: str) -> None:
        pass


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        raise CommandError(
            "The HTTP benchmarks run the production profile: set DATABASE_URL to a PostgreSQL "
            "database of their own (e.g. postgres://postgres@127.0.0.1:5432/tradelane_http)."
        )


def _encryption_keys() -> str:
    """The keys this process encrypts with, so the server reads what the setup wrote (the demo
    profile derives its key from SECRET_KEY, as `core.crypto` does)."""
    if settings.ENCRYPTION_KEYS:
        return ",".join(settings.ENCRYPTION_KEYS)
    derived = hashlib.sha256(f"tradelane-at-rest:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(derived).decode()


def server_environment() -> dict[str, str]:
    """The environment's own production values where given, bench values where not."""
    env = dict(os.environ)
    queue = env.get("TASK_QUEUE_URL") or "redis://127.0.0.1:6379/5"
    db = connection.settings_dict
    env.update(
        DEBUG="false",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        ENCRYPTION_KEYS=_encryption_keys(),
        TASK_QUEUE_URL=queue,
        CACHE_URL=env.get("CACHE_URL") or queue,
        CACHE_KEY_PREFIX="bench",
        ALLOWED_HOSTS=env.get("ALLOWED_HOSTS") or "127.0.0.1,localhost",
        STATIC_ROOT=str(settings.BASE_DIR / "var" / "bench-static"),
        LOG_LEVEL="WARNING",  # no access log noise in the measurement
    )
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace("@", f":{db['PASSWORD']}@", 1)
    if not os.environ.get("SECRET_KEY"):  # the development profile: the server gets its own
        env["SECRET_KEY"] = secrets.token_urlsafe(40)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    tail = LOG_PATH.read_text(errors="replace")[-3000:]
    raise CommandError(f"the production server did not become healthy:\n{tail}")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of a process and all its descendants, from /proc (Linux)."""
    ticks, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
            pending += _children(pid)
        except (OSError, IndexError, ValueError):
            continue  # exited meanwhile
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int

    def drive(self, plan: dict[str, Any]) -> dict[str, Any]:
        """Run the load generator against this server; the result also says how much CPU the
        server's processes (web and queue workers) spent per request, a figure that other work
        on the machine does not inflate the way it inflates latency."""
        before = tree_cpu_seconds(self.pid)
        result = run_loadgen({**plan, "base_url": self.base_url})
        spent = tree_cpu_seconds(self.pid) - before
        result["server_cpu_ms_per_request"] = round(1000 * spent / max(1, result["requests"]), 2)
        return result


@contextmanager
def production_server(spec: ServerSpec) -> Iterator[Server]:
    """Start the server, wait until /healthz answers, yield it; always stop it."""
    port = free_port()
    argv = tradelane_argv(
        "serve",
        "--production",
        f"--bind=127.0.0.1:{port}",
        f"--workers={spec.workers}",
        f"--threads={spec.threads}",
        f"--queue-workers={spec.queue_workers}",
    )
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    with LOG_PATH.open("wb") as log:
        process = subprocess.Popen(
            argv, env=server_environment(), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_healthy(base_url, process)
            yield Server(base_url, process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_loadgen(plan: dict[str, Any]) -> dict[str, Any]:
    """The load generator in its own process; its JSON result."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(plan, f)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tradelane.tools.loadgen", f.name],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        Path(f.name).unlink()
    if done.returncode != 0:
        raise CommandError(f"the load generator failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result
