"""Duplicate articles in a dataset: versions of one article, exact copies (same canonical URL, same
normalised text) and near copies (MinHash over word shingles, with LSH to find candidates
without comparing every pair).

Pure logic, no Scrapy. Two ways to use a :class:`Deduplicator`:

- :meth:`Deduplicator.check`, row by row: the **first row seen is kept**, a later copy is
  dropped and reported with the row it duplicates; stable and streaming.
- :meth:`Deduplicator.add` for every row, then :meth:`Deduplicator.select`, which is what
  ``archiver export`` does: of the rows of one article (one canonical URL) the **latest
  version** is kept (the highest ``version``, then the latest ``fetched_at``; with
  ``all_versions`` every version), and of a cluster of copies of one story at different URLs
  (same text, or near) the **earliest published** one, the original rather than a wire copy
  that went up after it. Rows hold no text meanwhile: a URL key, a text hash and one MinHash
  signature (``num_perm`` 64-bit values, 1 KiB at the default 128) per article.

Normalisation, for both exact text hashes and shingles: Unicode NFKC, case-folded, every run
of non-word characters (punctuation, whitespace) turned into one space. So a copy that only
differs in quotes, spacing or capitals is an exact duplicate; a copy with a changed sentence is
a near duplicate when the estimated Jaccard similarity of their 5-word shingle sets reaches
the threshold. Versions of one article are never each other's copies.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from datasketch import MinHash, MinHashLSH

DEFAULT_THRESHOLD = 0.8
DEFAULT_NUM_PERM = 128
SHINGLE_WORDS = 5
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Duplicate:
    """Why a row was dropped: ``reason`` is ``older_version`` (a newer version of the article
    is kept), ``canonical_url``, ``text_hash`` or ``near_duplicate``; ``similarity`` is 1.0 for
    exact duplicates, the estimated Jaccard similarity for near ones, None for older versions."""

    reason: str
    kept: Mapping[str, Any]
    similarity: float | None

    def report(self, dropped: Mapping[str, Any]) -> dict[str, Any]:
        """One line of the dedup report: which row was kept, which dropped, why."""
        return {
            "reason": self.reason,
            "similarity": None if self.similarity is None else round(self.similarity, 4),
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


@dataclass
class _Row:
    """What :meth:`Deduplicator.select` keeps of a row: where it came from, which article and
    version it is, when it was published, and its text's fingerprints."""

    number: int
    ids: dict[str, Any]  # url and warc_record_id, for the report
    key: str
    version: tuple[Any, ...]  # what makes one version of an article another
    recency: tuple[Any, ...]  # larger is newer
    published: tuple[Any, ...]  # smaller is published earlier (see _publication_order)
    digest: str
    signature: MinHash | None


