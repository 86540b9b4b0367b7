"""The production profile: what it refuses to start without, the commands it builds, that it
stops every process it started, and the health endpoint. The real start against PostgreSQL and
Redis is the production check at the end of `.ci/run`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tradelane.ops import production
from tradelane.ops.production import ProductionOptions, Supervisor

COMPLETE = {
    "DATABASE_URL": "postgres://app@db:5432/tradelane",
    "SECRET_KEY": "s" * 50,
    "ALLOWED_HOSTS": "shop.example",
    "ENCRYPTION_KEYS": "k",
    "TASK_QUEUE_URL": "redis://queue:6379/0",
    "CACHE_URL": "redis://queue:6379/1",
}


def test_a_complete_environment_is_accepted() -> None:
    assert production.missing_environment(COMPLETE) == []


def test_every_missing_variable_is_named_at_once() -> None:
    assert production.missing_environment({}) == [f"{n} is not set" for n in production.REQUIRED]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"DATABASE_URL": "sqlite:///x.db"}, "DATABASE_URL must be PostgreSQL"),
        ({"TASK_QUEUE_URL": "memory://"}, "TASK_QUEUE_URL must be Redis or RabbitMQ"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"DEMO_TIME_FACTOR": "3600"}, "DEMO_TIME_FACTOR is for the demo only"),
        # attempt limits (sign-in, sign-up, voucher guesses) must be one count for all workers
        ({"CACHE_URL": ""}, "CACHE_URL is not set"),
        ({"TASK_QUEUE_URL": "amqp://mq:5672//", "CACHE_URL": ""}, "CACHE_URL is not set"),
    ],
)
def test_a_wrong_value_is_refused(change: dict[str, str], problem: str) -> None:
    [found] = production.missing_environment({**COMPLETE, **change})
    assert found.startswith(problem)


def test_serve_production_refuses_and_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in production.REQUIRED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(production, "serve_production", lambda *a: pytest.fail("started"))
    with pytest.raises(CommandError) as refused:
        call_command("serve", "--production")
    assert all(name in str(refused.value) for name in production.REQUIRED)


def test_the_server_and_workers_commands() -> None:
    opts = ProductionOptions(bind="127.0.0.1:9000", workers=3, threads=4, queue_workers=2)
    web = production.gunicorn_argv(opts)
    assert "tradelane.wsgi:application" in web
    assert {"--bind=127.0.0.1:9000", "--workers=3", "--threads=4", "--worker-class=gthread"} <= set(
        web
    )
    assert production.child_environment({"DEBUG": "true"})["DEBUG"] == "false"


def test_the_queues_and_the_scheduler_each_have_their_own_process() -> None:
    opts = ProductionOptions(queue_workers=2, queue_concurrency=6)
    shown = [production.shown(argv) for argv in production.queue_worker_argvs(opts)]
    assert shown == [
        "tradelane worker --queues=celery --concurrency=6 --name=outbox1",
        "tradelane worker --queues=celery --concurrency=6 --name=outbox2",
        "tradelane worker --queues=jobs --concurrency=1 --name=jobs",  # expiry, customs: alone
        "tradelane worker --beat-only",  # exactly one scheduler, supervised on its own
    ]


def _sleeper(supervisor: Supervisor, seconds: int = 60) -> None:
    supervisor.start([sys.executable, "-c", f"import time; time.sleep({seconds})"])


def _alive(pid: int) -> bool:
    """Running (a zombie nobody reaped, as in a container without an init, is not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in {"Z", "X"}
    except FileNotFoundError:
        return False


def _wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def running(tmp_path):
    """A supervisor running in a thread (stopped at the end, every child checked gone)."""
    supervisor = Supervisor(env=dict(os.environ), out=sys.stdout, grace=5)
    supervisor.backoff = 0.1  # restart quickly
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(supervisor.wait(poll_seconds=0.05)))
    yield supervisor, thread, result
    supervisor._on_signal(signal.SIGTERM, None)  # as SIGTERM would
    if thread.ident:
        thread.join(timeout=30)
    assert not any(p.poll() is None for p in supervisor.processes)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_child_is_restarted_alone_and_leaves_no_orphan(running, tmp_path) -> None:
    supervisor, thread, _result = running
    grandchild_file = tmp_path / "grandchild"
    web = supervisor.start([sys.executable, "-c", "import time; time.sleep(60)"])
    # Like `celery worker -B`: a worker that starts a child of its own (the old scheduler).
    spawning = (
        "import subprocess, sys, time\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(grandchild_file)!r}, 'w').write(str(p.pid))\n"
        "time.sleep(60)\n"
    )
    worker = supervisor.start([sys.executable, "-c", spawning])
    thread.start()
    assert _wait_until(lambda: grandchild_file.exists() and grandchild_file.read_text())
    grandchild = int(grandchild_file.read_text())
    grandchild_file.unlink()

    os.kill(worker.pid, signal.SIGKILL)

    assert _wait_until(lambda: supervisor.processes[1].pid != worker.pid)  # restarted
    assert _wait_until(lambda: not _alive(grandchild))  # its child did not outlive it
    assert supervisor.processes[0] is web  # the web server was not touched
    assert web.poll() is None
    assert thread.is_alive()  # still supervising
    assert _wait_until(lambda: grandchild_file.exists())  # the new one runs


