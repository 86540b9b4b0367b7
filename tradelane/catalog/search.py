"""Storefront search terms: pure text handling, no ORM.

Chinese has no spaces between words, so Chinese runs are indexed as character bigrams (plus
unigrams from names, so a one-character query still finds a title). Bigrams are the classic
n-gram approach of CJK full-text engines (Lucene's CJKAnalyzer, PostgreSQL's pg_bigm): a query
such as 奶粉 or 红酒 is itself one bigram, and a longer query matches when all its bigrams are
present. A dictionary segmenter (jieba) splits 婴儿配方奶粉 into words a query must reproduce
exactly, costs a second of dictionary loading per process, and buys nothing over bigrams for
product titles. Latin text is folded (lower case, accents stripped: Mourvèdre -> mourvedre) and
split into words; a query word matches any indexed word it begins (manu -> manuka).

Each indexed term carries a weight from the field it came from, so a title hit ranks above a
brand hit, above a category or region hit, above a description hit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

NAME = 8
BRAND = 4
LABEL = 2
TEXT = 1

MAX_QUERY_TERMS = 8
MIN_PREFIX = 2
# Words too common in descriptions to tell products apart; skipped there, never in titles.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "with",
    ]
)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKENS = re.compile(f"[{_HAN}]+|[^\\W_{_HAN}]+")
_CJK = re.compile(f"[{_HAN}]")


@dataclass(frozen=True)
class QueryTerm:
    """One condition of a query: an exact term, or a prefix of indexed Latin words."""

    text: str
    prefix: bool

    def upper_bound(self) -> str:
        """The first string after every term that starts with `text` (for a range scan)."""
        return self.text[:-1] + chr(ord(self.text[-1]) + 1)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", kept).lower()


def _runs(text: str) -> Iterable[str]:
    return _TOKENS.findall(fold(text))


def _is_cjk(run: str) -> bool:
    return bool(_CJK.match(run))


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def field_terms(text: str, *, unigrams: bool, stopwords: bool) -> set[str]:
    """The terms one field contributes to the index."""
    terms: set[str] = set()
    for run in _runs(text):
        if _is_cjk(run):
            terms.update(bigrams(run))
            if unigrams:
                terms.update(run)
        elif not (stopwords and run in STOPWORDS):
            terms.add(run)
    return terms


def document_terms(fields: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Term -> weight for one product: each term keeps the weight of its best field."""
    weights: dict[str, int] = {}
    for text, weight in fields:
        is_title = weight >= BRAND
        for term in field_terms(text, unigrams=is_title, stopwords=not is_title):
            if weights.get(term, 0) < weight:
                weights[term] = weight
    return weights


def query_terms(query: str) -> list[QueryTerm]:
    """The conditions a product must all meet; duplicates dropped, order kept."""
    found: dict[QueryTerm, None] = {}
    for run in _runs(query):
        if _is_cjk(run):
            for gram in bigrams(run):
                found[QueryTerm(gram, prefix=False)] = None
        else:
            found[QueryTerm(run, prefix=len(run) >= MIN_PREFIX)] = None
    return list(found)[:MAX_QUERY_TERMS]
