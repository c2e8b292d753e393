"""The shared apps import no brand (issue 13): a brand is added in its own folder.

The source of ``apps/core`` and ``apps/assessment`` is walked with ``ast``: no ``import``
of a brand app, and no dotted path to one in a string (``import_module("apps.party…")``).
A brand is any app under ``apps/`` that is not one of the shared ones, so a new brand is
covered without editing this file.
"""

import ast
import re
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[2] / "apps"
SHARED = {"core", "accounts", "regions", "people", "audit", "assessment", "dashboard", "workspace"}
BRANDS = sorted(p.name for p in APPS.iterdir() if (p / "apps.py").exists() and p.name not in SHARED)

# Modules of apps/core still being taken apart; remove a line when its module is clean,
# nothing may join this list.
NOT_YET: set[str] = set()


def brand_imports(source: str) -> list[str]:
    """The brand modules ``source`` imports or names by dotted path."""
    brand = re.compile(rf"apps\.({'|'.join(BRANDS)})(\.\w+)*")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if brand.fullmatch(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if brand.fullmatch(node.module):
                found.append(node.module)
            elif node.module == "apps":
                found += [f"apps.{alias.name}" for alias in node.names if alias.name in BRANDS]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and brand.fullmatch(node.value):
            found.append(node.value)
    return found


def test_the_brands_are_found():
    assert {"party", "volunteers", "workforce"} <= set(BRANDS)
    assert not {"core", "assessment", "people"} & set(BRANDS)


def test_the_check_sees_every_form_of_import():
    source = "\n".join(
        [
            "import apps.party.models",
            "from apps.volunteers.models import Team",
            "from apps import workforce",
            "def f():",
            "    from apps.party import selectors",
            "    return import_module('apps.party.demo')",
            "from apps.people.models import Person",
            "x = 'party.Organisation'",
        ]
    )
    assert brand_imports(source) == [
        "apps.party.models",
        "apps.volunteers.models",
        "apps.workforce",
        "apps.party",
        "apps.party.demo",
    ]


@pytest.mark.parametrize("app", ["core", "assessment"])
def test_a_shared_app_imports_no_brand(app):
    offenders = {}
    for path in sorted((APPS / app).rglob("*.py")):
        name = path.relative_to(APPS).as_posix()
        if name in NOT_YET:
            continue
        found = brand_imports(path.read_text(encoding="utf-8"))
        if found:
            offenders[name] = found
    assert offenders == {}
