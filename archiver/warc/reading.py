"""Reading WARC records back: one record at a known place, and the WARC files inside a WACZ.

Pure logic on warcio, no Scrapy. The crawl reads an archived page back for a ``304`` answer
(:func:`read_archived_response`); replay reads a capture it indexed (:func:`read_capture`); replay,
``archiver extract`` and the captures index open WACZ files the same way (:func:`open_wacz`,
:func:`wacz_warc_members`); ``archiver extract``, ``index`` and ``pack`` tell a WARC file cut
short the same way (:func:`cut_short_at`).
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archiver.exceptions import BadWarcError
from archiver.warc.repair import OPEN_SUFFIX, count_whole_records

if TYPE_CHECKING:
    from archiver.state.model import WarcPointer
    from archiver.warc.captures import ArchivedRecord

WARC_SUFFIXES = (".warc", ".warc.gz")
WACZ_SUFFIXES = (".wacz",)
REPLAY_SUFFIXES = WARC_SUFFIXES + WACZ_SUFFIXES
_ZIP_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length


@contextmanager
def open_wacz(path: Path) -> Iterator[zipfile.ZipFile]:
    """The WACZ at ``path`` as an open zip file; raises BadWarcError when it is not a readable zip."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BadWarcError(f"{path}: not a readable WACZ (zip) file: {error}") from error
    with archive:
        try:
            yield archive
        except zipfile.BadZipFile as error:  # a member whose header or data is damaged
            raise BadWarcError(f"{path}: not a readable WACZ (zip) file: {error}") from error


def wacz_warc_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The ``archive/*.warc`` and ``archive/*.warc.gz`` members of a WACZ, in name order."""
    return sorted(
        (info for info in archive.infolist()
         if info.filename.startswith("archive/") and info.filename.lower().endswith(WARC_SUFFIXES)),
        key=lambda info: info.filename,
    )  # fmt: skip


class PayloadTooLarge(ValueError):
    """A record whose payload, once its coding is undone, is larger than a reader keeps."""


def cut_short_at(stream: IO[bytes], last_offset: int | None, next_offset: int) -> int | None:
    """Where a WARC file read to its end is cut short, if it is: bytes after its last whole
    record that warcio read as nothing, or a last gzip member without its end (warcio reads the
    record in it as whole). ``last_offset`` is where the last record warcio read starts (None:
    none), ``next_offset`` where the one after it would. Only for a file on disk (a WACZ member
    is checked by the zip's CRC)."""
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return None
    with open(stream.fileno(), "rb", closefd=False) as again:
        again.seek(0)
        if again.read(2) != b"\x1f\x8b":  # not gzip: warcio itself sees a record cut short
            return None
        if next_offset < size:
            return next_offset
        if last_offset is None:
            return None
        again.seek(last_offset)
        records, _ = count_whole_records(again)
    return last_offset if records == 0 else None


def read_payload(record: Any, limit: int) -> bytes:
    """The payload of warcio's ``record`` with its transfer and content coding undone, read up to
    ``limit`` bytes: a gzip bomb of a few kilobytes costs no more than the limit. Raises
    PayloadTooLarge when there is more, and what warcio's decoders raise on a corrupt body."""
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        raise PayloadTooLarge(f"its body inflates past {limit} bytes")
    return bytes(payload)


def read_archived_response(warc_dir: Path, pointer: WarcPointer) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """(status, headers, body as served) of the response record at ``pointer`` in ``warc_dir``
    (its ``.open`` file while a crawl still writes it), or None if it is gone or unreadable."""
    try:
        with _open_final_or_open(warc_dir / pointer.filename) as stream:
            stream.seek(pointer.offset)
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    return None
                if record.rec_headers.get_header("WARC-Record-ID") != pointer.record_id:
                    return None
                body = record.raw_stream.read()
                status = int(record.http_headers.get_statuscode() or 0)
                return status, list(record.http_headers.headers), body
    except (OSError, ArchiveLoadFailed, ValueError):
        return None
    return None


def _open_final_or_open(path: Path) -> IO[bytes]:
    """The WARC file at ``path``, or its ``.open`` file while a crawl still writes it. A writer
    closing the file (or a repair) renames the ``.open`` file to ``path`` at any moment, so a
    ``.open`` file gone between the two looks is found under its final name at a third.
    Raises FileNotFoundError when neither is there."""
    for candidate in (path, path.with_name(path.name + OPEN_SUFFIX), path):
        try:
            return open(candidate, "rb")
        except FileNotFoundError:
            continue
    raise FileNotFoundError(path)


def read_capture(entry: ArchivedRecord, limit: int) -> tuple[Any, bytes]:
    """The record at ``entry`` (warcio's record, headers parsed) and its decoded payload, up to
    ``limit`` bytes (PayloadTooLarge beyond)."""
    with entry.path.open("rb") as raw:
        if entry.member is None:
            raw.seek(entry.offset)
            record = next(iter(ArchiveIterator(raw)))
            return record, read_payload(record, limit)
        with zipfile.ZipFile(raw) as archive:
            info = archive.getinfo(entry.member)
            if info.compress_type == zipfile.ZIP_STORED:
                # a stored member lies as is in the zip: seek straight to the record
                raw.seek(info.header_offset)
                _, name_length, extra_length = _ZIP_LOCAL_HEADER.unpack(raw.read(_ZIP_LOCAL_HEADER.size))
                raw.seek(info.header_offset + _ZIP_LOCAL_HEADER.size + name_length + extra_length + entry.offset)
                record = next(iter(ArchiveIterator(raw)))
                return record, read_payload(record, limit)
            with archive.open(info) as stream:
                stream.seek(entry.offset)
                record = next(iter(ArchiveIterator(stream)))
                return record, read_payload(record, limit)
