from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tradelane.logistics.services import DEMO_NETWORK, network_load


class Command(BaseCommand):
    help = "Load (create or update by code) logistics partners, nodes and lanes from JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEMO_NETWORK))

    def handle(self, *args: Any, **options: Any) -> None:
        counts = network_load(Path(options["path"]))
        self.stdout.write(
            f"loaded {counts['partners']} partners, {counts['nodes']} nodes and "
            f"{counts['lanes']} lanes from {options['path']}"
        )
