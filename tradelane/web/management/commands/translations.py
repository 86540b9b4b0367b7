from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tradelane.web.i18n import PACKAGE, compile_translations, untranslated


class Command(BaseCommand):
    help = "Compile the Chinese catalogs, or list strings under PATHS that have no translation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile", "check"])
        parser.add_argument("paths", nargs="*", help="files or folders (default: the web pages)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compile":
            compile_translations()
            self.stdout.write("compiled")
            return
        paths = [Path(p) for p in options["paths"]] or [PACKAGE / "web"]
        missing = untranslated(paths)
        for message in missing:
            self.stdout.write(f"{message.where}: {message.msgid!r}")
        if missing:
            raise CommandError(f"{len(missing)} strings have no Chinese translation")
        self.stdout.write("every string has a Chinese translation")
