"""The bundled news site: content, feeds, sitemaps and the HTTP details archivers are tested against."""

from __future__ import annotations

import gzip
import http.client
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from email.utils import parsedate_to_datetime
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from conftest import require_benchmark_html
from protego import Protego

from archiver import cli
from archiver.commands import serve_site
from archiver.exceptions import InputError
from archiver.site import NewsSite
from archiver.site.content import WIRE_EVERY, _split_sentences, seed_blocks
from archiver.site.feeds import news_articles
from archiver.site.server import accepts_gzip, respond
from archiver.site.templates import plain_date

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
GZIP = {"Accept-Encoding": "gzip"}


def get(server, path: str, headers: dict[str, str] | None = None) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def get_text(server, path: str) -> str:
    response, body = get(server, path)
    assert response.status == 200, path
    return body.decode("utf-8")


def raw_exchange(server, request: bytes) -> bytes:
    """Send one raw request with Connection: close and return every byte the server sent."""
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def locs(document: bytes) -> list[str]:
    return [loc.text or "" for loc in ET.fromstring(document).iter(f"{SITEMAP_NS}loc")]


def canonicals(html: str) -> list[str]:
    return re.findall(r'<link rel="canonical" href="([^"]*)"', html)


# The checks that hold for the whole site run on it with and without wire copies planted.
BOTH_SITES = pytest.mark.parametrize("server_name", ["news_site", "wire_news_site"])


# -- content model --------------------------------------------------------------------------


def test_ten_thousand_article_model_builds_fast():
    started = time.perf_counter()
    site = NewsSite(articles=10_000, seed=1)
    assert time.perf_counter() - started < 5
    paths = site.article_paths()
    assert len(paths) == len(set(paths)) == 10_001
    assert all(a.published.tzinfo is not None and a.published <= site.now for a in site.articles)


def test_bodies_are_realistic_length():
    site = NewsSite(articles=200, seed=3)
    for article in site.articles[:200]:
        paragraphs = [text for tag, text in site.body_blocks(article) if tag == "p"]
        words = sum(len(p.split()) for p in paragraphs)
        if article is not site.seed_article:
            assert 4 <= len(paragraphs) <= 12, article.path
            assert 150 <= words <= 900, (article.path, words)


def test_same_seed_same_bytes_other_seed_other_bytes():
    first, again, other = NewsSite(40, seed=1), NewsSite(40, seed=1), NewsSite(40, seed=2)
    base = "http://127.0.0.1:8000"
    for path in ["/", first.articles[3].path, "/sitemap.xml", "/feed/rss.xml", "/section/world/"]:
        one, two = respond(first, path, base), respond(again, path, base)
        assert (one.body, one.gzip_body, one.headers) == (two.body, two.gzip_body, two.headers)
    assert first.article_paths() != other.article_paths()
    assert respond(first, "/", base).body != respond(other, "/", base).body


def test_three_article_templates_mark_up_metadata_differently(news_site):
    site = news_site.site
    by_template = {}
    for article in site.articles:
        by_template.setdefault(article.template, article)
    assert {"jsonld", "microdata", "plain", "wordpress"} <= set(by_template)

    jsonld = get_text(news_site, by_template["jsonld"].path)
    assert '"@type": "NewsArticle"' in jsonld and 'property="og:title"' in jsonld and "<time datetime=" in jsonld
    assert by_template["jsonld"].path.endswith(".html")

    microdata = get_text(news_site, by_template["microdata"].path)
    assert 'itemprop="datePublished"' in microdata and '<meta name="author"' in microdata
    assert 'property="article:published_time"' in microdata and "application/ld+json" not in microdata

    article = by_template["plain"]
    plain = get_text(news_site, article.path)
    for marker in ("application/ld+json", "og:", "itemprop", "<time", '<meta name="author"', "published_time"):
        assert marker not in plain
    assert f"By {article.authors[0].name}" in plain and plain_date(article.published) in plain
    assert re.search(r"\d{1,2}:\d{2} UTC", plain)
    assert f"/{article.published:%Y/%m/%d}/" in article.path


def test_article_pages_have_the_chrome_of_a_news_site(news_site):
    article = next(a for a in news_site.site.articles if a.template == "jsonld")
    html = get_text(news_site, article.path)
    for chrome in ("Share this article", "Related stories", "cookie", "Leave a comment", " × ", "site-footer", "<nav"):
        assert chrome in html
    for _tag, text in news_site.site.body_blocks(article):
        assert escape(text, quote=False) in html


