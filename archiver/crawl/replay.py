"""Replay: crawl again from WARC and WACZ files instead of the network.

A downloader middleware answers every request from the archive: the spider, discovery and
extraction run as in a live crawl, on yesterday's pages, with zero network requests. Setting
``ARCHIVER_REPLAY_FROM`` (a list of ``.warc``, ``.warc.gz`` and ``.wacz`` paths; empty, the
default, turns replay off with ``NotConfigured``). ``archiver crawl --replay PATH`` sets it.

- At start the files are indexed: URL → where its ``response`` (or ``revisit``) record is. A URL
  archived more than once answers with its last capture, in the order the paths are given.
- A request whose URL is in the index gets the archived status, headers and body; one that is
  not raises ``IgnoreRequest`` (counted in ``archiver/replay/misses``): a response is never
  invented, and nothing goes to the network.
- **Content coding is undone here**: the body is decoded (chunked transfer coding and
  gzip/deflate/br content coding, by warcio) and ``Content-Encoding``/``Transfer-Encoding``
  are dropped, with ``Content-Length`` set to the decoded body. The spider sees what
  HttpCompressionMiddleware would have given it, whatever tool wrote the WARC (wget's still
  carry the chunked framing), and no component downstream can decode twice.
- A ``revisit`` record answers with its own status and headers and the payload of the record
  it revisits (found by ``WARC-Refers-To-Target-URI``/payload digest).
- Provenance stays with the archive: the middleware sits just below the WARC recorder
  (priority 945 < 950), so after the recorder has seen the response it points
  ``meta["archiver_warc"]`` back at the archived record and ``archiver_fetched_at`` at its
  ``WARC-Date``. A replayed crawl's records therefore equal the original crawl's (``crawl_id``
  aside); the recorder still writes the replayed exchanges to the new crawl's WARC files.
"""

from __future__ import annotations

import argparse
import logging
import struct
import zipfile
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator

from archiver.warc import brotli as warcio_brotli
from archiver.exceptions import BadWarcError, InputError, UsageError, warc_error_text
from archiver.warc.writer import RecordLocation

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

warcio_brotli.install()  # warcio 1.8 cannot decode brotli 1.2 bodies by itself

logger = logging.getLogger(__name__)

REPLAY_SUFFIXES = (".warc", ".warc.gz", ".wacz")
_DROPPED_HEADERS = {b"content-encoding", b"transfer-encoding", b"content-length"}
_ZIP_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length


@dataclass(frozen=True)
class ArchivedRecord:
    """Where one capture lies: ``path`` (a WARC, or a WACZ with ``member`` the WARC inside it),
    the record's ``offset`` and ``length`` in that WARC, and what a record pointer needs."""

    path: Path
    member: str | None
    offset: int
    length: int
    record_id: str
    payload_digest: str | None
    date: str
    is_revisit: bool

    @property
    def pointer_filename(self) -> str:
        """The ``warc.filename`` of records: the WARC's basename, or ``NAME.wacz#archive/...``."""
        return f"{self.path.name}#{self.member}" if self.member else self.path.name


def replay_path(value: str) -> Path:
    """An argparse ``type``: an existing ``.warc``, ``.warc.gz`` or ``.wacz`` file."""
    path = Path(value)
    if not path.name.lower().endswith(REPLAY_SUFFIXES):
        raise argparse.ArgumentTypeError(f"{value}: not a WARC or WACZ file (.warc, .warc.gz, .wacz)")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{value}: no such file")
    return path


class ReplayIndex:
    """URL → last :class:`ArchivedRecord`, with a canonicalised-URL fallback, and payload
    digest → response record, for revisits."""

    def __init__(self) -> None:
        self.by_url: dict[str, ArchivedRecord] = {}
        self.by_canonical_url: dict[str, ArchivedRecord] = {}
        self.by_digest: dict[str, ArchivedRecord] = {}

    @classmethod
    def build(cls, paths: list[Path]) -> ReplayIndex:
        """Index the ``response`` and ``revisit`` records of ``paths``. Raises ``InputError``
        for a missing file or an unknown kind, ``BadWarcError`` for one that cannot be read."""
        index = cls()
        for path in paths:
            if not path.name.lower().endswith(REPLAY_SUFFIXES):
                raise InputError(f"{path}: not a WARC or WACZ file (.warc, .warc.gz, .wacz)")
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            if path.name.lower().endswith(".wacz"):
                try:
                    with zipfile.ZipFile(path) as archive:
                        members = sorted(
                            name for name in archive.namelist()
                            if name.startswith("archive/") and name.lower().endswith((".warc", ".warc.gz"))
                        )
                        for member in members:
                            with archive.open(member) as stream:
                                index._add_stream(stream, path, member)
                except zipfile.BadZipFile as error:
                    raise BadWarcError(f"{path}: not a readable WACZ (zip) file: {error}") from None
            else:
                with path.open("rb") as stream:
                    index._add_stream(stream, path, None)
        return index

    def __len__(self) -> int:
        return len(self.by_url)

    def lookup(self, url: str) -> ArchivedRecord | None:
        """The capture of ``url`` (exact, then canonicalised), or ``None``."""
        return self.by_url.get(url) or self.by_canonical_url.get(canonicalize_url(url))

    def _add_stream(self, stream: IO[bytes], path: Path, member: str | None) -> None:
        label = f"{path} ({member})" if member else str(path)
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type not in ("response", "revisit") or record.http_headers is None:
                    continue
                headers = record.rec_headers
                url = headers.get_header("WARC-Target-URI")
                if not url:
                    continue
                records.read_to_end(record)
                entry = ArchivedRecord(
                    path=path,
                    member=member,
                    offset=records.get_record_offset(),
                    length=records.get_record_length(),
                    record_id=headers.get_header("WARC-Record-ID") or "",
                    payload_digest=headers.get_header("WARC-Payload-Digest"),
                    date=headers.get_header("WARC-Date") or "",
                    is_revisit=record.rec_type == "revisit",
                )
                self.by_url[url] = entry
                self.by_canonical_url[canonicalize_url(url)] = entry
                if not entry.is_revisit and entry.payload_digest:
                    self.by_digest.setdefault(entry.payload_digest, entry)
        except Exception as error:  # warcio raises many kinds on bad framing
            raise BadWarcError(f"{label}: cannot be read: {warc_error_text(error)}") from None


