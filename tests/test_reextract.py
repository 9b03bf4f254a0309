"""iter_records and ``archiver extract`` over HTML and WARC files; the extraction pool."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_extraction import (  # tests/ is on sys.path (rootdir-less prepend import)
    ARTICLE_URL,
    article_html,
)
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.exceptions import BadWarcError, InputError, UsageError
from archiver.extraction.page import extract_page
from archiver.extraction.pool import ExtractionPool
from archiver.extraction.reextract import ReextractStats, iter_records

CHECKOUT = Path(__file__).resolve().parents[1]
LISTING_URL = "https://news.example.com/tag/parks/"


def chunked(data: bytes, size: int = 100) -> bytes:
    pieces = [b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size]) for i in range(0, len(data), size)]
    return b"".join(pieces) + b"0\r\n\r\n"


def write_warc(path: Path, *, gzip_records: bool = True, version: str = "1.1", corrupt_tail: bool = True) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip_records, warc_version=version)
        article = article_html()
        headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Transfer-Encoding", "chunked"),
            ],
            protocol="HTTP/1.1",
        )
        payload = chunked(gzip.compress(article))
        writer.write_record(
            writer.create_warc_record(ARTICLE_URL, "response", payload=io.BytesIO(payload), http_headers=headers)
        )
        listing = (
            b"<html><body>"
            + b"".join(b'<h3><a href="/s%d">Story %d</a></h3>' % (i, i) for i in range(30))
            + b"</body></html>"
        )
        for url, status, content_type, body in [
            (LISTING_URL, "200 OK", "text/html", listing),
            ("https://news.example.com/missing", "404 Not Found", "text/html", article),
            ("https://news.example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        if corrupt_tail:
            stream.write(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\ntruncated")


def article_records(urls: tuple[str, ...], *, gzip_records: bool) -> bytes:
    """WARC/1.1 response records of the test article, one per URL."""
    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=gzip_records, warc_version="1.1")
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    for url in urls:
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(article_html()), http_headers=headers)
        )
    return raw.getvalue()


@pytest.mark.parametrize("kept", [0.1, 0.5, 0.999])
def test_a_file_cut_inside_a_gzip_member_is_a_warning(tmp_path: Path, kept: float) -> None:
    # cut early in the last member, warcio sees no record at all; cut in its last bytes (the
    # gzip trailer), it reads the record as whole: either way the file was cut short, and says so
    data = article_records((ARTICLE_URL, ARTICLE_URL + "?again"), gzip_records=True)
    last = data.rfind(b"\x1f\x8b\x08")
    warc = tmp_path / "cut.warc.gz"
    warc.write_bytes(data[: last + int((len(data) - last) * kept)])
    result = run_cli(str(warc), "-o", str(tmp_path / "out.jsonl"))
    # a broken input exits non-zero, with the records of what could be read written all the same
    assert result.returncode == 1, result.stderr
    assert ARTICLE_URL in (tmp_path / "out.jsonl").read_text("utf-8")
    # (cut inside the record's header, warcio fails to read it: a corrupt record, at the same place)
    assert f"at offset {last}" in result.stderr and ("(cut short)" in result.stderr or "corrupt" in result.stderr)
    assert result.stderr.strip().endswith(", 1 errors")


def test_a_wrong_content_length_is_one_warning_line(tmp_path: Path) -> None:
    """warcio writes several lines, raw bytes included, for a record not followed by a blank
    line; extract counts it and says so in one line."""
    data = article_records((ARTICLE_URL, ARTICLE_URL + "?again"), gzip_records=False)
    first_length = re.search(rb"Content-Length: (\d+)", data)
    assert first_length is not None
    short = str(int(first_length[1]) - 2).encode()  # the last two bytes of the page are left over
    warc = tmp_path / "short.warc"
    warc.write_bytes(data[: first_length.start(1)] + short + data[first_length.end(1) :])
    result = run_cli(str(warc))
    assert result.returncode == 1, result.stderr
    assert "Record not followed" not in result.stderr and "Remainder" not in result.stderr
    assert "short.warc: 1 records not followed by a blank line (a wrong Content-Length?)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(", 1 errors")
    assert ARTICLE_URL + "?again" in result.stdout


@pytest.mark.parametrize("gzip_records", [True, False])
def test_a_file_cut_inside_its_last_record_gives_no_record_for_it(tmp_path: Path, gzip_records: bool) -> None:
    """warcio reads a record the file ends inside of as if it were whole; extract counts it as an
    error and writes no record from the half page."""
    data = article_records((ARTICLE_URL, ARTICLE_URL + "?cut"), gzip_records=gzip_records)
    warc = tmp_path / ("cut.warc.gz" if gzip_records else "cut.warc")
    warc.write_bytes(data[: len(data) - 300])
    result = run_cli(str(warc))
    assert result.returncode == 1, result.stderr
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == [ARTICLE_URL]
    assert "(cut short), skipped" in result.stderr and result.stderr.strip().endswith(", 1 errors")


def test_brotli_bodies_are_read(tmp_path: Path) -> None:
    """A response served with Content-Encoding: br, as WARC files of browser-based crawlers hold
    many: warcio 1.8 alone cannot set up brotli 1.2's decoder (archiver/warc/brotli.py)."""
    import brotli

    warc = tmp_path / "browser.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "br")], protocol="HTTP/1.1"
        )
        payload = io.BytesIO(brotli.compress(article_html()))
        writer.write_record(writer.create_warc_record(ARTICLE_URL, "response", payload=payload, http_headers=headers))
    result = run_cli(str(warc))
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["url"] == ARTICLE_URL and record["title"]
    index = subprocess.run([sys.executable, "-m", "archiver.cli", "index", str(warc)],
                           capture_output=True, text=True, cwd=CHECKOUT, timeout=120)  # fmt: skip
    assert index.returncode == 0 and ARTICLE_URL in index.stdout, index.stderr


