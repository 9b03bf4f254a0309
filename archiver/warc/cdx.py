"""CDXJ indexes of WARC files, the index that pywb, ReplayWeb.page and WACZ files use.

Pure logic, no Scrapy. The lines come from ``cdxj-indexer`` (Webrecorder's indexer, the one
``wacz`` and pywb's tooling use): ``SURT-key timestamp {json}``, sorted, one line per
``response``, ``revisit`` and ``resource`` record, with ``url``, ``mime``,
``status``, ``digest``, ``length``, ``offset`` and ``filename`` (the WARC's basename, which is
also its name under ``archive/`` in a WACZ) and, for POST/PUT, the request body for lookups.

``metadata`` records are left out on purpose: the crawl's metadata record (the article's JSON)
carries its page's URL as ``WARC-Target-URI``, as the WARC standard says, and pywb, given both
in its index, may answer a request for the page with the JSON.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cdxj_indexer.main import CDXJIndexer, CompressedWriter
from warcio.archiveiterator import ArchiveIterator

from archiver.atomic import atomic_output
from archiver.exceptions import BadWarcError, InputError, warc_error_text
from archiver.warc import brotli as warcio_brotli
from archiver.warc import cdxj_bodies
from archiver.warc.reading import cut_short_at

warcio_brotli.install()  # warcio 1.8 cannot decode brotli 1.2 bodies by itself
cdxj_bodies.install()  # cdxj-indexer copied every body it indexed, gzip bombs inflated included

WARC_SUFFIXES = (".warc", ".warc.gz")
INDEXED_RECORDS = "response,revisit,resource"
# lines per gzip block of a ZipNum index: what py-wacz and ArchiveWeb.page write
ZIPNUM_BLOCK_LINES = 1024


def check_warc_paths(paths: Sequence[Path]) -> None:
    """Raise ``InputError`` for a path that is missing or not named ``.warc``/``.warc.gz``."""
    if not paths:
        raise InputError("no WARC file given")
    for path in paths:
        if not path.name.lower().endswith(WARC_SUFFIXES):
            raise InputError(f"{path}: not a WARC file (.warc, .warc.gz)")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    names = [path.name for path in paths]
    if len(set(names)) != len(names):
        raise InputError("two WARC files share a name: the index names files by their basename")


@dataclass
class FilesRead:
    """How far a command that reads whole files got, for its progress line."""

    files: int = 0
    files_total: int = 0
    bytes_read: int = 0
    bytes_total: int = 0


def cdxj_lines(paths: Sequence[Path], progress: Callable[[FilesRead], None] | None = None) -> str:
    """The sorted CDXJ index of ``paths`` as text (one line a record, ending in a newline).

    ``progress`` is called with the files and bytes read so far after each file. Raises
    ``InputError`` for a missing file, ``BadWarcError`` for one that cannot be indexed.
    """
    check_warc_paths(paths)
    read = FilesRead(files_total=len(paths), bytes_total=sum(path.stat().st_size for path in paths))
    out = io.StringIO()
    for path in paths:
        # one file at a time, so that a broken one is named in the error
        _check_first_record(path)
        indexer = _CheckedIndexer(out, [], filename=path.name, post_append=True, records=INDEXED_RECORDS)
        try:
            with path.open("rb") as stream:
                indexer.inputs = [stream]
                indexer.process_all()
                cut_at = indexer.cut_short_at(stream)
        except OSError as error:
            raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None
        except Exception as error:  # warcio raises ArchiveLoadFailed, ValueError... on bad framing
            # (a file cut inside a record's header fails here too, where that record starts)
            at = f" at offset {indexer.next_offset}" if indexer.next_offset is not None else ""
            raise BadWarcError(f"{path}: cannot be indexed{at}: {warc_error_text(error)}") from None
        if cut_at is not None:
            raise BadWarcError(f"{path}: cut short: the file ends inside the record at offset {cut_at}")
        read.files += 1
        read.bytes_read += path.stat().st_size
        if progress is not None:
            progress(read)
    return "".join(sorted(out.getvalue().splitlines(keepends=True)))


class _CheckedArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, noting where each record it reads to its end starts and ends, and
    the first whose content ends before its Content-Length (a file cut short), which warcio
    itself passes over without a word."""

    content_cut_at: int | None = None
    last_offset: int | None = None
    next_offset = 0

    def read_to_end(self, record: object = None) -> None:
        current = self.record if not self.member_info else None
        super().read_to_end(record)
        if current is None or not self.member_info:
            return
        self.last_offset, length = self.member_info
        self.next_offset = self.last_offset + length
        if getattr(current.raw_stream, "limit", 0) > 0 and self.content_cut_at is None:
            self.content_cut_at = self.last_offset


