"""One run at a time per crawl state: an exclusive, non-blocking lock beside the state file.

:class:`StateLock` takes an exclusive ``flock`` on ``STATE.lock``, released by the kernel when the
process dies, even by SIGKILL; a second run gets :class:`~archiver.exceptions.StateLockedError`,
one line naming the file and the holder's pid. No Scrapy.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from archiver.exceptions import OutputError, StateLockedError
from archiver.locks import lock_exclusively


class StateLock:
    """An exclusive, non-blocking lock on ``STATE.lock``; raises StateLockedError if taken."""

    def __init__(self, state_path: Path) -> None:
        self.path = state_path.with_name(state_path.name + ".lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file: IO[bytes] | None = open(self.path, "a+b")  # noqa: SIM115 - held until release()
        except OSError as error:
            raise OutputError(f"cannot create state lock {self.path}: {error.strerror or error}") from None
        if not lock_exclusively(self._file):
            self._file.seek(0)
            holder = self._file.read().decode("ascii", "replace").strip() or "unknown"
            self._file.close()
            self._file = None
            raise StateLockedError(
                f"another crawl (pid {holder}) is using the state {state_path}; one run at a time per state file"
            )
        self._file.seek(0)
        self._file.truncate()
        self._file.write(str(os.getpid()).encode())
        self._file.flush()

    def release(self) -> None:
        """Release the lock. Safe to call twice."""
        if self._file is not None:
            self._file.close()
            self._file = None
