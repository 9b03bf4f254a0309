"""The article record: its fields, and the one place where a record is put together.

Extraction gives the fields read from the page (:data:`PAGE_FIELDS`, ``url`` to ``word_count``);
where the page came from and what a crawl knows of it are added here, by :func:`article_record`,
for every producer of records (a crawl, ``archiver extract``), so that every record has its fields
in one order and one meaning (``docs/records.md``). Pure logic; no Scrapy.

Dates come in one form that any reader parses without options (``pandas.to_datetime``, Arrow,
``datetime.fromisoformat``): ``published`` and ``modified`` are ``YYYY-MM-DDTHH:MM:SS``, the date
and the time where the story was published, as its readers there saw them (a story published at
22:00 in New York on 5 February is of 5 February, though of 6 February in UTC). The page's own
reading stays beside them in ``published_local`` and ``modified_local``: the day
(``YYYY-MM-DD``) when the page gives no time, else the datetime with the page's own UTC offset,
from which the moment in UTC follows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from archiver.extraction.words import word_count

PAGE_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "authors",
    "published",
    "published_local",
    "modified",
    "modified_local",
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
# the dates that come with a local reading, which ``page_fields`` derives from it
_DATE_FIELDS = {"published": "published_local", "modified": "modified_local"}


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


def utc_timestamp(value: str | None) -> str | None:
    """An ISO 8601 date or datetime as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC: a date alone is its
    midnight, a time without an offset is taken as UTC, fractions of a second are dropped.
    ``None`` for ``None`` or a value that is not ISO 8601."""
    moment = _moment(value)
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def local_timestamp(value: str | None) -> str | None:
    """An ISO 8601 date or datetime as ``YYYY-MM-DDTHH:MM:SS``, the date and time where it was
    written, its offset left out: a date alone is its midnight, fractions of a second are
    dropped. ``None`` for ``None`` or a value that is not ISO 8601."""
    moment = _moment(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment is not None else None


def _moment(value: str | None) -> datetime | None:
    """An ISO 8601 date (at its midnight) or datetime, or ``None`` for ``None`` or anything else."""
    if not value:
        return None
    try:
        if len(value) > 10:
            return datetime.fromisoformat(value)
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    except ValueError:
        return None


def page_fields(url: str, text: str, **found: Any) -> dict[str, Any]:
    """The :data:`PAGE_FIELDS` of a page: ``url`` and ``text`` as given, ``word_count`` counted from
    the text, every other field from ``found`` (a missing one is None, a missing list ``[]``).

    ``published`` and ``modified`` are given as the page reads them (ISO 8601, a date or a
    datetime with its offset): they become the ``*_local`` fields, and without their offsets
    the fields themselves (:func:`local_timestamp`)."""
    fields: dict[str, Any] = {}
    for name in PAGE_FIELDS:
        if name == "url":
            fields[name] = url
        elif name == "text":
            fields[name] = text
        elif name == "word_count":
            fields[name] = word_count(text)
        elif name in _DATE_FIELDS:
            fields[name] = local_timestamp(found.get(name))
        elif name in _DATE_FIELDS.values():
            fields[name] = found.get(name.removesuffix("_local")) if fields[name.removesuffix("_local")] else None
        else:
            fields[name] = found.get(name, [] if name in _LIST_FIELDS else None)
    unknown = set(found) - (set(PAGE_FIELDS) - set(_DATE_FIELDS.values()))
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
