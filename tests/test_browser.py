"""Proof in a real browser: an archived article replays from the default WACZ as the page looked.

The bundled site is crawled with its page requisites (a stylesheet that imports another with a
web font, a background image, a logo, an ``srcset`` photo, a lazy-loaded photo, a script that
adds a caption, and a photo on a second "CDN" host, another server on another port and host
name); ``archiver pack`` writes the default WACZ; pywb (in its own virtual environment, see
``test_pywb.py``) loads it with ``wb-manager add --unpack-wacz``; the live servers are stopped;
and headless Chromium (Debian's package, which ``make test`` installs; Playwright drives it)
opens the archived article. The screenshot goes to ``test-output/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import subprocess
import time

import pytest
from browser import SCREENSHOTS, launch_chromium
from test_crawl import read_records, run_archiver
from test_pywb import fetch, free_port, pywb_bin

from archiver.site import NewsSite, start_server

# What the crawl must have archived for the article (paths on the site; the wire photo on the CDN).
ARTICLE_REQUISITES = {
    "/static/site.css",
    "/static/type.css",
    "/static/fonts/meridian-ornaments.woff2",
    "/static/site.js",
    "/media/logo.png",
    "/media/masthead.png",
    "/media/photo-480.png",
    "/media/photo-960.png",
    "/media/lazy-photo.png",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    """A crawl of the bundled site (photos on a CDN host), packed, loaded into pywb and served;
    yields (pywb collection URL, the article record, the CDN's URL)."""
    bin_dir = pywb_bin()
    tmp = tmp_path_factory.mktemp("browser")
    out = tmp / "crawl"
    cdn = start_server(NewsSite(articles=0))
    cdn_url = f"http://localhost:{cdn.port}"  # another host name than the site's 127.0.0.1
    site = start_server(NewsSite(articles=12, seed=1, cdn=cdn_url))
    try:
        result = run_archiver("crawl", site.url + "/", "--out", str(out), "-s", "AUTOTHROTTLE_START_DELAY=0", "-q")
        assert result.returncode == 0, result.stderr
    finally:
        site.stop()
        cdn.stop()  # nothing live is left to answer the browser
    records = read_records(out)
    article = next(r for r in records if "/news/" in r["url"])  # the JSON-LD template
    wacz = tmp / "crawl.wacz"
    records_file = next(out.glob("articles-*.jsonl"))
    warcs = sorted((out / "warcs").glob("*.warc.gz"))
    result = run_archiver("pack", *map(str, warcs), "--records", str(records_file), "-o", str(wacz))
    assert result.returncode == 0, result.stderr

    root = tmp / "pywb"
    root.mkdir()
    for args in (["init", "news"], ["add", "--unpack-wacz", "news", str(wacz)]):
        step = subprocess.run(
            [str(bin_dir / "wb-manager"), *args], cwd=root, capture_output=True, text=True, timeout=300
        )
        assert step.returncode == 0, step.stderr
        assert "does not contain" not in step.stdout + step.stderr, step.stdout + step.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(bin_dir / "wayback"), "-b", "127.0.0.1", "-p", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("wayback did not start") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", article, cdn_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_default_wacz_loads_in_pywb_with_every_requisite(replay):
    pywb, article, cdn_url = replay
    status, _, body = fetch(f"{pywb}/news/2030id_/{article['url']}")
    assert status == 200 and article["title"].split()[0].encode() in body
    site = article["url"].split("/news/")[0]
    for path in sorted(ARTICLE_REQUISITES):
        status, _, body = fetch(f"{pywb}/news/2030id_/{site}{path}")
        assert status == 200 and body, path
    status, _headers, body = fetch(f"{pywb}/news/2030id_/{cdn_url}/cdn/images/wire-photo.png")
    assert status == 200 and body.startswith(b"\x89PNG")


def test_archived_article_renders_in_chromium_from_the_archive_alone(replay):
    from playwright.sync_api import sync_playwright

    pywb, article, _cdn_url = replay
    requests: list[str] = []
    failed: list[str] = []
    console: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
            page.on("pageerror", lambda error: console.append(f"error: {error}"))
            page.on("request", lambda request: requests.append(request.url))
            page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
            page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.url}: {response.status}"))  # fmt: skip
            # pywb's own way to show a capture: its banner on top, the page in a frame below
            page.goto(f"{pywb}/news/2030/{article['url']}", wait_until="networkidle", timeout=60_000)
            frame = next((f for f in page.frames if "mp_/" in f.url), None)
            assert frame is not None, [f.url for f in page.frames]
            try:
                frame.wait_for_selector("figcaption.scripted-caption", timeout=30_000)
            except Exception:
                raise AssertionError(f"no caption; console: {console}; failed: {failed}") from None
            frame.wait_for_function(
                "Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)", timeout=30_000
            )
            fonts = frame.evaluate(
                "document.fonts.ready.then(() => Array.from(document.fonts).map(f => [f.family, f.status]))"
            )
            images = frame.evaluate("Array.from(document.images).map(image => [image.currentSrc, image.naturalWidth])")
            masthead = frame.evaluate("getComputedStyle(document.querySelector('.masthead')).backgroundImage")
            headline_font, headline_color = frame.evaluate(
                "[getComputedStyle(document.querySelector('h1')).fontFamily,"
                " getComputedStyle(document.querySelector('h1')).color]"
            )
            caption = frame.inner_text("figcaption.scripted-caption")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            screenshot = SCREENSHOTS / "replayed-article.png"
            page.screenshot(path=str(screenshot), full_page=True)
            print(f"\nscreenshot of the replayed article: {screenshot}")
        finally:
            browser.close()
    # every request of the page went to pywb (the live servers are stopped anyway), and none failed
    assert requests and all(url.startswith(pywb + "/") or url.startswith("data:") for url in requests), requests
    assert not failed, failed
    # the archived stylesheets are applied: the imported one's web font loaded, the background shows
    assert "masthead.png" in masthead
    assert "Meridian Ornaments" in headline_font and headline_color == "rgb(122, 31, 31)"
    assert ["Meridian Ornaments", "loaded"] in fonts, fonts
    # every image, the srcset, lazy-loaded and CDN photos among them, decoded from the archive
    assert len(images) >= 4 and all(width > 0 for _, width in images), images
    sources = " ".join(source for source, _ in images)
    for name in ("photo-960.png", "lazy-photo.png", "wire-photo.png", "logo.png"):
        assert name in sources, (name, images)
    assert caption == "Photo: The Meridian Courier"