def test_seed_article_in_wordpress_chrome(news_site):
    site = news_site.site
    html = get_text(news_site, "/files/2015/02/deadly-rifts-hit-isis-ranks-in-syria/")
    paragraphs = [text for tag, text in seed_blocks() if tag == "p"]
    # The saved text has no-break spaces (WordPress &nbsp;); they are served as they are.
    assert " ".join(paragraphs[0].split()).startswith("Erbil, Kurdistan Region – Over the last two months")
    assert "Sulug" in paragraphs[-3]  # the last reported fact, before the credit lines
    for paragraph in paragraphs:
        assert escape(paragraph, quote=False) in html
    for chrome in (
        "entry-title",
        "entry-content",
        "/wp-content/",
        "Short link",
        "follow us on Twitter",
        "Leave a comment",
        "four × 5 =",
        "share-facebook",
        "jp-relatedposts",
        "site-footer",
    ):
        assert chrome in html
    assert '<meta property="og:site_name" content="ARA News">' in html
    assert ">Sarbaz Yusuf</a>" in html and 'datetime="2015-02-16T' in html
    assert site.seed_article.path in site.article_paths()


# -- wire copies: the planted near-duplicates ----------------------------------------------


def test_wire_copies_are_planted_every_twelfth_article_and_only_when_asked():
    assert NewsSite(40, seed=1).wire_copies == []
    site = NewsSite(40, seed=1, wire_every=WIRE_EVERY)
    assert [copy.original.number for copy in site.wire_copies] == [12, 24, 36]
    assert len(NewsSite(200, seed=1, wire_every=WIRE_EVERY).wire_copies) == 16
    for copy in site.wire_copies:
        assert copy.path == f"/wire/{copy.original.slug}/" and site.article_at(copy.path) == copy.article
        assert site.wire_copy_at(copy.path) is copy
        assert site.article_by_slug(copy.original.slug) is copy.original  # /old/<slug> still leads to the original
    paths = site.article_paths()
    assert len(paths) == len(set(paths)) == 41 + 3
    assert {copy.path for copy in site.wire_copies} <= set(paths) and "/wire/" in site.listing_paths()
    with pytest.raises(ValueError, match="wire_every"):
        NewsSite(wire_every=-1)


def test_wire_copies_leave_the_rest_of_the_site_byte_for_byte():
    plain, planted, again = (
        NewsSite(40, seed=1),
        NewsSite(40, seed=1, wire_every=WIRE_EVERY),
        NewsSite(40, seed=1, wire_every=WIRE_EVERY),
    )
    base = "http://127.0.0.1:8000"
    assert [a.path for a in planted.articles] == [a.path for a in plain.articles]
    for article in plain.articles:
        assert respond(planted, article.path, base).body == respond(plain, article.path, base).body
    for path in ["/feed/rss.xml", "/section/world/", *(c.path for c in planted.wire_copies), "/wire/", "/sitemap.xml"]:
        assert respond(planted, path, base).body == respond(again, path, base).body
    assert respond(plain, "/wire/", base).status == 404


def test_wire_copy_differs_from_its_original_by_exactly_one_sentence(wire_news_site):
    site = wire_news_site.site
    assert len(site.wire_copies) >= 2
    for copy in site.wire_copies:
        original_html = get_text(wire_news_site, copy.original.path)
        html = get_text(wire_news_site, copy.path)
        assert f">{escape(copy.original.title)}</h1>" in html and "By Staff and wire reports" in html
        assert copy.article.template != copy.original.template
        for marker in ("application/ld+json", "og:", "itemprop"):
            assert marker not in html
        # A canonical link to itself at most, never one back to the original.
        assert canonicals(html) in ([], [wire_news_site.url + copy.path])
        assert copy.original.path not in " ".join(canonicals(html))

        def sentences(article):
            return [s for tag, text in site.body_blocks(article) for s in _split_sentences(text)]

        theirs, ours = sentences(copy.original), sentences(copy.article)
        assert len(theirs) == len(ours)
        assert [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b] == [(copy.sentence, copy.changed)]
        for _tag, text in site.body_blocks(copy.article):
            assert escape(text, quote=False) in html
        assert escape(copy.changed, quote=False) in html and escape(copy.changed, quote=False) not in original_html
        sentence = escape(copy.sentence, quote=False)
        assert original_html.count(sentence) == html.count(sentence) + 1