def read_record(entry: ArchivedRecord) -> tuple[Any, bytes]:
    """The record at ``entry`` (warcio's record, headers parsed) and its decoded payload."""
    with entry.path.open("rb") as raw:
        if entry.member is None:
            raw.seek(entry.offset)
            record = next(iter(ArchiveIterator(raw)))
            return record, record.content_stream().read()
        with zipfile.ZipFile(raw) as archive:
            info = archive.getinfo(entry.member)
            if info.compress_type == zipfile.ZIP_STORED:
                # a stored member lies as is in the zip: seek straight to the record
                raw.seek(info.header_offset)
                _, name_length, extra_length = _ZIP_LOCAL_HEADER.unpack(raw.read(_ZIP_LOCAL_HEADER.size))
                raw.seek(info.header_offset + _ZIP_LOCAL_HEADER.size + name_length + extra_length + entry.offset)
                record = next(iter(ArchiveIterator(raw)))
                return record, record.content_stream().read()
            with archive.open(info) as stream:
                stream.seek(entry.offset)
                record = next(iter(ArchiveIterator(stream)))
                return record, record.content_stream().read()


class ReplayMiddleware:
    """Answers requests from WARC/WACZ files (``ARCHIVER_REPLAY_FROM``); see the module doc.

    Stats: ``archiver/replay/indexed`` (URLs), ``archiver/replay/hits``,
    ``archiver/replay/misses``, ``archiver/replay/revisits``.
    """

    def __init__(self, crawler: Crawler, index: ReplayIndex) -> None:
        self.crawler = crawler
        self.index = index

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        paths = [Path(p) for p in crawler.settings.getlist("ARCHIVER_REPLAY_FROM")]
        if not paths:
            raise NotConfigured  # replay is off unless ARCHIVER_REPLAY_FROM names archives
        try:
            index = ReplayIndex.build(paths)
        except InputError as error:
            raise UsageError(f"ARCHIVER_REPLAY_FROM: {error}") from None
        logger.info("replay: %d URLs indexed from %d files", len(index), len(paths))
        if crawler.stats is not None:
            crawler.stats.set_value("archiver/replay/indexed", len(index))
        return cls(crawler, index)

    def _count(self, name: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"archiver/replay/{name}")

    def process_request(self, request: Request, spider: Any = None) -> Response:
        entry = self.index.lookup(request.url)
        if entry is None:
            self._count("misses")
            raise IgnoreRequest(f"not in the replayed archive: {request.url}")
        record, body = read_record(entry)
        if entry.is_revisit:
            self._count("revisits")
            original = self._revisited(record)
            if original is None:
                self._count("misses")
                raise IgnoreRequest(f"revisit without its original in the replayed archive: {request.url}")
            _, body = read_record(original)
        self._count("hits")
        request.meta["archiver_replayed"] = entry
        return self._response(request, record, body)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        entry = request.meta.get("archiver_replayed")
        if isinstance(entry, ArchivedRecord):
            # runs after the recorder (950): the record's provenance is the archive it came from
            location: Future[RecordLocation] = Future()
            location.set_result(RecordLocation(
                entry.pointer_filename, entry.offset, entry.length, entry.record_id, entry.payload_digest
            ))
            request.meta["archiver_warc"] = location
            if entry.date:
                request.meta["archiver_fetched_at"] = entry.date[:19] + "Z"
        return response

    def _revisited(self, record: Any) -> ArchivedRecord | None:
        headers = record.rec_headers
        digest = headers.get_header("WARC-Payload-Digest")
        if digest and digest in self.index.by_digest:
            return self.index.by_digest[digest]
        target = headers.get_header("WARC-Refers-To-Target-URI")
        original = self.index.by_url.get(target) if target else None
        return original if original is not None and not original.is_revisit else None

    def _response(self, request: Request, record: Any, body: bytes) -> Response:
        http = record.http_headers
        headers = Headers()
        for name, value in http.headers:
            if name.lower().encode("latin-1") not in _DROPPED_HEADERS:
                headers.appendlist(name, value.encode("latin-1", "replace"))
        headers[b"Content-Length"] = str(len(body)).encode()
        status = int(http.get_statuscode() or 200)
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
        protocol = http.protocol or None
        return response_class(
            url=request.url, status=status, headers=headers, body=body, request=request,
            flags=["replay"], protocol=protocol,
        )