class Deduplicator:
    """Decides which rows duplicate others: row by row (:meth:`check`), or over a whole dataset
    (:meth:`add`, then :meth:`select`).

    ``by_url``: same canonical URL (else URL); ``by_text``: same normalised text hash;
    ``near_threshold``: estimated Jaccard similarity at or above which two texts are near
    duplicates (``None``: no near-duplicate detection); ``all_versions``: :meth:`select` keeps
    every version of an article, not only the latest. Raises ``ValueError`` for a threshold
    outside (0, 1] or ``num_perm`` below 16.
    """

    def __init__(
        self,
        *,
        by_url: bool = True,
        by_text: bool = True,
        near_threshold: float | None = DEFAULT_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        all_versions: bool = False,
    ) -> None:
        if near_threshold is not None and not 0 < near_threshold <= 1:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], not {near_threshold}")
        if num_perm < 16:
            raise ValueError(f"num_perm must be at least 16, not {num_perm}")
        self.by_url = by_url
        self.by_text = by_text
        self.near_threshold = near_threshold
        self.num_perm = num_perm
        self.all_versions = all_versions
        self._urls: dict[str, Mapping[str, Any]] = {}
        self._texts: dict[str, tuple[str, Mapping[str, Any]]] = {}
        self._lsh = MinHashLSH(threshold=near_threshold, num_perm=num_perm) if near_threshold else None
        self._signatures: dict[int, tuple[MinHash, str, Mapping[str, Any]]] = {}
        # rows given to add(): the one (or, with all_versions, ones) of each article still in the running
        self._articles: dict[str, dict[tuple[Any, ...], _Row]] = {}
        self._dropped: list[tuple[int, Mapping[str, Any], Duplicate]] = []
        self._added = 0

    def check(self, row: Mapping[str, Any]) -> Duplicate | None:
        """``None`` when ``row`` is kept (and remembered), else the :class:`Duplicate` it is."""
        key = url_key(row.get("canonical_url") or row["url"])
        if self.by_url and key in self._urls:
            return Duplicate("canonical_url", self._urls[key], 1.0)
        kept = {name: row.get(name) for name in ("url", "warc_record_id")}
        signature = minhash(row["text"], self.num_perm) if self._lsh is not None else None
        duplicate = self._copy_of(key, text_hash(row["text"]), signature, kept)
        if duplicate is None:
            self._urls.setdefault(key, kept)
        return duplicate

    def _copy_of(self, key: str, digest: str, signature: MinHash | None, ids: Mapping[str, Any]) -> Duplicate | None:
        """The kept row that a row of article ``key`` copies (same text, or near), or ``None``,
        and then the row is remembered as kept. A version of the same article is no copy."""
        if self.by_text and digest in self._texts and self._texts[digest][0] != key:
            return Duplicate("text_hash", self._texts[digest][1], 1.0)
        if self._lsh is not None and signature is not None:
            best: tuple[float, Mapping[str, Any]] | None = None
            for candidate in self._lsh.query(signature):
                other, other_key, kept = self._signatures[candidate]
                if other_key == key:
                    continue
                similarity = signature.jaccard(other)
                if similarity >= self.near_threshold and (best is None or similarity > best[0]):  # type: ignore[operator]
                    best = (similarity, kept)
            if best is not None:
                return Duplicate("near_duplicate", best[1], best[0])
        self._texts.setdefault(digest, (key, ids))
        if self._lsh is not None and signature is not None:
            number = len(self._signatures)
            self._signatures[number] = (signature, key, ids)
            self._lsh.insert(number, signature)
        return None

    def add(self, row: Mapping[str, Any]) -> None:
        """Take ``row`` (an export row: ``url``, ``canonical_url``, ``text``, ``version``,
        ``fetched_at``, ``published``, ``warc_record_id``) into the dataset that :meth:`select`
        decides on; rows are numbered 0, 1, ... in the order they are added."""
        number, self._added = self._added, self._added + 1
        ids = {name: row.get(name) for name in ("url", "warc_record_id")}
        key = url_key(row.get("canonical_url") or row["url"])
        digest = text_hash(row["text"])
        version: tuple[Any, ...]
        if not self.by_url:
            key, version = f"{key}#{number}", ()  # every row an article of its own
        elif self.all_versions:
            # a record without a version number is told from another by its text
            version = (row["version"],) if row.get("version") is not None else (digest,)
        else:
            version = ()
        row_entry = _Row(
            number,
            ids,
            key,
            version,
            # of two URLs that name one canonical URL, that URL's own page
            (row.get("version") or 0, url_key(row["url"]) == key, _sortable_time(row.get("fetched_at")) or ""),
            _publication_order(row),
            digest,
            None,
        )
        versions = self._articles.setdefault(key, {})
        current = versions.get(version)
        if current is not None:
            if row_entry.recency <= current.recency:
                self._drop(row_entry, current)  # an older version, or the same one again: the first stays
                return
            self._drop(current, row_entry)
        if self._lsh is not None:
            row_entry.signature = minhash(row["text"], self.num_perm)
        versions[version] = row_entry

    def _drop(self, row: _Row, kept: _Row) -> None:
        if row.recency < kept.recency:
            self._dropped.append((row.number, row.ids, Duplicate("older_version", kept.ids, None)))
        else:
            self._dropped.append((row.number, row.ids, Duplicate("canonical_url", kept.ids, 1.0)))

    def select(self) -> tuple[set[int], list[tuple[int, Mapping[str, Any], Duplicate]]]:
        """The numbers of the rows kept, and for each row dropped its number, its ``url`` and
        ``warc_record_id``, and the :class:`Duplicate` it is: the latest version of each article
        (every version with ``all_versions``), then of copies of one story at several URLs the
        one published first (see ``_publication_order``; the first added among equals)."""
        rows = sorted(
            (row for versions in self._articles.values() for row in versions.values()),
            key=lambda row: (row.published, row.number),
        )
        kept: set[int] = set()
        dropped = list(self._dropped)
        for row in rows:
            duplicate = self._copy_of(row.key, row.digest, row.signature, row.ids)
            if duplicate is None:
                kept.add(row.number)
            else:
                dropped.append((row.number, row.ids, duplicate))
        return kept, sorted(dropped, key=lambda item: item[0])


# A credit to a news agency or a newsroom desk rather than to a writer: "Staff and wire reports",
# "Associated Press", "Reuters", "dpa", "AFP", "Agencies".
_AGENCY_CREDIT = re.compile(
    r"\b(?:wires?|agency|agencies|news service|press association|associated press|reuters|afp|dpa|ap|staff)\b",
    re.IGNORECASE,
)


def _publication_order(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Where ``row`` stands among copies of one story, earliest published first: by the day it
    was published where it was published (``published_local``, else ``published``), rows
    without a date last; on one day, a story under a writer's byline before one credited only
    to an agency or a desk (a wire copy, when the time of day cannot tell), then by time."""
    local = row.get("published_local") or row.get("published")
    day = local[:10] if isinstance(local, str) and len(local) >= 10 else None
    authors = row.get("authors") or []
    credited = not authors or all(_AGENCY_CREDIT.search(name) for name in authors)
    return (day is None, day or "", credited, _sortable_time(local) or "")


def _sortable_time(value: Any) -> str | None:
    """An ISO 8601 time as a string that sorts in time order (UTC, ``YYYY-MM-DDTHH:MM:SS``), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value) if len(value) > 10 else datetime.fromisoformat(value + "T00:00:00")
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")
