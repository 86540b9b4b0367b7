"""The simulated China single window. It answers like the real one: asynchronously, after a
delay; some declarations are held for inspection first; documents that do not match, identities
it cannot verify, and orders over the per-order limit are rejected with a reason.

It keeps no state: the verdict is a function of the message, the reference and the time, so the
web process, the worker and the simulator all see the same answer."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from tradelane.customs.partners.single_window.mapper import Receipt, Verdict, mismatches
from tradelane.customs.partners.single_window.settings import SingleWindowSettings

PER_ORDER_LIMIT = Decimal("5000.00")
UNVERIFIABLE_SEQUENCE = "999"  # identity numbers the simulated population registry lacks


def _permille(reference: str, salt: str) -> int:
    return int(hashlib.sha256(f"{salt}:{reference}".encode()).hexdigest()[:8], 16) % 1000


class SimulatedSingleWindow:
    name = "simulated"

    def __init__(self, settings: SingleWindowSettings) -> None:
        self.settings = settings

    def submit(self, message: dict[str, Any], *, now: datetime) -> Receipt:
        reference = "CEB" + secrets.token_hex(8).upper()
        return Receipt(reference, now + timedelta(seconds=self.settings.answer_after_seconds))

    def _refusal(self, message: dict[str, Any]) -> Verdict | None:
        problems = mismatches(message)
        if problems:
            return Verdict("rejected", reason_code="documents_mismatch", reason="; ".join(problems))
        if message["CEB311"]["buyerIdNumber"][14:17] == UNVERIFIABLE_SEQUENCE:
            return Verdict(
                "rejected",
                reason_code="identity_unverified",
                reason="the buyer's name and identity number could not be verified",
            )
        order = message["CEB311"]
        if Decimal(order["acturalPaid"]) - Decimal(order["taxTotal"]) > PER_ORDER_LIMIT and (
            sum(g["qty"] for g in order["goods"]) > 1
        ):
            return Verdict(
                "rejected", reason_code="cbec_limit", reason="over the per-order CBEC limit"
            )
        return None

    def status(
        self, message: dict[str, Any], *, reference: str, submitted_at: datetime, now: datetime
    ) -> Verdict:
        first_answer = submitted_at + timedelta(seconds=self.settings.answer_after_seconds)
        if now < first_answer:
            return Verdict("pending", answer_at=first_answer)
        refused = self._refusal(message)
        if refused is not None:
            return refused
        if _permille(reference, "inspect") >= self.settings.inspection_permille:
            return Verdict("cleared")
        inspected = first_answer + timedelta(seconds=self.settings.inspection_seconds)
        if now < inspected:
            return Verdict("held", answer_at=inspected, reason="selected for inspection")
        if _permille(reference, "fail") < self.settings.inspection_fail_permille:
            return Verdict(
                "rejected",
                reason_code="inspection_failed",
                reason="the inspection found goods that differ from the declaration",
            )
        return Verdict("cleared")
