"""WARC records for one HTTP exchange: bytes in, warcio records out. No Scrapy import.

The downloader middleware turns a Scrapy request/response pair into an :class:`HttpExchange`;
this module rebuilds the HTTP heads and wraps them in ``response``, ``request``, ``metadata``
and ``warcinfo`` records with warcio. Scrapy's API loses part of what was on the wire, so the
heads are *reconstructed*, and every repair is listed here (``docs/warc.md`` quotes this list):

1. **Transfer-Encoding renamed.** The stored body is de-chunked by the HTTP client, so a
   ``Transfer-Encoding`` header is written as ``X-Archive-Orig-Transfer-Encoding`` with its
   value unchanged. Replay tools (pywb, warcio's ``content_stream()``) would otherwise try to
   de-chunk bytes that are not chunked. ``X-Archive-Orig-`` is the prefix pywb and the Wayback
   Machine use for original headers on replay; Browsertrix-crawler does the same rename with
   ``x-orig-``.
2. **Content-Length made true.** When a response has a body, a ``Content-Length`` that differs
   from the stored body length (a de-chunked, truncated or close-delimited body) is renamed
   ``X-Archive-Orig-Content-Length``, and ``Content-Length: <stored length>`` is appended when
   none is left. Responses without a body (``HEAD``, 1xx, 204, 304) keep theirs as received.
3. **Header names.** Scrapy title-cases header names (``Etag``); names in a small table of
   registered spellings get them back (``ETag``, ``WWW-Authenticate``, ``Content-MD5``...).
   Other names are written as Scrapy gives them; the case on the wire is not known.
4. **Header values byte for byte** (no re-encoding, no percent-encoding; warcio's own
   ``StatusAndHeaders`` would percent-encode ``caf\\xe9``), duplicates kept in the given order.
   A CR or LF inside a value, which cannot come from a parsed HTTP head, becomes a space so that
   it cannot break the record.
5. **Reason phrase.** Scrapy drops it; the standard phrase from :class:`http.HTTPStatus` is
   written (empty for unknown codes).
6. **Status line protocol.** ``HTTP/1.0`` and ``HTTP/1.1`` are kept; anything else (``h2``) is
   written as ``HTTP/1.1``, the syntax the record uses and the only one warcio's strict parser
   accepts.
7. **Request head.** The request line has the path and query string (never the fragment); a
   ``Host`` header is put first when absent (Twisted adds it on the wire, default port
   omitted), and ``Content-Length`` is appended for a non-empty body without one. Other
   headers the HTTP client may add on the wire (``Connection``) are not known and not written.
8. **Redaction.** In request records the values of ``Authorization`` and
   ``Proxy-Authorization`` become ``<scheme> [redacted]`` and ``Cookie`` values become
   ``name=[redacted]``: credentials must not be published with the archive. Response
   ``Set-Cookie`` headers are kept, as every archiver keeps them.

The payload digest is warcio's: sha1, base32, of the body as stored (still content-encoded),
which is what pywb and ``warcio check`` compute and expect.
"""

from __future__ import annotations

import base64
import hashlib
import http
import io
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver import __version__

Header = tuple[bytes, bytes]

ORIGINAL_HEADER_PREFIX = b"X-Archive-Orig-"
REDACTED = b"[redacted]"
REDACTED_REQUEST_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"cookie"})
TRUNCATED_REASONS = frozenset({"length", "time", "disconnect", "unspecified"})
WARC_VERSIONS = ("1.0", "1.1")
# Revisit profiles of the WARC specification (section 6.7): 1.1 and 1.0 spell them per version.
IDENTICAL_PAYLOAD_DIGEST = "identical-payload-digest"
SERVER_NOT_MODIFIED = "server-not-modified"
REVISIT_PROFILES = frozenset({IDENTICAL_PAYLOAD_DIGEST, SERVER_NOT_MODIFIED})

# Registered spellings that str.title() breaks. Scrapy's Headers title-case every name.
_CANONICAL_NAMES = {
    name.title(): name
    for name in (
        b"Accept-CH",
        b"CDN-Cache-Control",
        b"Content-ID",
        b"Content-MD5",
        b"DNT",
        b"DPR",
        b"ETag",
        b"NEL",
        b"P3P",
        b"Sec-CH-UA",
        b"Sec-CH-UA-Mobile",
        b"Sec-CH-UA-Platform",
        b"Sec-GPC",
        b"SourceMap",
        b"TE",
        b"WWW-Authenticate",
        b"X-DNS-Prefetch-Control",
        b"X-UA-Compatible",
        b"X-XSS-Protection",
        b"X-WebKit-CSP",
    )
}
_BODILESS_STATUSES = frozenset({204, 304})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPEC_URLS = {
    "1.0": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/",
    "1.1": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
}