def test_wire_copies_are_linked_in_sitemaps_and_not_in_feeds(wire_news_site):
    site = wire_news_site.site
    copies = {wire_news_site.url + copy.path for copy in site.wire_copies}
    assert "/wire/" in links_of(get_text(wire_news_site, "/"))
    assert {copy.path for copy in site.wire_copies} <= set(links_of(get_text(wire_news_site, "/wire/")))
    listed = set()
    for sitemap_url in locs(get(wire_news_site, "/sitemap.xml")[1]):
        listed.update(locs(get(wire_news_site, urlsplit(sitemap_url).path)[1]))
    assert copies <= listed
    for path in ("/feed/rss.xml", "/feed/atom.xml"):
        assert not copies & {entry.link for entry in feedparser.parse(get(wire_news_site, path)[1]).entries}


def test_clock_leaves_wire_copies_alone():
    site = NewsSite(40, seed=1, wire_every=WIRE_EVERY)
    base = "http://127.0.0.1:8000"

    def copies():
        # Related-story links move as the site grows; the story, its dates and validators do not.
        return {
            copy.path: (site.body_blocks(site.article_at(copy.path)), dict(respond(site, copy.path, base).headers))
            for copy in site.wire_copies
        }

    before = copies()
    for _ in range(3):
        step = site.advance(publish=12, edit=10)
        assert not set(step.edited) & set(before) and not set(step.published) & set(before)
    assert copies() == before
    assert len(site.wire_copies) == 3 and set(before) <= set(site.article_paths())
    months = {month: [a.path for a in site.articles_in_month(month)] for month in site.months()}
    assert sorted(p for paths in months.values() for p in paths) == sorted(site.article_paths())


# -- listings -------------------------------------------------------------------------------


@BOTH_SITES
def test_listing_pages_are_teasers_not_articles(request, server_name):
    news_site = request.getfixturevalue(server_name)
    site = news_site.site
    bodies = {text for a in site.articles for tag, text in site.body_blocks(a) if tag == "p"}
    html_listings = [p for p in site.listing_paths()]
    assert any(p.startswith("/author/") for p in html_listings) and any(p.startswith("/tag/") for p in html_listings)
    assert "/section/world/page/2/" in NewsSite(200).listing_paths()
    for path in [*html_listings, "/about/"]:
        html = get_text(news_site, path)
        assert "application/ld+json" not in html and "og:type" not in html and "Leave a comment" not in html
        assert not any(escape(body, quote=False) in html for body in bodies), path
        assert 'type="application/rss+xml"' in html


@BOTH_SITES
def test_every_article_is_reachable_by_links_and_private_is_linked(request, server_name):
    news_site = request.getfixturevalue(server_name)
    site = news_site.site
    seen, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in seen or path.startswith("/private/"):
            continue
        seen.add(path)
        response, body = get(news_site, path)
        if response.status != 200 or not response.getheader("Content-Type", "").startswith("text/html"):
            continue
        for link in links_of(body.decode("utf-8")):
            absolute = urlsplit(urljoin(news_site.url + path, link))
            if absolute.netloc == f"{news_site.host}:{news_site.port}" and not absolute.query:
                queue.append(absolute.path)
    assert set(site.article_paths()) <= seen
    assert site.private_article.path in links_of(get_text(news_site, "/"))
    assert site.private_article.path not in site.article_paths() + site.non_article_paths()


def test_media_files_are_valid(news_site):
    response, pdf = get(news_site, "/media/annual-report.pdf", GZIP)
    assert response.getheader("Content-Type") == "application/pdf" and response.getheader("Content-Encoding") is None
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    response, png = get(news_site, "/media/logo.png")
    assert response.getheader("Content-Type") == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n")


# -- robots, sitemaps, feeds ----------------------------------------------------------------


def test_robots_txt_disallows_private_and_names_two_sitemaps(news_site):
    robots = get_text(news_site, "/robots.txt")
    assert "Disallow: /private/" in robots
    sitemap_lines = [line for line in robots.splitlines() if line.startswith("Sitemap: ")]
    assert sitemap_lines == [f"Sitemap: {news_site.url}/sitemap.xml", f"Sitemap: {news_site.url}/news-sitemap.xml"]
    rules = Protego.parse(robots)
    assert not rules.can_fetch(news_site.url + news_site.site.private_article.path, "archiver")
    assert rules.can_fetch(news_site.url + news_site.site.articles[0].path, "archiver")


