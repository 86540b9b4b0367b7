from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.core.errors import ApplicationError
from tradelane.customs.positive_list import DEMO_LIST, positive_list_load


class Command(BaseCommand):
    help = "Load China's CBEC positive list from CSV (hs_prefix, remark, caps, descriptions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEMO_LIST))
        parser.add_argument("--edition", default="demo (covers the demo catalog)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = positive_list_load(Path(options["path"]), edition=options["edition"])
        except (ApplicationError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"loaded {count} positive-list lines from {options['path']}")
