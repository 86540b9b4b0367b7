"""Ledger rules without the ORM: transfer validation and the journal fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

MAX_ID = 64
KINDS = ("posted", "pending", "post_pending", "void_pending")


@dataclass(frozen=True)
class TransferSpec:
    """One transfer of a journal. `amount` is in minor units; for post_pending, None posts the
    full pending amount; void_pending ignores it."""

    id: str
    debit: int
    credit: int
    amount: int | None
    code: str
    kind: str = "posted"
    pending_id: str | None = None
    timeout_seconds: int | None = None


def spec_problems(specs: list[TransferSpec]) -> list[str]:
    problems = []
    ids = [s.id for s in specs]
    if not specs:
        problems.append("a journal needs at least one transfer")
    if len(set(ids)) != len(ids):
        problems.append("transfer ids repeat within the journal")
    for s in specs:
        if not s.id or len(s.id) > MAX_ID:
            problems.append(f"{s.id!r}: an id has 1 to {MAX_ID} characters")
        if s.kind not in KINDS:
            problems.append(f"{s.id}: unknown kind {s.kind!r}")
        if s.kind in ("posted", "pending") and (s.amount is None or s.amount <= 0):
            problems.append(f"{s.id}: amount must be positive")
        if s.kind in ("posted", "pending") and s.debit == s.credit:
            problems.append(f"{s.id}: debit and credit accounts must differ")
        if s.kind in ("post_pending", "void_pending") and not s.pending_id:
            problems.append(f"{s.id}: {s.kind} needs the pending transfer's id")
        if s.kind == "post_pending" and s.amount is not None and s.amount <= 0:
            problems.append(f"{s.id}: a partial post must be positive")
        if s.timeout_seconds is not None and (s.kind != "pending" or s.timeout_seconds <= 0):
            problems.append(f"{s.id}: only a pending transfer has a positive timeout")
    return problems


def fingerprint(kind: str, specs: list[TransferSpec]) -> str:
    rows = [
        (s.id, s.debit, s.credit, s.amount, s.code, s.kind, s.pending_id, s.timeout_seconds)
        for s in specs
    ]
    return hashlib.sha256(json.dumps([kind, rows]).encode()).hexdigest()