@BOTH_SITES
def test_sitemaps_list_every_article_exactly_once(request, server_name):
    news_site = request.getfixturevalue(server_name)
    site = news_site.site
    _, index = get(news_site, "/sitemap.xml")
    root = ET.fromstring(index)
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    assert all(entry.find(f"{SITEMAP_NS}lastmod") is not None for entry in root)
    listed: Counter[str] = Counter()
    for sitemap_url in locs(index):
        response, document = get(news_site, urlsplit(sitemap_url).path)
        assert response.status == 200, sitemap_url
        listed.update(urlsplit(url).path for url in locs(document))
    articles = site.article_paths()
    assert all(listed[path] == 1 for path in articles)
    assert not [path for path in listed if path.startswith("/private/")]
    assert set(listed) - set(articles) <= set(site.non_article_paths())

    _, news = get(news_site, "/news-sitemap.xml")
    entries = ET.fromstring(news).findall(f"{SITEMAP_NS}url")
    assert len(entries) == len(news_articles(site)) > 5
    for entry in entries:
        assert urlsplit(entry.findtext(f"{SITEMAP_NS}loc") or "").path in articles
        published = entry.findtext(f"{NEWS_NS}news/{NEWS_NS}publication_date") or ""
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", published)


def test_feeds_parse_with_the_most_recent_articles(news_site):
    recent = [news_site.url + a.path for a in news_site.site.recent(20)]
    for path in ("/feed/rss.xml", "/feed/atom.xml"):
        feed = feedparser.parse(get(news_site, path)[1])
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert [entry.link for entry in feed.entries] == recent
        assert all(entry.get("published_parsed") and entry.get("author") for entry in feed.entries)


# -- HTTP details ---------------------------------------------------------------------------


