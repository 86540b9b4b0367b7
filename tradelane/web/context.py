"""What every page's layout needs: the language switch and who is signed in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation


def site(request: HttpRequest) -> dict[str, Any]:
    language = translation.get_language() or "en"
    return {
        "page_language": language,
        "html_lang": "zh-Hans" if language.startswith("zh") else "en",
        "is_chinese": language.startswith("zh"),
    }
