"""End to end: `archiver crawl` over the bundled news site, asserting on records and WARC files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.request
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.extraction.reasons import REASONS

SEED_PATH = "/files/2015/02/deadly-rifts-hit-isis-ranks-in-syria/"
LOOPBACK_RESOLVER = "archiver.crawl.resolver.LoopbackResolver"


def run_archiver(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def crawl(url: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_archiver("crawl", url, "--out", str(out), "-s", "AUTOTHROTTLE_START_DELAY=0", *extra)


def read_records(out: Path) -> list[dict]:
    files = sorted(out.glob("articles-*.jsonl"))
    assert len(files) == 1, files
    return [json.loads(line) for line in files[0].read_text(encoding="utf-8").splitlines()]


def warc_records(out: Path) -> list[tuple[str, object, bytes]]:
    """(file name, record, content) for every record of every WARC file, in order."""
    found = []
    for path in sorted((out / "warcs").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                found.append((path.name, record, record.content_stream().read()))
    return found


@pytest.fixture(scope="module")
def crawled(news_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("crawl")
    result = crawl(news_site.url + "/", out)
    return out, result


def test_crawl_exits_cleanly_with_a_summary(crawled):
    out, result = crawled
    assert result.returncode == 0, result.stderr
    assert "finished (finished)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(out.rglob("*.open"))


def test_the_summary_and_health_report_count_why_pages_gave_no_record(crawled):
    out, result = crawled
    [line] = [line for line in result.stderr.splitlines() if " no record: " in line]
    counts = dict(part.rsplit(": ", 1) for part in line.split(" no record: ", 1)[1].split(", "))
    [report] = (out / "reports").glob("*.json")
    no_record = json.loads(report.read_text("utf-8"))["no_record"]
    assert {reason: str(count) for reason, count in no_record.items()} == counts
    # the bundled site's home, section, tag and author pages are listings
    assert no_record["not article: listing"] >= 30
    assert set(no_record) <= set(REASONS)


def test_every_article_once_and_no_other_page(crawled, news_site):
    out, _ = crawled
    records = read_records(out)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls))
    expected = {news_site.url + path for path in news_site.site.article_paths()}
    assert set(urls) == expected
    non_articles = {news_site.url + path for path in news_site.site.non_article_paths()}
    assert not set(urls) & non_articles


def test_records_have_the_documented_fields(crawled):
    out, _ = crawled
    for record in read_records(out):
        assert record["title"] and record["text"] and record["word_count"] > 50
        assert record["status"] == 200 and record["content_type"].startswith("text/html")
        assert record["fetched_at"].endswith("Z") and record["crawl_id"]
        assert set(record["warc"]) == {"filename", "offset", "length", "record_id", "payload_digest"}


def test_robots_disallow_is_obeyed(crawled):
    out, _ = crawled
    uris = [rec.rec_headers.get_header("WARC-Target-URI") or "" for _, rec, _ in warc_records(out)]
    assert not [uri for uri in uris if "/private/" in uri]


def test_every_exchange_is_archived(crawled):
    out, _ = crawled
    records = warc_records(out)
    responses = {
        rec.rec_headers.get_header("WARC-Target-URI"): rec for _, rec, _ in records if rec.rec_type == "response"
    }
    paths = {uri.split("/", 3)[3] for uri in responses}
    for expected in ("robots.txt", "sitemap.xml", "news-sitemap.xml", "feed/rss.xml"):
        assert expected in paths
    statuses = {rec.http_headers.get_statuscode() for rec in responses.values()}
    assert {"200", "301", "404"} <= statuses
    requests = [rec for _, rec, _ in records if rec.rec_type == "request"]
    ids = {rec.rec_headers.get_header("WARC-Record-ID") for _, rec, _ in records}
    assert len(requests) >= len(responses)
    assert all(r.rec_headers.get_header("WARC-Concurrent-To") in ids for r in requests)


def test_each_warc_file_starts_with_warcinfo_and_passes_warcio_check(crawled):
    out, _ = crawled
    files = sorted((out / "warcs").glob("*.warc.gz"))
    assert files
    for path in files:
        with path.open("rb") as stream:
            assert next(iter(ArchiveIterator(stream))).rec_type == "warcinfo"
        check = subprocess.run(
            [sys.executable, "-m", "warcio.cli", "check", "-v", str(path)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_warc_pointers_resolve_to_the_page_as_served(crawled, news_site):
    out, _ = crawled
    for record in read_records(out):
        pointer = record["warc"]
        with (out / "warcs" / pointer["filename"]).open("rb") as stream:
            stream.seek(pointer["offset"])
            member = stream.read(pointer["length"])
        raw = zlib.decompressobj(31).decompress(member)
        head, _, _ = raw.partition(b"\r\n\r\n")
        assert f"WARC-Record-ID: {pointer['record_id']}".encode() in head
        assert f"WARC-Target-URI: {record['url']}".encode() in head
        with (out / "warcs" / pointer["filename"]).open("rb") as stream:
            stream.seek(pointer["offset"])
            archived = next(iter(ArchiveIterator(stream)))
            page = archived.content_stream().read()
        with urllib.request.urlopen(record["url"]) as live:
            assert page == live.read()


def test_metadata_record_follows_each_article(crawled):
    out, _ = crawled
    records = warc_records(out)
    metadata = [(rec, body) for _, rec, body in records if rec.rec_type == "metadata"]
    by_refers = {rec.rec_headers.get_header("WARC-Refers-To"): json.loads(body) for rec, body in metadata}
    for record in read_records(out):
        assert by_refers[record["warc"]["record_id"]]["title"] == record["title"]


def test_seed_article_comes_out_right(crawled, news_site):
    out, _ = crawled
    [seed] = [r for r in read_records(out) if r["url"] == news_site.url + SEED_PATH]
    assert seed["title"] == "Deadly rifts hit ISIS ranks in Syria"
    assert seed["authors"] == ["Sarbaz Yusuf"]
    assert seed["sitename"] == "ARA News"
    assert seed["published"].startswith("2015-02")
    text = seed["text"]
    assert text.startswith("Erbil, Kurdistan Region – Over the last two months")
    assert "was reported free of IS militants on Sunday evening" in text
    assert "Sulug" in text
    for chrome in ("Leave a comment", "four × 5 =", "Short link", "follow us on Twitter"):
        assert chrome not in text


def test_since_skips_old_sitemap_and_feed_entries(news_site, tmp_path):
    articles = [a for a in news_site.site.articles if a.published.year >= 2000]
    cutoff = sorted(a.published for a in articles)[len(articles) // 2]
    # sitemaps and feeds only: no link leads to an old article (--depth 0 would be the home page alone)
    result = crawl(news_site.url + "/", tmp_path, "--discovery", "sitemaps,feeds", "--since", cutoff.date().isoformat())
    assert result.returncode == 0, result.stderr
    # An entry's date is its newest: an old article edited after the cut-off is fetched again.
    newest = [max(r["published"][:10], (r["modified"] or "")[:10]) for r in read_records(tmp_path)]
    assert newest and all(day >= cutoff.date().isoformat() for day in newest)
    assert len(newest) < len(news_site.site.article_paths())


def test_max_articles_stops_the_crawl(news_site, tmp_path):
    result = crawl(news_site.url + "/", tmp_path, "--max-articles", "3")
    assert result.returncode == 0, result.stderr
    assert 3 <= len(read_records(tmp_path)) < len(news_site.site.article_paths())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "not a url"], "not an http(s) URL"),
        (["crawl", "http://[::1/"], "not an http(s) URL"),
        (
            ["crawl", "http://127.0.0.1:9/", "--crawl-id", "../../evil"],
            "--crawl-id (ARCHIVER_CRAWL_ID) must be letters",
        ),
        (["crawl", "http://127.0.0.1:99999/"], "not an http(s) URL"),
        (["crawl", "http://127.0.0.1:9/", "--since", "yesterday"], "--since"),
        (["crawl", "http://127.0.0.1:9/", "--warc-max-size", "huge"], "--warc-max-size"),
        (["crawl", "http://127.0.0.1:9/", "--out", "/proc/forbidden"], "cannot write"),
        (["extract", "/nonexistent/page.html"], "nonexistent"),
        (["demo", "--articles", "-1"], "--articles must be 0 or more, not -1"),
    ],
)
def test_bad_input_gets_one_line_and_non_zero_exit(args, message):
    result = run_archiver(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_a_command_imports_no_other_command_module():
    # ``export`` alone imports datasketch and scipy: most of a second of CPU that a crawl has no use for.
    script = (
        "import sys; from archiver import cli; cli.build_parser('crawl'); "
        "print(sorted(name for name in sys.modules if name.startswith('archiver.commands.')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.strip() == "['archiver.commands.crawl']", result.stderr
    assert "archiver: error" in run_archiver("no-such-command").stderr
    assert "{crawl,demo," in run_archiver("--help").stdout


def test_a_crawl_opens_no_console_that_runs_code():
    from conftest import archiver_crawler

    settings = archiver_crawler().settings
    assert not settings.getbool("TELNETCONSOLE_ENABLED")
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")


def test_unreachable_start_is_an_error(tmp_path):
    result = crawl("http://127.0.0.1:9/", tmp_path, "-s", "RETRY_TIMES=0")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("archiver crawl: error: no start URL")
    # no empty records file, and none named; the report and the state say the run failed
    assert "records:    none" in result.stderr and not list(tmp_path.glob("articles-*"))
    [report] = (tmp_path / "reports").glob("*.json")
    assert json.loads(report.read_text(encoding="utf-8"))["outcome"] == "start unreachable"


class _QuietFileHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve_files(root: Path, files: dict[str, str]) -> Iterator[str]:
    """Serve ``files`` (name: text, ``SITE`` standing for the base URL) from ``root`` on
    127.0.0.1; yields the base URL."""
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietFileHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for name, text in files.items():
        (root / name).write_text(text.replace("SITE", base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


SHORT_PAGE = "<html><body><h1>A page</h1><p>A short page.</p></body></html>"


@pytest.fixture
def broken_discovery_site(tmp_path):
    """A site whose sitemap and feed are cut off mid-document, each after one entry."""
    with serve_files(tmp_path / "site", {
        "robots.txt": "User-agent: *\nSitemap: /sitemap.xml\n",
        "sitemap.xml": "<urlset><url><loc>SITE/a.html</loc></url><url><loc>SITE/c",
        "feed.xml": '<rss version="2.0"><channel><item><link>SITE/b.html</link></item><item><link>',
        "index.html": '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                      "</head><body><p>Home</p></body></html>",
        "a.html": SHORT_PAGE, "b.html": SHORT_PAGE,
    }) as base:  # fmt: skip
        yield base


class _NoContentTypeHandler(_QuietFileHandler):
    def send_header(self, keyword, value):
        if keyword.lower() != "content-type":
            super().send_header(keyword, value)


def test_a_page_served_without_content_type_is_sniffed(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text('<html><body><a href="/story">story</a></body></html>')
    (root / "story").write_text(ARTICLE_WITHOUT_TYPE)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_NoContentTypeHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = crawl(base + "/", tmp_path / "out")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    [record] = read_records(tmp_path / "out")
    assert record["url"] == base + "/story" and record["content_type"] is None
    assert record["title"] == "Harbour bridge reopens after repairs"


ARTICLE_WITHOUT_TYPE = (
    """<!DOCTYPE html><html lang="en"><head><title>Harbour bridge reopens after repairs</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2025-03-01T09:00:00Z">
