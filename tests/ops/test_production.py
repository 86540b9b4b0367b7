"""The production profile: what it refuses to start without, the commands it builds, that it
stops every process it started, and the health endpoint. The real start against PostgreSQL and
Redis is the production check at the end of `.ci/run`."""

from __future__ import annotations

import os
import signal
import sys
import threading

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
    workers = production.queue_worker_argvs(opts)
    assert [argv.count("--beat") for argv in workers] == [1, 0]  # exactly one scheduler
    assert production.child_environment({"DEBUG": "true"})["DEBUG"] == "false"


def _sleeper(supervisor: Supervisor, seconds: int = 60) -> None:
    supervisor.start([sys.executable, "-c", f"import time; time.sleep({seconds})"])


def test_a_child_that_dies_stops_the_others() -> None:
    supervisor = Supervisor(env=dict(os.environ), out=sys.stdout, grace=5)
    _sleeper(supervisor)
    supervisor.start([sys.executable, "-c", "raise SystemExit(3)"])
    assert supervisor.wait(poll_seconds=0.05) == 3
    assert all(p.poll() is not None for p in supervisor.processes)


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
