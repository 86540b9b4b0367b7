"""Turn a service's refusal into what a page shows: the message in the page's language, and
per-field messages for the form."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation

from tradelane.core.errors import ApplicationError


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    fields: dict[str, list[str]] = field(default_factory=dict)


def refusal_of(error: ApplicationError) -> Refusal:
    """Customs refusals carry both languages in `extra.messages`; every other message went
    through gettext when it was raised, so it is already in the active language."""
    message = str(error.message)
    messages = error.extra.get("messages") if error.extra else None
    if isinstance(messages, dict):
        language = translation.get_language() or "en"
        key = "zh-hans" if language.startswith("zh") else "en"
        message = str(messages.get(key) or messages.get("en") or message)
    fields = {name: [str(m) for m in msgs] for name, msgs in error.fields.items()}
    return Refusal(error.code, message, fields)