@pytest.mark.parametrize(("gzip_records", "version"), [(True, "1.1"), (False, "1.0")])
def test_warc_round_trip(tmp_path: Path, gzip_records: bool, version: str, caplog: pytest.LogCaptureFixture) -> None:
    warc = tmp_path / ("crawl.warc.gz" if gzip_records else "crawl.warc")
    write_warc(warc, gzip_records=gzip_records, version=version)
    stats = ReextractStats()
    records = list(iter_records([warc], stats=stats))

    assert [record["url"] for record in records] == [ARTICLE_URL]
    record = records[0]
    assert record["title"] == "Council approves new budget for parks"
    assert record["source"] == str(warc)
    assert record["status"] == 200
    assert record["content_type"] == "text/html; charset=utf-8"
    assert record["fetched_at"].startswith("20")
    pointer = record["warc"]
    assert pointer["filename"] == warc.name
    assert pointer["payload_digest"].startswith("sha1:")
    with warc.open("rb") as stream:
        stream.seek(pointer["offset"])
        raw = stream.read(pointer["length"])
    reread = next(iter(ArchiveIterator(io.BytesIO(raw))))
    assert reread.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
    assert reread.content_stream().read() == article_html()
    assert (stats.files, stats.pages, stats.articles, stats.skipped, stats.errors) == (1, 2, 1, 1, 1)
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "corrupt" in r.getMessage()]
    assert len(warnings) == 1 and str(warc) in warnings[0].getMessage()


def test_html_files_take_url_then_canonical_then_file_uri(tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(article_html(canonical=ARTICLE_URL)))
    assert next(iter_records([page], url="https://other.example/2024/05/01/a-long-story-slug-here"))["url"].startswith(
        "https://other.example/"
    )
    plain = tmp_path / "plain.html"
    plain.write_bytes(article_html(canonical=ARTICLE_URL))
    records = list(iter_records([page, plain]))
    assert [r["url"] for r in records] == [ARTICLE_URL, ARTICLE_URL]
    assert records[1]["source"] == str(plain)
    with pytest.raises(UsageError):
        list(iter_records([page, plain], url=ARTICLE_URL))


def test_bad_inputs_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(iter_records([tmp_path / "missing.warc.gz"]))
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(InputError):
        list(iter_records([notes]))
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not a warc file\r\n\r\n" * 10)
    with pytest.raises(BadWarcError):
        list(iter_records([garbage]))
    # binary noise: the message says what the file lacks, without quoting its bytes
    noise = tmp_path / "noise.warc.gz"
    noise.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(
        BadWarcError, match=r"noise\.warc\.gz: not a readable WARC file: it opens with neither"
    ) as raised:
        list(iter_records([noise]))
    assert raised.value.args[0].isprintable()
    # a response record without WARC-Target-URI makes warcio fail with an AttributeError
    headless = tmp_path / "headless.warc"
    headless.write_bytes(b"WARC/1.1\r\nWARC-Type: response\r\n\r\n")
    with pytest.raises(
        BadWarcError, match=r"headless\.warc: not a readable WARC file: a record header warcio cannot parse"
    ):
        list(iter_records([headless]))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", "extract", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
        timeout=120,
    )


def test_cli_writes_json_lines_and_a_summary(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    output = tmp_path / "articles.jsonl"
    result = run_cli(str(warc), "-o", str(output))
    assert result.returncode == 1, result.stderr  # the file's corrupt tail: one error
    lines = output.read_text("utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == [ARTICLE_URL]
    assert (
        "1 files, 2 pages, 1 articles, 1 skipped (not article: listing 1), 1 errors" in result.stderr.splitlines()[-1]
    )
    assert not list(tmp_path.glob("*.part"))


def test_cli_reports_every_page_that_gave_no_record_with_its_reason(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, corrupt_tail=False)
    report = tmp_path / "skipped.jsonl"
    result = run_cli(str(warc), "-o", str(tmp_path / "articles.jsonl"), "--report", str(report))
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert (line["source"], line["url"], line["reason"]) == (str(warc), LISTING_URL, "not article: listing")
    assert line["evidence"] == "author or tag archive" and line["warc_record_id"].startswith("<urn:uuid:")


def test_cli_refuses_one_file_for_records_and_report(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    result = run_cli(str(warc), "-o", str(tmp_path / "out.jsonl"), "--report", str(tmp_path / "out.jsonl"))
    assert result.returncode != 0 and "--report and -o name the same file" in result.stderr


def test_cli_missing_file_is_one_line_and_non_zero(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "missing.warc.gz"))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "missing.warc.gz" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["PAGE", "--url", "notaurl"], "not an http(s) URL: 'notaurl'"),
        (["PAGE", "-o", "no/such/folder/out.jsonl"], "out.jsonl: cannot be written: No such file or directory"),
        (["PAGE", "-o", "."], "cannot be written: it is a folder"),
        (["PAGE", "--progress-interval", "nan"], "--progress-interval must be a number of seconds, 0 or more, not nan"),
    ],
)
def test_cli_bad_options_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(article_html())
    result = run_cli(*[str(page) if a == "PAGE" else str(tmp_path / a) if a.startswith("no/") else a for a in args])
    assert result.returncode != 0
    assert message in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr


