"""Browser journeys: Debian's headless Chromium driven by Playwright against a live server.

Without Chromium these tests are skipped with the reason, unless TRADELANE_E2E_REQUIRED is set
(`.ci/run` sets it after installing Chromium), in which case a missing browser fails the run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("TRADELANE_E2E_REQUIRED"):
            pytest.fail("Chromium is required (apt-get install chromium) but was not found")
        pytest.skip("no Chromium on this machine: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _new_page(browser: Any, base_url: str, **options: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser: Any, demo_site: str) -> Iterator[Any]:
    """A phone-sized page in Chinese, as a shopper in China holds it."""
    yield from _new_page(
        browser,
        demo_site,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def desk(browser: Any, demo_site: str) -> Iterator[Any]:
    """A desktop page in English (merchant portal, till, operator)."""
    yield from _new_page(
        browser, demo_site, viewport={"width": 1280, "height": 900}, locale="en-AU"
    )


@pytest.fixture
def demo_site(live_server: Any, transactional_db: None) -> str:
    """A live server over a small demo data set (network, FX, positive list, demo logins)."""
    call_command("load_network", verbosity=0)
    call_command("seed_demo", scale=0.02, stdout=StringIO())
    return str(live_server.url)


def screenshot(page: Any, name: str) -> None:
    """Save a page to docs/screenshots when TRADELANE_SCREENSHOTS is set (scripts/screenshots.py
    sets it), so the README's pictures come from the same journeys the tests walk."""
    if os.environ.get("TRADELANE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
