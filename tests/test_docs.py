"""The README documents every command, option and setting (sqlite-utils' test_docs idea)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from archiver.cli import COMMANDS, build_parser
from archiver.config import DEFAULTS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_documented(command):
    assert f"archiver {command}" in README


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, option)
        for name, sub in sorted(_subparsers().items())
        for action in sub._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ],
)
def test_every_option_is_documented(command, option):
    assert re.search(rf"`{re.escape(option)}\b", README), f"{command} {option}"


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_every_setting_is_documented_with_its_default(name):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}`")), None)
    assert row is not None, name
    default = DEFAULTS[name]
    assert str(default) in row or (default == "" and "|" in row), row
