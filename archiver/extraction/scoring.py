"""Scoring extraction output against gold records: body text, titles, authors and dates.

Pure functions, no Scrapy and no trafilatura, so a notebook can score any extractor's output.

The body metric is the article-extraction-benchmark's (Zyte, 2019): text becomes tokens (runs of
``\\w``), tokens become overlapping 4-word shingles counted as a multiset, and a page's true
positives, false positives and false negatives are the shingle-count overlaps divided by their
sum, so that every page weighs the same whatever its length. Precision and recall are averaged
over pages (a page with nothing predicted has no precision, one with no gold text no recall), and
F1 is computed from the two averages. Accuracy is the share of pages whose predicted token
sequence is exactly the gold one.

Metadata comparisons follow the WCXB conventions: titles after Unicode NFC and whitespace
normalisation (``titles_match``; with ``loose``, ignoring case and typographic quotes too, as
the project's held-out checks compare them), authors as sets of names (case-folded,
punctuation as space, a leading "By" dropped), dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_SIZE = 4

_TOKEN = re.compile(r"\w+")
_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
# ... and in German, the language of most of trafilatura's evaluation pages ("A und B", "Von A")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b)\s*", re.IGNORECASE)
_LEADING_BY = re.compile(r"^(?:by|von)\s+", re.IGNORECASE)
_STRAIGHT_QUOTES = str.maketrans("‘’‚‛“”„‟", "''''\"\"\"\"")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class PageCounts:
    """One page's shingle overlap, normalised to sum to 1 (all zero when both texts are empty)."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True)
class BodyScores:
    """Body metrics over a set of pages."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


def tokens(text: str | None) -> list[str]:
    """The benchmark's tokens: every run of word characters, in order."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``; a text shorter than ``size`` tokens
    is one shingle of all its tokens, an empty text has none."""
    words = tokens(text)
    return Counter(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)) if words[i : i + size])


def page_counts(gold: str | None, predicted: str | None) -> PageCounts:
    """TP/FP/FN of ``predicted`` against ``gold`` for one page, normalised to sum to 1."""
    gold_shingles, predicted_shingles = shingles(gold), shingles(predicted)
    tp = sum((gold_shingles & predicted_shingles).values())
    fp = sum((predicted_shingles - gold_shingles).values())
    fn = sum((gold_shingles - predicted_shingles).values())
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


def _precision(counts: PageCounts) -> float:
    if counts.fp == counts.fn == 0:
        return 1.0
    return counts.tp / (counts.tp + counts.fp) if counts.tp + counts.fp else 0.0


def _recall(counts: PageCounts) -> float:
    if counts.fp == counts.fn == 0:
        return 1.0
    return counts.tp / (counts.tp + counts.fn) if counts.tp + counts.fn else 0.0


def body_scores(pairs: Iterable[tuple[str | None, str | None]]) -> BodyScores:
    """Benchmark metrics over ``(gold, predicted)`` body pairs, one pair a page.

    Raises ``ValueError`` when ``pairs`` is empty.
    """
    all_counts: list[PageCounts] = []
    exact = 0
    for gold, predicted in pairs:
        all_counts.append(page_counts(gold, predicted))
        exact += tokens(gold) == tokens(predicted)
    if not all_counts:
        raise ValueError("no pages to score")
    precisions = [_precision(c) for c in all_counts if c.tp + c.fp > 0]
    recalls = [_recall(c) for c in all_counts if c.tp + c.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BodyScores(f1, precision, recall, exact / len(all_counts), len(all_counts))


def normalise_title(title: str | None, *, loose: bool = False) -> str:
    """``title`` in Unicode NFC with whitespace runs collapsed to one space and trimmed; with
    ``loose``, also case-folded and with typographic quotes as straight ones."""
    title = unicodedata.normalize("NFC", title or "")
    if loose:
        title = title.casefold().translate(_STRAIGHT_QUOTES)
    return _WHITESPACE.sub(" ", title).strip()


def titles_match(gold: str | None, predicted: str | None, *, loose: bool = False) -> bool:
    """Whether two titles are the same after ``normalise_title``."""
    return normalise_title(gold, loose=loose) == normalise_title(predicted, loose=loose)


def normalise_name(name: str) -> str:
    """A person name for comparison: case-folded, punctuation as space, a leading "By" dropped."""
    name = _WHITESPACE.sub(" ", _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", name).casefold())).strip()
    return _LEADING_BY.sub("", name).strip()


def author_set(authors: str | Iterable[str] | None) -> set[str]:
    """Normalised names from one string ("A, B and C") or from a list of names."""
    if not authors:
        return set()
    parts = _NAME_SEPARATORS.split(authors) if isinstance(authors, str) else list(authors)
    names = set()
    for part in parts:
        # a list item may itself hold several names ("A and B")
        for piece in _NAME_SEPARATORS.split(part):
            if name := normalise_name(piece):
                names.add(name)
    return names


def author_f1(gold: str | Iterable[str] | None, predicted: str | Iterable[str] | None) -> float:
    """F1 of the predicted name set against the gold one; 1.0 when both are empty."""
    gold_names, predicted_names = author_set(gold), author_set(predicted)
    if not gold_names and not predicted_names:
        return 1.0
    common = len(gold_names & predicted_names)
    if not common:
        return 0.0
    precision, recall = common / len(predicted_names), common / len(gold_names)
    return 2 * precision * recall / (precision + recall)


def day(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` day at the start of an ISO 8601 date or datetime, else ``None``."""
    match = _ISO_DAY.match(value.strip()) if value else None
    return match[0] if match else None


def dates_match(gold: str | None, predicted: str | None) -> bool:
    """Whether two ISO 8601 values fall on the same ``YYYY-MM-DD`` (both missing counts as equal)."""
    return day(gold) == day(predicted)
