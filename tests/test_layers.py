"""The package's layering (ARCHITECTURE.md): each area imports only the areas below it, and no cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hazardflow"

# Each area and the areas it may import (besides itself); the top package `hazardflow` is the public API.
# directory (who is who) sits on vocab/checks, below hazard
BASE = {"vocab", "checks", "rules", "workdays", "directory"}
MAY_IMPORT: dict[str, set[str]] = {
    "vocab": set(),
    "checks": {"vocab"},
    "rules": {"vocab", "checks"},
    "workdays": {"vocab", "checks"},
    "notices": {"vocab", "checks"},
    "directory": {"vocab", "checks"},
    "hazard": BASE,
    "campaign": BASE | {"hazard", "notices"},
    "enforcement": BASE | {"hazard"},
    "store": BASE | {"hazard", "campaign", "enforcement", "notices"},
    "reports": BASE | {"hazard", "campaign", "enforcement", "notices", "store"},
    "cli": BASE | {"hazard", "campaign", "enforcement", "notices", "store", "reports", "bdd", "__init__"},
    "bdd": {"__init__"},
    "schema": BASE | {"hazard", "enforcement", "reports"},
    "serve": {"__init__"},
}


def _area(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    """The hazardflow areas a module imports (``__init__`` for the public API itself)."""
    areas = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "hazardflow":
                names = [f"hazardflow.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] != "hazardflow":
                continue
            if len(parts) == 1 or (parts[1] not in MAY_IMPORT):
                areas.add("__init__")
            else:
                areas.add(parts[1])
    return areas


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.name != "__init__.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_areas_below_it(path: Path) -> None:
    area = _area(path)
    assert area in MAY_IMPORT, f"{path.relative_to(PACKAGE)} is in no known area; add it to ARCHITECTURE.md"
    wrong = _imports(path) - MAY_IMPORT[area] - {area}
    assert not wrong, f"{path.relative_to(PACKAGE)} ({area}) imports {sorted(wrong)}"


def test_no_area_imports_the_public_api_but_the_faces() -> None:
    faces = {area for area, allowed in MAY_IMPORT.items() if "__init__" in allowed}
    assert faces == {"cli", "bdd", "serve"}
