"""Re-extraction: article records from saved HTML files and WARC files, long after the crawl.

Pure logic, no Scrapy. Inputs, chosen by file name:

- ``.html``, ``.htm``, ``.html.gz``: one page per file. Its URL is ``url`` when given (allowed
  only with a single HTML file: one URL cannot name several pages), else the page's own
  ``<link rel=canonical>`` when it is an absolute http(s) URL, else the file's ``file://`` URI.
- ``.warc``, ``.warc.gz`` (WARC 1.0 or 1.1, gzipped per record or not): every ``response``
  record with a 2xx status and an HTML content type; warcio's ``content_stream()`` undoes the
  chunked transfer coding and the gzip/deflate/br content coding. The project's own files,
  ``wget --warc-file`` output and Common Crawl segments all read the same way.
- ``.wacz``: every ``archive/*.warc`` and ``archive/*.warc.gz`` inside the zip, in name order,
  streamed from the zip without unpacking it.

Each article record gets ``source`` (the path as given); from a WARC also ``warc`` (filename,
offset, length, record id and payload digest of the response record), ``fetched_at``,
``status`` and ``content_type``. Inside a WACZ the ``warc.filename`` is
``NAME.wacz#archive/FILE.warc.gz`` (the WACZ's basename, ``#``, the WARC's path in the zip) and
``offset``/``length`` count in that WARC, as they would once it is unzipped. Non-articles are
skipped, each with its reason (``archiver.extraction.reasons``): counted in the stats, and handed
to ``on_skipped`` for ``archiver extract --report``. Memory stays flat: records are streamed and
only the pages in flight are held.
"""

from __future__ import annotations

import gzip
import logging
import re
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from archiver.discovery.urls import check_start_url
from archiver.exceptions import BadWarcError, InputError, UsageError, warc_error_text
from archiver.extraction import reasons
from archiver.extraction.page import MAX_BODY_BYTES, Extraction, extract_page
from archiver.extraction.pool import ExtractionPool
from archiver.extraction.record import Capture, article_record
from archiver.warc import brotli as warcio_brotli
from archiver.warc.reading import (
    WACZ_SUFFIXES,
    WARC_SUFFIXES,
    PayloadTooLarge,
    cut_short_at,
    open_wacz,
    read_payload,
    wacz_warc_members,
)

