"""trafilatura is used through one module, whose internals are checked for their shape: a
trafilatura release that moves or reshapes one fails here, by name, not silently in every record."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from archiver.extraction import trafilatura_shim

PACKAGE = Path(__file__).resolve().parents[1] / "archiver"


def test_the_internals_the_extraction_relies_on_have_their_shape():
    problems = trafilatura_shim.shape_problems()
    assert problems == [], (
        f"trafilatura {trafilatura_shim.installed_version()} no longer fits archiver/extraction/trafilatura_shim.py: "
        + "; ".join(problems)
    )


def test_the_installed_trafilatura_is_in_the_tested_range():
    assert trafilatura_shim.installed_version() in SpecifierSet(trafilatura_shim.TESTED_VERSIONS)
    pyproject = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"trafilatura{trafilatura_shim.TESTED_VERSIONS}"' in pyproject


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_other_module_imports_trafilatura_or_htmldate(path):
    if path.name == "trafilatura_shim.py":
        return
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
    assert not imported & {"trafilatura", "htmldate"}


def test_shape_problems_names_what_changed(monkeypatch):
    monkeypatch.setattr(trafilatura_shim, "xmltotxt", lambda tree: "")
    monkeypatch.setattr(trafilatura_shim, "DOCTYPE_TAG", "<!doctype")
    problems = trafilatura_shim.shape_problems()
    assert (
        "xmltotxt: its first parameters are ('tree',), the extraction passes ('xmloutput', 'include_formatting')"
        in problems
    )
    assert "DOCTYPE_TAG: no longer a compiled regex" in problems
