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
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: cannot be written: it is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        yield from _in_place(path)
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.resolve().parent)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        if error.filename not in (None, temporary, str(path)):
            raise
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise OutputError(f"{path}: cannot be written: it is {kind}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.resolve().parent)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        if error.filename not in (None, temporary, str(path)):
            raise
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
