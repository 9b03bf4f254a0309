"""Hostile sites and hard faults: every crawl ends in bounded time and memory, keeps to its
politeness, archives what it fetched in valid WARC files, and says what went wrong.

Each test serves one mode of tests/hostile.py on 127.0.0.1 and runs ``archiver crawl`` on it in a
process of its own, measuring its wall time and the peak memory of all its processes.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest
from hostile import HostileServer, run_measured
from test_crawl import read_records, warc_records

# The bounds: every hostile crawl ends within two minutes with --max-pages 500, and peak
# memory of a crawl (all processes) stays under 600 MB.
MAX_SECONDS = 120
MAX_MB = 600


def crawl(url: str, out: Path, *extra: str, timeout: float = MAX_SECONDS):
    command = [sys.executable, "-m", "archiver.cli", "crawl", url, "--out", str(out), "-q",
               "--max-pages", "500", "-s", "AUTOTHROTTLE_START_DELAY=0", *extra]  # fmt: skip
    return run_measured(command, timeout=timeout)


def responses(out: Path) -> list[str]:
    return [record.rec_headers.get_header("WARC-Target-URI") for _, record, _ in warc_records(out)
            if record.rec_type == "response"]  # fmt: skip


def assert_bounded(result) -> None:
    assert result.returncode is not None and result.seconds < MAX_SECONDS, result.stderr[-2000:]
    assert result.peak_rss_mb < MAX_MB, result.peak_rss_mb
    assert "Traceback" not in result.stderr


# -- crawls that never end ----------------------------------------------------------------------


def test_a_feed_chain_is_limited_by_depth(tmp_path):
    with HostileServer("feed-chain") as site:
        result = crawl(site.url + "/", tmp_path, "--depth", "1")
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    # the start page (depth 0), its feed and the feed's entry (depth 1); nothing deeper
    fetched = sorted(path for path in site.paths() if path not in ("/robots.txt", "/sitemap.xml"))
    assert fetched == ["/", "/chain/feed/0.xml", "/chain/page/1"]


def test_a_sitemap_index_chain_ends(tmp_path):
    with HostileServer("sitemap-chain") as site:
        result = crawl(site.url + "/", tmp_path)
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    sitemaps = [path for path in site.paths() if path.endswith(".xml")]
    assert len(sitemaps) <= 4, sitemaps
    assert "sitemap index nested deeper than" in result.stderr


def test_a_two_million_entry_sitemap(tmp_path):
    with HostileServer("huge-sitemap") as site:
        result = crawl(site.url + "/", tmp_path)
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "more than 50000 entries" in result.stderr or "over the size limit" in result.stderr
    assert len(responses(tmp_path)) <= 520


def test_a_gzip_sitemap_that_inflates_past_the_limit(tmp_path):
    with HostileServer("gz-sitemap") as site:
        result = crawl(site.url + "/", tmp_path)
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    # the entry cut at the limit is not requested as a bogus URL
    assert all(path.startswith(("/p/", "/robots.txt", "/sitemap.xml.gz", "/")) for path in site.paths())
    assert "Traceback" not in result.stderr and "DNSLookupError" not in result.stderr


def test_a_20_mb_feed(tmp_path):
    with HostileServer("big-feed") as site:
        result = crawl(site.url + "/", tmp_path, "--depth", "1")
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/feed.xml" in site.paths()


def test_max_pages_on_a_page_with_100000_links(tmp_path):
    with HostileServer("many-links") as site:
        result = crawl(site.url + "/", tmp_path)
    assert_bounded(result)
    assert result.seconds < 30, result.seconds
    assert len(responses(tmp_path)) <= 520


def test_stories_holding_a_paragraph_of_100000_links_are_archived_and_counted_too_large_to_read(tmp_path):
    # trafilatura's time grows with the square of a paragraph's texts: minutes for each such page
    with HostileServer("link-bombs") as site:
        result = crawl(site.url + "/", tmp_path, "--depth", "1", "-s", "ARCHIVER_DISCOVERY=links")
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.seconds < 60, result.seconds
    assert {f"{site.url}/p/{n}" for n in range(5)} <= set(responses(tmp_path))
    assert [record["url"] for record in read_records(tmp_path)] == [site.url + "/p/4"]
    [report] = (tmp_path / "reports").glob("*.json")
    assert json.loads(report.read_text("utf-8"))["no_record"]["not html"] == 4


# -- memory ---------------------------------------------------------------------------------------


def truncated_records(out: Path) -> list[tuple[str, str]]:
    return [(record.rec_headers.get_header("WARC-Target-URI"), record.rec_headers.get_header("WARC-Truncated"))
            for _, record, _ in warc_records(out) if record.rec_headers.get_header("WARC-Truncated")]  # fmt: skip


def warcio_check(out: Path) -> None:
    import subprocess

    warcs = sorted(str(path) for path in (out / "warcs").glob("*.warc.gz"))
    result = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *warcs], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_endless_bodies_are_cut_at_their_limit_and_archived(tmp_path):
    with HostileServer("endless") as site:
        result = crawl(site.url + "/", tmp_path, "--depth", "1", "-s", "ARCHIVER_DISCOVERY_MAX_SIZE=5MB",
                       "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")  # fmt: skip
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    cut = dict(truncated_records(tmp_path))
    assert {site.url + "/", site.url + "/sitemap.xml"} <= set(cut) and set(cut.values()) == {"length"}
    bodies = {record.rec_headers.get_header("WARC-Target-URI"): len(content) for _, record, content in warc_records(tmp_path)
              if record.rec_type == "response"}  # fmt: skip
    assert 20_000_000 <= bodies[site.url + "/"] < 21_000_000
    assert "cut at the size limit" in result.stderr
    warcio_check(tmp_path)


def test_a_900_mb_page(tmp_path):
    with HostileServer("huge-page") as site:
        result = crawl(site.url + "/", tmp_path)
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert truncated_records(tmp_path) == [(site.url + "/", "length")]
    warcio_check(tmp_path)


def gzip_bomb_warc(path: Path, url: str) -> None:
    """A WARC file of a few kilobytes whose one response inflates to 4 GiB of zeros."""
    import zlib
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 24)
    body = b"".join(squeeze.compress(zeros) for _ in range(256)) + squeeze.flush()
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")  # fmt: skip
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))


def test_a_gzip_bomb_in_a_warc_costs_extract_and_replay_no_memory(tmp_path):
    warc = tmp_path / "bomb.warc.gz"
    gzip_bomb_warc(warc, "http://127.0.0.1:9/")
    assert warc.stat().st_size < 6_000_000
    extract = run_measured(
        [sys.executable, "-m", "archiver.cli", "extract", str(warc), "-o", str(tmp_path / "r.jsonl")]
    )
    assert_bounded(extract)
    assert extract.returncode == 0, extract.stderr
    assert "1 skipped (not html 1), 0 errors" in extract.stderr and "too large" in extract.stderr
    replay = crawl("http://127.0.0.1:9/", tmp_path / "replayed", "--replay", str(warc))
    assert_bounded(replay)
    assert "too large" in replay.stderr
    # indexing reads no response body: seconds, not the minutes of inflating 4 GiB to disk
    for command in (["index", str(warc)], ["pack", str(warc), "-o", str(tmp_path / "bomb.wacz")]):
        done = run_measured([sys.executable, "-m", "archiver.cli", *command])
        assert done.returncode == 0 and done.seconds < 10 and done.peak_rss_mb < MAX_MB, done.stderr


# -- faults that must not end with exit code 0 or lose data -------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a tmpfs of 400 KB, enlarged to 50 MB by calling the fixture's value."""
    import subprocess

    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs (the test runs as root, as make test does): {mounted.stderr!r}")

    def enlarge() -> None:
        subprocess.run(["mount", "-o", "remount,size=50m", str(folder)], check=True)

    yield folder, enlarge
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_stops_the_crawl_and_the_next_run_loses_nothing(small_disk, news_site, tmp_path):
    folder, enlarge = small_disk
    first = crawl(news_site.url + "/", folder)
    assert first.returncode == 1, first.stderr[-2000:]
    assert first.stderr.strip().splitlines()[-1].startswith("archiver crawl: error: cannot write")
    assert "No space left on device" in first.stderr and "Traceback" not in first.stderr
    enlarge()
    second = crawl(news_site.url + "/", folder)
    assert second.returncode == 0, second.stderr[-2000:]
    assert not list(folder.rglob("*.open"))
    # both runs together archived every page a clean crawl archives
    clean = crawl(news_site.url + "/", tmp_path / "clean")
    assert clean.returncode == 0
    assert set(responses(folder)) == set(responses(tmp_path / "clean"))
    warcio_check(folder)


