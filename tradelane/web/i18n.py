"""Chinese translations: the catalogs are kept per area in `web/translations/zh_Hans/*.po`
(so the storefront, wallet, merchant and operator pages each own theirs) and merged with Babel
into the one `django.mo` Django reads. Extraction reads templates through Django's own
`templatize`, so `{% translate %}` and `{% blocktranslate %}` are found exactly as
`makemessages` would find them, without GNU gettext on the machine."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "translations"
COMPILED = PACKAGE / "locale"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "npgettext": ((1, "c"), 2, 3),
}


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str | None
    where: str


def _sources(language: str) -> list[Path]:
    return sorted((SOURCES / language).glob("*.po"))


def merged_catalog(language: str) -> Catalog:
    merged = Catalog(locale=language)
    for source in _sources(language):
        with source.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string:
                    merged[message.id] = message
    return merged


def compile_translations(languages: Iterable[str] = ("zh_Hans",)) -> None:
    """Write each language's django.mo when a source catalog is newer than it."""
    for language in languages:
        sources = _sources(language)
        target = COMPILED / language / "LC_MESSAGES" / "django.mo"
        if not sources:
            continue
        newest = max(source.stat().st_mtime for source in sources)
        if target.exists() and target.stat().st_mtime >= newest:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_mo(buffer, merged_catalog(language))
        # Several worker processes may start at once: write aside, then rename atomically.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(buffer.getvalue())
        os.replace(temporary, target)


def _messages_in(text: str, where: str) -> Iterator[Message]:
    for _line, function, message, _comments in extract_python(
        io.BytesIO(text.encode()), KEYWORDS, [], {}
    ):
        parts = [str(p) for p in message if p] if isinstance(message, tuple) else [str(message)]
        if function in ("pgettext", "pgettext_lazy", "npgettext") and len(parts) >= 2:
            yield Message(parts[1], parts[0], where)  # (context, msgid, [plural])
            continue
        if function in ("ngettext", "ngettext_lazy") and parts:
            yield Message(parts[0], None, where)  # the entry is keyed by its singular
            continue
        yield from (Message(part, None, where) for part in parts if part)


def template_messages(path: Path) -> Iterator[Message]:
    from django.utils.translation.template import templatize

    python_like = templatize(path.read_text(), origin=str(path))
    # templatize keeps the template's indentation, which Python's tokenizer rejects as Python
    flat = "\n".join(line.lstrip() for line in python_like.splitlines())
    yield from _messages_in(flat, str(path))


def python_messages(path: Path) -> Iterator[Message]:
    yield from _messages_in(path.read_text(), str(path))


def messages_under(paths: Iterable[Path]) -> list[Message]:
    found: list[Message] = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.suffix == ".html":
                found.extend(template_messages(path))
            elif path.suffix == ".py":
                found.extend(python_messages(path))
    return found


def untranslated(paths: Iterable[Path], language: str = "zh_Hans") -> list[Message]:
    catalog = merged_catalog(language)
    missing = []
    for message in messages_under(paths):
        entry = catalog.get(message.msgid, context=message.context)
        if entry is None or not entry.string:
            missing.append(message)
    return missing
