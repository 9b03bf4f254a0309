"""The article record: its fields, and the one place where a record is put together.

Extraction gives the fields read from the page (:data:`PAGE_FIELDS`, ``url`` to ``word_count``);
where the page came from and what a crawl knows of it are added here, by :func:`article_record`,
for every producer of records (a crawl, ``archiver extract``), so that every record has its fields
in one order and one meaning (``docs/records.md``). Pure logic; no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PAGE_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "authors",
    "published",
    "modified",
    "language",
    "sitename",
    "description",
    "categories",
    "tags",
    "image",
    "text",
    "word_count",
)
_LIST_FIELDS = frozenset({"authors", "categories", "tags"})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Capture:
    """The HTTP response a page came in: when (``fetched_at``), ``status``, ``content_type``, and
    the WARC record that holds it (``warc``: filename, offset, length, record id, payload digest;
    None when the page was not archived)."""

    fetched_at: str | None
    status: int | str | None
    content_type: str | None
    warc: dict[str, Any] | None


@dataclass(frozen=True)
class Version:
    """An article's place in its history: ``number`` 1 for its first record, one more for each
    changed version; ``previous`` is the ``warc`` pointer of the version before (None for 1)."""

    number: int
    previous: dict[str, Any] | None


def page_fields(url: str, text: str, **found: Any) -> dict[str, Any]:
    """The :data:`PAGE_FIELDS` of a page: ``url`` and ``text`` as given, ``word_count`` counted from
    the text, every other field from ``found`` (a missing one is None, a missing list ``[]``)."""
    fields: dict[str, Any] = {}
    for name in PAGE_FIELDS:
        if name == "url":
            fields[name] = url
        elif name == "text":
            fields[name] = text
        elif name == "word_count":
            fields[name] = len(_WORD.findall(text))
        else:
            fields[name] = found.get(name, [] if name in _LIST_FIELDS else None)
    unknown = set(found) - set(PAGE_FIELDS)
    if unknown:
        raise ValueError(f"not page fields: {sorted(unknown)}")
    return fields


def article_record(
    fields: Mapping[str, Any],
    *,
    source: str | None = None,
    capture: Capture | None = None,
    crawl_id: str | None = None,
    version: Version | None = None,
) -> dict[str, Any]:
    """The article record: the page's fields, then ``source`` (a record read from a file),
    ``fetched_at``, ``status``, ``content_type`` (from the ``capture``), ``crawl_id`` (from a
    crawl), ``version`` and ``previous`` (from an incremental crawl), and ``warc`` (from the
    ``capture``). A part not given leaves its fields out."""
    record = {name: fields[name] for name in PAGE_FIELDS}
    if source is not None:
        record["source"] = source
    if capture is not None:
        record["fetched_at"] = capture.fetched_at
        record["status"] = capture.status
        record["content_type"] = capture.content_type
    if crawl_id is not None:
        record["crawl_id"] = crawl_id
    if version is not None:
        record["version"] = version.number
        record["previous"] = version.previous
    if capture is not None:
        record["warc"] = capture.warc
    return record