def test_a_child_that_keeps_failing_at_once_stops_everything(running) -> None:
    supervisor, thread, result = running
    sleeper = supervisor.start([sys.executable, "-c", "import time; time.sleep(60)"])
    supervisor.start([sys.executable, "-c", "raise SystemExit(3)"])
    thread.start()
    thread.join(timeout=30)
    assert result == [3]  # a misconfiguration is not restarted forever
    assert sleeper.poll() is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal")
def test_children_do_not_outlive_a_killed_supervisor(tmp_path) -> None:
    child_file = tmp_path / "child"
    script = (
        "import os, sys\n"
        "from tradelane.ops.production import Supervisor\n"
        "s = Supervisor(env=dict(os.environ), out=sys.stdout)\n"
        "p = s.start([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(child_file)!r}, 'w').write(str(p.pid))\n"
        "s.wait(poll_seconds=0.05)\n"
    )
    supervisor = subprocess.Popen([sys.executable, "-c", script])
    try:
        assert _wait_until(lambda: child_file.exists() and child_file.read_text())
        child = int(child_file.read_text())
        assert _alive(child)
        supervisor.kill()
        supervisor.wait()
        assert _wait_until(lambda: not _alive(child))
    finally:
        supervisor.kill()


def test_sigterm_stops_every_child() -> None:
    supervisor = Supervisor(env=dict(os.environ), out=sys.stdout, grace=5)
    with supervisor.signals_trapped():
        _sleeper(supervisor)
        _sleeper(supervisor)
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()
        assert supervisor.wait(poll_seconds=0.05) == 0
    assert [p.returncode for p in supervisor.processes] == [-signal.SIGTERM] * 2


@pytest.mark.django_db
def test_healthz_answers_for_the_database_and_the_queue(settings) -> None:
    settings.TASK_QUEUE_URL = ""
    ok = Client().get("/healthz")
    body = ok.json()
    body.pop("jobs")  # the background jobs' state, tested in tests/ops/test_jobs.py
    assert (ok.status_code, body) == (
        200,
        {"status": "ok", "database": "ok", "queue": "in-process"},
    )
    settings.TASK_QUEUE_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    down = Client().get("/healthz")
    assert down.status_code == 503
    assert down.json()["queue"].startswith("error")


def test_commands_are_shown_as_typed() -> None:
    assert (
        production.shown(production.tradelane_argv("worker", "--beat")) == "tradelane worker --beat"
    )
    assert production.shown([sys.executable, "-m", "gunicorn", "x:app"]) == "gunicorn x:app"