</head><body><article><h1>Harbour bridge reopens after repairs</h1><p class="byline">By Ana Lima</p>
"""
    + "".join(
        f"<p>Paragraph {n} of the story: the bridge closed in the winter storms and engineers replaced "
        f"two of its spans, working through the nights so that traffic could return before spring.</p>"
        for n in range(8)
    )
    + "</article></body></html>"
)


def test_requests_ask_only_for_encodings_warc_readers_decode(crawled):
    out, _ = crawled
    asked = {record.http_headers.get_header("Accept-Encoding") for _, record, _ in warc_records(out)
             if record.rec_type == "request"}  # fmt: skip
    assert asked == {"gzip, deflate"}  # no br: warcio 1.8 cannot read brotli 1.2's bodies back


def test_malformed_urls_cost_only_themselves(tmp_path):
    """URLs that do not parse (a broken IPv6 host, a port out of range) in robots.txt, a sitemap,
    a feed or a page are skipped one by one; the rest of each document is still followed."""
    bad = ["http://[::1/x", "http://127.0.0.1:99999/y"]
    with serve_files(tmp_path / "site", {
        "robots.txt": "".join(f"Sitemap: {url}\n" for url in bad) + "Sitemap: /sitemap.xml\n",
        "sitemap.xml": "<urlset>" + "".join(f"<url><loc>{url}</loc></url>" for url in [*bad, "SITE/a.html"]) + "</urlset>",
        "feed.xml": '<rss version="2.0"><channel>' + "".join(f"<item><link>{url}</link></item>" for url in [*bad, "SITE/b.html"])
                    + "</channel></rss>",
        "index.html": '<html><head><base href="http://[::1/"><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                      + "".join(f'<a href="{url}">x</a>' for url in bad) + '</head><body><a href="/c.html">c</a></body></html>',
        "a.html": SHORT_PAGE, "b.html": SHORT_PAGE, "c.html": SHORT_PAGE,
    }) as base:  # fmt: skip
        result = crawl(base + "/", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    fetched = {record.rec_headers.get_header("WARC-Target-URI") for _, record, _ in warc_records(tmp_path / "out")
               if record.rec_type == "response"}  # fmt: skip
    assert {base + "/a.html", base + "/b.html", base + "/c.html", base + "/feed.xml"} <= fetched
    assert "ERROR" not in result.stderr and ", 0 errors" in result.stderr, result.stderr


@pytest.mark.parametrize("has_sitemap", [True, False])
def test_without_robots_txt_the_crawl_tries_sitemap_xml_and_counts_no_error(tmp_path, has_sitemap):
    files = {"index.html": "<html><body><p>Home</p></body></html>", "a.html": SHORT_PAGE}
    if has_sitemap:
        files["sitemap.xml"] = "<urlset><url><loc>SITE/a.html</loc></url></urlset>"
    with serve_files(tmp_path / "site", files) as base:
        result = crawl(base + "/", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    fetched = {record.rec_headers.get_header("WARC-Target-URI"): record.http_headers.get_statuscode()
               for _, record, _ in warc_records(tmp_path / "out") if record.rec_type == "response"}  # fmt: skip
    assert fetched[base + "/robots.txt"] == "404"
    assert fetched[base + "/sitemap.xml"] == ("200" if has_sitemap else "404")
    assert (base + "/a.html" in fetched) == has_sitemap
    assert ", 0 errors" in result.stderr and "WARNING" not in result.stderr, result.stderr
    assert "(HTTP errors 0%, blocked 0%)" in result.stderr  # the health line counts the site's pages only


def test_a_malformed_sitemap_and_feed_are_read_as_far_as_they_go_and_counted(broken_discovery_site, tmp_path):
    base = broken_discovery_site
    result = crawl(base + "/", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    fetched = {record.rec_headers.get_header("WARC-Target-URI") for _, record, _ in warc_records(tmp_path / "out")
               if record.rec_type == "response"}  # fmt: skip
    assert {base + "/a.html", base + "/b.html"} <= fetched
    assert f"WARNING sitemap {base}/sitemap.xml: malformed XML: " in result.stderr, result.stderr
    assert f"WARNING feed {base}/feed.xml: malformed XML: " in result.stderr
    assert "MalformedFeed: 1, MalformedSitemap: 1" in result.stderr and "entries read: 1" in result.stderr


def test_no_progress_lines_still_gives_the_summary(tmp_path):
    with serve_files(tmp_path / "site", {"index.html": SHORT_PAGE}) as base:
        result = crawl(base + "/", tmp_path / "out", "-s", "ARCHIVER_PROGRESS_INTERVAL=0")
    assert result.returncode == 0, result.stderr
    assert "queued" not in result.stderr  # the progress line's last field
    assert "INFO finished (finished) in " in result.stderr and "INFO HTTP status: " in result.stderr


def test_a_state_file_that_is_not_a_database_is_one_line(tmp_path):
    (tmp_path / "state.sqlite").write_bytes(b"not a database")
    result = crawl("http://127.0.0.1:9/", tmp_path, "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"archiver crawl: error: cannot open the crawl state {tmp_path / 'state.sqlite'}: file is not a database"
    ), result.stderr


def test_a_setting_scrapy_cannot_read_is_one_line(tmp_path):
    # checked against the type of Scrapy's default before the crawl starts
    result = crawl("http://127.0.0.1:9/", tmp_path, "-s", "CONCURRENT_REQUESTS=many")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "archiver crawl: error: -s/--set: CONCURRENT_REQUESTS must be a number, not 'many'"
    ], result.stderr
    # a number Scrapy still cannot read as the whole number it wants fails at its start-up
    result = crawl("http://127.0.0.1:9/", tmp_path, "-s", "CONCURRENT_REQUESTS=1.5")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Unhandled error" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "archiver crawl: error: the crawl stopped on an error (check the -s/--set values): "
        "ValueError: invalid literal for int() with base 10: '1.5'"
    ), result.stderr


def test_crawl_over_real_pages(mounted_news_site, tmp_path):
    """The same crawl over 181 real sites' saved pages, each served twice under two URLs.

    Their requisites name the hosts they came from, which do not exist here: the loopback-only
    resolver fails those names at once, and keeps every request on this machine. AutoThrottle is
    off, as in the crawl benchmark: the saved pages' thousands of broken links to this server
    (404s, which AutoThrottle never lets lower its delay) would slow it to a few pages a second."""
    result = crawl(
        mounted_news_site.url + "/",
        tmp_path,
        "-q",
        "-s",
        f"DNS_RESOLVER={LOOPBACK_RESOLVER}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
    )
    assert result.returncode == 0, result.stderr
    records = read_records(tmp_path)
    site = mounted_news_site.site
    real_pages = [site.real_page_at(urlsplit(r["url"]).path) for r in records]
    real = {page.stem for page in real_pages if page is not None}
    stems = {page.stem for page in site.real_pages}
    assert len(real) >= 0.95 * len(stems)
    # A page and its copy name the same canonical URL, so most give one record, not two.
    assert len([r for r in records if "/real/" in r["url"]]) < 1.5 * len(real)
    pages = [
        rec
        for _, rec, _ in warc_records(tmp_path)
        if rec.rec_type == "response"
        and "/real/" in (rec.rec_headers.get_header("WARC-Target-URI") or "")
        and rec.http_headers.get_statuscode() == "200"
    ]
    assert len(pages) >= 2 * len(stems)  # every copy fetched and archived, article or not
    # requisites were asked for, most failed (other hosts); they are counted apart, never as
    # errors of their pages: every error line is a page's own (the saved pages' broken links)
    requisites = re.search(r"requisites: (\d+) fetched, (\d+) failed", result.stderr)
    assert requisites and int(requisites[1]) > 0 and int(requisites[2]) > 1000, result.stderr[-2000:]
    errors = re.search(r"errors: (.*)", result.stderr)
    assert errors and set(re.findall(r"(\w+): \d+", errors[1])) == {"HttpError"}, errors
    # a requisite is asked once, and so is an unreachable host's robots.txt: one error line a
    # host (Scrapy's robots.txt middleware names the first request for it), none a file
    assert "Gave up retrying" not in result.stderr
    unreachable = re.findall(r"ERROR Error downloading <GET https?://([^/>]+)", result.stderr)
    assert len(unreachable) == len(set(unreachable)), unreachable
    assert len([line for line in result.stderr.splitlines() if "DNS lookup failed" in line]) == len(unreachable)


def test_small_warc_files_rotate_and_warc_1_0_is_selectable(news_site, tmp_path):
    result = crawl(news_site.url + "/", tmp_path, "--warc-max-size", "100KB", "--warc-version", "1.0", "-q")
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "warcs").glob("*.warc.gz"))
    assert len(files) > 3
    serials = [path.name.split("-")[2] for path in files]
    assert serials == [f"{n:05d}" for n in range(len(files))]
    for path in files:
        with path.open("rb") as stream:
            versions = {rec.rec_headers.protocol for rec in ArchiveIterator(stream)}
        assert versions == {"WARC/1.0"}
    for record in read_records(tmp_path):
        pointer = record["warc"]
        with (tmp_path / "warcs" / pointer["filename"]).open("rb") as stream:
            stream.seek(pointer["offset"])
            archived = next(iter(ArchiveIterator(stream)))
            assert archived.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]


@pytest.mark.parametrize(
    ("spider_args", "message"),
    [
        (["-a", "url=notaurl"], "scrapy crawl: error: not an http(s) URL: 'notaurl'"),
        ([], "scrapy crawl: error: no start URL: pass -a url=https://..."),
    ],
)
def test_the_scrapy_way_reports_a_bad_spider_argument_in_one_line(spider_args, message):
    result = subprocess.run([sys.executable, "-m", "scrapy.cmdline", "crawl", "news", *spider_args],
                            capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and message in result.stderr.splitlines(), result.stderr


def test_the_scrapy_way_names_one_crawl_everywhere(news_site, tmp_path):
    """`scrapy crawl news` draws the crawl id once: records, their file, WARC and report agree."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy.cmdline",
            "crawl",
            "news",
            "-a",
            f"url={news_site.url}/",
            "-s",
            f"ARCHIVER_OUTPUT_DIR={tmp_path}",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr
    [records_file] = tmp_path.glob("articles-*.jsonl")
    crawl_id = records_file.name.removeprefix("articles-").removesuffix(".jsonl")
    assert {r["crawl_id"] for r in read_records(tmp_path)} == {crawl_id}
    warcinfo = [rec for _, rec, _ in warc_records(tmp_path) if rec.rec_type == "warcinfo"]
    assert warcinfo and all(
        f"isPartOf: {crawl_id}".encode() in body
        for _, rec, body in warc_records(tmp_path)
        if rec.rec_type == "warcinfo"
    )
    assert [p.name for p in (tmp_path / "reports").glob("*.json")] == [
        f"127.0.0.1_{news_site.url.rsplit(':', 1)[1]}-{crawl_id}.json"
    ]


def test_articles_in_chinese_japanese_and_korean_are_recorded(cjk_news_site, tmp_path):
    result = crawl(cjk_news_site.url + "/", tmp_path)
    assert result.returncode == 0, result.stderr
    by_url = {record["url"]: record for record in read_records(tmp_path)}
    for page in cjk_news_site.site.cjk_pages:
        record = by_url[cjk_news_site.url + page.path]
        assert record["title"] == page.title
        assert (
            record["published_local"][:10]
            == page.published.astimezone(timezone(timedelta(hours=9 if page.language != "zh" else 8)))
            .date()
            .isoformat()
        )
        assert record["authors"] == ([page.author] if page.author else [])
        assert record["language"] == page.language
        # a word a Han character or kana: a whole article is hundreds of words, not a few dozen
        assert record["word_count"] > 120
