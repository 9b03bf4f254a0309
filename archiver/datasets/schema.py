"""The dataset schema of ``archiver export``: one flat row per article, the same in every format.

Pure logic, no Scrapy. A record as a crawl or ``archiver extract`` writes it (see ``docs/records.md``,
*Article records*) becomes a row by :func:`flatten_record`: the ``warc`` pointer object is
flattened into ``warc_*`` columns, fields the schema does not name are left out, and every
column is always present (``None`` where the record has no value). The columns, their order,
types and nullability are pinned by ``tests/test_export.py``: change them only with a new
``SCHEMA_VERSION``.

Dates stay ISO 8601 strings, exactly as the records give them (``published`` is a date or a
datetime with offset, depending on the page), so no format loses or invents precision. Lists
are real lists in JSON Lines and Parquet; in CSV they are JSON arrays in one cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

SCHEMA_VERSION = "1"

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("published", pa.string()),
        pa.field("modified", pa.string()),
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
WARC_FIELDS = ("filename", "offset", "length", "record_id", "payload_digest")


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
        else:
            value = record.get(column)
        row[column] = _checked(column, value, record["url"])
    if row["word_count"] is None:
        row["word_count"] = len(row["text"].split())
    return row


def _checked(column: str, value: Any, url: str) -> Any:
    if column in LIST_COLUMNS:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SchemaError(f"record {url}: {column} is not a list of strings")
        return value
    if value is None:
        return None
    if column in INTEGER_COLUMNS:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.isdigit():
                return int(value)
            raise SchemaError(f"record {url}: {column} is not an integer: {value!r}")
        return value
    if not isinstance(value, str):
        raise SchemaError(f"record {url}: {column} is not a string: {value!r}")
    return value
