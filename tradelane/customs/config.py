"""Dated regime configuration, read from data/regimes.json (or CUSTOMS_REGIMES_PATH)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "regimes.json"


@dataclass(frozen=True)
class TaxClassRates:
    vat: Decimal
    consumption_tax: Decimal
    tariff: Decimal


@dataclass(frozen=True)
class CbecConfig:
    effective_from: date
    currency: str
    per_order_limit: Decimal
    annual_limit: Decimal
    discount_factor: Decimal
    insurance_rate: Decimal
    tax_classes: dict[str, TaxClassRates]
    source: str


@dataclass(frozen=True)
class GstConfig:
    effective_from: date
    currency: str
    rate: Decimal
    threshold: Decimal
    authority: str
    source: str


RegimeConfig = CbecConfig | GstConfig


def _cbec(raw: dict[str, Any]) -> CbecConfig:
    return CbecConfig(
        effective_from=date.fromisoformat(raw["effective_from"]),
        currency=raw["currency"],
        per_order_limit=Decimal(raw["per_order_limit"]),
        annual_limit=Decimal(raw["annual_limit"]),
        discount_factor=Decimal(raw["discount_factor"]),
        insurance_rate=Decimal(raw["insurance_rate"]),
        tax_classes={
            name: TaxClassRates(
                Decimal(r["vat"]), Decimal(r["consumption_tax"]), Decimal(r["tariff"])
            )
            for name, r in raw["tax_classes"].items()
        },
        source=raw["source"],
    )


def _gst(raw: dict[str, Any]) -> GstConfig:
    return GstConfig(
        effective_from=date.fromisoformat(raw["effective_from"]),
        currency=raw["currency"],
        rate=Decimal(raw["rate"]),
        threshold=Decimal(raw["threshold"]),
        authority=raw["authority"],
        source=raw["source"],
    )


@lru_cache(maxsize=4)
def load_regimes(path: str) -> dict[str, list[RegimeConfig]]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    regimes: dict[str, list[RegimeConfig]] = {}
    for name, versions in raw.items():
        if name.startswith("_"):
            continue
        parse = _cbec if name == "cn_cbec" else _gst
        regimes[name] = sorted((parse(v) for v in versions), key=lambda c: c.effective_from)
    return regimes


def regime_in_force(regime: str, on: date, path: str | None = None) -> RegimeConfig:
    versions = load_regimes(path or os.environ.get("CUSTOMS_REGIMES_PATH", str(DEFAULT_PATH)))
    in_force = [v for v in versions.get(regime, []) if v.effective_from <= on]
    if not in_force:
        raise LookupError(f"no {regime} configuration in force on {on}")
    return in_force[-1]
