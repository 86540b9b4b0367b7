"""The `tradelane` console command: Django management commands with hyphenated names.

`tradelane seed-demo` runs the `seed_demo` management command; anything Django knows
(`migrate`, `createsuperuser`, ...) works as well.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradelane.settings")
    if args[:1] == ["serve"] and "--production" not in args:
        # the local demo is shown to people: DEBUG off (set DEBUG=true to develop), keys of its
        # own under var/ (see settings.LOCAL_DEMO); must be decided before settings load
        os.environ.setdefault("DEBUG", "false")
        os.environ.setdefault("TRADELANE_LOCAL_DEMO", "true")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["tradelane", *args])


if __name__ == "__main__":
    main()
