"""WACZ packages (Web Archive Collection Zipped, spec 1.1.1) of WARC files.

Pure logic, no Scrapy. A WACZ is a zip that replay tools (ReplayWeb.page, pywb) open as is::

    archive/FILE.warc.gz        the WARC files, stored (not recompressed) so readers can seek
    indexes/index.cdx           the sorted CDXJ index (archiver.warc.cdx), filenames relative to archive/;
                                or, compressed (ZipNum), indexes/index.cdx.gz and indexes/index.idx
    pages/pages.jsonl           a header line, then one line per page: id, url, ts, title, text
    datapackage.json            profile, wacz_version, created, software, and every file's
                                path, bytes and sha256 hash
    datapackage-digest.json     the sha256 of datapackage.json

Built here rather than with the ``wacz`` package: it would bring ``frictionless`` and twenty
more dependencies (plus boilerpy3) for what is a zip, two JSON files and a hash per file.
Pages come from article records (``--records``: the articles, with their titles and texts, and
the header says ``hasText``, so that ReplayWeb.page's full-text search finds them); without
records, every 2xx HTML response is a page, untitled.

What each replay tool reads, checked against their source: ReplayWeb.page (wabac.js) loads
``indexes/*.cdx`` and ``*.cdxj`` whole, or a ZipNum ``*.idx``; pywb's ``wb-manager add
--unpack-wacz`` copies the WARC files and merges ``indexes/*.cdx`` and ``*.cdx.gz`` (not
``.cdxj``) into its collection's index. The plain index is named ``index.cdx`` (its lines are
CDXJ, which the WACZ spec asks for), so both load it without options.

The index is plain CDXJ for small collections and compressed beyond ``ZIPNUM_MIN_LINES``
captures: ReplayWeb.page reads a plain index whole before it shows the first page, while from
a ZipNum index it reads the small ``index.idx`` and then only the 1,024-line blocks a lookup
needs.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from archiver import __version__
from archiver.atomic import atomic_output
from archiver.exceptions import BadWarcError, InputError
from archiver.warc.cdx import FilesRead, cdxj_lines, zipnum

WACZ_VERSION = "1.1.1"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
PLAIN_INDEX = "indexes/index.cdx"
_CHUNK = 1 << 20
INDEX_FORMATS = ("auto", "cdxj", "zipnum")
# "auto" compresses an index of more captures than this (a plain one is then a few MB)
ZIPNUM_MIN_LINES = 10_000


def sha256_of_file(path: Path) -> str:
    """``sha256:HEX`` of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


