"""A progress display for long batch commands: pages, pages/s and ETA for ``archiver extract``,
files and bytes for ``archiver index`` and ``archiver pack``, records for ``archiver export``.

On a terminal it redraws one line in place a few times a second; on anything else (a log file,
CI) it prints a plain line every ``interval`` seconds, so logs stay readable. The ETA comes from
the bytes read against the total size of the inputs, which is known before the first page.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from archiver.datasets.export import ExportStats
    from archiver.extraction.reextract import ReextractStats
    from archiver.warc.cdx import FilesRead

TERMINAL_REFRESH = 0.2  # seconds between redraws on a terminal


def format_duration(seconds: float) -> str:
    """``H:MM:SS`` for a number of seconds (negative counts as zero)."""
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def progress_line(stats: ReextractStats, elapsed: float) -> str:
    """One line: percentage of bytes read, pages, pages/s, articles, errors and the ETA."""
    rate = stats.pages / elapsed if elapsed > 0 else 0.0
    share, eta = _share_and_eta(stats.bytes_read, stats.bytes_total, elapsed)
    parts = [share] if share else []
    parts.append(f"{stats.pages} pages ({rate:.1f} pages/s)")
    parts.append(f"{stats.articles} articles, {stats.errors} errors")
    parts.append(eta)
    return " | ".join(parts)


def files_line(stats: FilesRead, elapsed: float) -> str:
    """One line: files done, percentage of bytes read and the ETA."""
    share, eta = _share_and_eta(stats.bytes_read, stats.bytes_total, elapsed)
    return " | ".join(filter(None, [f"{stats.files} of {stats.files_total} files", share, eta]))


def records_line(stats: ExportStats, elapsed: float) -> str:
    """One line: records read and their rate, written, duplicates."""
    rate = stats.read / elapsed if elapsed > 0 else 0.0
    return f"{stats.read} records read ({rate:.0f}/s) | {stats.written} written, {stats.duplicates} duplicates"


def _share_and_eta(done: int, total: int, elapsed: float) -> tuple[str, str]:
    if not total:
        return "", "ETA ?"
    fraction = min(1.0, done / total)
    eta = elapsed * (1 - fraction) / fraction if fraction > 0 else None
    return f"{fraction:4.0%} of {total / 1e6:.1f} MB", f"ETA {format_duration(eta)}" if eta is not None else "ETA ?"


class ProgressBar:
    """Call with the stats after every page (or file); ``close()`` ends the display.

    ``describe`` turns the stats and the seconds elapsed into the line (default:
    :func:`progress_line`, for ``ReextractStats``); ``stream`` defaults to stderr;
    ``is_terminal`` (default: ``stream.isatty()``) picks the redrawn line or the periodic one;
    ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        *,
        label: str = "extract",
        describe: Callable[[Any, float], str] = progress_line,
        stream: TextIO | None = None,
        interval: float = 10.0,
        is_terminal: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.describe = describe
        self.stream = stream if stream is not None else sys.stderr
        self.is_terminal = self.stream.isatty() if is_terminal is None else is_terminal
        self.interval = TERMINAL_REFRESH if self.is_terminal else interval
        self.clock = clock
        self.started = clock()
        self._last_shown = self.started
        self._last_stats: Any = None

    def __call__(self, stats: Any) -> None:
        self._last_stats = stats
        now = self.clock()
        if now - self._last_shown < self.interval:
            return
        self._last_shown = now
        self._show(stats, now)

    def close(self, stats: Any = None) -> None:
        """Draw the final state (on a terminal) and end the line; ``stats`` defaults to the last
        ones given, and with none ever given there is nothing to draw."""
        stats = stats if stats is not None else self._last_stats
        if self.is_terminal and stats is not None:
            self._show(stats, self.clock())
            self.stream.write("\n")
            self.stream.flush()

    def _show(self, stats: Any, now: float) -> None:
        line = f"{self.label}: {self.describe(stats, now - self.started)}"
        if self.is_terminal:
            # \r and clear-to-end-of-line: a shorter line leaves nothing of the previous one
            self.stream.write(f"\r{line}\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
