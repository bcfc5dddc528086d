"""The import rules of docs/architecture.md ("Which may import which"), checked over the source
with `ast`, so a change that breaks them fails here instead of in a reviewer's head."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("osteofit", "exercises", "tracking")
# Pure rules: the standard library and each other only (no Django, no models).
PURE = {
    "tracking.progression",
    "tracking.schedule",
    "tracking.charts",
    "tracking.guided",
    "exercises.safety",
    "exercises.policy",
    "exercises.dose",
    "exercises.svg",
    # The built-in content: data only, so migrations and scripts could read it without Django.
    "exercises.catalogue",
    "exercises.catalogue.avoid",
    "exercises.catalogue.bands",
    "exercises.catalogue.floor_guides",
    "exercises.catalogue.guidelines",
    "exercises.catalogue.program",
}
# The interfaces: nothing below them may import them.
INTERFACES = (
    "tracking.views",
    "tracking.guided_views",
    "tracking.reminder_views",
    "tracking.forms",
    "tracking.admin",
    "tracking.api",
    "tracking.tasks",
)
BELOW_INTERFACES = (
    "tracking.services",
    "tracking.selectors",
    "tracking.reminders",
    "tracking.ladders",
    "tracking.models",
    "tracking.page_cache",
    "tracking.feeds",
    "tracking.links",
    "tracking.progression",
    "tracking.schedule",
    "tracking.charts",
    "tracking.guided",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports (absolute names; `from x import y` gives x and x.y)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def sources() -> dict[str, set[str]]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[module_name(path)] = imports_of(path)
    return found


SOURCES = sources()


def within(name: str, packages) -> bool:
    if isinstance(packages, str):
        packages = (packages,)
    return any(name == p or name.startswith(p + ".") for p in packages)


def offenders(importers, imported) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in SOURCES.items()
        if within(module, importers)
        for name in names
        if within(name, imported)
    )


def test_the_rule_modules_are_found():
    assert SOURCES.keys() >= PURE
    assert "tracking.services.sessions" in SOURCES


def test_the_catalogue_never_imports_tracking():
    assert offenders("exercises", "tracking") == []


def test_tracking_never_imports_accounts_so_the_apps_depend_one_way():
    """`osteofit.accounts` (export, deletion) reads tracking; tracking needs nothing of it."""
    assert offenders("tracking", "osteofit.accounts") == []


@pytest.mark.parametrize("module", sorted(PURE))
def test_a_pure_rule_module_imports_only_the_standard_library_and_other_rules(module):
    # `from tracking import progression` names the package too; what it brings is checked.
    project = {
        name
        for name in SOURCES[module]
        if name.split(".")[0] in (*APPS, "django") and name not in APPS
    }
    assert {name for name in project if not within(name, tuple(PURE))} == set()


def test_settings_import_no_app():
    assert offenders("osteofit.settings", ("exercises", "tracking", "osteofit.accounts")) == []


def test_services_selectors_and_rules_never_import_the_interfaces():
    assert offenders(BELOW_INTERFACES, INTERFACES) == []


def test_models_import_no_services_selectors_or_ladders():
    assert (
        offenders(
            "tracking.models", ("tracking.services", "tracking.selectors", "tracking.ladders")
        )
        == []
    )
