"""End to end: page requisites, single pages and URL lists, over the bundled site and its "CDN".

The site's photos of the wire live on a second server, ``localhost:PORT`` (another host name
than the site's ``127.0.0.1``, so another site to the crawl and to robots.txt), which serves the
same site: its robots.txt forbids ``/private/``, where the about page's photo lives.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_crawl import crawl, read_records, run_archiver, warc_records

from archiver.site import NewsSite, start_server

# Every requisite of the site's pages, by path (the wire photo is on the CDN host).
SITE_REQUISITES = {
    "/static/site.css",
    "/static/type.css",
    "/static/fonts/meridian-ornaments.woff2",
    "/static/site.js",
    "/media/logo.png",
    "/media/masthead.png",
    "/media/photo-480.png",
    "/media/photo-960.png",
    "/media/lazy-photo.png",
    "/wp-content/themes/aranews/style.css?ver=4.1",
    "/embed/newsroom-map/",  # the about page's frame
    "/media/map.png",  # the frame's own image
}
CDN_REQUISITES = {"/cdn/images/wire-photo.png"}
DOCUMENT = "/media/annual-report.pdf"


@pytest.fixture(scope="module")
def sites():
    """(the site, its CDN), both serving the bundled site; the CDN answers as ``localhost``."""
    cdn = start_server(NewsSite(articles=0))
    cdn_url = f"http://localhost:{cdn.port}"
    site = start_server(NewsSite(articles=12, seed=1, cdn=cdn_url))
    try:
        yield site, cdn_url
    finally:
        site.stop()
        cdn.stop()


def responses(out: Path, kinds: tuple[str, ...] = ("response",)) -> list[tuple[str, str, str]]:
    """(record type, URL, status) of every response (or revisit) record."""
    return [
        (rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), rec.http_headers.get_statuscode())
        for _, rec, _ in warc_records(out)
        if rec.rec_type in kinds
    ]


def requisite_paths(urls: list[str], host: str) -> list[str]:
    found = []
    for url in urls:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.netloc == host and (path in SITE_REQUISITES | CDN_REQUISITES | {DOCUMENT}):
            found.append(path)
    return found


@pytest.fixture(scope="module")
def two_runs(sites, tmp_path_factory):
    site, _cdn_url = sites
    out = tmp_path_factory.mktemp("requisites")
    first = crawl(site.url + "/", out, "-q", "-s", "ARCHIVER_REQUISITE_DOCUMENTS=True")
    assert first.returncode == 0, first.stderr
    after_first = {path.name for path in (out / "warcs").glob("*.warc.gz")}
    first_records = responses(out)
    second = crawl(site.url + "/", out, "-q", "-s", "ARCHIVER_REQUISITE_DOCUMENTS=True")
    assert second.returncode == 0, second.stderr
    second_files = sorted(p for p in (out / "warcs").glob("*.warc.gz") if p.name not in after_first)
    return out, first, first_records, second, second_files


def test_every_requisite_is_archived_once_cdn_included(sites, two_runs):
    site, cdn_url = sites
    _out, first, records, _, _ = two_runs
    urls = [url for kind, url, status in records if status == "200"]
    site_host, cdn_host = urlsplit(site.url).netloc, urlsplit(cdn_url).netloc
    assert sorted(requisite_paths(urls, site_host)) == sorted(SITE_REQUISITES | {DOCUMENT})
    assert requisite_paths(urls, cdn_host) == sorted(CDN_REQUISITES)
    # the CDN is asked for its robots.txt, and for nothing but requisites
    cdn_urls = sorted(urlsplit(url).path for _, url, _ in records if urlsplit(url).netloc == cdn_host)
    assert cdn_urls == sorted({"/robots.txt"} | CDN_REQUISITES)
    counts = re.search(
        r"requisites: (\d+) fetched, (\d+) failed, (\d+) skipped by robots.txt, (\d+) too large", first.stderr
    )
    assert counts, first.stderr
    # the about page's photo is under /private/ on the CDN, which its robots.txt forbids
    assert [int(n) for n in counts.groups()] == [len(SITE_REQUISITES) + 2, 0, 1, 0]
    assert not [url for _, url, _ in records if "/private/" in url]
    # the frame is fetched with its requisites, never followed for its links
    assert not [url for _, url, _ in records if "/directions/" in url]


def test_requisites_are_no_articles_and_no_errors_of_their_pages(sites, two_runs):
    site, _ = sites
    out, first, _, _, _ = two_runs
    records = read_records_of(out, first)
    expected = {site.url + path for path in site.site.article_paths()}
    assert {r["url"] for r in records} == expected
    assert "errors: HttpError: 1" in first.stderr  # the site's one broken link, nothing else
    crawl_id = re.search(r"crawl (\S+):", first.stderr)[1]
    report = json.loads(next((out / "reports").glob(f"*-{crawl_id}.json")).read_text())
    assert report["requisites"] == {"fetched": len(SITE_REQUISITES) + 2, "failed": 0, "robots": 1, "too_large": 0}


def read_records_of(out: Path, result: subprocess.CompletedProcess[str]) -> list[dict]:
    crawl_id = re.search(r"crawl (\S+):", result.stderr)[1]
    path = out / f"articles-{crawl_id}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_second_run_stores_unchanged_requisites_as_revisits(sites, two_runs):
    site, _ = sites
    _out, _, _, second, second_files = two_runs
    assert second_files, "the second run wrote no WARC file"
    host = urlsplit(site.url).netloc
    found: dict[str, list[str]] = {}
    for path in second_files:
        for rec, url in _records_with_urls(path):
            if rec.rec_type in ("response", "revisit") and requisite_paths([url], host):
                found.setdefault(requisite_paths([url], host)[0], []).append(
                    rec.rec_headers.get_header("WARC-Profile") or rec.rec_type
                )
    # the listings the second run fetches again use the stylesheets, the script and the logo
    assert {"/static/site.css", "/static/type.css", "/static/site.js", "/media/logo.png"} <= set(found)
    profiles = {profile for kinds in found.values() for profile in kinds}
    assert "response" not in profiles, found
    assert all(len(kinds) == 1 for kinds in found.values()), found
    assert any("server-not-modified" in p for p in profiles) and any("identical-payload-digest" in p for p in profiles)
    assert "requisites: " in second.stderr and " 0 failed" in second.stderr


def _records_with_urls(path: Path):
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        for rec in ArchiveIterator(stream):
            yield rec, rec.rec_headers.get_header("WARC-Target-URI") or ""


def crawl_one_article(sites, out: Path, setting: str):
    """A crawl of one article of the site alone (and its requisites), with one setting."""
    site, _ = sites
    article = next(a for a in site.site.articles if a.template == "jsonld")
    result = crawl(site.url + article.path, out, "-q", "--discovery", "none", "-s", setting)
    assert result.returncode == 0, result.stderr
    return result


def test_requisites_over_the_size_limit_are_skipped_and_counted(sites, tmp_path):
    result = crawl_one_article(sites, tmp_path, "ARCHIVER_REQUISITE_MAX_SIZE=3000")
    # photo-960.png is 5,595 bytes (the other files are smaller than 3,000)
    assert "0 failed, 0 skipped by robots.txt, 1 too large" in result.stderr, result.stderr
    assert not [url for _, url, _ in responses(tmp_path) if url.endswith("photo-960.png")]


def test_requisites_past_the_page_limit_are_not_asked_for(sites, tmp_path):
    result = crawl_one_article(sites, tmp_path, "ARCHIVER_PAGE_MAX_REQUISITES=2")
    # the page's first two (its stylesheet, the logo), and two of what the stylesheet needs
    # (the stylesheet it imports, its background); the imported one's font: 5 of the 10
    assert "requisites: 5 fetched, 0 failed" in result.stderr, result.stderr
    archived = {url.split("/", 3)[3] for _, url, _ in responses(tmp_path)}
    assert {"static/site.css", "media/logo.png", "static/type.css"} <= archived
    assert not archived & {"media/photo-480.png", "media/photo-960.png", "static/site.js", "cdn/images/wire-photo.png"}


def test_one_page_with_discovery_none_is_archived_with_its_requisites_and_nothing_else(sites, tmp_path):
    site, cdn_url = sites
    article = next(a for a in site.site.articles if a.template == "microdata")
    result = crawl(site.url + article.path, tmp_path, "-q", "--discovery", "none")
    assert result.returncode == 0, result.stderr
    urls = sorted(url for _, url, _ in responses(tmp_path))
    expected = {
        site.url + article.path,
        site.url + "/robots.txt",
        cdn_url + "/robots.txt",
        cdn_url + "/cdn/images/wire-photo.png",
    }
    expected |= {
        site.url + path for path in SITE_REQUISITES if not path.startswith(("/wp-content/", "/embed/", "/media/map"))
    }
    assert urls == sorted(expected)
    assert [r["url"] for r in read_records(tmp_path)] == [site.url + article.path]


def test_depth_0_is_the_start_page_only(sites, tmp_path):
    site, _ = sites
    result = crawl(site.url + "/", tmp_path, "-q", "--depth", "0", "--requisites", "none")
    assert result.returncode == 0, result.stderr
    assert sorted(url for _, url, _ in responses(tmp_path)) == [site.url + "/", site.url + "/robots.txt"]


def test_url_list_from_a_file_and_from_standard_input(sites, tmp_path):
    site, _ = sites
    articles = [a for a in site.site.articles if a.number > 0][:3]
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# the stories of the day\n\n"
        + "".join(f"  {site.url}{a.path}  \n" for a in articles[:2])
        + f"{site.url}{articles[0].path}\n",  # a repeat
        encoding="utf-8",
    )
    out = tmp_path / "from-file"
    result = run_archiver(
        "crawl", "-i", str(listing), "--discovery", "none", "--requisites", "none", "--out", str(out), "-q"
    )
    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in read_records(out)) == sorted(site.url + a.path for a in articles[:2])
    pages = {url for _, url, _ in responses(out) if not url.endswith("/robots.txt")}
    assert pages == {site.url + a.path for a in articles[:2]}

    out = tmp_path / "from-stdin"
    stdin = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "crawl", "-i", "-", site.url + articles[2].path, "--discovery", "none",
         "--requisites", "none", "--out", str(out), "-q"],
        input=f"{site.url}{articles[1].path}\n", capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert stdin.returncode == 0, stdin.stderr
    assert sorted(r["url"] for r in read_records(out)) == sorted(site.url + a.path for a in articles[1:3])


def test_bad_lines_of_a_url_list_are_named_with_their_line_numbers(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("https://news.example.org/a\n# fine\nnews.example.org/b\n\nftp://x/c\n", encoding="utf-8")
    result = run_archiver("crawl", "-i", str(listing), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"archiver crawl: error: {listing}:3: not an http(s) URL: 'news.example.org/b'",
        f"{listing}:5: not an http(s) URL: 'ftp://x/c'",
    ]
    assert not (tmp_path / "out").exists()
    for args, message in [
        (["-i", str(tmp_path / "missing.txt")], "cannot read"),
        ([], "no start URL"),
        (["https://news.example.org/", "--discovery", "rss"], "--discovery must be none or name some of"),
    ]:
        result = run_archiver("crawl", *args, "--out", str(tmp_path / "out"))
        assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_requisites_of_articles_only(sites, tmp_path):
    site, _ = sites
    result = crawl(site.url + "/", tmp_path, "-q", "--requisites", "articles")
    assert result.returncode == 0, result.stderr
    # the about page's forbidden photo is no article's: never asked for
    assert ", 0 skipped by robots.txt" in result.stderr, result.stderr
    urls = [url for _, url, _ in responses(tmp_path)]
    assert sorted(requisite_paths(urls, urlsplit(site.url).netloc)) == sorted(
        path for path in SITE_REQUISITES if not path.startswith(("/embed/", "/media/map"))
    )


def test_extract_skips_archived_documents_without_an_error(two_runs, tmp_path):
    out, *_ = two_runs
    warcs = sorted((out / "warcs").glob("*.warc.gz"))
    assert any(url.endswith(DOCUMENT) for _, url, _ in responses(out))
    report = tmp_path / "skipped.jsonl"
    result = run_archiver("extract", *map(str, warcs), "-o", str(tmp_path / "records.jsonl"), "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert re.search(r", 0 errors$", result.stderr.strip()), result.stderr
    # the PDF is a page skipped with its reason, as the pages that are no articles are
    numbers = re.search(r"(\d+) pages, (\d+) articles, (\d+) skipped \(([^)]*)\)", result.stderr)
    assert numbers and int(numbers[3]) == int(numbers[1]) - int(numbers[2]), result.stderr
    assert "not html" in numbers[4], result.stderr
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert [line["evidence"] for line in lines if line["url"].endswith(DOCUMENT)] == ["application/pdf"]
