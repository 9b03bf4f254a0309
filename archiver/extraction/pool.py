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
from contextlib import contextmanager
from itertools import islice
from types import TracebackType

from archiver.discovery.stylesheets import StylesheetLinks, stylesheet_links
from archiver.extraction.page import DEFAULT_OPTIONS, Extraction, ExtractionOptions, extract_page

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


def _ready() -> None:
    """A job that does nothing: submitting it starts a worker."""


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back while the block runs and delivered on leaving it, with the
    handlers they had. The handlers are swapped rather than the signals masked: a signal sent to
    the process goes to any of its threads that does not mask it."""
    held = (signal.SIGINT, signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread() or None in map(signal.getsignal, held):
        yield  # handlers belong to the main thread; one set outside Python cannot be put back
        return
    caught: list[int] = []
    previous = {
        number: signal.signal(number, lambda caught_number, frame: caught.append(caught_number)) for number in held
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for caught_number in caught:
            signal.raise_signal(caught_number)


def _extract_batch(pages: Sequence[Page], options: ExtractionOptions) -> list[Extraction]:
    return [extract_page(body, url, content_type=content_type, options=options) for body, url, content_type in pages]


class ExtractionPool:
    """Extract pages in ``max_workers`` spawned processes (default: the CPU count, at least 1)."""

    def __init__(self, max_workers: int | None = None) -> None:
        self.max_workers = max_workers or max(1, os.cpu_count() or 1)
        self.restarts = 0
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            max_workers=self.max_workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_up,
        )
        # The workers start now, one per submit, each handed its start-up data by this process
        # before the submit returns; a Ctrl-C or SIGTERM in the middle of that would leave the
        # new worker to fail with a traceback of its own ("EOFError: Ran out of input"), so the
        # signals wait until every worker has what it needs.
        with _signals_held():
            for _ in range(self.max_workers):
                executor.submit(_ready)
        return executor

    def submit(
        self, body: bytes, url: str, content_type: str | None = None, *, options: ExtractionOptions = DEFAULT_OPTIONS
    ) -> Future[Extraction]:
        """Queue one page; the future's result is its ``Extraction`` (``extract_page`` never
        raises, so the future fails only if the worker process dies: ``BrokenProcessPool``)."""
        return self._executor.submit(extract_page, body, url, content_type=content_type, options=options)

    def submit_stylesheet(self, body: bytes, url: str, content_type: str | None = None) -> Future[StylesheetLinks]:
        """Queue one stylesheet; the future's result is what it imports and references
        (``stylesheet_links`` never raises either)."""
        return self._executor.submit(stylesheet_links, body, url, content_type)

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
        self,
        items: Iterable[Page],
        batch_size: int = 16,
        max_in_flight: int | None = None,
        options: ExtractionOptions = DEFAULT_OPTIONS,
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
                pending.append(self._executor.submit(_extract_batch, batch, options))
            if not pending:
                return
            yield from pending.popleft().result()

    def close(self) -> None:
        """Wait for queued work and stop the workers."""
        self._executor.shutdown(wait=True, cancel_futures=False)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
