"""The layers hold: outside ``archiver/crawl/`` (and the command line) no module imports Scrapy or
Twisted; every package says what it holds and is installed; the spiders install under
``archiver``; the request.meta keys the components share are written once."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "archiver"
# The Scrapy-bound layer, and the entry points, which may start a crawl
SCRAPY_LAYER = ("archiver.crawl", "archiver.cli", "archiver.commands")


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


PURE_MODULES = [name for name in module_names() if not name.startswith(SCRAPY_LAYER)]


def test_no_pure_module_imports_scrapy_or_twisted():
    # each in a fresh interpreter: a module imported earlier must not hide what another pulls in
    check = "import importlib, sys; importlib.import_module(sys.argv[1]); print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'twisted'}))"

    def imports(name: str) -> tuple[str, str]:
        result = subprocess.run([sys.executable, "-c", check, name], capture_output=True, text=True, check=False)
        return name, result.stdout.strip() or result.stderr.strip().splitlines()[-1]

    with ThreadPoolExecutor(max_workers=4) as pool:
        found = dict(pool.map(imports, PURE_MODULES))
    assert len(found) > 40
    assert {name: result for name, result in found.items() if result != "[]"} == {}


def test_every_package_has_a_docstring_and_is_installed():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = {".".join(path.relative_to(REPO).parent.parts) for path in PACKAGE.rglob("__init__.py")}
    assert set(config["packages"]) == packages | {"archiver.spiders"}
    for package in packages:
        init = REPO / package.replace(".", "/") / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), package


def test_the_spiders_install_under_archiver_not_at_the_top_level(tmp_path):
    # another Scrapy project's "spiders" package must not meet ours in one environment
    code = "import archiver.spiders.news, importlib.util; print(importlib.util.find_spec('spiders'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "None", result.stderr
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == {"archiver.spiders": "spiders"}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(REPO)))
def test_meta_keys_are_written_once(path):
    # every archiver_* meta key is a name in archiver/crawl/meta.py, used through it
    if path == PACKAGE / "crawl" / "meta.py":
        return
    literals = [
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("archiver_")
    ]
    assert [value for value in literals if value != "archiver_not_modified"] == []  # a response flag, not a key
