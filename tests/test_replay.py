"""Replay: ReplayMiddleware answers from WARC/WACZ files; ``archiver crawl --replay`` re-crawls offline."""

from __future__ import annotations

import gzip
import io
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import archiver_crawler  # tests/ is on sys.path
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Request
from test_crawl import crawl, read_records  # tests/ is on sys.path (rootdir-less prepend import)
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.crawl.replay import ReplayMiddleware
from archiver.site import NewsSite, start_server

PAGE = b"<html><head><title>Archived</title></head><body><p>The archived words.</p></body></html>"


def write_warc(path: Path) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        chunked_gzip = gzip.compress(PAGE)
        payload = b"%x\r\n%s\r\n0\r\n\r\n" % (len(chunked_gzip), chunked_gzip)
        headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Transfer-Encoding", "chunked"),
                ("Set-Cookie", "a=1"),
                ("Set-Cookie", "b=2"),
            ],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            "https://news.example/a", "response", payload=io.BytesIO(payload), http_headers=headers
        )
        writer.write_record(record)
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        moved = StatusAndHeaders("301 Moved Permanently", [("Location", "https://news.example/a")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/old/a", "response", payload=io.BytesIO(b""), http_headers=moved
            )
        )
        revisit_headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
        )
        revisit = writer.create_revisit_record(
            "https://news.example/a?again",
            digest,
            "https://news.example/a",
            record.rec_headers.get_header("WARC-Date"),
            http_headers=revisit_headers,
        )
        writer.write_record(revisit)


def middleware(paths: list[Path]) -> ReplayMiddleware:
    return ReplayMiddleware.from_crawler(archiver_crawler({"ARCHIVER_REPLAY_FROM": [str(p) for p in paths]}))


def test_off_by_default() -> None:
    with pytest.raises(NotConfigured):
        ReplayMiddleware.from_crawler(archiver_crawler())


def test_answers_hits_decoded_and_ignores_misses(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    write_warc(warc)
    replay = middleware([warc])
    request = Request("https://news.example/a")
    response = replay.process_request(request)
    assert isinstance(response, HtmlResponse) and response.status == 200
    assert response.body == PAGE
    assert b"Content-Encoding" not in response.headers and b"Transfer-Encoding" not in response.headers
    assert response.headers[b"Content-Length"] == str(len(PAGE)).encode()
    assert response.headers.getlist(b"Set-Cookie") == [b"a=1", b"b=2"]
    moved = replay.process_request(Request("https://news.example/old/a"))
    assert moved.status == 301 and moved.headers[b"Location"] == b"https://news.example/a"
    revisit = replay.process_request(Request("https://news.example/a?again"))
    assert revisit.status == 200 and revisit.body == PAGE
    with pytest.raises(IgnoreRequest):
        replay.process_request(Request("https://news.example/never-archived"))
    stats = replay.crawler.stats.get_stats()
    assert (stats["archiver/replay/hits"], stats["archiver/replay/misses"], stats["archiver/replay/revisits"]) == (
        3,
        1,
        1,
    )
    # provenance: the record's pointer is the archived record, not a new one
    replay.process_response(request, response)
    location = request.meta["archiver_warc"].result()
    assert (location.filename, location.offset) == ("a.warc.gz", 0)


def test_bad_replay_paths_stop_the_crawl_at_start(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "archiver.cli",
            "crawl",
            "http://127.0.0.1:9/",
            "--replay",
            str(tmp_path / "missing.warc.gz"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "missing.warc.gz: no such file" in result.stderr
    assert result.stderr.strip().count("\n") == 0


@pytest.mark.slow
def test_recrawl_from_the_archive_with_the_server_down(tmp_path: Path) -> None:
    with start_server(NewsSite(articles=15, seed=3)) as server:
        url = server.url + "/"
        live = crawl(url, tmp_path / "live")
        assert live.returncode == 0, live.stderr
    port = int(server.url.rsplit(":", 1)[1])
    # Nothing listens on the site's port now but this socket, which counts connection attempts.
    guard = socket.socket()
    guard.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    guard.bind(("127.0.0.1", port))
    guard.listen(16)
    guard.setblocking(False)
    try:
        warcs = sorted((tmp_path / "live" / "warcs").glob("*.warc.gz"))
        replayed = crawl(url, tmp_path / "replay", "--replay", *map(str, warcs))
        assert replayed.returncode == 0, replayed.stderr
        with pytest.raises(BlockingIOError):
            guard.accept()
    finally:
        guard.close()
    assert "Connection" not in replayed.stderr and "Traceback" not in replayed.stderr
    original = {r["url"]: r for r in read_records(tmp_path / "live")}
    again = {r["url"]: r for r in read_records(tmp_path / "replay")}
    assert set(again) == set(original) and len(original) >= 15
    for key, record in original.items():
        assert {**again[key], "crawl_id": None} == {**record, "crawl_id": None}
