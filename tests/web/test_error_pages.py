"""With DEBUG off (as `tradelane serve` runs) a missing page is a real page in the shopper's
language with a way back, never Django's technical 404 that lists the URL patterns; the 500
page renders without the database. `tradelane serve` itself turns DEBUG off and finds its keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory

from tests import factories
from tradelane import cli
from tradelane.web.views import errors

pytestmark = pytest.mark.django_db
TECHNICAL = ("URLconf", "urlpatterns", "Using the URLconf", "Django tried these URL patterns")


@pytest.fixture(autouse=True)
def _debug_off(settings: Any) -> None:
    settings.DEBUG = False


def test_a_missing_product_under_cn_is_a_chinese_404_with_a_way_back() -> None:
    response = Client().get("/cn/p/987654/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'lang="zh-Hans"' in page
    assert 'href="/cn/"' in page
    assert "返回商城" in page
    assert not any(word in page for word in TECHNICAL)


def test_an_unknown_address_under_cn_is_chinese_too_and_elsewhere_english() -> None:
    chinese = Client().get("/cn/no/such/page/")
    assert chinese.status_code == 404
    assert "页面不存在" in chinese.content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get("/nowhere/at/all/")
    page = english.content.decode()
    assert english.status_code == 404
    assert "Page not found" in page
    assert 'lang="en"' in page
    assert not any(word in page for word in TECHNICAL)


def test_a_shopper_who_chose_english_gets_the_english_404_under_cn() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/cn/"})
    page = client.get("/cn/p/987654/").content.decode()
    assert "Page not found" in page
    assert "Back to the shop" in page


def test_the_500_page_renders_in_the_shoppers_language_without_the_database() -> None:
    chinese = errors.server_error(RequestFactory().get("/cn/p/1/"))
    assert chinese.status_code == 500
    assert "出错了" in chinese.content.decode()
    assert 'href="/cn/"' in chinese.content.decode()
    english = errors.server_error(RequestFactory().get("/wallet/"))
    assert "Something went wrong" in english.content.decode()


def test_a_view_that_fails_answers_the_500_page() -> None:
    listing = factories.listed(factories.merchant(), "CN", fixed="10.00")
    client = Client(raise_request_exception=False)
    from unittest import mock

    with mock.patch("tradelane.web.views.storefront.storefront_product", side_effect=RuntimeError):
        response = client.get(f"/cn/p/{listing.pk}/")
    assert response.status_code == 500
    assert "出错了" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_tradelane_serve_runs_with_debug_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    import django.core.management

    ran: list[list[str]] = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", ran.append)
    for name in ("DEBUG", "TRADELANE_LOCAL_DEMO"):
        monkeypatch.delenv(name, raising=False)
    cli.main(["serve", "--production"])
    assert "DEBUG" not in os.environ  # production reads its own environment
    cli.main(["serve"])
    assert os.environ["DEBUG"] == "false"
    assert os.environ["TRADELANE_LOCAL_DEMO"] == "true"
    monkeypatch.setenv("DEBUG", "true")
    cli.main(["serve"])
    assert os.environ["DEBUG"] == "true"  # a developer may still ask for DEBUG
    assert ran[-1] == ["tradelane", "serve"]


def test_the_local_demo_starts_without_typed_keys_and_keeps_them(tmp_path: Path) -> None:
    """Settings with DEBUG off and no SECRET_KEY/ENCRYPTION_KEYS, in a child process: the local
    demo makes its keys once under var/ (private to the user) and reads the same ones again."""
    probe = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='tradelane.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECRET_KEY, s.ENCRYPTION_KEYS[0], s.SESSION_COOKIE_SECURE, s.SERVE_MEDIA)"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ENCRYPTION_KEYS", "DEBUG")
    }
    env.update(DEBUG="false", TRADELANE_LOCAL_DEMO="true", SQLITE_PATH=str(tmp_path / "x.db"))
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    debug, secret, _key, secure_cookie, serve_media = first.stdout.split()
    assert debug == "False"
    assert secure_cookie == "False"
    assert serve_media == "True"
    assert secret != "dev-only-insecure-key-change-me"
    assert len(secret) > 40
    assert again.stdout == first.stdout  # the same keys next time: sessions and data survive
    key_file = Path(__file__).resolve().parents[2] / "var" / "local-secret-key"
    assert key_file.stat().st_mode & 0o077 == 0
    without = subprocess.run(
        [sys.executable, "-c", probe],
        env={**env, "TRADELANE_LOCAL_DEMO": "false"},
        capture_output=True,
        text=True,
    )
    assert without.returncode != 0
    assert "SECRET_KEY" in without.stderr
