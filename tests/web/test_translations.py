"""Chinese pages have no untranslated strings: every string the consumer pages and the shared
layout can show has a Chinese translation in the catalogs, and the compiled catalog is live."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from tradelane.web.i18n import PACKAGE, SOURCES, merged_catalog, messages_under, untranslated

WEB = PACKAGE / "web"
CONSUMER_PAGES = [
    WEB / "templates" / "404.html",
    WEB / "templates" / "403.html",
    WEB / "templates" / "web" / "base.html",
    WEB / "templates" / "web" / "front_door.html",
    WEB / "templates" / "web" / "_field.html",
    WEB / "templates" / "web" / "_refusal.html",
    WEB / "templates" / "web" / "account",
    WEB / "templates" / "web" / "storefront",
    WEB / "templates" / "web" / "wallet",
    WEB / "views" / "account.py",
]
CONSUMER_VIEWS = ["storefront.py", "wallet.py"]


def consumer_sources() -> list[Path]:
    views = [p for p in (WEB / "views").glob("*.py") if p.name.startswith(("shop", "wallet"))]
    views += [WEB / "views" / name for name in CONSUMER_VIEWS]
    return [p for p in [*CONSUMER_PAGES, *views] if p.exists()]


def test_every_consumer_string_has_a_chinese_translation() -> None:
    missing = untranslated(consumer_sources())
    listing = "\n".join(f"{m.where}: {m.msgid!r}" for m in missing)
    assert not missing, f"untranslated on Chinese pages:\n{listing}"


def test_the_extractor_finds_template_and_python_strings() -> None:
    found = {m.msgid for m in messages_under(consumer_sources())}
    assert {"Sign in", "Skip to content", "That email and password do not match an account."} <= (
        found
    )


def test_the_catalog_is_compiled_and_active() -> None:
    assert merged_catalog("zh_Hans").get("Sign in") is not None
    with translation.override("zh-hans"):
        assert translation.gettext("Sign in") == "登录"


@pytest.mark.parametrize("path", ["/", "/account/login/"])
def test_shared_pages_render_in_chinese(client, path: str, db) -> None:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-CN")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in body
    assert "Sign in" not in body
    assert "登录" in body


def test_no_two_catalogs_translate_one_string_differently() -> None:
    # The area catalogs are merged into one django.mo, where the last one read would silently
    # win: "Paid" once became 已付 on the storefront because the operator's catalog said so.
    translations: dict[tuple[str, str | None], set[str]] = {}
    for source in sorted((SOURCES / "zh_Hans").glob("*.po")):
        with source.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    key = (str(message.id), message.context)
                    translations.setdefault(key, set()).add(str(message.string))
    clashes = {key: found for key, found in translations.items() if len(found) > 1}
    assert clashes == {}