@dataclass
class HttpExchange:
    """One request and its response, as the downloader middleware saw them.

    ``body`` is the body as received: de-chunked by the HTTP client but still content-encoded.
    Header names are as Scrapy gives them; duplicates are separate pairs, in order.
    ``truncated`` is a ``WARC-Truncated`` reason (``length``, ``time``, ``disconnect``,
    ``unspecified``) or None. ``payload_digest`` is the body's :func:`payload_digest` when the
    caller has already computed it (the record then takes it instead of hashing the body again),
    or None. ``record_id`` is the response record's ``WARC-Record-ID`` when the caller chose it
    before writing (a crawl state that several writers share claims a payload by the id of the
    record about to hold it), or None for a fresh one.
    """

    url: str
    method: str
    request_headers: list[Header]
    request_body: bytes
    status: int
    response_headers: list[Header]
    body: bytes
    ip_address: str | None
    fetched_at: datetime
    truncated: str | None = None
    reason: str | None = None
    protocol: str = "HTTP/1.1"
    payload_digest: str | None = None
    record_id: str | None = None


@dataclass(frozen=True)
class RevisitOf:
    """The earlier record a ``revisit`` record points at: its id, target URI and WARC-Date."""

    record_id: str
    target_uri: str
    date: str


def payload_digest(body: bytes) -> str:
    """Return warcio's ``WARC-Payload-Digest`` of a body as stored: ``sha1:`` and base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def revisit_profile(kind: str, warc_version: str) -> str:
    """Return the ``WARC-Profile`` URI of a revisit ``kind`` for a WARC version.

    Raises ValueError for an unknown kind.
    """
    if kind not in REVISIT_PROFILES:
        raise ValueError(f"unknown revisit profile {kind!r}")
    return f"http://netpreserve.org/warc/{warc_version}/revisit/{kind}"


def format_warc_date(moment: datetime, warc_version: str = "1.1") -> str:
    """Return ``moment`` as a WARC-Date: microseconds in WARC/1.1, seconds in 1.0."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    pattern = "%Y-%m-%dT%H:%M:%S.%fZ" if warc_version == "1.1" else "%Y-%m-%dT%H:%M:%SZ"
    return moment.strftime(pattern)


def new_record_id() -> str:
    """Return a fresh ``<urn:uuid:...>`` WARC record id."""
    return f"<urn:uuid:{uuid.uuid4()}>"


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def response_head(exchange: HttpExchange) -> bytes:
    """Return the status line and headers of the response, ending with the blank line.

    Applies the repairs listed in the module docstring; raises nothing for odd input.
    """
    reason = exchange.reason if exchange.reason is not None else _standard_reason(exchange.status)
    status_line = b"%s %d %s" % (_http_version(exchange.protocol), exchange.status, _encode_text(reason))
    headers = [(_restore_name(name), value) for name, value in exchange.response_headers]
    has_body = exchange.method.upper() != "HEAD" and not (
        100 <= exchange.status < 200 or exchange.status in _BODILESS_STATUSES
    )
    return _render_head(status_line, _repair_framing(headers, len(exchange.body), has_body))


def request_head(exchange: HttpExchange, *, redact: Iterable[bytes] = REDACTED_REQUEST_HEADERS) -> bytes:
    """Return the request line and headers, ending with the blank line.

    ``redact`` holds lower-case header names whose values are redacted. Raises ValueError for
    a URL with a malformed port.
    """
    request_line = b"%s %s %s" % (
        exchange.method.encode("ascii"),
        _request_target(exchange.url),
        _http_version(exchange.protocol),
    )
    headers = [(_restore_name(name), value) for name, value in exchange.request_headers]
    names = {name.lower() for name, _ in headers}
    if b"host" not in names:
        headers.insert(0, (b"Host", _host_header(exchange.url)))
    if exchange.request_body and b"content-length" not in names:
        headers.append((b"Content-Length", b"%d" % len(exchange.request_body)))
    redacted = frozenset(name.lower() for name in redact)
    headers = [(name, _redact(name, value)) if name.lower() in redacted else (name, value) for name, value in headers]
    return _render_head(request_line, headers)


def default_warcinfo_fields(warc_version: str = "1.1", hostname: str | None = None) -> dict[str, str]:
    """Return the ``warcinfo`` fields this software always writes (software, format, ...)."""
    fields = {
        "software": f"news-archiver/{__version__} (warcio/{package_version('warcio')})",
        "format": f"WARC File Format {warc_version}",
        "conformsTo": _SPEC_URLS[warc_version],
    }
    if hostname:
        fields["hostname"] = hostname
    return fields


