"""Duplicate articles in a dataset: exact (same canonical URL, same normalised text) and near
(MinHash over word shingles, with LSH to find candidates without comparing every pair).

Pure logic, no Scrapy. Rows are checked in input order and the **first one seen is kept**: a
later copy is dropped and reported with the row it duplicates, so the decision is stable and
streaming (no second pass over the input). Memory grows with the rows kept: a URL key, a text
hash and, with near-duplicate detection on, one MinHash signature (``num_perm`` 64-bit values,
1 KiB at the default 128) per row.

Normalisation, for both exact text hashes and shingles: Unicode NFKC, case-folded, every run
of non-word characters (punctuation, whitespace) turned into one space. So a copy that only
differs in quotes, spacing or capitals is an exact duplicate; a copy with a changed sentence is
a near duplicate when the estimated Jaccard similarity of their 5-word shingle sets reaches
the threshold.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from datasketch import MinHash, MinHashLSH

DEFAULT_THRESHOLD = 0.8
DEFAULT_NUM_PERM = 128
SHINGLE_WORDS = 5
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Duplicate:
    """Why a row was dropped: ``reason`` is ``canonical_url``, ``text_hash`` or
    ``near_duplicate``; ``similarity`` is 1.0 for exact duplicates, the estimated Jaccard
    similarity for near ones."""

    reason: str
    kept: Mapping[str, Any]
    similarity: float

    def report(self, dropped: Mapping[str, Any]) -> dict[str, Any]:
        """One line of the dedup report: which row was kept, which dropped, why."""
        return {
            "reason": self.reason,
            "similarity": round(self.similarity, 4),
            "kept_url": self.kept["url"],
            "kept_warc_record_id": self.kept.get("warc_record_id"),
            "dropped_url": dropped["url"],
            "dropped_warc_record_id": dropped.get("warc_record_id"),
        }


def normalise_text(text: str) -> str:
    """Text reduced to case-folded words separated by single spaces."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def text_hash(text: str) -> str:
    """SHA-1 (hex) of the normalised text."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()


def url_key(url: str) -> str:
    """A URL as a dedup key: scheme and host lower-cased, default port, fragment and a trailing
    slash dropped (``https://Example.org/a/#x`` and ``https://example.org/a`` are one key)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and (parts.scheme, parts.port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of the normalised text (the whole text when shorter)."""
    words = normalise_text(text).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash(text: str, num_perm: int = DEFAULT_NUM_PERM) -> MinHash:
    """The MinHash signature of a text's shingles (seeded: equal texts, equal signatures)."""
    signature = MinHash(num_perm=num_perm, seed=1)
    signature.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    return signature


class Deduplicator:
    """Decides, row by row, whether a row duplicates one already kept.

    ``by_url``: same canonical URL (else URL); ``by_text``: same normalised text hash;
    ``near_threshold``: estimated Jaccard similarity at or above which two texts are near
    duplicates (``None``: no near-duplicate detection). ``versions``: rows of one URL are
    versions of one article, never duplicates of each other (``by_url`` is then ignored; the
    SQLite database keeps every version). Raises ``ValueError`` for a threshold outside (0, 1]
    or ``num_perm`` below 16.
    """

    def __init__(
        self,
        *,
        by_url: bool = True,
        by_text: bool = True,
        near_threshold: float | None = DEFAULT_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        versions: bool = False,
    ) -> None:
        if near_threshold is not None and not 0 < near_threshold <= 1:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], not {near_threshold}")
        if num_perm < 16:
            raise ValueError(f"num_perm must be at least 16, not {num_perm}")
        self.by_url = by_url and not versions
        self.versions = versions
        self.by_text = by_text
        self.near_threshold = near_threshold
        self.num_perm = num_perm
        self._urls: dict[str, Mapping[str, Any]] = {}
        self._texts: dict[str, Mapping[str, Any]] = {}
        self._lsh = MinHashLSH(threshold=near_threshold, num_perm=num_perm) if near_threshold else None
        self._signatures: dict[int, tuple[MinHash, Mapping[str, Any]]] = {}

    def check(self, row: Mapping[str, Any]) -> Duplicate | None:
        """``None`` when ``row`` is kept (and remembered), else the :class:`Duplicate` it is."""
        key = url_key(row.get("canonical_url") or row["url"])
        if self.by_url and key in self._urls:
            return Duplicate("canonical_url", self._urls[key], 1.0)
        digest = text_hash(row["text"])
        if self.by_text and digest in self._texts and not self._same_article(key, self._texts[digest]):
            return Duplicate("text_hash", self._texts[digest], 1.0)
        signature = None
        if self._lsh is not None:
            signature = minhash(row["text"], self.num_perm)
            best: tuple[float, Mapping[str, Any]] | None = None
            for candidate in self._lsh.query(signature):
                other, kept = self._signatures[candidate]
                if self._same_article(key, kept):
                    continue
                similarity = signature.jaccard(other)
                if similarity >= self.near_threshold and (best is None or similarity > best[0]):  # type: ignore[operator]
                    best = (similarity, kept)
            if best is not None:
                return Duplicate("near_duplicate", best[1], best[0])
        kept = {name: row.get(name) for name in ("url", "warc_record_id")}
        if self.versions:
            kept["url_key"] = key
        self._urls.setdefault(key, kept)
        self._texts.setdefault(digest, kept)
        if self._lsh is not None and signature is not None:
            number = len(self._signatures)
            self._signatures[number] = (signature, kept)
            self._lsh.insert(number, signature)
        return None

    def _same_article(self, key: str, kept: Mapping[str, Any]) -> bool:
        return self.versions and kept.get("url_key") == key
