"""WARC records: reconstructed HTTP heads, golden record bytes, and what warcio reads back."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.warc.records import (
    HttpExchange,
    WarcRecordBuilder,
    record_id,
    request_head,
    response_head,
)

FETCHED_AT = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
LATER = datetime(2024, 5, 6, 7, 8, 10, 250000, tzinfo=UTC)


def counting_ids() -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"


def make_builder(warc_version: str = "1.1") -> WarcRecordBuilder:
    return WarcRecordBuilder(warc_version, record_id=counting_ids(), clock=lambda: LATER)


def make_exchange(**changes: object) -> HttpExchange:
    exchange = HttpExchange(
        url="https://news.example/a/story?id=7&x=%C3%A9#comments",
        method="GET",
        request_headers=[
            (b"Accept", b"text/html"),
            (b"Authorization", b"Bearer s3cr3t"),
            (b"Accept-Encoding", b"gzip, br"),
        ],
        request_body=b"",
        status=200,
        response_headers=[
            (b"Content-Type", b"text/html; charset=utf-8"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Etag", b'"v1"'),
            (b"Set-Cookie", b"a=1; Path=/"),
            (b"Set-Cookie", b"b=2; Path=/"),
            (b"X-Place", b"caf\xe9"),
        ],
        body=b"<p>Hello</p>",
        ip_address="192.0.2.7",
        fetched_at=FETCHED_AT,
    )
    return replace(exchange, **changes)  # type: ignore[arg-type]


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


GOLDEN_RESPONSE = (
    b"WARC/1.1\r\n"
    b"WARC-Type: response\r\n"
    b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
    b"WARC-Date: 2024-05-06T07:08:09.123456Z\r\n"
    b"WARC-Target-URI: https://news.example/a/story?id=7&x=%C3%A9\r\n"
    b"WARC-IP-Address: 192.0.2.7\r\n"
    b"WARC-Payload-Digest: sha1:4GXYJPEDG5VU7ESI3J4OMBUEXR5R5P3R\r\n"
    b"WARC-Block-Digest: sha1:FAED4YVAKR6LF57LSH27EO62GB3P2XF4\r\n"
    b"Content-Type: application/http; msgtype=response\r\n"
    b"Content-Length: 211\r\n"
    b"\r\n"
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n"
    b"X-Archive-Orig-Transfer-Encoding: chunked\r\n"
    b'ETag: "v1"\r\n'
    b"Set-Cookie: a=1; Path=/\r\n"
    b"Set-Cookie: b=2; Path=/\r\n"
    b"X-Place: caf\xe9\r\n"
    b"Content-Length: 12\r\n"
    b"\r\n"
    b"<p>Hello</p>"
    b"\r\n\r\n"
)

GOLDEN_REQUEST = (
    b"WARC/1.1\r\n"
    b"WARC-Type: request\r\n"
    b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000002>\r\n"
    b"WARC-Date: 2024-05-06T07:08:09.123456Z\r\n"
    b"WARC-Target-URI: https://news.example/a/story?id=7&x=%C3%A9\r\n"
    b"WARC-IP-Address: 192.0.2.7\r\n"
    b"WARC-Concurrent-To: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
    b"WARC-Payload-Digest: sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ\r\n"
    b"WARC-Block-Digest: sha1:JMDYELGP3S3D3VSXXSZGZ5GD3AS5PBIP\r\n"
    b"Content-Type: application/http; msgtype=request\r\n"
    b"Content-Length: 139\r\n"
    b"\r\n"
    b"GET /a/story?id=7&x=%C3%A9 HTTP/1.1\r\n"
    b"Host: news.example\r\n"
    b"Accept: text/html\r\n"
    b"Authorization: Bearer [redacted]\r\n"
    b"Accept-Encoding: gzip, br\r\n"
    b"\r\n"
    b"\r\n\r\n"
)

GOLDEN_METADATA = (
    b"WARC/1.1\r\n"
    b"WARC-Type: metadata\r\n"
    b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000003>\r\n"
    b"WARC-Date: 2024-05-06T07:08:10.250000Z\r\n"
    b"WARC-Target-URI: https://news.example/a/story?id=7&x=%C3%A9\r\n"
    b"WARC-Refers-To: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
    b"WARC-Payload-Digest: sha1:2U7KMQ25NO2XB7S7K4WLE3IGJXCZC4PS\r\n"
    b"WARC-Block-Digest: sha1:2U7KMQ25NO2XB7S7K4WLE3IGJXCZC4PS\r\n"
    b"Content-Type: application/json\r\n"
    b"Content-Length: 18\r\n"
    b"\r\n"
    b'{"title": "Hello"}'
    b"\r\n\r\n"
)

GOLDEN_WARCINFO = (
    b"WARC/1.1\r\n"
    b"WARC-Type: warcinfo\r\n"
    b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000004>\r\n"
    b"WARC-Date: 2024-05-06T07:08:10.250000Z\r\n"
    b"WARC-Filename: x.warc.gz\r\n"
    b"WARC-Block-Digest: sha1:DRKATEO47265GDIBY4EAOIT3EFDQGKQE\r\n"
    b"Content-Type: application/warc-fields\r\n"
    b"Content-Length: 67\r\n"
    b"\r\n"
    b"software: test/1\r\n"
    b"format: WARC File Format 1.1\r\n"
    b"isPartOf: crawl-1\r\n"
    b"\r\n\r\n"
)


def test_golden_records() -> None:
    builder = make_builder()
    exchange = make_exchange()
    response = builder.response_record(exchange)
    request = builder.request_record(exchange, concurrent_to=record_id(response))
    metadata = builder.metadata_record(
        "https://news.example/a/story?id=7&x=%C3%A9", record_id(response), b'{"title": "Hello"}'
    )
    warcinfo = builder.warcinfo_record(
        "x.warc.gz",
        {"software": "test/1", "format": "WARC File Format 1.1", "isPartOf": "crawl-1", "empty": ""},
    )
    assert builder.serialize(response) == GOLDEN_RESPONSE
    assert builder.serialize(request) == GOLDEN_REQUEST
    assert builder.serialize(metadata) == GOLDEN_METADATA
    assert builder.serialize(warcinfo) == GOLDEN_WARCINFO


@pytest.mark.parametrize("golden", [GOLDEN_RESPONSE, GOLDEN_REQUEST, GOLDEN_METADATA, GOLDEN_WARCINFO])
def test_golden_lengths_and_digests_are_independently_right(golden: bytes) -> None:
    head, _, block = golden.removesuffix(b"\r\n\r\n").partition(b"\r\n\r\n")
    fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])
    assert int(fields[b"Content-Length"]) == len(block)
    assert fields[b"WARC-Block-Digest"].decode() == sha1_base32(block)


def test_golden_payload_digest_is_the_stored_body() -> None:
    assert f"WARC-Payload-Digest: {sha1_base32(b'<p>Hello</p>')}".encode() in GOLDEN_RESPONSE


@pytest.mark.parametrize("truncated", [None, "disconnect"])
def test_a_given_payload_digest_gives_the_same_record_bytes(truncated: str | None) -> None:
    exchange = make_exchange(truncated=truncated)
    computed = make_builder().serialize(make_builder().response_record(exchange))
    given = replace(exchange, payload_digest=sha1_base32(exchange.body))
    assert make_builder().serialize(make_builder().response_record(given)) == computed
    if truncated is None:
        assert computed == GOLDEN_RESPONSE


def test_a_given_payload_digest_is_taken_not_recomputed() -> None:
    builder = make_builder()
    record = builder.response_record(make_exchange(payload_digest="sha1:GIVEN"))
    assert b"WARC-Payload-Digest: sha1:GIVEN\r\n" in builder.serialize(record)


def test_warc_1_0_dates_have_seconds_only() -> None:
    builder = make_builder("1.0")
    data = builder.serialize(builder.response_record(make_exchange()))
    assert data.startswith(b"WARC/1.0\r\n")
    assert b"WARC-Date: 2024-05-06T07:08:09Z\r\n" in data


def test_unknown_warc_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"1\.2"):
        WarcRecordBuilder("1.2")


def test_truncated_response_is_marked_and_length_made_true() -> None:
    builder = make_builder()
    exchange = make_exchange(
        truncated="length",
        response_headers=[(b"Content-Length", b"9999"), (b"Content-Type", b"text/html")],
    )
    data = builder.serialize(builder.response_record(exchange))
    assert b"\r\nWARC-Truncated: length\r\n" in data
    assert b"\r\nX-Archive-Orig-Content-Length: 9999\r\nContent-Type: text/html\r\n" in data
    assert data.endswith(b"Content-Length: 12\r\n\r\n<p>Hello</p>\r\n\r\n")


def test_unknown_truncation_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="bogus"):
        make_builder().response_record(make_exchange(truncated="bogus"))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([(b"Content-Length", b"12")], [b"Content-Length: 12"]),
        ([], [b"Content-Length: 12"]),
        (
            [(b"Transfer-Encoding", b"chunked"), (b"Content-Length", b"12")],
            [b"X-Archive-Orig-Transfer-Encoding: chunked", b"Content-Length: 12"],
        ),
        (
            [(b"Content-Length", b"40"), (b"Vary", b"Accept")],
            [b"X-Archive-Orig-Content-Length: 40", b"Vary: Accept", b"Content-Length: 12"],
        ),
    ],
)
def test_content_length_repair(headers: list[tuple[bytes, bytes]], expected: list[bytes]) -> None:
    head = response_head(make_exchange(response_headers=headers))
    assert head == b"\r\n".join([b"HTTP/1.1 200 OK", *expected]) + b"\r\n\r\n"


@pytest.mark.parametrize(("method", "status"), [("HEAD", 200), ("GET", 304), ("GET", 204)])
def test_bodiless_responses_keep_their_content_length(method: str, status: int) -> None:
    exchange = make_exchange(method=method, status=status, body=b"", response_headers=[(b"Content-Length", b"5120")])
    assert b"\r\nContent-Length: 5120\r\n\r\n" in response_head(exchange)
    assert b"X-Archive-Orig" not in response_head(exchange)


def test_status_line_reason_and_protocol() -> None:
    assert response_head(make_exchange(status=404, response_headers=[])).startswith(b"HTTP/1.1 404 Not Found\r\n")
    assert response_head(make_exchange(status=599, response_headers=[])).startswith(b"HTTP/1.1 599 \r\n")
    assert response_head(make_exchange(reason="Fine", protocol="HTTP/1.0")).startswith(b"HTTP/1.0 200 Fine\r\n")
    assert response_head(make_exchange(protocol="h2")).startswith(b"HTTP/1.1 200 OK\r\n")


def test_header_names_restored_values_untouched() -> None:
    head = response_head(
        make_exchange(
            response_headers=[
                (b"Www-Authenticate", b'Basic realm="r\xfcck"'),
                (b"Content-Md5", b"Q2hlY2sgSW50ZWdyaXR5IQ=="),
                (b"X-Xss-Protection", b"1; mode=block"),
                (b"X-Custom-Id", b"a\r\nb"),
            ]
        )
    )
    assert b'\r\nWWW-Authenticate: Basic realm="r\xfcck"\r\n' in head
    assert b"\r\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n" in head
    assert b"\r\nX-XSS-Protection: 1; mode=block\r\n" in head
    # A value cannot break the head into an extra line.
    assert b"\r\nX-Custom-Id: a  b\r\n" in head


def test_request_head_host_port_body_and_redaction() -> None:
    exchange = make_exchange(
        url="http://user:pw@news.example:8080?q=1",
        method="POST",
        request_headers=[
            (b"Dnt", b"1"),
            (b"Cookie", b"session=abc; consent=yes"),
            (b"Proxy-Authorization", b"Basic dXNlcjpwYXNz"),
            (b"Authorization", b"token-without-scheme"),
        ],
        request_body=b"a=1&b=2",
    )
    assert request_head(exchange) == (
        b"POST /?q=1 HTTP/1.1\r\n"
        b"Host: news.example:8080\r\n"
        b"DNT: 1\r\n"
        b"Cookie: session=[redacted]; consent=[redacted]\r\n"
        b"Proxy-Authorization: Basic [redacted]\r\n"
        b"Authorization: [redacted]\r\n"
        b"Content-Length: 7\r\n"
        b"\r\n"
    )


def test_request_head_keeps_given_host_and_drops_default_port() -> None:
    exchange = make_exchange(url="https://news.example:443/", request_headers=[])
    assert request_head(exchange).startswith(b"GET / HTTP/1.1\r\nHost: news.example\r\n")
    given = make_exchange(request_headers=[(b"Accept", b"*/*"), (b"Host", b"other.example")])
    assert b"\r\nHost: other.example\r\n" in request_head(given)
    assert request_head(given).count(b"Host:") == 1


def test_redaction_can_be_turned_off() -> None:
    assert b"Bearer s3cr3t" in request_head(make_exchange(), redact=())


def test_read_back_with_warcio() -> None:
    html = b"<html><body>caf\xc3\xa9 news</body></html>"
    body = gzip.compress(html)
    exchange = make_exchange(
        body=body,
        response_headers=[
            (b"Content-Encoding", b"gzip"),
            (b"Transfer-Encoding", b"chunked"),
            (b"X-Place", b"caf\xe9"),
            (b"Set-Cookie", b"a=1"),
            (b"Set-Cookie", b"b=2"),
        ],
    )
    builder = make_builder()
    response = builder.response_record(exchange)
    response_id = record_id(response)
    request = builder.request_record(exchange, concurrent_to=response_id)
    metadata = builder.metadata_record(exchange.url, response_id, b"{}")
    stream = io.BytesIO(b"".join(builder.serialize(r) for r in (response, request, metadata)))

    records = []
    for record in ArchiveIterator(stream, check_digests="raise"):
        records.append((record.rec_type, record.rec_headers, record.http_headers))
        if record.rec_type == "response":
            assert record.content_stream().read() == html
    assert [kind for kind, _, _ in records] == ["response", "request", "metadata"]
    response_headers = records[0][1]
    assert response_headers["WARC-Payload-Digest"] == sha1_base32(body)
    assert records[1][1]["WARC-Concurrent-To"] == response_id
    assert records[2][1]["WARC-Refers-To"] == response_id
    http_headers = records[0][2]
    assert http_headers.get_header("Transfer-Encoding") is None
    assert [v for n, v in http_headers.headers if n == "Set-Cookie"] == ["a=1", "b=2"]
