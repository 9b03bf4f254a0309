"""What flows from the spider through the pipelines."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archiver.extraction.page import Extraction
    from archiver.warc.writer import RecordLocation


@dataclass
class PageItem:
    """An HTML page the spider fetched: the candidate for an article record.

    ``body`` is the decoded body (content-encoding removed); ``warc`` resolves to the
    location of the response record that holds the page as served; ``extraction`` is set
    once the page has been through the extraction pool.
    """

    url: str
    status: int
    content_type: str | None
    body: bytes = field(repr=False)
    fetched_at: str = ""
    warc: Future[RecordLocation] | None = field(default=None, repr=False)
    extraction: Extraction | None = field(default=None, repr=False)


@dataclass
class ArticleItem:
    """An article record (the fields documented in the README) and the page it came from."""

    record: dict[str, Any]
    page: PageItem = field(repr=False)
