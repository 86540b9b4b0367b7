"""The rooms' dependency order (docs/architecture.md) is checked here, so it cannot drift.

An app imports only from apps above it in ORDER. Pure modules may be imported from anywhere:
configuration and functions that touch no database (no `django.db`) and import only other pure
modules, such as every room's `rules`; the test decides purity from the imports themselves.
When the test came in (issue 16) 28 imports pointed upward; none do now, and any new one fails."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tradelane"

ORDER = [
    "core",
    "markets",
    "accounts",
    "merchants",
    "outbox",
    "catalog",
    "inventory",
    "campaigns",
    "customs",  # what checkout needs: identities, quota, positive list, taxes, limits
    "logistics",
    "orders",
    "payments",
    "clearance",  # customs declarations of paid orders, the tax they move, tax claims
    "fulfilment",  # shipments, scans, posts, returns, claims: what moves paid orders on
    "ops",
    "tools",  # bench, chaos, load generator, simulation, demo data: they drive the rooms
    "analytics",
    "web",
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "tradelane" else None


def _is_module(name: str) -> bool:
    base = PACKAGE.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function; `from a import b` counts
    as importing `a.b` when b is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names}
            found |= {name for name in submodules if _is_module(name)} or {node.module}
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _modules() -> dict[str, set[str]]:
    return {
        _module_name(path): _imports(path)
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
    }


def pure_modules(modules: dict[str, set[str]]) -> set[str]:
    """Modules that reach no database, directly or through what they import."""
    pure = set(modules)
    changed = True
    while changed:
        changed = False
        for name in list(pure):
            imported = modules[name]
            touches_db = any(i == "django.db" or i.startswith("django.db.") for i in imported)
            impure_dep = any(i in modules and i not in pure for i in imported)
            if touches_db or impure_dep:
                pure.discard(name)
                changed = True
    return pure


def upward_imports() -> set[tuple[str, str]]:
    modules = _modules()
    pure = pure_modules(modules)
    upward = set()
    for importer, imports in modules.items():
        source_room = _room(importer)
        if source_room not in ORDER:
            continue  # settings, urls, cli, worker, api: the entry points that wire every room
        for imported in imports:
            target_room = _room(imported)
            if target_room not in ORDER or imported in pure:
                continue
            if ORDER.index(target_room) > ORDER.index(source_room):
                upward.add((importer, imported))
    return upward


def test_every_room_is_placed_in_the_order() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert rooms <= set(ORDER), (
        f"place these in ORDER and docs/architecture.md: {rooms - set(ORDER)}"
    )


def test_no_new_import_points_upward() -> None:
    upward = upward_imports()
    assert not upward, (
        "these imports point against the rooms' order in docs/architecture.md; depend the other "
        f"way (an outbox event, a rule passed in) instead: {sorted(upward)}"
    )


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The walker must catch an import inside a function, the kind a cycle hides behind."""
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from tradelane.payments.services.ledger import journal_post\n")
    assert _imports(module) == {"tradelane.payments.services.ledger"}


def test_purity_follows_imports() -> None:
    modules = {
        "a.rules": {"a.config"},
        "a.config": set(),
        "a.models": {"django.db"},
        "a.helpers": {"a.rules", "a.models"},
    }
    assert pure_modules(modules) == {"a.rules", "a.config"}


def test_every_rules_module_is_pure() -> None:
    modules = _modules()
    rules = {name for name in modules if name.endswith(".rules")}
    assert rules <= pure_modules(modules), sorted(rules - pure_modules(modules))


# Rooms without the three room modules, and why: they own no domain writes or reads of their own.
WITHOUT_ROOM_MODULES = {
    "core": "the shared kernel: money, errors, clock, idempotency",
    "ops": "the running platform's entry points across rooms (serve, worker, jobs, health); its "
    "one table is the job loop's own bookkeeping",
    "tools": "benchmarks, chaos, load generator, simulation and demo data, apart from the "
    "platform: they drive the rooms through their services",
    "analytics": "read models only: the module names say which (merchant, operator)",
    "web": "pages: they parse, call services and selectors, render",
}


def test_every_room_has_services_selectors_and_errors() -> None:
    missing = {}
    for room in set(ORDER) - set(WITHOUT_ROOM_MODULES):
        base = PACKAGE / room
        absent = [
            name
            for name in ("services", "selectors", "errors")
            if not (base / f"{name}.py").exists() and not (base / name / "__init__.py").exists()
        ]
        if absent:
            missing[room] = absent
    assert not missing, f"docs/architecture.md: every room has these modules: {missing}"


def test_nothing_in_the_platform_imports_the_tools() -> None:
    """Bench, chaos, simulation and demo code stays apart: only the tools import it. `serve`
    (ops) reads the demo speed from `tools.demo.live`, a pure module, so it is exempt."""
    modules = _modules()
    pure = pure_modules(modules)
    reaching = {
        (importer, imported)
        for importer, imports in modules.items()
        if _room(importer) in ORDER and _room(importer) != "tools"
        for imported in imports
        if _room(imported) == "tools" and imported not in pure
    }
    assert not reaching, sorted(reaching)