# -- politeness ----------------------------------------------------------------------------------


def test_crawl_delay_is_honoured(tmp_path):
    with HostileServer("crawl-delay") as site:
        result = crawl(site.url + "/", tmp_path, "-s", "ARCHIVER_DISCOVERY=links")
    assert result.returncode == 0, result.stderr[-2000:]
    times = [seen.at for seen in site.requests if seen.path != "/robots.txt"]
    assert len(times) == 5  # the home page and its four links
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 2.9, gaps


def test_a_429_storm_stops_the_crawl_with_its_own_exit_code(tmp_path):
    with HostileServer("too-many-requests") as site:
        result = crawl(site.url + "/", tmp_path)
    assert_bounded(result)
    assert result.returncode == 4, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1].startswith("archiver crawl: error: the site refused the crawl")
    assert "the site refuses the crawl" in result.stderr
    # Retry-After: 3600 is not waited for, and the answer is not retried at once either
    pages = [path for path in site.paths() if path.startswith("/p/")]
    assert len(pages) == len(set(pages)) and len(site.requests) <= 80


def test_refused_page_requisites_do_not_make_a_crawl_blocked(tmp_path):
    with HostileServer("hotlink-refused") as site:
        result = crawl(site.url + "/", tmp_path, "-s", "ARCHIVER_DISCOVERY=links")
    assert_bounded(result)
    # 80 images answered 403 beside 4 pages: a failed image is no refusal of the crawl
    assert sum(path.startswith("/img/") for path in site.paths()) == 80
    assert result.returncode == 0, result.stderr[-2000:]
    assert "refuses the crawl" not in result.stderr and "refused the crawl" not in result.stderr