class _CheckedIndexer(CDXJIndexer):  # type: ignore[misc]
    """cdxj-indexer's indexer over :class:`_CheckedArchiveIterator`."""

    _iterator: _CheckedArchiveIterator | None = None

    def _create_record_iter(self, input_: IO[bytes]) -> _CheckedArchiveIterator:
        self._iterator = _CheckedArchiveIterator(
            input_, no_record_parse=not self.record_parse, arc2warc=True, verify_http=self.verify_http
        )
        return self._iterator

    @property
    def next_offset(self) -> int | None:
        """Where the record after the last one read to its end starts (None: none read yet)."""
        return self._iterator.next_offset if self._iterator is not None else None

    def cut_short_at(self, stream: IO[bytes]) -> int | None:
        """Where the WARC file ``stream``, indexed to its end, is cut short (the offset of the
        record it ends inside of), else ``None``."""
        iterator = self._iterator
        if iterator is None:
            return None
        if iterator.content_cut_at is not None:
            return iterator.content_cut_at
        return cut_short_at(stream, iterator.last_offset, iterator.next_offset)


def _check_first_record(path: Path) -> None:
    # the indexer skips what it cannot parse without a word; a file that is not a WARC at all
    # must not become an empty index
    try:
        with path.open("rb") as stream:
            first = next(iter(ArchiveIterator(stream)), None)
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None
    except Exception as error:  # warcio raises ArchiveLoadFailed, zlib errors... on bad framing
        raise BadWarcError(f"{path}: not a readable WARC file: {warc_error_text(error)}") from None
    if first is not None and not str(first.format).startswith("warc"):
        raise BadWarcError(f"{path}: not a WARC file (no WARC/1.x header)")
    if first is None and path.stat().st_size > 0:
        # a gzip member cut short before its record's header ends reads as no record at all
        raise BadWarcError(f"{path}: cut short: the file ends inside the record at offset 0")


def zipnum(index: str, data_name: str, block_lines: int = ZIPNUM_BLOCK_LINES) -> tuple[bytes, str]:
    """A sorted CDXJ index as a compressed ZipNum pair, the layout WACZ readers page through.

    Returns the data (the lines gzipped ``block_lines`` at a time, one gzip member per block,
    to be stored as ``data_name``) and the secondary index: a ``!meta`` line naming the data
    file, then per block its first key and timestamp with ``offset``, ``length`` and the
    block's ``sha256`` digest, so a reader binary-searches the small file and inflates one
    block. Written by cdxj-indexer's own ``CompressedWriter``.
    """
    data, secondary = io.BytesIO(), io.StringIO()
    writer = CompressedWriter(secondary, data, num_lines=block_lines, data_out_name=data_name, digest_records=True)
    for line in index.splitlines(keepends=True):
        writer.write(line)
    if writer.block:  # the last, partial block
        writer.flush()
    return data.getvalue(), secondary.getvalue()


def write_cdxj(
    paths: Sequence[Path], output: Path | IO[str], progress: Callable[[FilesRead], None] | None = None
) -> int:
    """Write the CDXJ index of ``paths`` to a file (atomically) or a text stream; returns the
    number of lines. ``progress`` as for :func:`cdxj_lines`. Raises ``InputError``/``BadWarcError``
    as :func:`cdxj_lines`, ``OutputError`` when the file cannot be written."""
    text = cdxj_lines(paths, progress)
    if not isinstance(output, Path):
        output.write(text)
        output.flush()  # here, where a closed pipe or a full disk is reported, not at the exit
        return text.count("\n")
    with atomic_output(output) as stream:
        stream.write(text.encode("utf-8"))
    return text.count("\n")