class WarcRecordBuilder:
    """Builds warcio records with injectable ids and dates, and serializes them uncompressed.

    ``record_id`` returns ``<urn:uuid:...>`` ids; ``clock`` returns aware UTC datetimes for
    records that have no fetch time (metadata, warcinfo). Golden-byte tests inject both.
    Not thread-safe: one builder per writer thread.
    """

    def __init__(
        self,
        warc_version: str = "1.1",
        *,
        record_id: Callable[[], str] = new_record_id,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if warc_version not in WARC_VERSIONS:
            raise ValueError(f"WARC version must be one of {WARC_VERSIONS}, not {warc_version!r}")
        self.warc_version = warc_version
        self.record_id = record_id
        self.clock = clock
        self._builder = RecordBuilder(warc_version=warc_version)
        self._buffer = io.BytesIO()
        self._writer = WARCWriter(self._buffer, gzip=False, warc_version=warc_version)

    def warc_date(self, moment: datetime) -> str:
        """Return ``moment`` as a WARC-Date: microseconds in WARC/1.1, seconds in 1.0."""
        return format_warc_date(moment, self.warc_version)

    def response_record(self, exchange: HttpExchange) -> ArcWarcRecord:
        """Return the ``response`` record; raises ValueError for an unknown truncation reason."""
        fields = self._exchange_fields("response", exchange)
        if exchange.record_id is not None:
            fields["WARC-Record-ID"] = exchange.record_id
        if exchange.truncated is not None:
            if exchange.truncated not in TRUNCATED_REASONS:
                raise ValueError(f"unknown WARC-Truncated reason {exchange.truncated!r}")
            fields["WARC-Truncated"] = exchange.truncated
        if exchange.payload_digest is not None:
            # Last, where warcio would add the digest it computes.
            fields["WARC-Payload-Digest"] = exchange.payload_digest
        return self._http_record("response", fields["WARC-Target-URI"], response_head(exchange), exchange.body, fields)

    def revisit_record(self, exchange: HttpExchange, kind: str, refers_to: RevisitOf) -> ArcWarcRecord:
        """Return a ``revisit`` record: the response head without its body, pointing at ``refers_to``.

        ``kind`` is ``identical-payload-digest`` (a 2xx whose body is already archived; the
        record keeps that body's ``WARC-Payload-Digest``) or ``server-not-modified`` (a 304).
        Raises ValueError for an unknown kind.
        """
        fields = self._exchange_fields("revisit", exchange)
        fields["WARC-Profile"] = revisit_profile(kind, self.warc_version)
        fields["WARC-Refers-To"] = refers_to.record_id
        fields["WARC-Refers-To-Target-URI"] = refers_to.target_uri
        fields["WARC-Refers-To-Date"] = refers_to.date
        if kind == IDENTICAL_PAYLOAD_DIGEST:
            fields["WARC-Payload-Digest"] = exchange.payload_digest or payload_digest(exchange.body)
        if exchange.truncated is not None:
            fields["WARC-Truncated"] = exchange.truncated
        return self._http_record("revisit", fields["WARC-Target-URI"], response_head(exchange), b"", fields)

    def request_record(self, exchange: HttpExchange, concurrent_to: str) -> ArcWarcRecord:
        """Return the ``request`` record, linked to the response id ``concurrent_to``."""
        fields = self._exchange_fields("request", exchange)
        fields["WARC-Concurrent-To"] = concurrent_to
        return self._http_record(
            "request",
            fields["WARC-Target-URI"],
            request_head(exchange),
            exchange.request_body,
            fields,
        )

    def metadata_record(
        self,
        target_uri: str,
        refers_to: str,
        payload: bytes,
        content_type: str = "application/json",
        date: datetime | None = None,
    ) -> ArcWarcRecord:
        """Return a ``metadata`` record about ``target_uri`` that refers to record ``refers_to``."""
        fields = {
            "WARC-Type": "metadata",
            "WARC-Record-ID": self.record_id(),
            "WARC-Date": self.warc_date(date or self.clock()),
            "WARC-Target-URI": target_uri,
            "WARC-Refers-To": refers_to,
        }
        return self._builder.create_warc_record(
            target_uri,
            "metadata",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type=content_type,
            warc_headers_dict=fields,
        )

    def warcinfo_record(self, filename: str, fields: Mapping[str, str]) -> ArcWarcRecord:
        """Return a ``warcinfo`` record for the file ``filename`` with ``name: value`` lines.

        Empty values are left out; CR/LF in a value become spaces.
        """
        body = b"".join(f"{name}: {_one_line(value)}\r\n".encode() for name, value in fields.items() if value)
        warc_fields = {
            "WARC-Type": "warcinfo",
            "WARC-Record-ID": self.record_id(),
            "WARC-Date": self.warc_date(self.clock()),
            "WARC-Filename": filename,
        }
        return self._builder.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict=warc_fields,
        )

    def serialize(self, record: ArcWarcRecord) -> bytes:
        """Return the record's uncompressed bytes, block digest and Content-Length added.

        Consumes the record's stream: a record is serialized once.
        """
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.write_record(record)
        return self._buffer.getvalue()

    def _exchange_fields(self, record_type: str, exchange: HttpExchange) -> dict[str, str]:
        fields = {
            "WARC-Type": record_type,
            "WARC-Record-ID": self.record_id(),
            "WARC-Date": self.warc_date(exchange.fetched_at),
            "WARC-Target-URI": url_without_fragment(exchange.url),
        }
        if exchange.ip_address:
            fields["WARC-IP-Address"] = exchange.ip_address
        return fields

    def _http_record(
        self, record_type: str, url: str, head: bytes, body: bytes, fields: dict[str, str]
    ) -> ArcWarcRecord:
        # warcio computes the payload digest over ``body`` and the block digest over head+body.
        return self._builder.create_warc_record(
            url,
            record_type,
            payload=io.BytesIO(body),
            length=len(body),
            warc_headers_dict=fields,
            http_headers=_VerbatimHead(head),
        )


