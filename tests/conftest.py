from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection

from tradelane.customs.models import PositiveListEntry
from tradelane.markets.models import FxRate, Market

REFERENCE_DATA = (  # the data migrations' writers: (module, function)
    ("tradelane.markets.migrations.0002_reference_markets", "create_markets"),
    ("tradelane.logistics.migrations.0002_reference_shipping_rates", "create_rates"),
)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Sign-ins are cheap in tests: production's hashers are slow by design (Argon2 ~0.13 s,
    PBKDF2 0.33 s here), and the suite hashes and checks passwords thousands of times (PBKDF2
    was over half its CPU time). Servers in their own process (the production profile's) and
    tests/accounts/test_password_hashing.py keep production's hashers."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _uses_db(request: pytest.FixtureRequest) -> str | None:
    names = request.fixturenames
    if "transactional_db" in names:
        return "transactional_db"
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return "transactional_db"
    if "db" in names or marker is not None:
        return "db"
    return None


@pytest.fixture(autouse=True)
def _fx_rates(request: pytest.FixtureRequest) -> None:
    """Tests that touch the database get the demo FX rates, as a fresh install has them."""
    kind = _uses_db(request)
    if kind is None:
        return
    request.getfixturevalue(kind)
    if not Market.objects.exists():
        # A transactional test before this one flushed the tables the data migrations fill.
        # Writing them again here, rather than serialized_rollback, works whatever order the
        # transactional tests run in (serialized rows clash with the content types a flush
        # recreates).
        for module, function in REFERENCE_DATA:
            getattr(importlib.import_module(module), function)(django_apps, None)
    if not FxRate.objects.exists():
        call_command("load_fx_rates", verbosity=0)
    if not PositiveListEntry.objects.exists():
        call_command("load_positive_list", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_attempt_counts() -> None:
    """Attempt limits count in a process-wide cache: each test starts with none."""
    from django.core.cache import caches

    caches["ratelimit"].clear()


@pytest.fixture
def on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL (CI runs it there)")


@pytest.fixture(autouse=True)
def _bank_files_in_tmp(tmp_path_factory: pytest.TempPathFactory, settings: Any) -> None:
    """Payout bank files go to a directory of the test's own: runs never share or clash."""
    storages = dict(settings.STORAGES)
    storages["bankfiles"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path_factory.mktemp("bankfiles"))},
    }
    settings.STORAGES = storages