@pytest.fixture
def readiness(settings, monkeypatch: pytest.MonkeyPatch):
    """/readyz with the broker up and the workers' answers scripted (a real worker answers in
    the production check): `consumers` holds the queues some worker consumes."""
    from tradelane.ops import health, selectors

    settings.TASK_QUEUE_URL = "redis://queue.invalid:6379/0"
    consumers = {"celery", "jobs"}
    monkeypatch.setattr(health, "queue_status", lambda: "ok")
    monkeypatch.setattr(health, "_queue_consumers", lambda url: set(consumers))
    health.forget_workers_status()
    selectors.forget_jobs_status()
    yield consumers
    health.forget_workers_status()
    selectors.forget_jobs_status()


@pytest.mark.django_db
def test_readiness_reports_a_dead_worker_while_health_stays_up(readiness) -> None:
    from tradelane.ops import health

    ready = Client().get("/readyz")
    assert (ready.status_code, ready.json()["workers"]) == (200, {"celery": "ok", "jobs": "ok"})
    readiness.discard("jobs")  # the jobs worker was killed
    health.forget_workers_status()
    dead = Client().get("/readyz")
    assert dead.status_code == 503
    assert dead.json()["workers"] == {"celery": "ok", "jobs": "no worker"}
    assert dead.json()["problems"] == ["no worker consumes the jobs queue"]
    assert Client().get("/healthz").status_code == 200  # the load balancer keeps this web up


@pytest.mark.django_db
def test_readiness_reports_jobs_that_lag(readiness) -> None:
    from datetime import timedelta

    from tradelane.core import clock
    from tradelane.ops import health
    from tradelane.ops.models import JobStep

    JobStep.objects.create(name="orders_expire_unpaid", last_run_at=clock.now())
    assert Client().get("/readyz").status_code == 200
    JobStep.objects.update(last_run_at=clock.now() - timedelta(minutes=10))
    from tradelane.ops.selectors import forget_jobs_status

    forget_jobs_status()
    lagging = Client().get("/readyz")
    assert lagging.status_code == 503
    assert lagging.json()["jobs_lag_seconds"] >= 600 > health.JOBS_LAG_LIMIT_SECONDS
    [problem] = lagging.json()["problems"]
    assert problem.startswith("the periodic jobs last ran 6")


@pytest.mark.django_db
def test_readiness_in_the_embedded_profile(settings) -> None:
    settings.TASK_QUEUE_URL = ""
    ready = Client().get("/readyz")
    assert (ready.status_code, ready.json()["workers"]) == (200, "in-process")