warcio_brotli.install()  # warcio 1.8 cannot decode brotli 1.2 bodies by itself

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
# Documents a crawl archives beside articles (ARCHIVER_REQUISITE_DOCUMENTS): counted as skipped,
# with the reason, where other responses that are no HTML page (images, stylesheets) are passed by.
_DOCUMENT_MEDIA_TYPES = (
    "application/pdf",
    "application/msword",
    "application/rtf",
    "application/vnd.ms-",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
)
_CANONICAL_LINK = re.compile(rb"<link\s[^>]*rel\s*=\s*[\"']?canonical[\"']?[^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"href\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


@dataclass
class ReextractStats:
    """What a run saw: files opened, HTML pages extracted, article records, pages that gave no
    record (``skipped``, and how many for each reason in ``reasons``) and corrupt records skipped."""

    files: int = 0
    pages: int = 0
    articles: int = 0
    skipped: int = 0
    errors: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    bytes_total: int = 0  # size of all inputs, known before the first page
    bytes_read: int = 0  # how far the reader got (compressed bytes), for the progress bar's ETA


@dataclass(frozen=True)
class _Page:
    body: bytes
    url: str
    content_type: str | None
    source: str
    capture: Capture | None = None  # for a page from a WARC record
    too_large: bool = False  # its body inflates past MAX_BODY_BYTES: not read, not extracted
    document: bool = False  # a PDF or office document: no article to extract, not read


def iter_records(
    paths: Sequence[Path],
    *,
    url: str | None = None,
    pool: ExtractionPool | None = None,
    stats: ReextractStats | None = None,
    progress: Callable[[ReextractStats], None] | None = None,
    batch_size: int = 16,
    on_skipped: Callable[[dict[str, Any]], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the article records found in HTML, WARC and WACZ files, in file and record order.

    ``url`` names the page of a single HTML file; ``pool`` extracts in worker processes;
    ``stats`` is updated as files are read; ``progress`` is called with it after every page
    (article or not); ``batch_size`` pages travel to a worker at a time; ``on_skipped`` is called
    for each page that gives no record with ``skipped_page``'s line. Raises ``InputError``
    for a missing file or one that is neither HTML nor WARC, ``BadWarcError`` for a WARC whose
    first record cannot be read, ``UsageError`` for ``url`` given with several HTML files.
    Corrupt records later in a WARC are logged once (file and offset) and skipped.
    """
    paths = [Path(path) for path in paths]
    check_inputs(paths, url=url)
    stats = stats if stats is not None else ReextractStats()
    stats.bytes_total = sum(path.stat().st_size for path in paths)
    pages = _iter_pages(paths, url, stats)
    for page, extraction in _extract_all(pages, pool, batch_size):
        # their empty bodies went through the pool only to keep the order
        if page.too_large:
            extraction = Extraction(None, reasons.NOT_HTML, evidence=f"too large: inflates past {MAX_BODY_BYTES} bytes")
        elif page.document:
            extraction = Extraction(None, reasons.NOT_HTML, evidence=(page.content_type or "").split(";")[0].strip())
        if extraction.record is None:
            stats.skipped += 1
            stats.reasons[extraction.reason] += 1
            logger.debug("skipped %s: %s (%s)", page.url, extraction.reason, extraction.evidence)
            if on_skipped is not None:
                on_skipped(skipped_page(page, extraction))
        else:
            stats.articles += 1
        if progress is not None:
            progress(stats)
        if extraction.record is not None:
            yield article_record(extraction.record, source=page.source, capture=page.capture)


def skipped_page(page: _Page, extraction: Extraction) -> dict[str, Any]:
    """A line of ``archiver extract --report``: the page's ``source`` file, ``url``, ``reason``
    (one of ``archiver.extraction.reasons.REASONS``), ``evidence`` (what decided, or None) and,
    for a page from a WARC record, its ``warc_record_id``."""
    line: dict[str, Any] = {"source": page.source, "url": page.url, "reason": extraction.reason}
    line["evidence"] = extraction.evidence
    if page.capture is not None and page.capture.warc is not None:
        line["warc_record_id"] = page.capture.warc.get("record_id")
    return line


def check_inputs(paths: Sequence[Path], *, url: str | None = None) -> None:
    """Raise ``InputError`` for a missing file or one that is neither HTML, WARC nor WACZ,
    ``BadURLError`` for a ``url`` that is not an absolute http(s) URL and ``UsageError`` for
    ``url`` given with other than exactly one HTML file."""
    if url is not None:
        check_start_url(url)
    for path in paths:
        if not path.name.lower().endswith(HTML_SUFFIXES + WARC_SUFFIXES + WACZ_SUFFIXES):
            raise InputError(
                f"{path}: not an HTML (.html, .htm, .html.gz), WARC (.warc, .warc.gz) or WACZ (.wacz) file"
            )
        if path.is_dir():
            raise InputError(f"{path}: a folder, not a file")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    html_files = [path for path in paths if path.name.lower().endswith(HTML_SUFFIXES)]
    if url is not None and len(html_files) != 1:
        raise UsageError("--url names one page: give it with exactly one HTML file")


def _extract_all(
    pages: Iterable[_Page], pool: ExtractionPool | None, batch_size: int
) -> Iterator[tuple[_Page, Extraction]]:
    if pool is None:
        for page in pages:
            yield page, extract_page(page.body, page.url, content_type=page.content_type)
        return
    # The pool reads the items lazily and answers in order, so each result belongs to the
    # oldest page handed out and not yet answered.
    handed_out: deque[_Page] = deque()

    def items() -> Iterator[tuple[bytes, str, str | None]]:
        for page in pages:
            handed_out.append(page)
            yield page.body, page.url, page.content_type

    for extraction in pool.imap(items(), batch_size=batch_size):
        yield handed_out.popleft(), extraction


def _iter_pages(paths: Sequence[Path], url: str | None, stats: ReextractStats) -> Iterator[_Page]:
    done = 0  # bytes of the files already read
    for path in paths:
        stats.files += 1
        name = path.name.lower()
        if name.endswith(WARC_SUFFIXES):
            yield from _warc_pages(path, stats, done)
        elif name.endswith(WACZ_SUFFIXES):
            yield from _wacz_pages(path, stats, done)
        else:
            stats.pages += 1
            yield _html_page(path, url)
        done += path.stat().st_size
        stats.bytes_read = done


def _html_page(path: Path, url: str | None) -> _Page:
    try:
        body = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            body = gzip.decompress(body)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"{path}: cannot be read: {error}") from error
    return _Page(body, url or _canonical_in(body) or path.resolve().as_uri(), None, str(path))


def _canonical_in(body: bytes) -> str | None:
    # a byte-level look in the head is enough here, and saves parsing the page twice
    if (link := _CANONICAL_LINK.search(body[:200_000])) and (href := _HREF.search(link[0])):
        candidate = href[1].decode("utf-8", "replace")
        if candidate.startswith(("http://", "https://")):
            return candidate
    return None


def _warc_pages(path: Path, stats: ReextractStats, done: int) -> Iterator[_Page]:
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error}") from error
    with stream:
        yield from _warc_stream_pages(stream, path, path.name, stats, done)


def _wacz_pages(path: Path, stats: ReextractStats, done: int) -> Iterator[_Page]:
    with open_wacz(path) as archive:
        members = wacz_warc_members(archive)
        if not members:
            raise BadWarcError(f"{path}: a WACZ file with no archive/*.warc.gz inside")
        for info in members:
            with archive.open(info) as stream:
                # stored members (the WACZ norm) are read as they lie in the zip, no unpacking
                yield from _warc_stream_pages(
                    stream, path, f"{path.name}#{info.filename}", stats, done + info.header_offset
                )


def _warc_stream_pages(
    stream: IO[bytes], path: Path, pointer_name: str, stats: ReextractStats, done: int
) -> Iterator[_Page]:
    """The HTML pages of one WARC stream; ``pointer_name`` becomes each record's ``warc.filename``."""
    label = str(path) if pointer_name == path.name else f"{path} ({pointer_name})"
    records = _QuietArchiveIterator(stream)
    first = True
    next_offset = 0  # where the record after the last one read starts
    last_offset: int | None = None  # where the last record read starts
    while True:
        try:
            record = next(records)
        except StopIteration:
            if records.err_count:
                stats.errors += records.err_count
                logger.warning("%s: %d records not followed by a blank line (a wrong Content-Length?)",
                               label, records.err_count)  # fmt: skip
            if (cut_at := cut_short_at(stream, last_offset, next_offset)) is not None:
                stats.errors += 1
                logger.warning("%s: the file ends inside the record at offset %d (cut short), skipped", label, cut_at)
            return
        except Exception as error:  # warcio raises anything from ArchiveLoadFailed to AttributeError on bad framing
            if first:
                raise BadWarcError(f"{label}: not a readable WARC file: {warc_error_text(error)}") from error
            # the framing is lost: nothing after this point can be located reliably
            stats.errors += 1
            logger.warning(
                "%s: corrupt WARC record at offset %d skipped, rest of file ignored: %s",
                label, next_offset, warc_error_text(error),
            )  # fmt: skip
            return
        if first and not str(record.format).startswith("warc"):
            # warcio reads any line of five words as an ARC header; this is not a WARC
            raise BadWarcError(f"{label}: not a WARC file (no WARC/1.x header)")
        first = False
        page = _warc_page(path, pointer_name, record)
        try:
            # only after the content is read: asking for offset/length skips the rest of the record
            offset, length = records.get_record_offset(), records.get_record_length()
        except Exception as error:  # as above: a truncated record fails while being skipped
            stats.errors += 1
            logger.warning("%s: corrupt WARC record at offset %d, rest of file ignored: %s",
                           label, next_offset, warc_error_text(error))  # fmt: skip
            return
        last_offset, next_offset = offset, offset + length
        stats.bytes_read = done + next_offset
        if getattr(record.raw_stream, "limit", 0) > 0:  # less than its Content-Length was there to read
            stats.errors += 1
            logger.warning("%s: the file ends inside the record at offset %d (cut short), skipped", label, offset)
            return
        if page is None:
            continue
        if page is _CORRUPT:
            stats.errors += 1
            logger.warning("%s: corrupt WARC record at offset %d skipped", label, offset)
            continue
        if page.too_large:
            logger.warning("%s: the page at offset %d is too large: it inflates past %d bytes; not extracted",
                           label, offset, MAX_BODY_BYTES)  # fmt: skip
        assert page.capture is not None and page.capture.warc is not None
        page.capture.warc.update(offset=offset, length=length)
        stats.pages += 1
        yield page


_CORRUPT = _Page(b"", "", None, "")


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its several-line warning, raw bytes included, written straight
    to stderr for a record not followed by a blank line; ``err_count`` still counts them."""

    INC_RECORD = ""


def _warc_page(path: Path, pointer_name: str, record: Any) -> _Page | None:
    """The HTML page in a 2xx response record; a page marked ``document`` for a PDF or office
    document (no article to extract: skipped with its reason, its body not read), ``None`` for
    any other record, ``_CORRUPT`` when its content cannot be decoded."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    document = False
    if not status.startswith("2") or not content_type.lower().lstrip().startswith(_HTML_MEDIA_TYPES):
        if not status.startswith("2") or not content_type.lower().lstrip().startswith(_DOCUMENT_MEDIA_TYPES):
            return None
        document = True
    too_large = False
    try:
        # a page beyond this is not extracted anyway: a gzip bomb costs no more than the limit
        body = b"" if document else read_payload(record, MAX_BODY_BYTES)
    except PayloadTooLarge:
        body, too_large = b"", True
    except Exception:  # warcio's decoders raise zlib, brotli and parsing errors alike
        return _CORRUPT
    headers = record.rec_headers
    return _Page(
        body,
        headers.get_header("WARC-Target-URI") or "",
        content_type,
        str(path),
        Capture(
            fetched_at=headers.get_header("WARC-Date"),
            status=int(status) if status.isdigit() else status,
            content_type=content_type,
            warc={
                "filename": pointer_name,
                "offset": None,
                "length": None,
                "record_id": headers.get_header("WARC-Record-ID"),
                "payload_digest": headers.get_header("WARC-Payload-Digest"),
            },
        ),
        too_large=too_large,
        document=document,
    )
