"""The captures in WARC and WACZ files, by URL: where each one lies, to answer a request from.

Pure logic on warcio, no Scrapy. :class:`ReplayIndex` maps every URL with a ``response`` or
``revisit`` record to its last capture (in the order the files are given), with a
canonicalised-URL fallback, and every payload digest to the response record that holds it, so
that a revisit finds its payload. ``archiver crawl --replay`` answers requests from it
(:mod:`archiver.crawl.replay`); :func:`archiver.warc.reading.read_capture` reads one back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator

from archiver.exceptions import BadWarcError, InputError, warc_error_text
from archiver.warc.reading import REPLAY_SUFFIXES, open_wacz, wacz_warc_members


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
                with open_wacz(path) as archive:
                    for info in wacz_warc_members(archive):
                        with archive.open(info) as stream:
                            index._add_stream(stream, path, info.filename)
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
