"""A process pool that runs ``extract_page`` off the caller's thread.

trafilatura is pure-Python work that holds the GIL, so threads do not help; worker processes do.
The pool uses the *spawn* start method: forking a process that runs Twisted's reactor (the crawl)
copies its threads' locks in whatever state they are in, and spawn is also what macOS and Windows
use anyway. Each worker imports ``archiver.extraction.page`` once, at start-up.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from types import TracebackType

from archiver.extraction.page import Extraction, extract_page

logger = logging.getLogger(__name__)

Page = tuple[bytes, str, str | None]
# new pools after workers died: beyond this, pages keep failing (the machine is out of memory,
# say) and starting more processes would not help
MAX_RESTARTS = 10


def _warm_up() -> None:
    # runs once in each worker: pays the import (trafilatura, lxml, htmldate) before the first page
    import archiver.extraction.page  # noqa: F401

    # Ctrl-C in a terminal, or a service manager stopping the process group, reaches the workers
    # too: the process that owns the pool stops them when its own shutdown is done, so that the
    # pages in flight still get their records.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # If that process dies without a shutdown (SIGKILL, a crash), the worker ends with it rather
    # than wait for work forever.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="parent-watch", daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _extract_batch(pages: Sequence[Page]) -> list[Extraction]:
    return [extract_page(body, url, content_type=content_type) for body, url, content_type in pages]


class ExtractionPool:
    """Extract pages in ``max_workers`` spawned processes (default: the CPU count, at least 1)."""

    def __init__(self, max_workers: int | None = None) -> None:
        self.max_workers = max_workers or max(1, os.cpu_count() or 1)
        self.restarts = 0
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.max_workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_up,
        )

    def submit(
        self, body: bytes, url: str, content_type: str | None = None, *, with_links: bool = False
    ) -> Future[Extraction]:
        """Queue one page; the future's result is its ``Extraction`` (``extract_page`` never
        raises, so the future fails only if the worker process dies: ``BrokenProcessPool``)."""
        return self._executor.submit(extract_page, body, url, content_type=content_type, with_links=with_links)

    def restart(self, broken: int) -> bool:
        """Start a new pool in place of pool number ``broken`` (``restarts`` when the failed work
        was submitted), which a dead worker (killed, out of memory) broke: every future of a
        broken pool fails. At most ``MAX_RESTARTS`` times; a pool that was restarted already is
        left alone. Returns whether the pool takes work again."""
        if broken != self.restarts:
            return True
        if self.restarts >= MAX_RESTARTS:
            return False
        self.restarts += 1
        logger.warning("an extraction worker died: its pages go to a new pool (restart %d of at most %d)",
                       self.restarts, MAX_RESTARTS)  # fmt: skip
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._start()
        return True

    def imap(
        self, items: Iterable[Page], batch_size: int = 16, max_in_flight: int | None = None
    ) -> Iterator[Extraction]:
        """Extract ``(body, url, content_type)`` items, yielding results in input order.

        Items travel in batches of ``batch_size`` to cut pickling and IPC overhead; at most
        ``max_in_flight`` batches (default: twice the workers) are outstanding, so memory stays
        bounded however long ``items`` is. Raises ``ValueError`` for a batch size below 1.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        limit = max_in_flight or 2 * self.max_workers
        iterator = iter(items)
        pending: deque[Future[list[Extraction]]] = deque()
        while True:
            while len(pending) < limit and (batch := list(islice(iterator, batch_size))):
                pending.append(self._executor.submit(_extract_batch, batch))
            if not pending:
                return
            yield from pending.popleft().result()

    def close(self) -> None:
        """Wait for queued work and stop the workers."""
        try:
            self._executor.shutdown(wait=True, cancel_futures=False)
        except RuntimeError:
            # A signal (SIGTERM, Ctrl-C) cut the first submit short, between creating the
            # executor's manager thread and starting it: there is nothing to wait for, and the
            # workers end with this process (see _warm_up).
            self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
