"""Load China's CBEC positive list from CSV: every row valid, or nothing changes."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from tradelane.core.errors import ValidationFailed
from tradelane.customs.models import PositiveListEntry, PositiveListRemark

DEMO_LIST = Path(__file__).resolve().parent / "data" / "demo_positive_list.csv"
COLUMNS = {"hs_prefix", "remark", "annual_weight_cap_kg", "description_en", "description_zh"}


def _entry(row: dict[str, str], line: int, edition: str) -> PositiveListEntry:
    prefix = (row.get("hs_prefix") or "").strip()
    if not (prefix.isdigit() and 2 <= len(prefix) <= 10):
        raise ValidationFailed(f"line {line}: hs_prefix must be 2 to 10 digits, got {prefix!r}")
    remark = (row.get("remark") or "").strip()
    if remark not in PositiveListRemark.values:
        raise ValidationFailed(f"line {line}: remark must be one of {PositiveListRemark.values}")
    cap_text = (row.get("annual_weight_cap_kg") or "").strip()
    try:
        cap = Decimal(cap_text) if cap_text else None
    except InvalidOperation:
        raise ValidationFailed(f"line {line}: annual_weight_cap_kg is not a number") from None
    return PositiveListEntry(
        hs_prefix=prefix,
        remark=remark,
        annual_weight_cap_kg=cap,
        description_en=row["description_en"].strip(),
        description_zh=row["description_zh"].strip(),
        edition=edition,
    )


def positive_list_load(path: Path, *, edition: str) -> int:
    """Replace the list with the file's rows; a bad row refuses the whole file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise ValidationFailed(f"missing columns: {', '.join(sorted(missing))}")
        entries = [_entry(row, n, edition) for n, row in enumerate(reader, start=2)]
    prefixes = [e.hs_prefix for e in entries]
    if len(set(prefixes)) != len(prefixes):
        raise ValidationFailed("the file lists an hs_prefix twice")
    with transaction.atomic():
        PositiveListEntry.objects.all().delete()
        PositiveListEntry.objects.bulk_create(entries)
    return len(entries)
