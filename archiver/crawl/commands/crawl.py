"""``scrapy crawl``, with a bad spider argument reported as ``archiver crawl`` reports it.

Scrapy's command builds the spider inside the crawl it schedules; a spider argument the news
spider rejects (``-a url=notaurl``) raises there, and Scrapy prints the exception with its
traceback ("Task exception was never retrieved"). This command takes the failure of that crawl
and, for an :class:`~archiver.exceptions.ArchiverError`, prints one line and exits with the
error's code; any other failure goes on to Scrapy's own handling.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING, Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from archiver.crawl.addon import Archiver
from archiver.exceptions import ArchiverError

if TYPE_CHECKING:
    import argparse

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        errors: list[ArchiverError] = []
        _on_archiver_error(started, errors.append)
        self.crawler_process.start()
        addon = crawler.get_addon(Archiver)
        if not errors and addon is not None and addon.failure is not None:  # a service that could not open
            errors.append(addon.failure)
        if errors:
            print(f"scrapy crawl: error: {errors[0]}", file=sys.stderr)
            self.exitcode = errors[0].exit_code
        elif self.crawler_process.bootstrap_failed:
            self.exitcode = 1


def _on_archiver_error(started: Any, found: Any) -> None:
    """Hand an ``ArchiverError`` that ends ``started`` (a Twisted Deferred or an asyncio future,
    whichever Scrapy's crawler process returns) to ``found``, marking it retrieved."""
    if isinstance(started, asyncio.Future):

        def done(future: asyncio.Future[Any]) -> None:
            if future.cancelled() or (error := future.exception()) is None:
                return
            if isinstance(error, ArchiverError):
                found(error)
            else:  # asking for it marked it retrieved: asyncio would no longer report it
                logger.error("the crawl failed", exc_info=error)

        started.add_done_callback(done)
        return

    def errback(failure: Any) -> Any:
        if failure.check(ArchiverError):
            found(failure.value)
            return None
        return failure

    started.addErrback(errback)
