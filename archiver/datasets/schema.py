"""The dataset schema of ``archiver export``: one flat row per article, the same in every format.

Pure logic, no Scrapy. A record as a crawl or ``archiver extract`` writes it (see ``docs/records.md``,
*Article records*) becomes a row by :func:`flatten_record`: the ``warc`` pointer object is
flattened into ``warc_*`` columns, fields the schema does not name are left out, and every
column is always present (``None`` where the record has no value). The columns, their order,
types and nullability are pinned by ``tests/test_export.py``: change them only with a new
``SCHEMA_VERSION``.

Dates are ISO 8601 strings in one form that a dataframe reads without options: ``published``
and ``modified`` are ``YYYY-MM-DDTHH:MM:SS``, the date and time where the story was published
(``archiver.extraction.record.local_timestamp``), ``fetched_at`` is UTC, ``YYYY-MM-DDTHH:MM:SSZ``;
``published_local`` and ``modified_local`` keep the page's own reading (a day ``YYYY-MM-DD``, or
a datetime with the page's UTC offset). Records written before the dates had this form (a
``published`` that was the page's own reading, or the moment in UTC) are brought to it.
``version`` and ``previous`` (the ``warc`` pointer of the version before, an object) come from
incremental crawls. Lists are real lists in JSON Lines
and Parquet; in CSV they, and ``previous``, are JSON in one cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from archiver.extraction.record import local_timestamp, utc_timestamp

SCHEMA_VERSION = "3"
WARC_FIELDS = ("filename", "offset", "length", "record_id", "payload_digest")
WARC_POINTER = pa.struct(
    [
        pa.field("filename", pa.string()),
        pa.field("offset", pa.int64()),
        pa.field("length", pa.int64()),
        pa.field("record_id", pa.string()),
        pa.field("payload_digest", pa.string()),
    ]
)

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("published", pa.string()),
        pa.field("published_local", pa.string()),
        pa.field("modified", pa.string()),
        pa.field("modified_local", pa.string()),
        pa.field("language", pa.string()),
        pa.field("sitename", pa.string()),
        pa.field("description", pa.string()),
        pa.field("categories", pa.list_(pa.string()), nullable=False),
        pa.field("tags", pa.list_(pa.string()), nullable=False),
        pa.field("image", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("word_count", pa.int64(), nullable=False),
        pa.field("fetched_at", pa.string()),
        pa.field("status", pa.int32()),
        pa.field("content_type", pa.string()),
        pa.field("crawl_id", pa.string()),
        pa.field("version", pa.int64()),
        pa.field("previous", WARC_POINTER),
        pa.field("source", pa.string()),
        pa.field("warc_filename", pa.string()),
        pa.field("warc_offset", pa.int64()),
        pa.field("warc_length", pa.int64()),
        pa.field("warc_record_id", pa.string()),
        pa.field("warc_payload_digest", pa.string()),
    ],
    metadata={"archiver.schema_version": SCHEMA_VERSION},
)

COLUMNS: tuple[str, ...] = tuple(ARTICLE_SCHEMA.names)
LIST_COLUMNS = frozenset(f.name for f in ARTICLE_SCHEMA if pa.types.is_list(f.type))
INTEGER_COLUMNS = frozenset(f.name for f in ARTICLE_SCHEMA if pa.types.is_integer(f.type))
# columns that hold JSON in a CSV cell
JSON_COLUMNS = LIST_COLUMNS | {"previous"}
# the dates in the form a dataframe reads, and the column that keeps the page's own reading of each
_DATES = {"published": "published_local", "modified": "modified_local"}


class SchemaError(ValueError):
    """A record that cannot become a row (no URL or text, a value of the wrong type)."""


def flatten_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The row of one article record: every column of ``ARTICLE_SCHEMA``, in order.

    Raises ``SchemaError`` for a record without ``url`` or ``text`` or with a value that does not
    fit its column (a list column that is not a list, an integer column that is not a number).
    """
    if not isinstance(record.get("url"), str) or not record["url"]:
        raise SchemaError("record has no url")
    if not isinstance(record.get("text"), str):
        raise SchemaError(f"record {record['url']} has no text")
    pointer = record.get("warc") or {}
    if not isinstance(pointer, Mapping):
        raise SchemaError(f"record {record['url']}: warc is not an object")
    row: dict[str, Any] = {}
    for column in COLUMNS:
        if column.startswith("warc_"):
            value = pointer.get(column.removeprefix("warc_"))
        elif column == "previous":
            value = _pointer(record.get("previous"), record["url"])
        elif column in _DATES.values() and column not in record:
            value = record.get(column.removesuffix("_local"))  # a record from before the UTC dates
        else:
            value = record.get(column)
        row[column] = _checked(column, value, record["url"])
    for column, local in _DATES.items():
        # from the page's own reading where the record has it (a record of schema 2 has the
        # date in UTC beside it)
        row[column] = local_timestamp(row[local] or row[column]) if row[column] else None
        if row[column] is None:
            row[local] = None
    row["fetched_at"] = utc_timestamp(row["fetched_at"]) or row["fetched_at"]
    if row["word_count"] is None:
        row["word_count"] = len(row["text"].split())
    return row


def _pointer(value: Any, url: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise SchemaError(f"record {url}: previous is not an object")
    pointer = {name: value.get(name) for name in WARC_FIELDS}
    for name, item in pointer.items():
        fits = int if name in ("offset", "length") else str
        if item is not None and (isinstance(item, bool) or not isinstance(item, fits)):
            raise SchemaError(f"record {url}: previous.{name} is not {'an integer' if fits is int else 'a string'}")
    return pointer


def _checked(column: str, value: Any, url: str) -> Any:
    if column in LIST_COLUMNS:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SchemaError(f"record {url}: {column} is not a list of strings")
        return value
    if value is None or column == "previous":
        return value
    if column in INTEGER_COLUMNS:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.isdigit():
                return int(value)
            raise SchemaError(f"record {url}: {column} is not an integer: {value!r}")
        return value
    if not isinstance(value, str):
        raise SchemaError(f"record {url}: {column} is not a string: {value!r}")
    return value
