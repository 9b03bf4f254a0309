"""What flows from the spider through the item pipelines: pages in, article records out."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from archiver.crawl import meta

if TYPE_CHECKING:
    from scrapy.http import Response

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

    @classmethod
    def from_response(cls, response: Response) -> PageItem:
        """The page of a response the archiver's downloader middlewares have seen: any spider
        of a project with the archiver's add-on yields this to have the page recorded (if it is
        an article)."""
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        return cls(
            url=response.url,
            status=response.status,
            content_type=content_type or None,
            body=response.body,
            fetched_at=response.meta.get(meta.FETCHED_AT) or _now(),
            warc=response.meta.get(meta.WARC),
        )


class ArticleRecord(dict[str, Any]):
    """An article record (the fields of ``docs/records.md``) as the pipelines pass it on: a
    plain dict to Scrapy's feed exports and to a project's own pipelines. ``page`` is the
    :class:`PageItem` it came from, an attribute rather than a field."""

    def __init__(self, fields: dict[str, Any], page: PageItem | None = None) -> None:
        super().__init__(fields)
        self.page = page


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