def test_retry_after_pauses_the_site_then_asks_again(tmp_path):
    with HostileServer("retry-after") as site:
        result = crawl(
            site.url + "/", tmp_path, "-s", "ARCHIVER_DISCOVERY=links", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"
        )
    assert result.returncode == 0, result.stderr[-2000:]
    home = [seen.at for seen in site.requests if seen.path == "/"]
    assert len(home) == 2 and home[1] - home[0] >= 1.9  # answered 429, Retry-After: 2
    statuses = {record.rec_headers.get_header("WARC-Target-URI"): record.http_headers.get_statuscode()
                for _, record, _ in warc_records(tmp_path) if record.rec_type == "response"}  # fmt: skip
    assert statuses[site.url + "/"] == "200" and statuses[site.url + "/p/0"] == "200"


def test_a_link_to_another_port_of_the_same_address_is_off_site(tmp_path):
    with HostileServer("plain") as other, HostileServer("off-port", options={"other": ""}) as site:
        site.options["other"] = other.url
        result = crawl(site.url + "/", tmp_path, "-s", "ARCHIVER_DISCOVERY=links")
    assert result.returncode == 0, result.stderr[-2000:]
    assert other.requests == []  # not followed: no cookie, no header of the site's went there
    assert "/p/1" in site.paths()


# -- secrets and bad input -----------------------------------------------------------------------


def test_credentials_in_the_start_url_reach_that_site_only_and_nothing_written(tmp_path):
    with HostileServer("password") as site:
        url = site.url.replace("http://", "http://user:pass@") + "/"
        result = crawl(url, tmp_path, "-s", "ARCHIVER_DISCOVERY=links")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {seen.path for seen in site.requests if seen.headers.get("Authorization")} >= {"/", "/p/1"}
    assert "pass" not in result.stderr.replace("passed", "")
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert all("pass" not in path.name for path in written)
    for path in written:
        if path.suffix in (".json", ".jsonl"):
            assert "user:pass" not in path.read_text(encoding="utf-8")
    sent = [record.http_headers.get_header("Authorization") for _, record, _ in warc_records(tmp_path)
            if record.rec_type == "request"]  # fmt: skip
    assert sent and "Basic [redacted]" in sent and not any("dXNlcjpwYXNz" in (value or "") for value in sent)


