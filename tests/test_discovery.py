from datetime import UTC, datetime

import pytest

from archiver.discovery import feeds, sitemaps, urls
from archiver.exceptions import BadURLError, UsageError

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/2025/03/01/a/</loc>
    <news:news><news:publication_date>2025-03-01T10:00:00+01:00</news:publication_date></news:news></url>
  <url><loc>https://news.example/2024/01/01/b/</loc><lastmod>2024-01-01</lastmod></url>
  <url><loc>https://news.example/undated/</loc></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-2025.xml</loc><lastmod>2025-04-01</lastmod></sitemap>
<sitemap><loc>https://news.example/sitemap-2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
</sitemapindex>"""

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>https://news.example/a/</link><pubDate>Sat, 01 Mar 2025 10:00:00 GMT</pubDate></item>
<item><title>b</title><link>/b/</link></item>
</channel></rss>"""

ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link href="https://news.example/a/"/><updated>2025-03-02T00:00:00Z</updated></entry>
</feed>"""


def test_news_sitemap_entries_carry_publication_dates():
    sitemap = sitemaps.parse_sitemap(NEWS_SITEMAP)
    assert sitemap.kind == "urlset"
    assert [e.url for e in sitemap.entries] == [
        "https://news.example/2025/03/01/a/",
        "https://news.example/2024/01/01/b/",
        "https://news.example/undated/",
    ]
    assert sitemap.entries[0].date == datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    assert sitemap.entries[1].date == datetime(2024, 1, 1, tzinfo=UTC)
    assert sitemap.entries[2].date is None


def test_since_skips_old_entries_but_keeps_undated_ones():
    since = urls.parse_since("2025-01-01")
    kept = [e.url for e in sitemaps.parse_sitemap(NEWS_SITEMAP).entries if urls.is_recent(e, since)]
    assert kept == ["https://news.example/2025/03/01/a/", "https://news.example/undated/"]
    index = sitemaps.parse_sitemap(INDEX)
    assert index.kind == "index"
    assert [e.url for e in index.entries if urls.is_recent(e, since)] == ["https://news.example/sitemap-2025.xml"]


def test_malformed_sitemap_gives_what_it_can_and_says_so():
    not_sitemap = sitemaps.parse_sitemap(b"<html>not a sitemap")
    assert not_sitemap.entries == () and not_sitemap.problem == "not a sitemap (root element: html)"
    broken = sitemaps.parse_sitemap(NEWS_SITEMAP[: NEWS_SITEMAP.index(b"<url><loc>https://news.example/undated")])
    assert len(broken.entries) == 2 and broken.problem is not None and broken.problem.startswith("malformed XML: ")
    assert sitemaps.parse_sitemap(NEWS_SITEMAP).problem is None and sitemaps.parse_sitemap(INDEX).problem is None


def test_text_sitemap_is_one_url_a_line():
    sitemap = sitemaps.parse_sitemap(b"\xef\xbb\xbfhttps://news.example/a/\r\nhttps://news.example/b/\n\nnot a url\n")
    assert sitemap == sitemaps.Sitemap(
        "urlset", (urls.DiscoveredURL("https://news.example/a/"), urls.DiscoveredURL("https://news.example/b/"))
    )


@pytest.mark.parametrize(
    "url", ["http://[::1/x", "http://127.0.0.1:99999/", "ftp://news.example/", "/relative", "http:///path", ""]
)
def test_http_url_refuses_what_does_not_parse_whole(url):
    assert urls.http_url(url) is None
    if "//" in url:
        assert urls.join_url("https://news.example/", url) is None


def test_malformed_urls_are_skipped_one_by_one():
    robots = b"Sitemap: http://[::1/a.xml\nSitemap: http://news.example:99999/b.xml\nSitemap: /c.xml\n"
    assert sitemaps.sitemaps_from_robots(robots, "https://news.example/robots.txt") == ["https://news.example/c.xml"]
    feed = b'<rss version="2.0"><channel><item><link>http://[::1/x</link></item><item><link>/b/</link></item></channel></rss>'
    assert [e.url for e in feeds.parse_feed(feed, "https://news.example/feed/").entries] == ["https://news.example/b/"]
    keep = urls.URLFilter(["https://news.example/"])
    assert not keep("http://[::1/x") and not keep("https://news.example:99999/x") and keep("https://news.example/x")
    with pytest.raises(BadURLError):
        urls.check_start_url("http://[::1/")
    with pytest.raises(BadURLError):
        urls.check_start_url("http://127.0.0.1:99999/")


def test_robots_sitemap_lines():
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\nsitemap: https://x.example/news.xml\nSitemap: /sitemap.xml\n"
    assert sitemaps.sitemaps_from_robots(robots, "https://news.example/robots.txt") == [
        "https://news.example/sitemap.xml",
        "https://x.example/news.xml",
    ]


def test_feeds_rss_and_atom():
    rss = feeds.parse_feed(RSS, "https://news.example/feed/")
    assert [e.url for e in rss.entries] == ["https://news.example/a/", "https://news.example/b/"]
    assert rss.entries[0].date == datetime(2025, 3, 1, 10, 0, tzinfo=UTC) and rss.entries[1].date is None
    atom = feeds.parse_feed(ATOM, "https://news.example/atom")
    assert atom.entries[0].date == datetime(2025, 3, 2, tzinfo=UTC)
    assert rss.problem is None and atom.problem is None
    assert feeds.looks_like_feed(RSS) and feeds.looks_like_feed(ATOM)
    assert not feeds.looks_like_feed(b"<!doctype html><html>")
    assert feeds.parse_feed(b"\x00garbage", "https://news.example/") == feeds.Feed((), "not an RSS or Atom feed")


def test_malformed_feed_gives_what_it_can_and_says_so():
    cut = feeds.parse_feed(RSS[: RSS.index(b"</item>") + len(b"</item>")], "https://news.example/feed/")
    assert [e.url for e in cut.entries] == ["https://news.example/a/"]
    assert cut.problem is not None and cut.problem.startswith("malformed XML: ")


def test_url_filter_keeps_to_start_sites_and_patterns():
    keep = urls.URLFilter(["https://www.news.example/"], allow=[r"/20\d\d/"], deny=[r"/private/"])
    assert keep("https://news.example/2025/01/a/")
    assert not keep("https://news.example/about/")
    assert not keep("https://news.example/2025/private/x")
    assert not keep("https://other.example/2025/01/a/")
    assert not keep("mailto:x@news.example")
    with pytest.raises(UsageError):
        urls.URLFilter(["https://news.example/"], allow=["("])


@pytest.mark.parametrize("bad", ["news.example", "ftp://news.example/", "http://", "javascript:alert(1)"])
def test_bad_start_urls(bad):
    with pytest.raises(BadURLError):
        urls.check_start_url(bad)


def test_since_must_be_a_date():
    with pytest.raises(UsageError):
        urls.parse_since("last tuesday")
    assert urls.parse_since("2025-02-03").tzinfo is not None


def test_share_and_tracking_parameters_are_dropped_from_links():
    clean = urls.without_tracking_parameters
    assert clean("https://n.example/a/?share=twitter") == "https://n.example/a/"
    assert clean("https://n.example/a/?id=3&utm_source=x&page=2#c") == "https://n.example/a/?id=3&page=2"
    assert clean("https://n.example/a/?replytocom=12") == "https://n.example/a/"
