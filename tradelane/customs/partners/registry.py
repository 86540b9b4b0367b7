"""Which adapter answers for customs."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from tradelane.customs.partners.single_window.client import SimulatedSingleWindow
from tradelane.customs.partners.single_window.mapper import Receipt, Verdict
from tradelane.customs.partners.single_window.settings import single_window_settings
from tradelane.customs.partners.tax_refund.client import SimulatedTaxRefundOffice
from tradelane.customs.partners.tax_refund.mapper import TaxRefundAnswer
from tradelane.customs.partners.tax_refund.settings import tax_refund_settings


class SingleWindowClient(Protocol):
    name: str

    def submit(self, message: dict[str, Any], *, now: datetime) -> Receipt: ...

    def status(
        self, message: dict[str, Any], *, reference: str, submitted_at: datetime, now: datetime
    ) -> Verdict: ...


def single_window() -> SingleWindowClient:
    settings = single_window_settings()
    if settings.provider == "simulated":
        return SimulatedSingleWindow(settings)
    raise LookupError(f"no customs adapter named {settings.provider!r}")


class TaxRefundClient(Protocol):
    name: str

    def apply(self, application: dict[str, Any], *, now: datetime) -> TaxRefundAnswer: ...


def tax_refund_office() -> TaxRefundClient:
    settings = tax_refund_settings()
    if settings.provider == "simulated":
        return SimulatedTaxRefundOffice(settings)
    raise LookupError(f"no customs tax refund adapter named {settings.provider!r}")
