"""Output files written whole or not at all.

A command writes its output under a temporary name beside the target (``.NAME.*.part``) and
renames it over the target once complete, so that a crash, a full disk or Ctrl-C never leaves
half a file under the name a user or a script looks for. A target that exists and is not a
regular file (``/dev/null``, ``/dev/stdout``, a FIFO) is written in place: a rename would replace
the device itself.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from archiver.exceptions import OutputError


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream whose bytes become ``path`` when the ``with`` block ends without an error.

    On any error the temporary file is removed and ``path`` is left as it was. An ``OSError``
    from writing, closing or renaming (a full disk, a folder in the way, no permission) becomes
    one ``OutputError`` naming ``path``; one from anything else in the block (reading an input
    file, say) passes through unchanged.
    """
    mode = _mode_of_target(path)
    if mode is not None and not stat.S_ISREG(mode):
        yield from _in_place(path)
        return
    with _replacing(path) as (handle, _), os.fdopen(handle, "wb") as stream:
        yield stream


def _in_place(path: Path) -> Iterator[IO[bytes]]:
    try:
        with path.open("wb") as stream:
            yield stream
    except OSError as error:
        if error.filename not in (None, str(path)):
            raise
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that becomes ``path`` when the ``with`` block ends without
    an error, for writers that need a file name rather than a stream (SQLite).

    On any error the temporary file is removed and ``path`` is left as it was. Raises
    ``OutputError`` when ``path`` is a folder or not a regular file (a database cannot be
    written to a device) or when the temporary file cannot be created or renamed.
    """
    mode = _mode_of_target(path)
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"{path}: cannot be written: it is not a regular file")
    with _replacing(path) as (handle, temporary):
        os.close(handle)
        yield Path(temporary)


def _mode_of_target(path: Path) -> int | None:
    """The file mode of ``path``, None when it does not exist; raises ``OutputError`` for a folder."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path}: cannot be written: it is a folder")
    return mode


@contextmanager
def _replacing(path: Path) -> Iterator[tuple[int, str]]:
    """(handle, name) of a new temporary file beside ``path``, renamed over ``path`` when the
    block ends without an error and removed when it does not (see :func:`atomic_output`)."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.resolve().parent)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    try:
        yield handle, temporary
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        if error.filename not in (None, temporary, str(path)):
            raise
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