def pages_from_records(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """``pages.jsonl`` entries for article records: ``id`` (the response record id, else a hash
    of the URL), ``url``, ``ts`` (when it was fetched), ``title`` and ``text`` (the article's)."""
    seen: set[str] = set()
    for record in records:
        url = record.get("url")
        if not url or url in seen:
            continue
        seen.add(url)
        pointer = record.get("warc") or {}
        record_id = str(pointer.get("record_id") or "")
        page_id = record_id.removeprefix("<urn:uuid:").removesuffix(">") or hashlib.sha1(url.encode()).hexdigest()
        page: dict[str, Any] = {
            "id": page_id,
            "url": url,
            "ts": record.get("fetched_at"),
            "title": record.get("title"),
            "text": record.get("text") or None,
        }
        yield {key: value for key, value in page.items() if value is not None}


def pages_from_warcs(paths: Sequence[Path]) -> Iterator[dict[str, Any]]:
    """``pages.jsonl`` entries (no title) for every 2xx HTML response in the WARC files."""
    seen: set[str] = set()
    for path in paths:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                mime = (record.http_headers.get_header("Content-Type") or "").lower()
                url = record.rec_headers.get_header("WARC-Target-URI")
                if status.startswith("2") and mime.startswith("text/html") and url not in seen:
                    seen.add(url)
                    record_id = record.rec_headers.get_header("WARC-Record-ID") or url
                    yield {
                        "id": record_id.removeprefix("<urn:uuid:").removesuffix(">"),
                        "url": url,
                        "ts": record.rec_headers.get_header("WARC-Date"),
                    }


def write_wacz(
    warcs: Sequence[Path],
    output: Path,
    *,
    records: Iterable[dict[str, Any]] | None = None,
    title: str | None = None,
    created: datetime | None = None,
    index_format: str = "auto",
    progress: Callable[[FilesRead], None] | None = None,
) -> dict[str, Any]:
    """Write a WACZ of ``warcs`` to ``output`` (atomically); returns its ``datapackage.json``.

    ``records`` (article records) give the pages; ``title`` names the collection;
    ``index_format`` is one of ``INDEX_FORMATS`` ("auto": ZipNum beyond ``ZIPNUM_MIN_LINES``
    lines, else plain CDXJ); ``progress`` is called after each file is indexed, the longest of
    the passes over the WARC files (see :func:`archiver.warc.cdx.cdxj_lines`). Raises
    ``InputError``/``BadWarcError`` for a missing or unreadable WARC, ``OutputError`` when the
    file cannot be written.
    """
    if index_format not in INDEX_FORMATS:
        raise ValueError(f"index_format must be one of {INDEX_FORMATS}, not {index_format!r}")
    index = cdxj_lines(warcs, progress)  # validates the inputs first, before anything is written
    compressed = index_format == "zipnum" or (index_format == "auto" and index.count("\n") > ZIPNUM_MIN_LINES)
    if compressed:
        data, secondary = zipnum(index, "index.cdx.gz")
        # the blocks are gzip already, and readers seek into them: stored, like the WARCs
        index_files = [
            ("indexes/index.cdx.gz", data, zipfile.ZIP_STORED),
            ("indexes/index.idx", secondary.encode("utf-8"), zipfile.ZIP_DEFLATED),
        ]
    else:
        index_files = [(PLAIN_INDEX, index.encode("utf-8"), zipfile.ZIP_DEFLATED)]
    pages = list(pages_from_records(records) if records is not None else pages_from_warcs(warcs))
    header = {**PAGES_HEADER, "hasText": True} if any("text" in page for page in pages) else PAGES_HEADER
    pages_text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in [header, *pages])
    when = (created or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        resources = []
        with atomic_output(output) as stream, zipfile.ZipFile(stream, "w", allowZip64=True) as archive:
            for warc in warcs:
                name = f"archive/{warc.name}"
                # stored: a WARC is already gzip-compressed per record, and replay seeks into it
                archive.write(warc, name, compress_type=zipfile.ZIP_STORED)
                resources.append(
                    {"name": warc.name, "path": name, "hash": sha256_of_file(warc), "bytes": warc.stat().st_size}
                )
            for name, data, compress_type in [
                *index_files,
                ("pages/pages.jsonl", pages_text.encode("utf-8"), zipfile.ZIP_DEFLATED),
            ]:
                archive.writestr(name, data, compress_type=compress_type)
                resources.append(
                    {
                        "name": Path(name).name,
                        "path": name,
                        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                        "bytes": len(data),
                    }
                )
            package: dict[str, Any] = {
                "profile": "data-package",
                "wacz_version": WACZ_VERSION,
                "title": title or output.stem,
                "created": when,
                "modified": when,
                "software": f"news-archiver {__version__}",
                "resources": resources,
            }
            if pages:
                package["mainPageUrl"] = pages[0]["url"]
                if "ts" in pages[0]:
                    package["mainPageDate"] = pages[0]["ts"]
            package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")
            archive.writestr("datapackage.json", package_bytes, compress_type=zipfile.ZIP_DEFLATED)
            digest = {"path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(package_bytes).hexdigest()}"}
            archive.writestr(
                "datapackage-digest.json", json.dumps(digest, indent=2), compress_type=zipfile.ZIP_DEFLATED
            )
    except OSError as error:  # reading a WARC file: atomic_output reports the output's own errors
        raise InputError(f"cannot build {output}: {error.strerror or error}") from None
    return package


__all__ = ["BadWarcError", "pages_from_records", "pages_from_warcs", "write_wacz"]
