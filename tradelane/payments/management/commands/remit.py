from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.core.errors import ApplicationError
from tradelane.payments import remittance_rules as rules
from tradelane.payments.services.remittance import (
    partners_pay,
    remittance_run,
    remittances_due,
    tax_remit,
)


class Command(BaseCommand):
    help = (
        "Remit import tax to each authority for a closed period (YYYY-Qn for quarterly filers, "
        "YYYY-MM for monthly ones) and pay logistics partners for the legs they delivered "
        "(YYYY-MM). Without --period: every last closed period not yet done."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", default="", help="YYYY-MM or YYYY-Qn")
        parser.add_argument("--authority", default="", help="one authority's code, e.g. ATO")
        parser.add_argument("--actor", default="operator:cli")

    def handle(self, *args: Any, **options: Any) -> None:
        period, actor = options["period"], options["actor"]
        try:
            if not period:
                self.stdout.write(str(remittances_due(actor=actor)))
                return
            kind = rules.parse_period(period).kind
            self._taxes(period, kind, options["authority"], actor)
            if kind == rules.partner_schedule().period and not options["authority"]:
                self._partners(period, actor)
        except (ApplicationError, rules.PeriodInvalid) as exc:
            raise CommandError(str(exc)) from exc

    def _taxes(self, period: str, kind: str, only: str, actor: str) -> None:
        codes = (
            [only] if only else [a.code for a in rules.authorities().values() if a.period == kind]
        )
        if not codes:
            return
        outcomes: list[tuple[Any, bool]] = []

        def work() -> list[Any]:
            outcomes.extend(tax_remit(authority=code, period=period, actor=actor) for code in codes)
            return [r for r, _created in outcomes]

        run = remittance_run(kind="tax", period=period, actor=actor, work=work)
        for remittance, created in outcomes:
            self.stdout.write(
                f"{remittance.pk}: {remittance.status} {remittance.amount_minor} "
                f"{remittance.currency} (net {remittance.net_minor}, credit carried "
                f"{remittance.credit_out_minor}){'' if created else ' (already remitted)'}"
            )
        self.stdout.write(f"ledger balanced: {run.ledger_balanced}")

    def _partners(self, period: str, actor: str) -> None:
        outcomes: list[tuple[Any, bool]] = []

        def work() -> list[Any]:
            outcomes.extend(partners_pay(period=period, actor=actor))
            return [p for p, _created in outcomes]

        run = remittance_run(kind="partners", period=period, actor=actor, work=work)
        for payment, created in outcomes:
            self.stdout.write(
                f"{payment.pk}: {payment.status} {payment.amount_minor} {payment.currency} "
                f"for {payment.legs_count} legs{'' if created else ' (already paid)'}"
            )
        self.stdout.write(f"ledger balanced: {run.ledger_balanced}")
