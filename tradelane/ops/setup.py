"""Bring a database up to a working platform: schema, FX rates, the positive list, the
partner network and (unless asked not to) the demo data. Shared by `serve` and `simulate`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tradelane.customs.models import PositiveListEntry
from tradelane.logistics.models import Lane
from tradelane.markets.models import FxRate
from tradelane.merchants.models import Merchant


def platform_prepare(out: Any, *, demo: bool = True, scale: float = 1.0) -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    with no_statement_timeout():
        call_command("migrate", interactive=False, verbosity=0)
    if not FxRate.objects.exists():
        call_command("load_fx_rates")
    if not PositiveListEntry.objects.exists():
        call_command("load_positive_list")
    if not Lane.objects.exists():
        call_command("load_network")
    if demo and not Merchant.objects.exists():
        out.write("empty database: loading demo data (about half a minute)…\n")
        call_command("seed_demo", scale=scale)


@contextmanager
def no_statement_timeout() -> Iterator[None]:
    """For a migrate run from code: the process's connections have the statement timeout
    (settings.DB_STATEMENT_TIMEOUT_MS), which could cancel a long data migration half-way.
    Lifted on this connection for the block, then set back. (PostgreSQL only.)"""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(settings.DB_STATEMENT_TIMEOUT_MS)}")
