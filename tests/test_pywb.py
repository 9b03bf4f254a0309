"""Replay for real: the crawl's WARC files in pywb, the standard open-source wayback machine.

pywb pins an old redis client, so it never goes into the project's environment: this test
makes a virtual environment of its own under ``.cache/pywb-venv`` (git-ignored, reused when
present) with ``pip install pywb``, and skips only when pywb cannot be installed.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_crawl import crawl, read_records  # tests/ is on sys.path (rootdir-less prepend import)
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CHECKOUT = Path(__file__).resolve().parents[1]
PYWB_VENV = CHECKOUT / ".cache" / "pywb-venv"
REVISIT_DATE = "2030-01-02T03:04:05Z"


def pywb_bin() -> Path:
    """The venv's bin folder with ``wayback`` and ``wb-manager``; installs pywb on first use."""
    bin_dir = PYWB_VENV / "bin"
    if not (bin_dir / "wayback").exists():
        try:
            subprocess.run(
                [sys.executable, "-m", "venv", "--clear", str(PYWB_VENV)], check=True, capture_output=True, timeout=300
            )
            subprocess.run(
                [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "pywb"],
                check=True,
                capture_output=True,
                text=True,
                timeout=900,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            output = getattr(error, "stderr", "") or ""
            pytest.skip(f"pywb cannot be installed (no package registry?): {str(output).strip()[-300:]}")
    return bin_dir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def write_revisit(warc: Path, record: dict, path: Path) -> str:
    """A WARC holding one ``identical-payload-digest`` revisit of the article's response record;
    returns the revisit's URL (the same page, seen again later)."""
    with (warc).open("rb") as stream:
        stream.seek(record["warc"]["offset"])
        original = next(iter(ArchiveIterator(stream)))
        http_headers = StatusAndHeaders(
            original.http_headers.statusline, original.http_headers.headers, protocol=original.http_headers.protocol
        )
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        revisit = writer.create_revisit_record(
            record["url"],
            record["warc"]["payload_digest"],
            record["url"],
            original.rec_headers.get_header("WARC-Date"),
            http_headers=http_headers,
        )
        revisit.rec_headers.replace_header("WARC-Date", REVISIT_DATE)
        writer.write_record(revisit)
    return record["url"]


@pytest.mark.slow
def test_pywb_replays_article_redirect_and_revisit(news_site, tmp_path: Path) -> None:
    bin_dir = pywb_bin()
    out = tmp_path / "crawl"
    result = crawl(news_site.url + "/", out)
    assert result.returncode == 0, result.stderr
    warcs = sorted((out / "warcs").glob("*.warc.gz"))
    records = read_records(out)
    article = next(r for r in records if len(r["text"]) > 500)
    # words of the article that HTML writes as they are (no quotes or ampersands to escape)
    sample = next(
        p for p in article["text"].split("\n\n") if p.replace(" ", "").replace(".", "").replace(",", "").isalnum()
    )[:80]

    revisit_types = set()
    redirect_url = None
    for warc in warcs:
        with warc.open("rb") as stream:
            for rec in ArchiveIterator(stream):
                if rec.rec_type == "revisit":
                    revisit_types.add(rec.rec_headers.get_header("WARC-Profile"))
                uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
                if rec.rec_type == "response" and "/old/" in uri and rec.http_headers.get_statuscode() == "301":
                    redirect_url = uri
    assert redirect_url, "the bundled site's /old/<slug> redirect is not in the WARC files"
    # The crawl writes revisits only on a second pass; one made here with warcio proves pywb
    # resolves an identical-payload-digest revisit against the project's own response record.
    extra = tmp_path / "revisit.warc.gz"
    [warc_of_article] = [w for w in warcs if w.name == article["warc"]["filename"]]
    revisit_url = write_revisit(warc_of_article, article, extra)

    root = tmp_path / "pywb"
    root.mkdir()
    for args in (["init", "news"], ["add", "news", *map(str, warcs), str(extra)]):
        step = subprocess.run(
            [str(bin_dir / "wb-manager"), *args], cwd=root, capture_output=True, text=True, timeout=300
        )
        assert step.returncode == 0, step.stderr
    # Serve from the project's own CDXJ index (archiver index) rather than pywb's: it proves
    # the index works in pywb, and it leaves out the metadata records (see archiver/cdx.py).
    index = root / "collections" / "news" / "indexes" / "index.cdxj"
    step = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "index", *map(str, warcs), str(extra), "-o", str(index)],
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
        timeout=300,
    )
    assert step.returncode == 0, step.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(bin_dir / "wayback"), "-b", "127.0.0.1", "-p", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}/news"
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("wayback did not start") from None
                time.sleep(0.3)

        # the article, unmodified (id_) and rewritten for the browser
        status, _, body = fetch(f"{base}/2000id_/{article['url']}")
        assert status == 200 and sample.encode() in body
        status, _, body = fetch(f"{base}/2000mp_/{article['url']}")
        assert status == 200 and sample.encode() in body and b"wombat" in body

        # the 301 is replayed as a redirect to the archived target
        status, headers, _ = fetch(f"{base}/2000mp_/{redirect_url}")
        assert status in (301, 302, 307), status
        location = headers["Location"]
        assert location.startswith(("/news/", base)) and news_site.url in location
        status, _, body = fetch(location if location.startswith("http") else f"http://127.0.0.1:{port}{location}")
        assert (status == 200 and b"<article" in body.lower()) or b"<h1" in body.lower()

        # the revisit: asked for its date, pywb answers with the original payload
        status, headers, body = fetch(f"{base}/2030id_/{revisit_url}")
        assert status == 200
        assert headers.get("Memento-Datetime") == "Wed, 02 Jan 2030 03:04:05 GMT"
        assert sample.encode() in body
    finally:
        server.terminate()
        server.wait(timeout=30)
