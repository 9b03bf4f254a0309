"""The crawl's extraction service: pages go to a pool of worker processes and come back as
awaitable :class:`~archiver.extraction.page.Extraction` results, with their links; stylesheets
go there too, to be read for what they import and reference.

trafilatura holds the GIL for tens of milliseconds a page, so extraction runs in a pool of
processes (:class:`~archiver.extraction.pool.ExtractionPool`); at most
``ARCHIVER_EXTRACT_MAX_IN_FLIGHT`` pages wait on it at once, and a worker that dies (killed, out
of memory) gets a new pool and its page another try (``archiver/extract/pool_restarts``). Owned
by the add-on; the spider awaits each page's extraction to follow its links, and the article
pipeline reads the result. asyncio only: no Scrapy import.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from archiver.crawl.items import PageItem
from archiver.discovery.stylesheets import StylesheetLinks, stylesheet_links
from archiver.extraction.page import Extraction, ExtractionOptions
from archiver.extraction.pool import ExtractionPool

T = TypeVar("T")


class PageExtractor:
    """Extract crawled pages in ``workers`` processes, ``max_in_flight`` at a time, with
    ``options``; ``stats`` (Scrapy's stats collector) counts pool restarts."""

    def __init__(self, workers: int, max_in_flight: int, options: ExtractionOptions, stats: Any) -> None:
        self.options = options
        self.stats = stats
        self.pool = ExtractionPool(max_workers=workers)
        self.slots = asyncio.Semaphore(max_in_flight)

    async def extract(self, page: PageItem) -> Extraction:
        """The page's extraction (also set on ``page.extraction``).

        Raises whatever killed the worker process once the pool cannot be restarted any more;
        ``extract_page`` itself never raises.
        """
        page.extraction = await self._run(
            lambda: self.pool.submit(page.body, page.url, page.content_type, options=self.options)
        )
        return page.extraction

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` run in a worker (a module-level function, picklable arguments);
        raises what ``function`` raises, or what killed the worker once the pool cannot be
        restarted any more."""
        return await self._run(lambda: self.pool.submit_call(function, *args))

    async def stylesheet_links(self, body: bytes, url: str, content_type: str | None) -> StylesheetLinks:
        """What a fetched stylesheet imports and references, read in a worker process
        (``stylesheet_links`` never raises; a dead worker raises as :meth:`run` does)."""
        return await self.run(stylesheet_links, body, url, content_type)

    async def _run(self, submit: Callable[[], Future[T]]) -> T:
        """The result of the job ``submit`` queues, one of ``max_in_flight`` at a time."""
        async with self.slots:
            pool_number = self.pool.restarts
            try:
                return await asyncio.wrap_future(submit())
            except BrokenProcessPool:
                # a worker died and took the pool with it: a new pool, and this job once more
                if not self.pool.restart(pool_number):
                    raise
                self.stats.set_value("archiver/extract/pool_restarts", self.pool.restarts)
                return await asyncio.wrap_future(submit())

    def close(self) -> None:
        """Wait for the pages in flight and stop the workers."""
        self.pool.close()