class Lines:
    """The supervisor's output, kept for the test to read (written from its thread)."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self._lock = threading.Lock()

    def write(self, msg: str, /) -> None:
        with self._lock:
            self.text.append(msg)

    def flush(self) -> None:
        pass

    def delays(self) -> list[float]:
        with self._lock:
            found = [
                line.split("restarting in ")[1] for line in self.text if "restarting in" in line
            ]
        return [float(d.split(" s")[0]) for d in found]


def _supervise(supervisor: Supervisor) -> tuple[threading.Thread, list[int]]:
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(supervisor.wait(poll_seconds=0.02)))
    thread.start()
    return thread, result


def _stop(supervisor: Supervisor, thread: threading.Thread) -> None:
    supervisor._on_signal(signal.SIGTERM, None)
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert not any(p.poll() is None for p in supervisor.processes)


def test_a_child_dying_again_and_again_waits_longer_each_time(tmp_path) -> None:
    """Each run is longer than the quick-failure limit, so the old count reset every time and
    the child came back after 1 s forever; deaths close together now double the wait, and only
    a long healthy run starts it over."""
    runs = tmp_path / "runs"
    script = (
        "import pathlib, time\n"
        f"runs = pathlib.Path({str(runs)!r})\n"
        "n = int(runs.read_text()) + 1 if runs.exists() else 1\n"
        "runs.write_text(str(n))\n"
        "time.sleep(1.6 if n == 5 else 0.3)\n"  # the fifth run is a long healthy one
        "raise SystemExit(1)\n"
    )
    out = Lines()
    supervisor = Supervisor(
        env=dict(os.environ), out=out, grace=5, backoff=0.1, min_uptime=0.2, healthy_uptime=1.0
    )
    supervisor.start([sys.executable, "-c", script])
    thread, result = _supervise(supervisor)
    try:
        assert _wait_until(lambda: len(out.delays()) >= 6, timeout=60), out.text
    finally:
        _stop(supervisor, thread)
    assert out.delays()[:6] == [0.1, 0.2, 0.4, 0.8, 0.1, 0.2]
    assert result == [0]  # never taken for a misconfiguration: each run lasted


def test_stop_never_signals_the_group_of_a_child_already_reaped(monkeypatch) -> None:
    """A reaped child's pid may belong to another process by now: only groups whose leader is
    known alive (or a zombie not yet reaped, which keeps the number reserved) are signalled."""
    signalled: list[tuple[int, bool]] = []
    started: list[subprocess.Popen[bytes]] = []
    real_killpg = os.killpg

    def killpg(pgid: int, signum: int) -> None:
        reaped = any(p.pid == pgid and p.returncode is not None for p in started)
        signalled.append((pgid, reaped))
        real_killpg(pgid, signum)

    monkeypatch.setattr(os, "killpg", killpg)
    supervisor = Supervisor(env=dict(os.environ), out=Lines(), grace=5, backoff=30.0)
    started.append(supervisor.start([sys.executable, "-c", "raise SystemExit(2)"]))
    started.append(supervisor.start([sys.executable, "-c", "import time; time.sleep(60)"]))
    thread, _result = _supervise(supervisor)
    try:
        assert _wait_until(lambda: started[0].returncode is not None)  # reaped, restart in 30 s
        time.sleep(0.2)
    finally:
        _stop(supervisor, thread)
    assert [pgid for pgid, reaped in signalled if reaped] == []
    assert started[1].pid in [pgid for pgid, _ in signalled]  # the live one was stopped


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


def _ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except FileNotFoundError:
        return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="child subreaper, /proc")
def test_orphans_are_adopted_and_reaped(tmp_path) -> None:
    """As PID 1 of a container, whatever a child leaves behind is re-parented to the supervisor:
    it adopts orphans (a child subreaper) and reaps them, so no zombie piles up."""
    orphan_file = tmp_path / "orphan"
    # A child whose own child starts a process in a session of its own and exits at once:
    # that process is an orphan, out of the child's group, and exits a moment later.
    leaves_an_orphan = (
        "import subprocess, sys, time\n"
        "code = ('import subprocess, sys; p = subprocess.Popen([sys.executable, \"-c\", '\n"
        "        '\"import time; time.sleep(1.5)\"], start_new_session=True); print(p.pid)')\n"
        "out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)\n"
        f"open({str(orphan_file)!r}, 'w').write(out.stdout.strip())\n"
        "time.sleep(60)\n"
    )
    script = (
        "import os, sys\n"
        "from tradelane.ops.production import Supervisor\n"
        "s = Supervisor(env=dict(os.environ), out=sys.stdout, adopt_orphans=True)\n"
        f"s.start([sys.executable, '-c', {leaves_an_orphan!r}])\n"
        "s.wait(poll_seconds=0.05)\n"
    )
    supervisor = subprocess.Popen([sys.executable, "-c", script])
    try:
        assert _wait_until(lambda: orphan_file.exists() and orphan_file.read_text(), timeout=20)
        orphan = int(orphan_file.read_text())
        assert _ppid(orphan) in {supervisor.pid, None}  # adopted (or already gone)
        assert _wait_until(lambda: _state(orphan) is None, timeout=10), _state(orphan)
    finally:
        supervisor.terminate()
        supervisor.wait(timeout=30)