def test_home_page_gzip_two_cookies_and_latin1_header(news_site):
    response, body = get(news_site, "/", GZIP)
    assert response.getheader("Content-Encoding") == "gzip"
    assert int(response.getheader("Content-Length")) == len(body)
    assert gzip.decompress(body).startswith(b"<!DOCTYPE html>")
    assert len(response.msg.get_all("Set-Cookie")) == 2
    raw = raw_exchange(news_site, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nX-Served-By: caf\xe9\r\n" in head
    assert b"Content-Encoding" not in head  # no gzip unless asked for


def test_chunked_articles_and_feeds(news_site):
    chunked = next(a for a in news_site.site.articles if a.number % 3 == 0 and a.number > 0)
    plain = next(a for a in news_site.site.articles if a.number % 3 == 1)
    connection = http.client.HTTPConnection(news_site.host, news_site.port, timeout=10)
    sockets = set()
    for path, expect_chunked in [(chunked.path, True), (plain.path, False), ("/feed/rss.xml", True), ("/", False)]:
        connection.request("GET", path, headers=GZIP)
        response = connection.getresponse()
        body = gzip.decompress(response.read())
        sockets.add(id(connection.sock))
        assert response.chunked is expect_chunked, path
        assert (response.getheader("Content-Length") is None) is expect_chunked
        assert body.startswith((b"<!DOCTYPE", b"<?xml"))
    assert len(sockets) == 1  # keep-alive held across chunked and sized responses
    connection.close()

    raw = raw_exchange(news_site, f"GET {chunked.path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    head, framed = raw.split(b"\r\n\r\n", 1)
    assert b"Transfer-Encoding: chunked" in head and framed.endswith(b"\r\n0\r\n\r\n")
    assert re.match(rb"1000\r\n<!DOCTYPE", framed)  # 4 KiB chunks
    raw10 = raw_exchange(news_site, f"GET {chunked.path} HTTP/1.0\r\n\r\n".encode())
    assert b"Transfer-Encoding" not in raw10.split(b"\r\n\r\n", 1)[0]


def test_article_validators_redirect_and_404(news_site):
    site = news_site.site
    article = site.articles[2]
    response, _ = get(news_site, article.path)
    assert parsedate_to_datetime(response.getheader("Last-Modified")) == article.modified
    etag = response.getheader("ETag")
    assert re.fullmatch(r'"[0-9a-f]{20}"', etag)
    assert get(news_site, article.path, GZIP)[0].getheader("ETag") == etag[:-1] + '-gzip"'

    home_links = links_of(get_text(news_site, "/"))
    old = next(link for link in home_links if link.startswith("/old/"))
    response, _ = get(news_site, old)
    assert response.status == 301 and response.getheader("Location") in site.article_paths()
    broken = "/news/2019/removed-story.html"
    assert broken in home_links and get(news_site, broken)[0].status == 404


def test_head_and_post(news_site):
    connection = http.client.HTTPConnection(news_site.host, news_site.port, timeout=10)
    connection.request("HEAD", "/")
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b"" and int(response.getheader("Content-Length")) > 1000
    connection.request(
        "POST", "/comments/", body=b"comment=hi", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    response = connection.getresponse()
    assert response.status == 405 and response.read()
    connection.close()


# -- mounted real pages ---------------------------------------------------------------------


def test_a_mounted_file_that_is_not_gzip_gets_a_500_not_a_dropped_connection(tmp_path, capsys):
    from archiver.site import start_server

    (tmp_path / "broken.html.gz").write_bytes(b"<html>not gzip at all</html>")
    (tmp_path / "fine.html").write_bytes(b"<html><body>fine</body></html>")
    site = NewsSite(articles=0, mount=tmp_path)
    with start_server(site) as server:
        paths = {page.stem: page.path for page in site.real_pages}
        response, body = get(server, paths["broken"])
        assert response.status == 500 and b"broken.html.gz" in body
        assert get(server, paths["fine"])[0].status == 200  # the server goes on
    assert "Traceback" not in capsys.readouterr().err


def test_mounted_pages_are_served_as_saved(mounted_news_site):
    site = mounted_news_site.site
    folder = require_benchmark_html()
    files = sorted(folder.glob("*.html.gz"))
    assert len(site.real_pages) == 2 * len(files)
    first = files[0]
    page, copy = site.real_pages[0], site.real_pages[len(files)]
    assert page.file == copy.file == first and page.path != copy.path
    # Pages keep the path they had on their own site (from ../ground-truth.json).
    assert page.path.startswith("/real/www.") and copy.path == page.path.replace("/real/", "/real/2/", 1)
    response, body = get(mounted_news_site, page.path, GZIP)
    assert response.getheader("Content-Type") == "text/html" and response.getheader("Content-Encoding") == "gzip"
    assert body == first.read_bytes()
    response, body = get(mounted_news_site, copy.path)
    assert response.getheader("Content-Encoding") is None and body == gzip.decompress(first.read_bytes())

    index = get(mounted_news_site, "/sitemap.xml")[1]
    assert f"{mounted_news_site.url}/sitemap-real.xml" in locs(index)
    real = [urlsplit(url).path for url in locs(get(mounted_news_site, "/sitemap-real.xml")[1])]
    assert real == [page.path for page in site.real_pages]
    assert set(real) <= set(site.article_paths())
    assert "/real/page/1/" in links_of(get_text(mounted_news_site, "/"))
    listing = links_of(get_text(mounted_news_site, "/real/page/1/"))
    assert page.path in listing and "/real/page/2/" in listing


def test_mount_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        NewsSite(mount=tmp_path / "missing")
    with pytest.raises(InputError, match=r"no \*\.html"):
        NewsSite(mount=tmp_path)
    (tmp_path / "one.html").write_bytes(b"<html><body>caf\xe9</body></html>")
    site = NewsSite(articles=0, mount=tmp_path, mount_repeat=3)
    assert [p.path for p in site.real_pages] == ["/real/one/", "/real/2/one/", "/real/3/one/"]
    assert respond(site, "/real/3/one/", "http://x").body.endswith(b"caf\xe9</body></html>")


# -- the serve-site command -----------------------------------------------------------------


def test_bad_mount_is_one_line_and_nonzero(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(cli, "COMMANDS", {"serve-site": "archiver.commands.serve_site"})
    code = cli.main(["serve-site", "--port", "0", "--mount", str(tmp_path / "nope")])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and "--mount" in err and "Traceback" not in err


def test_serve_site_serves_until_sigterm():
    script = (
        "import sys; from archiver import cli; "
        "cli.COMMANDS = {'serve-site': 'archiver.commands.serve_site'}; sys.exit(cli.main())"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, "serve-site", "--port", "0", "--articles", "5", "--seed", "7"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert url, line
        host, port = url[0].removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", "/robots.txt")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert process.returncode == 0 and "Traceback" not in err


def test_serve_site_parser_defaults():
    import argparse

    parser = argparse.ArgumentParser()
    serve_site.add_parser(parser.add_subparsers())
    args = parser.parse_args(["serve-site"])
    assert (args.host, args.port, args.articles, args.seed, args.mount, args.mount_repeat) == (
        "127.0.0.1",
        8000,
        60,
        1,
        None,
        1,
    )
    assert args.run is serve_site.run


def test_gzip_only_when_the_client_allows_it(news_site):
    assert accepts_gzip("deflate, gzip, br") and accepts_gzip("gzip;q=0.5") and accepts_gzip("*")
    assert not accepts_gzip("gzip;q=0") and not accepts_gzip("identity") and not accepts_gzip("")
    response, body = get(news_site, "/section/world/", {"Accept-Encoding": "gzip;q=0"})
    assert response.getheader("Content-Encoding") is None and body.startswith(b"<!DOCTYPE html>")
