from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.fulfilment.services.tracking import partner_key_issue
from tradelane.logistics.models import LogisticsPartner


class Command(BaseCommand):
    help = "Issue a logistics partner's API key (tlp_…) for the partner event API; shown once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="partner code, e.g. JADEEXP")

    def handle(self, *args: Any, **options: Any) -> None:
        partner = LogisticsPartner.objects.filter(code=options["code"]).first()
        if partner is None:
            raise CommandError(f"no partner {options['code']!r}")
        self.stdout.write(partner_key_issue(partner))
