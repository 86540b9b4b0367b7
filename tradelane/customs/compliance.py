"""Pure compliance rules for a cross-border line: may it be sold, by which customs mode, and
does its exporter need a permit or an export declaration. Configuration in data/compliance.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from tradelane.core.money import Money

CONFIG_PATH = Path(__file__).resolve().parent / "data" / "compliance.json"
DIRECT_MAIL, BONDED = "9610", "1210"


@cache
def _versions() -> list[dict[str, Any]]:
    raw = json.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    return sorted(raw["versions"], key=lambda v: v["effective_from"])


def config_on(on: date) -> dict[str, Any]:
    in_force = [v for v in _versions() if date.fromisoformat(v["effective_from"]) <= on]
    if not in_force:
        raise LookupError(f"no compliance configuration in force on {on}")
    return in_force[-1]


def _matches(hs_code: str, prefixes: list[str]) -> bool:
    return any(hs_code.startswith(p) for p in prefixes)


def mail_prohibited(hs_code: str, on: date) -> bool:
    """Fresh meat, dairy and fresh fruit and vegetables may not travel as mail or express."""
    return _matches(hs_code, config_on(on)["mail_prohibited"]["hs_prefixes"])


def needs_export_permit(category: str, hs_code: str, on: date) -> bool:
    rules = config_on(on)["export_permits"]
    return category in rules["categories"] or _matches(hs_code, rules["hs_prefixes"])


@dataclass(frozen=True)
class PositiveListLine:
    hs_prefix: str
    remark: str  # allowed | bonded_only | excluded


def positive_list_match(
    hs_code: str, lines: dict[str, PositiveListLine]
) -> PositiveListLine | None:
    """The most specific list line whose prefix starts the product's HS code."""
    for length in range(len(hs_code), 1, -1):
        line = lines.get(hs_code[:length])
        if line is not None:
            return line
    return None


def hs_prefixes(hs_code: str) -> list[str]:
    return [hs_code[:n] for n in range(2, len(hs_code) + 1)]


@dataclass(frozen=True)
class CnLine:
    hs_code: str
    bonded_stock: bool  # the quantity is available in a bonded warehouse serving China


def cn_line_refusal(line: CnLine, positive: dict[str, PositiveListLine], on: date) -> str | None:
    """Why one line may not be sold into China under CBEC, or None when it may."""
    match = positive_list_match(line.hs_code, positive)
    if match is None or match.remark == "excluded":
        return "not_on_positive_list"
    if match.remark == "bonded_only" and not line.bonded_stock:
        return "bonded_import_only"
    if mail_prohibited(line.hs_code, on) and not line.bonded_stock:
        return "fresh_goods_direct_mail"
    return None


def cn_customs_mode(lines: list[CnLine]) -> str:
    """Bonded when every line ships from bonded stock in China, else direct mail."""
    return BONDED if lines and all(line.bonded_stock for line in lines) else DIRECT_MAIL


@dataclass(frozen=True)
class ExportDeclarationRule:
    country: str
    document: str
    threshold: Money


def export_declaration_rule(country: str, on: date) -> ExportDeclarationRule | None:
    raw = config_on(on)["export_declarations"].get(country)
    if raw is None:
        return None
    return ExportDeclarationRule(
        country, raw["document"], Money.of(Decimal(raw["threshold"]), raw["currency"])
    )


def export_declaration_reasons(
    value: Money, rule: ExportDeclarationRule, permit_needed: bool
) -> list[str]:
    """Why a consignment needs an export declaration: over the value, or under a permit."""
    reasons = []
    if value > rule.threshold:
        reasons.append("value_over_threshold")
    if permit_needed:
        reasons.append("export_permit")
    return reasons
