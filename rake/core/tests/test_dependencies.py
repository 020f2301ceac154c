"""The apps depend on each other one way, as DESIGN §6 draws them: a module of one app (tests aside) imports
only the apps listed for it here. An import the table does not allow fails with the module and the line."""

import ast
from pathlib import Path

import pytest

RAKE = Path(__file__).resolve().parents[2]

# app → the other rake apps its modules may import (DESIGN §6). `privacy` is a library anyone may use;
# `demo` may import every app and no app imports it.
LIBRARIES = {"core", "privacy"}
ALLOWED = {
    "core": set(),
    "privacy": {"core"},
    "accounts": {"core"},
    "areas": {"core"},
    "taxonomy": {"core"},
    "observations": {"accounts", "areas", "taxonomy"},
    "analysis": {"accounts", "areas", "taxonomy", "observations"},
    "proposals": {"accounts", "areas", "taxonomy", "observations"},
    "publishing": {"accounts", "areas", "taxonomy", "observations", "analysis", "proposals"},
    "exchange": {"accounts", "areas", "taxonomy", "observations", "analysis"},
    # A county's administration pages: views over the services of accounts and taxonomy (issue 16 point 7).
    "administration": {"accounts", "areas", "taxonomy"},
}
# Imports against the table that are still to be turned round. The list only shrinks: an entry whose import is
# gone fails too, so that it is taken out.
NOT_YET: dict[str, set[str]] = {}


def _apps():
    return sorted(path.name for path in RAKE.iterdir() if (path / "apps.py").exists())


def _imported_apps(path: Path):
    """(line, app) for every `rake.<app>` module the file imports (relative imports stay in the app)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "rake" and len(parts) > 1 and (RAKE / parts[1] / "apps.py").exists():
                yield node.lineno, parts[1]


def _modules(app: str):
    for path in sorted((RAKE / app).rglob("*.py")):
        relative = path.relative_to(RAKE / app)
        if relative.parts[0] != "tests":
            yield path


@pytest.mark.parametrize("app", [app for app in _apps() if app != "demo"])
def test_an_app_imports_only_the_apps_it_builds_on(app):
    assert app in ALLOWED, f"rake/{app}: add it to ALLOWED with the apps DESIGN §6 lets it build on"
    allowed = ALLOWED[app] | LIBRARIES | {app}
    imports = [(path, line, other) for path in _modules(app) for line, other in _imported_apps(path)]
    wrong = sorted({f"{path.relative_to(RAKE.parent)}:{line} imports rake.{other}" for path, line, other in imports
                    if other not in allowed | NOT_YET.get(app, set())})
    assert not wrong, "\n".join(wrong)
    gone = NOT_YET.get(app, set()) - {other for _path, _line, other in imports}
    assert not gone, f"rake/{app} no longer imports {sorted(gone)}: take them out of NOT_YET"


def test_no_app_imports_the_demo_data():
    found = sorted(f"{path.relative_to(RAKE.parent)}:{line}" for app in _apps() if app != "demo"
                   for path in _modules(app) for line, other in _imported_apps(path) if other == "demo")
    assert not found, found


def test_the_rules_are_read_from_real_imports(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import rake.observations.models\nfrom rake.analysis import release\nfrom . import x\n")
    assert sorted(app for _line, app in _imported_apps(module)) == ["analysis", "analysis", "observations"]


def _imported_modules(path: Path):
    """Every module name the file imports, relative ones as written (".services")."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            yield module
            yield from (f"{module}.{alias.name}" if node.module else f"{module}{alias.name}" for alias in node.names)


@pytest.mark.parametrize("path", sorted(RAKE.glob("*/selectors.py")), ids=lambda path: path.parent.name)
def test_selectors_only_read(path):
    """Reads never write (DESIGN §6): a selector neither audits nor reaches into the services; the audit of a
    raw read is a service."""
    writes = sorted(name for name in _imported_modules(path)
                    if name.startswith(("rake.core.audit", ".services")) or name.endswith(".services"))
    assert not writes, writes