def test_a_nul_byte_in_an_html_page_is_not_binary(tmp_path):
    with HostileServer("nul") as site:
        result = crawl(site.url + "/", tmp_path, "-s", "ARCHIVER_DISCOVERY=links")
    assert result.returncode == 0, result.stderr[-2000:]
    articles = {site.url + "/news/2025/03/01/council-plans-river-parks.html",
                site.url + "/news/2025/03/02/parks-open-in-spring.html"}  # fmt: skip
    assert {record["url"] for record in read_records(tmp_path)} == articles


def test_redirect_loops_dropped_connections_and_bad_bodies_are_errors_with_reasons(tmp_path):
    with HostileServer("broken") as site:
        result = crawl(site.url + "/", tmp_path, "-s", "ARCHIVER_DISCOVERY=links")
    assert_bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    # a cookie check's redirect back to the page is followed, with the cookie: the page answers
    assert {record["url"] for record in read_records(tmp_path)} == {site.url + "/walled", site.url + "/p/1"}
    # a loop and an endless chain fail their page, each counted and said in one line
    assert f"failed: {site.url}/loop: a redirect loop: 302 back to {site.url}/loop" in result.stderr
    assert f"failed: {site.url}/chain/1: more than 20 redirects" in result.stderr
    assert "RedirectLoop: 1" in result.stderr and "TooManyRedirects: 1" in result.stderr
    # a redirect to another scheme, or to no URL, is said as such (Scrapy: "HTTP 302", ValueError)
    assert (
        f"failed: {site.url}/ftp: a redirect to another scheme than http and https: ftp://files.example/story.txt"
        in result.stderr
    )
    assert f"failed: {site.url}/nowhere: a redirect to no URL: http://[::1 (Invalid IPv6 URL)" in result.stderr
    assert "UnfollowedRedirect: 2" in result.stderr
    # a connection closed without an answer is said in words, not as Twisted's list of failures
    assert f"failed: {site.url}/reset: the connection closed before the response was whole" in result.stderr
    assert "WARNING failed: " + site.url + "/reset: [<twisted" not in result.stderr
    assert f"failed: {site.url}/gzip: the body does not decode as its Content-Encoding says" in result.stderr
    # Scrapy's own ERROR line for each page it gave up retrying is left out: the warning says it
    assert "Gave up retrying" not in result.stderr
    # every exchange of the chains is archived
    archived = responses(tmp_path)
    assert archived.count(site.url + "/loop") == 1 and archived.count(site.url + "/walled") == 2
    assert site.url + "/chain/21" in archived and site.url + "/cookie-check" in archived


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ["archiver.cli", "crawl", "URL", "-s", "ARCHIVER_WARC_VERSON=1.0"],
            "ARCHIVER_WARC_VERSON is not a setting of the archiver (did you mean ARCHIVER_WARC_VERSION?)",
        ),
        (
            ["scrapy.cmdline", "crawl", "news", "-a", "url=URL", "-a", "dpeth=2"],
            "dpeth is not an argument of the spider (did you mean depth?)",
        ),
    ],
)
def test_typos_are_refused_with_the_name_meant(tmp_path, command, message):
    import subprocess

    with HostileServer("plain") as site:
        argv = [arg.replace("URL", site.url + "/") for arg in command]
        result = subprocess.run([sys.executable, "-m", *argv], capture_output=True, text=True, timeout=120,
                                cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    assert result.returncode == 2, result.stderr[-2000:]
    assert message in result.stderr and "Traceback" not in result.stderr
    assert site.requests == []


@pytest.mark.parametrize("mode", ["silent", "slow"])
def test_a_site_that_does_not_answer_costs_one_timeout(tmp_path, mode):
    # a timeout twice in a row from a site that never answered: it is given up, not retried
    # three times for every request (with the default 60 s timeout, six minutes for one site)
    with HostileServer(mode, options={"seconds": 60}) as site:
        result = crawl(site.url + "/", tmp_path, "-s", "DOWNLOAD_TIMEOUT=5")
    assert_bounded(result)
    assert result.seconds < 14, result.stderr[-2000:]  # one 5 s timeout, not three in a row
    assert "does not answer" in result.stderr and "finished (not answering)" in result.stderr
    assert result.returncode == 1  # no start page answered
