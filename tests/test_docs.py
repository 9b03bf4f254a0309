"""The docs document every command, option, setting and meta key, and their links hold
(sqlite-utils' test_docs idea).

``docs/commands.md`` has one ``## `archiver COMMAND``` section per command, whose table rows
name each option with its default; ``docs/settings.md`` has one table row per ``ARCHIVER_*``
setting with its default and one per ``request.meta`` key. The README links every file in
``docs/``, and every relative link of the README and the docs points at a file (and heading)
that exists.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import pytest

from archiver.cli import COMMANDS, build_parser
from archiver.config import DEFAULTS
from archiver.crawl import meta

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README = REPO / "README.md"
MARKDOWN = [README, *sorted(DOCS.glob("*.md"))]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def without_code_blocks(text: str) -> str:
    """``text`` with its fenced code blocks blanked out (a ``# comment`` there is no heading)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def table_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table row in ``text`` (``\\|`` inside a cell kept)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
    return rows


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _long_options(command: str) -> dict[str, argparse.Action]:
    return {
        option: action
        for action in _subparsers()[command]._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def command_sections() -> dict[str, str]:
    """``docs/commands.md`` split at its ``## `archiver COMMAND``` headings: command -> section."""
    sections: dict[str, str] = {}
    current = None
    for line in read(DOCS / "commands.md").splitlines():
        if line.startswith("## "):
            match = re.fullmatch(r"## `archiver ([\w-]+)`", line)
            current = match[1] if match else None
            if current is not None:
                assert current not in sections, f"two sections for archiver {current}"
                sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return sections


SECTIONS = command_sections()


def test_every_command_has_its_section_and_no_other():
    assert sorted(SECTIONS) == sorted(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_documented(command):
    assert f"`archiver {command}" in read(DOCS / "commands.md")
    assert SECTIONS.get(command, "").strip(), f"no section for archiver {command}"


def _option_row(command: str, option: str) -> list[str] | None:
    for cells in table_rows(SECTIONS.get(command, "")):
        if re.search(rf"`{re.escape(option)}\b", cells[0]):
            return cells
    return None


@pytest.mark.parametrize(
    ("command", "option"),
    [(command, option) for command in sorted(COMMANDS) for option in sorted(_long_options(command))],
)
def test_every_option_is_documented_in_its_commands_table_with_its_default(command, option):
    row = _option_row(command, option)
    assert row is not None, f"archiver {command}: no table row for `{option}` in docs/commands.md"
    default = _long_options(command)[option].default
    if isinstance(default, bool) or default in (None, "", []):
        return  # a flag, or a default that depends on the input: the row says it in words
    shown = {str(default)} | ({str(int(default))} if isinstance(default, float) and default.is_integer() else set())
    assert len(row) > 1 and any(text in row[1] for text in shown), f"archiver {command} {option}: {row}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_option_is_documented_that_the_command_does_not_have(command):
    documented = {
        option for cells in table_rows(SECTIONS.get(command, "")) for option in re.findall(r"`(--[\w-]+)", cells[0])
    }
    assert documented <= set(_long_options(command)), f"archiver {command}"


SETTINGS = read(DOCS / "settings.md")


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_every_setting_is_documented_with_its_default(name):
    rows = [line for line in SETTINGS.splitlines() if line.startswith(f"| `{name}`")]
    assert len(rows) == 1, f"{name}: {len(rows)} rows in docs/settings.md"
    [row] = rows
    default_cell = row.split("|")[2]
    default = DEFAULTS[name]
    assert (str(default) if default != "" else '""') in default_cell, row


def test_no_setting_is_documented_that_does_not_exist():
    documented = set(re.findall(r"^\| `(ARCHIVER_\w+)`", SETTINGS, flags=re.MULTILINE))
    assert documented == set(DEFAULTS)


def test_every_meta_key_is_documented_once():
    documented = re.findall(r"^\| `(archiver_\w+)`", SETTINGS, flags=re.MULTILINE)
    assert sorted(documented) == sorted(meta.ALL)


def test_the_readme_stays_short():
    assert len(read(README).splitlines()) <= 200


def links(path: Path) -> list[str]:
    """The targets of the Markdown links in ``path``, outside code blocks."""
    return re.findall(r"\[[^\]]*\]\(([^)\s]+)\)", without_code_blocks(read(path)))


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of ``path``."""
    found: set[str] = set()
    seen: Counter[str] = Counter()
    for line in without_code_blocks(read(path)).splitlines():
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match[1])  # a link's text only
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        found.add(slug if not seen[slug] else f"{slug}-{seen[slug]}")
        seen[slug] += 1
    return found


def test_the_readme_links_every_file_in_docs():
    linked = {(REPO / target.split("#")[0]).resolve() for target in links(README) if not target.startswith("#")}
    unlinked = [path.name for path in sorted(DOCS.glob("*.md")) if path.resolve() not in linked]
    assert unlinked == []


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda path: str(path.relative_to(REPO)))
def test_every_relative_link_points_at_a_file_and_heading_that_exist(path):
    broken = []
    for target in links(path):
        if re.match(r"[a-z][a-z+.-]*:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no such heading")
    assert broken == []