def url_without_fragment(url: str) -> str:
    """Return ``url`` without its fragment, which is never sent: the WARC-Target-URI."""
    return url.split("#", 1)[0]


def record_id(record: ArcWarcRecord) -> str:
    """Return the record's ``WARC-Record-ID``."""
    return str(record.rec_headers.get_header("WARC-Record-ID"))


class _VerbatimHead(StatusAndHeaders):  # type: ignore[misc]
    """An HTTP head that warcio writes byte for byte.

    warcio's writer re-renders ``http_headers`` through ``compute_headers_buffer``, which
    percent-encodes non-ASCII values; here the buffer is the head as built, and the parsed
    fields exist only so that ``get_header`` works on the in-memory record.
    """

    def __init__(self, raw: bytes) -> None:
        first_line, _, rest = raw.partition(b"\r\n")
        protocol, _, statusline = first_line.decode("latin-1").partition(" ")
        headers = []
        for line in rest.decode("latin-1").split("\r\n"):
            name, colon, value = line.partition(":")
            if colon:
                headers.append((name, value.strip()))
        super().__init__(statusline, headers, protocol=protocol)
        self.verbatim = raw

    def compute_headers_buffer(self, header_filter: object = None) -> None:
        self.headers_buff = self.verbatim


def _repair_framing(headers: list[Header], body_length: int, has_body: bool) -> list[Header]:
    true_length = b"%d" % body_length
    repaired: list[Header] = []
    for name, value in headers:
        lower = name.lower()
        renamed = lower == b"transfer-encoding" or (
            has_body and lower == b"content-length" and value.strip() != true_length
        )
        repaired.append((ORIGINAL_HEADER_PREFIX + name, value) if renamed else (name, value))
    if has_body and not any(name.lower() == b"content-length" for name, _ in repaired):
        repaired.append((b"Content-Length", true_length))
    return repaired


def _render_head(first_line: bytes, headers: list[Header]) -> bytes:
    lines = [first_line]
    lines.extend(name + b": " + _one_line_bytes(value) for name, value in headers)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _restore_name(name: bytes) -> bytes:
    return _CANONICAL_NAMES.get(name, name)


def _redact(name: bytes, value: bytes) -> bytes:
    if name.lower() == b"cookie":
        cookie_names = [part.split(b"=", 1)[0].strip() for part in value.split(b";")]
        return b"; ".join(cookie + b"=" + REDACTED for cookie in cookie_names if cookie)
    scheme, space, _ = value.strip().partition(b" ")
    # A bare token has no scheme worth keeping; it is the secret itself.
    return scheme + b" " + REDACTED if space else REDACTED


def _request_target(url: str) -> bytes:
    without_fragment = url_without_fragment(url)
    parts = urlsplit(without_fragment)
    # Slice rather than re-join so that an empty query ("?") survives as sent.
    target = without_fragment[len(parts.scheme) + 3 + len(parts.netloc) :]
    if not target.startswith("/"):
        target = "/" + target
    return target.encode("utf-8")


def _host_header(url: str) -> bytes:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    if parts.port is not None and parts.port == _DEFAULT_PORTS.get(parts.scheme):
        host = host.rsplit(":", 1)[0]
    return host.encode("utf-8")


def _http_version(protocol: str) -> bytes:
    upper = protocol.upper()
    return upper.encode("ascii") if upper in ("HTTP/1.0", "HTTP/1.1") else b"HTTP/1.1"


def _standard_reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _encode_text(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _one_line(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")


def _one_line_bytes(value: bytes) -> bytes:
    return value.replace(b"\r", b" ").replace(b"\n", b" ")
