"""Versions of an article compared: the record of a stored version, and the changes between two.

Pure logic, no Scrapy. ``archiver diff`` prints :func:`text_diff` (a unified diff);
``archiver serve`` shows :func:`paragraph_diff` (paragraphs kept, removed, added, and within a
changed paragraph the words). Both compare the same lines, :func:`diff_lines`: the title as a
``# `` line, then one line a paragraph.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from archiver.exceptions import InputError
from archiver.state.model import ArticleVersion

_WORDS = re.compile(r"\s+|[^\s]+")


def version_record(folder: Path, version: ArticleVersion) -> dict[str, Any]:
    """The article record of ``version``, read from its records file in ``folder``; raises InputError."""
    path = folder / version.records_file
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record.get("url") == version.url and int(record.get("version") or 1) == version.version:
                    return dict(record)
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None
    raise InputError(f"version {version.version} of {version.url} is not in {path}")


def diff_lines(record: dict[str, Any]) -> list[str]:
    """What a diff compares of a record: ``# TITLE``, then its paragraphs, one a line."""
    paragraphs = [p for p in (record.get("text") or "").split("\n") if p.strip()]
    return [f"# {record.get('title') or ''}", *paragraphs]


def text_diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Unified diff lines of two article records' titles and texts (paragraph per line)."""
    return list(
        difflib.unified_diff(
            diff_lines(old),
            diff_lines(new),
            lineterm="",
            fromfile=f"{old['url']} version {old.get('version') or 1} ({old.get('fetched_at')})",
            tofile=f"{new['url']} version {new.get('version') or 1} ({new.get('fetched_at')})",
        )
    )


@dataclass(frozen=True)
class Piece:
    """A run of text in a diff: ``same`` in both versions, ``removed`` (only in the older) or
    ``added`` (only in the newer)."""

    kind: Literal["same", "removed", "added"]
    text: str


@dataclass(frozen=True)
class ParagraphChange:
    """One line of :func:`diff_lines` in the comparison: ``same``, ``removed``, ``added``, or
    ``changed`` with the words that changed marked in ``pieces``."""

    kind: Literal["same", "removed", "added", "changed"]
    pieces: tuple[Piece, ...]


def paragraph_diff(old: dict[str, Any], new: dict[str, Any]) -> list[ParagraphChange]:
    """The changes from record ``old`` to record ``new``, a paragraph at a time; a paragraph
    replaced by one paragraph shows which words changed."""
    before, after = diff_lines(old), diff_lines(new)
    changes: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(ParagraphChange("same", (Piece("same", line),)) for line in before[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            changes.extend(
                ParagraphChange("changed", word_diff(a, b)) for a, b in zip(before[i1:i2], after[j1:j2], strict=True)
            )
        else:
            changes.extend(ParagraphChange("removed", (Piece("removed", line),)) for line in before[i1:i2])
            changes.extend(ParagraphChange("added", (Piece("added", line),)) for line in after[j1:j2])
    return changes


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """``old`` changed into ``new``, word by word (spaces kept), as pieces."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return tuple(pieces)
