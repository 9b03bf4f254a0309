"""Hostile sites and hard faults: every crawl ends in bounded time and memory, keeps to its
politeness, archives what it fetched in valid WARC files, and says what went wrong.

Each test serves one mode of tests/hostile.py on 127.0.0.1 and runs ``archiver crawl`` on it in a
process of its own, measuring its wall time and the peak memory of all its processes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hostile import HostileServer, run_measured
from test_crawl import warc_records

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