def test_pool_matches_direct_calls_in_order_and_spawns() -> None:
    pages = [
        (article_html(), ARTICLE_URL, "text/html"),
        (b"", "https://e.example/", None),
        (b"%PDF-1.4", "https://e.example/a.pdf", None),
    ] * 3
    with ExtractionPool(max_workers=2) as pool:
        assert pool._executor._mp_context.get_start_method() == "spawn"
        pooled = list(pool.imap(pages, batch_size=2, max_in_flight=2))
        single = pool.submit(*pages[0]).result(timeout=60)
    assert pooled == [extract_page(body, url, content_type=ct) for body, url, ct in pages]
    assert single == pooled[0]


@pytest.fixture(scope="module")
def crawled_site(news_site, tmp_path_factory):
    from test_crawl import crawl

    out = tmp_path_factory.mktemp("reextract-crawl")
    result = crawl(news_site.url + "/", out)
    assert result.returncode == 0, result.stderr
    return out


def test_reextracting_a_crawl_reproduces_its_records(crawled_site: Path, tmp_path: Path) -> None:
    from test_crawl import read_records

    warcs = sorted((crawled_site / "warcs").glob("*.warc.gz"))
    output = tmp_path / "again.jsonl"
    result = run_cli(
        *map(str, warcs), "-o", str(output), "--workers", "2", "--batch-size", "4", "--progress-interval", "0"
    )
    assert result.returncode == 0, result.stderr
    again = {r["url"]: r for r in map(json.loads, output.read_text("utf-8").splitlines())}
    original = {r["url"]: r for r in read_records(crawled_site)}
    assert set(again) == set(original) and len(original) > 20
    for url, record in original.items():
        extracted = again[url]
        assert extracted["source"].endswith(record["warc"]["filename"])
        # every field extraction and the WARC give, pointer included, as the crawl wrote it
        # (crawl-state fields such as the crawl's name or article versions are not in a WARC)
        shared = set(extracted) - {"source", "crawl_id", "fetched_at"}
        assert shared >= {"title", "text", "authors", "published", "warc", "status", "content_type"}
        assert {k: extracted[k] for k in shared} == {k: record.get(k) for k in shared}
        assert extracted["fetched_at"][:19] == record["fetched_at"][:19]


def test_progress_line_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from archiver.commands.progress_bar import ProgressBar

    stream = io.StringIO()
    ticks = iter([0.0, 5.0, 11.0, 12.0])
    bar = ProgressBar(stream=stream, interval=10.0, is_terminal=False, clock=lambda: next(ticks))
    stats = ReextractStats(pages=200, articles=50, bytes_total=1_000_000, bytes_read=500_000)
    bar(stats)  # at 5 s: too early
    bar(stats)  # at 11 s: one line
    line = stream.getvalue()
    assert line.count("\n") == 1 and "200 pages (18.2 pages/s)" in line and "50%" in line
    assert "ETA 0:00:11" in line and "\r" not in line


def test_wacz_input_and_bad_options(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "x.warc.gz"), "--workers", "0")
    assert result.returncode == 2 and "--workers must be at least 1" in result.stderr
    broken = tmp_path / "broken.wacz"
    broken.write_bytes(b"not a zip")
    result = run_cli(str(broken))
    assert result.returncode == 1 and "not a readable WACZ" in result.stderr and "Traceback" not in result.stderr


def test_signals_wait_until_every_worker_has_started(monkeypatch) -> None:
    # A SIGTERM while a worker is being spawned killed this process before it had handed the
    # worker its start-up data, and the worker printed "EOFError: Ran out of input" with its
    # traceback; the signal must wait until the pool has started all its workers.
    import multiprocessing.context
    import os
    import signal

    started: list[int] = []
    seen_at: list[int] = []
    spawn = multiprocessing.context.SpawnProcess.start

    def start_then_signal(process: object) -> None:
        spawn(process)
        started.append(1)
        if len(started) == 1:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", start_then_signal)
    previous = signal.signal(signal.SIGTERM, lambda number, frame: seen_at.append(len(started)))
    try:
        pool = ExtractionPool(max_workers=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    pool.close()
    assert seen_at == [2]
