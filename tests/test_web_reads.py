"""Pages and API endpoints read only through the rooms' selectors (docs/architecture.md: entry
points parse, call services and selectors, render or answer). A view, template tag or API module
that builds a query itself fails here, so a read's rules (which rows a merchant may see, what is
joined, in what order) live once, in its room.

Models may still be imported by entry points, for their TextChoices and as types."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tradelane"
WEB = PACKAGE / "web"
PAGES = [
    *sorted((WEB / "views").glob("*.py")),
    *sorted((WEB / "templatetags").glob("*.py")),
    *sorted(PACKAGE.glob("*/views.py")),  # a room's own page (the provenance page)
]
ENDPOINTS = sorted(
    {
        *PACKAGE.glob("*/api.py"),
        *PACKAGE.glob("*/*_api.py"),  # a room's second router (payments' till, payout accounts)
        *PACKAGE.glob("*/*/api.py"),  # a sub-room's router (payments' cards)
    }
)

# Methods of querysets and related managers; dict.update and the like are not among them.
QUERY_METHODS = {
    "aggregate",
    "all",
    "annotate",
    "bulk_create",
    "distinct",
    "exclude",
    "exists",
    "filter",
    "first",
    "get_or_create",
    "last",
    "order_by",
    "prefetch_related",
    "select_for_update",
    "select_related",
    "update_or_create",
    "values_list",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def queries_in(source: str) -> list[str]:
    """Each query the source builds, as 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
                found.append(f"{node.lineno}: .{func.attr}()")
            elif isinstance(func, ast.Name) and func.id in SHORTCUTS:
                found.append(f"{node.lineno}: {func.id}()")
    return sorted(found, key=lambda f: (int(f.split(":")[0]), f))


def test_pages_build_no_queries() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in PAGES
        if (found := queries_in(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"read through a selector of the owning room instead: {offenders}"


def test_api_endpoints_build_no_queries() -> None:
    assert len(ENDPOINTS) >= 15, ENDPOINTS  # the globs still find the routers
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in ENDPOINTS
        if (found := queries_in(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"read through a selector of the owning room instead: {offenders}"


def test_the_check_sees_each_way_of_querying() -> None:
    source = (
        "a = Order.objects\n"
        "b = order.lines.all()\n"
        "c = get_object_or_404(Order, pk=1)\n"
        "d = orders_of(x).filter(market_id='CN').first()\n"
        "context.update(extra)\n"
    )
    assert queries_in(source) == [
        "1: .objects",
        "2: .all()",
        "3: get_object_or_404()",
        "4: .filter()",
        "4: .first()",
    ]
