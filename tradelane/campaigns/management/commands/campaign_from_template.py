from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.campaigns.errors import CampaignExists, TemplateNotFound
from tradelane.campaigns.services import TEMPLATES, campaign_from_template


class Command(BaseCommand):
    help = (
        "Create the year's campaign from a template (fresh-food-week: 8 September, China time, "
        "seven days, chilled and frozen goods from AU/NZ). Draft unless --schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("template", choices=sorted(TEMPLATES))
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--schedule", action="store_true", help="schedule it (prices apply in its window)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = campaign_from_template(
                options["template"],
                year=options["year"],
                status="scheduled" if options["schedule"] else "draft",
            )
        except (CampaignExists, TemplateNotFound) as refused:
            raise CommandError(str(refused.message)) from refused
        self.stdout.write(
            f"{made.code}: {made.status}, {made.starts_at.isoformat()} to {made.ends_at.isoformat()}"
        )
