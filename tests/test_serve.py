"""`archiver serve` end to end, in headless Chromium: search, filters, an article with its text
and its archived page replayed by pywb (no request leaving for the live site), a second crawl
into the folder while the server runs (new records and new WARC files appear after a reload),
the diff of the article the site's clock edited, the crawls page, and hostile records shown as
text.

Chromium comes from Debian's packages (`make test` installs it: Playwright cannot download its
own browser here); pywb from PyPI into `.cache/pywb-venv`, as `archiver serve` makes it on first
use. Screenshots of each page go to `test-output/screenshots/` (git-ignored).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from browser import CHECKOUT, SCREENSHOTS, launch_chromium
from test_crawl import crawl  # tests/ is on sys.path (rootdir-less prepend import)

from archiver.site import NewsSite, start_server

SERVING = re.compile(r"serving .* on (http://\S+?)/? \(")
# pywb's first install downloads it from PyPI
START_TIMEOUT = 900

pytestmark = pytest.mark.slow


def crawl_into(out: Path, url: str) -> None:
    result = crawl(url + "/", out)
    assert result.returncode == 0, result.stderr


def newest_records(out: Path) -> dict[str, dict]:
    """The newest record of each URL in the folder's records files."""
    records: dict[str, dict] = {}
    for path in sorted(out.glob("articles-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["url"] not in records or record["version"] > records[record["url"]]["version"]:
                records[record["url"]] = record
    return records


class Served:
    """A running `archiver serve`: its address and everything it printed."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.url = ""
        ready = threading.Event()

        def read() -> None:
            assert process.stderr is not None
            for line in process.stderr:
                self.lines.append(line)
                if match := SERVING.search(line):
                    self.url = match[1]
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(START_TIMEOUT) or not self.url:
            process.kill()
            raise AssertionError("archiver serve did not start:\n" + "".join(self.lines))

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; returns the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


@contextmanager
def serving(*args: str) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "serve", *args, "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=CHECKOUT,
    )
    served = Served(process)
    try:
        yield served
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@contextmanager
def browser_page() -> Iterator[tuple[object, list[str]]]:
    """A headless Chromium page, and the list of every URL the browser requests (frames included)."""
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.on("request", lambda request: requested.append(request.url))
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            yield page, requested
        finally:
            browser.close()


@pytest.fixture
def screenshot(capsys):
    """Saves a screenshot of the page and prints where, also when pytest captures the output."""

    def save(page, name: str, full_page: bool = True) -> Path:  # type: ignore[no-untyped-def]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        with capsys.disabled():
            print(f"\nscreenshot: {path}")
        return path

    return save


def word_count(word: str, text: str) -> int:
    return re.findall(r"[a-z]+", text.lower()).count(word)


def pick_search_word(records: dict[str, dict]) -> tuple[str, dict]:
    """A word of one article's title that other articles hold too, in their texts only and no
    more often: that article must come first (the ranking weighs titles), and not alone."""
    for record in sorted(records.values(), key=lambda r: r["url"]):
        for word in sorted(set(re.findall(r"[a-z]{6,}", record["title"].lower()))):
            others = [r for r in records.values() if r is not record and word_count(word, r["title"] + " " + r["text"])]
            mine = word_count(word, record["text"])
            if others and all(
                word_count(word, r["title"]) == 0 and word_count(word, r["text"]) <= mine for r in others
            ):
                return word, record
    raise AssertionError("no title word that other articles' texts hold as often or less")


@pytest.fixture(scope="module")
def site_and_crawl(tmp_path_factory):
    site = NewsSite(articles=30, seed=3)
    out = tmp_path_factory.mktemp("serve") / "crawl"
    with start_server(site, clock=True) as server:
        crawl_into(out, server.url)
        yield server, out


def test_serve_in_a_browser(site_and_crawl, tmp_path, screenshot) -> None:
    server, out = site_and_crawl
    records = newest_records(out)
    word, target = pick_search_word(records)
    with serving(str(out), "--data", str(tmp_path / "data")) as served, browser_page() as (page, requested):
        # search: the word of the target's title, the target first
        page.goto(served.url + "/")
        assert page.locator("input[name=q]").is_visible()
        page.fill("input[name=q]", word)
        page.press("input[name=q]", "Enter")
        page.wait_for_url(re.compile(r"[?&]q="))
        results = page.locator(".result h2 a")
        assert results.count() >= 2
        assert results.first.inner_text() == target["title"]
        assert page.locator(".result mark").first.inner_text().lower() == word
        screenshot(page, "1-search")

        # filters: the site facet, then a published date range
        site = urlsplit(target["url"]).netloc
        page.goto(served.url + "/")
        page.locator(".facet-site a", has_text=site).click()
        page.wait_for_url(re.compile(r"site="))
        assert f"of {len(records)} articles" in page.locator("#count").inner_text()
        dates = sorted(r["published"][:10] for r in records.values())
        since, until = dates[len(dates) // 4], dates[len(dates) // 2]
        page.fill("input[name=since]", since)
        page.fill("input[name=until]", until)
        page.click("form.search-form button")
        page.wait_for_url(re.compile(r"until="))
        expected = sum(1 for day in dates if since <= day <= until)
        assert f"of {expected} article" in page.locator("#count").inner_text()
        shown = [row.inner_text() for row in page.locator(".result .meta").all()]
        assert shown and all(since <= re.search(r"\d{4}-\d\d-\d\d", meta)[0] <= until for meta in shown)
        screenshot(page, "2-filtered")

        # the article: its text, then its archived page replayed inside it
        page.goto(f"{served.url}/?q={quote(word)}")
        requested.clear()
        page.locator(".result h2 a").first.click()
        page.wait_for_url(re.compile(r"/article\?url="))
        first_paragraph = target["text"].split("\n")[0]
        assert first_paragraph in page.locator("#text").inner_text()
        assert target["warc"]["filename"] in page.locator("#warc").inner_text()
        replayed = page.frame_locator("#replay").locator("h1")
        assert replayed.inner_text(timeout=60_000).strip() == target["title"]
        page.wait_for_load_state("networkidle")
        replay_port = urlsplit(page.locator("#replay").get_attribute("src")).port
        allowed = {served.port, replay_port}
        left = [url for url in requested if url.startswith("http") and urlsplit(url).port not in allowed]
        assert left == [], f"requests that left the archive: {left}"
        assert any(urlsplit(url).port == replay_port for url in requested)
        assert not any(urlsplit(url).port == urlsplit(server.url).port for url in requested)
        screenshot(page, "3-article", full_page=False)  # the archived page beside the record

        # the site's clock publishes one article and edits one; a second crawl while serve runs
        with urllib.request.urlopen(
            urllib.request.Request(server.url + "/_clock/advance?publish=1&edit=1", method="POST")
        ) as answer:
            step = json.load(answer)
        crawl_into(out, server.url)
        records = newest_records(out)
        page.goto(served.url + "/")
        assert f"of {len(records)} articles" in page.locator("#count").inner_text()

        # the new article replays from a WARC file written after serve started
        new = records[server.url + step["published"][0]]
        page.goto(f"{served.url}/article?url={quote(new['url'])}")
        assert page.frame_locator("#replay").locator("h1").inner_text(timeout=60_000).strip() == new["title"]

        # the edited article: two versions, and the diff shows the added sentence
        edited = records[server.url + step["edited"][0]]
        added = [p for p in edited["text"].split("\n") if p.startswith("Update 1:")]
        assert edited["version"] == 2 and len(added) == 1
        page.goto(f"{served.url}/article?url={quote(edited['url'])}")
        assert page.locator("#versions tr").count() == 3  # a header and two versions
        page.click("#versions button")
        page.wait_for_url(re.compile(r"/diff\?"))
        assert [ins.inner_text() for ins in page.locator("#diff ins").all()] == added
        assert page.locator("#diff del").count() == 0
        screenshot(page, "4-diff")

        # the crawls page: both runs, with their figures and charts
        page.goto(served.url + "/crawls")
        runs = page.locator("tr.run")
        assert runs.count() == 2
        crawl_ids = {json.loads(line)["crawl_id"] for path in out.glob("articles-*.jsonl") for line in path.open()}
        assert {row.locator("td").first.inner_text() for row in runs.all()} == crawl_ids
        assert page.locator("svg.chart rect").count() >= 3
        screenshot(page, "5-crawls")

        # the JSON of a search is the search page's
        with urllib.request.urlopen(f"{served.url}/archive/search.json?q={quote(word)}&_shape=array") as answer:
            rows = json.load(answer)
        assert rows[0]["url"] == target["url"] and "<mark>" in rows[0]["title_html"]

        assert served.stop() == 0
    assert "Traceback" not in "".join(served.lines)


HOSTILE_TITLE = '<script>alert("title")</script><b>Bold</b> & "quoted" headline'
HOSTILE_TEXT = (
    "Paragraph with <img src=x onerror=alert('text')> and </mark><script>alert('mark')</script> in it.\n"
    "A second paragraph that mentions zanzibarite twice: zanzibarite."
)


def test_hostile_records_show_as_text(tmp_path, screenshot) -> None:
    out = tmp_path / "crawl"
    out.mkdir()
    record = {
        "url": "https://hostile.example/news/<script>alert(1)</script>",
        "canonical_url": "javascript:alert('canonical')",
        "title": HOSTILE_TITLE,
        "authors": ["<i>Eve</i> <script>alert('author')</script>"],
        "published": "2024-05-06",
        "language": "en",
        "sitename": "<b>Hostile</b>",
        "description": "<iframe src=javascript:alert('description')></iframe>",
        "categories": ["<u>news</u>"],
        "tags": [],
        "image": "javascript:alert('image')",
        "text": HOSTILE_TEXT,
        "word_count": 20,
        "fetched_at": "2024-05-06T10:00:00Z",
        "crawl_id": "<script>alert('crawl')</script>",
        "version": 1,
        "warc": {"filename": "<b>x</b>.warc.gz", "offset": 0, "length": 1, "record_id": "<x>", "payload_digest": None},
    }
    (out / "articles-hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with serving(str(out), "--data", str(tmp_path / "data"), "--no-replay") as served, browser_page() as (page, _):
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        page.goto(f"{served.url}/?q=zanzibarite")
        assert page.locator(".result h2 a").inner_text() == HOSTILE_TITLE
        assert "</mark><script>" in page.locator(".result .snippet").inner_text()
        assert page.locator(".result .snippet mark").count() == 2
        assert page.locator(".facet-author a").inner_text() == record["authors"][0]
        screenshot(page, "6-hostile-search")

        page.locator(".result h2 a").click()
        page.wait_for_url(re.compile(r"/article\?url="))
        assert page.locator("h1").inner_text() == HOSTILE_TITLE
        assert page.locator("#text").inner_text().startswith("Paragraph with <img src=x onerror=alert('text')>")
        assert page.locator("a[href^=javascript]").count() == 0
        assert page.locator("#content img, section.content img, iframe").count() == 0
        body = page.content()
        assert "<script>alert" not in body and "&lt;script&gt;alert" in body
        screenshot(page, "7-hostile-article")

        page.goto(served.url + "/crawls")
        assert "<script>alert('crawl')</script>" in page.locator("body").inner_text()
        assert dialogs == []


def test_pywb_stops_with_serve_even_when_serve_is_killed(site_and_crawl, tmp_path) -> None:
    _, out = site_and_crawl
    with serving(str(out), "--data", str(tmp_path / "data")) as served:
        [replay] = re.findall(r"with pywb on (http://\S+?)/archive/", "".join(served.lines))
        with urllib.request.urlopen(replay + "/") as answer:
            assert answer.status == 200
        served.process.kill()  # no chance to stop pywb itself
        served.process.wait()
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(replay + "/", timeout=2).close()
            except OSError:
                break  # nothing listens any more
            assert time.monotonic() < deadline, "pywb outlived archiver serve"
            time.sleep(0.5)
