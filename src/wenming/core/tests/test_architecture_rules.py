"""The rules `docs/architecture.md` states about the code's shape, each kept by a test here
(the import rules are kept by import-linter in `make lint`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]  # src/wenming
APPS = sorted(p.parent.name for p in SRC.glob("*/apps.py"))


def production_modules() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    )


def _relative(path: Path) -> str:
    return str(path.relative_to(SRC.parent))


def test_modules_stay_below_800_lines():
    """Modules stay near 400 lines; past 800 they become packages."""
    too_long = {
        _relative(path): count
        for path in production_modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 800
    }
    assert too_long == {}


def _guarded_imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        catches_import_error = any(
            isinstance(handler.type, ast.Name)
            and handler.type.id in {"ImportError", "ModuleNotFoundError"}
            for handler in node.handlers
        )
        if not catches_import_error:
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and (statement.module or "").startswith(
                "wenming"
            ):
                found.append(statement.module)
            if isinstance(statement, ast.Import):
                found += [
                    alias.name for alias in statement.names if alias.name.startswith("wenming")
                ]
    return found


def test_no_import_of_our_own_code_is_guarded_by_import_error():
    """An app that needs another declares the dependency; nothing hides an import behind
    `try: … except ImportError`."""
    guarded = {
        _relative(path): modules
        for path in production_modules()
        if (modules := _guarded_imports(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert guarded == {}


SIGNAL_USE = re.compile(
    r"django\.db\.models\.signals|@receiver\b|\b(pre|post)_(save|delete|init)\b|m2m_changed"
)


def test_no_signals_for_domain_logic():
    """Cross-app effects go through `core.hooks`, never through model signals."""
    users = [
        _relative(path)
        for path in production_modules()
        if SIGNAL_USE.search(path.read_text(encoding="utf-8"))
    ]
    assert users == []


POINTER_OUTSIDE = re.compile(r"\.\./shared|/work/|shared/(domain|style|glossary)")


def test_comments_point_only_at_files_in_the_repository():
    pointers = [
        _relative(path)
        for path in production_modules()
        if POINTER_OUTSIDE.search(path.read_text(encoding="utf-8"))
    ]
    assert pointers == []


#: The shell's catalogue (`src/wenming/locale/`) serves the project and the foundation apps;
#: every domain app carries its own.
SHELL_CATALOGUE = {"config", "core", "accounts", "organizations", "notifications", "dashboards"}


@pytest.mark.parametrize("app", APPS)
def test_every_domain_app_keeps_its_catalogue_and_permissions(app):
    """Inside an app: its own Chinese catalogue and, when it has models, its permissions."""
    root = SRC / app
    catalogue = root / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    assert catalogue.exists() != (app in SHELL_CATALOGUE)
    has_models = (root / "models.py").exists() or (root / "models").is_dir()
    if has_models and app not in {"core", "accounts", "notifications"}:
        assert (root / "permissions.py").exists()
