"""Hostile web servers on 127.0.0.1, one mode per case, for tests/test_hostile.py.

Each mode is a site that breaks a naive crawler: chains of feeds and sitemaps that never end,
documents too large to hold or parse, endless and huge bodies, servers that answer slowly or
not at all, 429 storms, a Crawl-delay, links to another port of the same address, a site behind
a password, NUL bytes in HTML, stories too large to read. ``HostileServer(mode)`` serves one mode on a free port and
records every request it got (path, headers, time) in ``requests``.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ARTICLE_TEXT = " ".join(
    f"Paragraph {n} of the story tells the council's plan for the river parks in plain words, "
    "with the names of the streets and the cost of each part of the work."
    for n in range(8)
)


def page(title: str, body: str = "", head: str = "") -> bytes:
    """A small HTML page."""
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body><h1>{title}</h1>{body}</body></html>"
    ).encode()


def article(title: str, head: str = "", extra: str = "") -> bytes:
    """A page that reads as a news article: declared one, with a byline, a date and paragraphs."""
    paragraphs = "".join(f"<p>{ARTICLE_TEXT}</p>" for _ in range(3))
    declared = (
        '<meta property="og:type" content="article"><script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "headline": "{title}", "datePublished": "2025-03-01T10:00:00Z", '
        '"author": {"@type": "Person", "name": "Ada Lovelace"}}</script>'
    )
    body = f"<article><p class='byline'>By Ada Lovelace</p><time>March 1, 2025</time>{paragraphs}{extra}</article>"
    return page(title, body, declared + head)


@dataclass
class Seen:
    """One request the server got."""

    path: str
    headers: dict[str, str]
    at: float
    port: int


@dataclass
class HostileServer:
    """One hostile mode served on ``url``; use as a context manager. ``options`` tune a mode."""

    mode: str
    options: dict[str, Any] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    active: int = 0
    most_active: int = 0

    def __enter__(self) -> HostileServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.hostile = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self) -> list[str]:
        return [seen.path for seen in self.requests]

    def _record(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(Seen(handler.path, dict(handler.headers), time.monotonic(), self.port))


_SITEMAP_MODES = frozenset({"sitemap-chain", "huge-sitemap", "endless", "too-many-requests"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    @property
    def hostile(self) -> HostileServer:
        return self.server.hostile  # type: ignore[attr-defined,no-any-return]

    def do_GET(self) -> None:
        hostile = self.hostile
        hostile._record(self)
        route = getattr(self, "mode_" + hostile.mode.replace("-", "_"))
        try:
            if self.path == "/sitemap.xml" and hostile.mode not in _SITEMAP_MODES:
                return self.send(b"not here", status=404, content_type="text/plain")
            route(self.path)
        except (BrokenPipeError, ConnectionResetError):
            pass

    # -- helpers ---------------------------------------------------------------------------

    def send(
        self, body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def robots(self, extra: str = "") -> None:
        self.send(f"User-agent: *\nAllow: /\n{extra}".encode(), content_type="text/plain")

    def stream(self, chunks: Iterator[bytes], content_type: str = "text/html", length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        for chunk in chunks:
            if length is None:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                self.wfile.write(chunk)
        if length is None:
            self.wfile.write(b"0\r\n\r\n")

    # -- modes -----------------------------------------------------------------------------

    def mode_feed_chain(self, path: str) -> None:
        """Every page declares a feed whose only entry is the next page: endless without a budget."""
        if path == "/robots.txt":
            return self.robots()
        number = int(path.rsplit("/", 1)[-1].split(".")[0]) if path.startswith("/chain/") else 0
        if path.endswith(".xml"):
            item = f"<item><title>Next</title><link>{self.hostile.url}/chain/page/{number + 1}</link></item>"
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>{item}</channel></rss>'
            return self.send(body.encode(), content_type="application/rss+xml")
        head = f'<link rel="alternate" type="application/rss+xml" href="/chain/feed/{number}.xml">'
        self.send(article(f"Chain page {number}", head))

    def mode_sitemap_chain(self, path: str) -> None:
        """A sitemap index that lists itself and a chain of indexes, each naming the next."""
        if path == "/robots.txt":
            return self.robots("Sitemap: /sitemap.xml\n")
        if path == "/sitemap.xml":
            targets = ["/sitemap.xml", "/sm/1.xml"]
        elif path.startswith("/sm/"):
            targets = [f"/sm/{int(path[4:-4]) + 1}.xml"]
        else:
            return self.send(article("A page"))
        entries = "".join(f"<sitemap><loc>{self.hostile.url}{target}</loc></sitemap>" for target in targets)
        body = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
        self.send(body.encode(), content_type="application/xml")

    def _urlset(self, count: int) -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        base = self.hostile.url.encode()
        for start in range(0, count, 10_000):
            yield b"".join(
                b"<url><loc>%s/p/%d</loc></url>" % (base, n) for n in range(start, min(start + 10_000, count))
            )
        yield b"</urlset>"

    def mode_huge_sitemap(self, path: str) -> None:
        """A sitemap of ``entries`` URLs (2.2 million: about 100 MB), streamed."""
        if path == "/robots.txt":
            return self.robots("Sitemap: /sitemap.xml\n")
        if path == "/sitemap.xml":
            return self.stream(self._urlset(self.hostile.options.get("entries", 2_200_000)), "application/xml")
        self.send(article(f"Page {path}"))

    def mode_gz_sitemap(self, path: str) -> None:
        """A .xml.gz sitemap served without Content-Encoding that inflates past 50 MB."""
        if path == "/robots.txt":
            return self.robots("Sitemap: /sitemap.xml.gz\n")
        if path == "/sitemap.xml.gz":
            hostile = self.hostile
            if "gz" not in hostile.options:
                hostile.options["gz"] = gzip.compress(b"".join(self._urlset(1_100_000)), compresslevel=6)
            return self.send(hostile.options["gz"], content_type="application/octet-stream")
        self.send(article(f"Page {path}"))

    def mode_big_feed(self, path: str) -> None:
        """The home page declares a 20 MB RSS feed whose entries carry whole articles as HTML."""
        if path == "/robots.txt":
            return self.robots()
        if path == "/feed.xml":
            html = "<![CDATA[<p>" + "Some <b>bold</b> text with <a href='/x'>links</a>. " * 150 + "</p>]]>"
            items = (
                f"<item><title>Item {n}</title><link>{self.hostile.url}/p/{n}</link>"
                f"<content:encoded>{html}</content:encoded></item>".encode()
                for n in range(self.hostile.options.get("entries", 2600))
            )
            head = b'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>f</title>'
            return self.stream(iter([head, *items, b"</channel></rss>"]), "application/rss+xml")
        head = '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        self.send(article("Home", head) if path == "/" else article(f"Page {path}"))

    def mode_many_links(self, path: str) -> None:
        """A home page with 100,000 links."""
        if path == "/robots.txt":
            return self.robots()
        if path == "/":
            links = "".join(
                f'<a href="/p/{n}">story {n}</a> ' for n in range(self.hostile.options.get("links", 100_000))
            )
            return self.send(page("Home", links))
        self.send(article(f"Page {path}"))

    def mode_link_bombs(self, path: str) -> None:
        """A home page linking four stories, each with a paragraph of 100,000 links after its text,
        and one plain story."""
        if path == "/robots.txt":
            return self.robots()
        if path == "/":
            return self.send(page("Home", "".join(f'<a href="/p/{n}">story {n}</a> ' for n in range(5))))
        links = "".join(f'<a href="/p/x{n}">more</a> ' for n in range(self.hostile.options.get("links", 100_000)))
        self.send(article(f"Page {path}", extra="" if path == "/p/4" else f"<p>{links}</p>"))

    def mode_endless(self, path: str) -> None:
        """HTML, a sitemap and a feed whose bodies never end (chunked)."""
        if path == "/robots.txt":
            return self.robots("Sitemap: /sitemap.xml\n")

        def forever(start: bytes, repeat: bytes) -> Iterator[bytes]:
            yield start
            while True:
                yield repeat * 64

        if path == "/sitemap.xml":
            url = f"<url><loc>{self.hostile.url}/p/1</loc></url>".encode()
            return self.stream(forever(b'<?xml version="1.0"?><urlset>', url * 100), "application/xml")
        if path == "/feed.xml":
            item = f"<item><link>{self.hostile.url}/p/2</link></item>".encode()
            return self.stream(
                forever(b'<?xml version="1.0"?><rss version="2.0"><channel>', item * 100), "application/rss+xml"
            )
        head = b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>'
        self.stream(forever(head, b"<p>" + ARTICLE_TEXT.encode() + b"</p>"))

    def mode_huge_page(self, path: str) -> None:
        """A 900 MB page with its Content-Length."""
        if path == "/robots.txt":
            return self.robots()
        size = self.hostile.options.get("size", 900_000_000)
        chunk = b"<p>" + ARTICLE_TEXT.encode()[:1000] + b"</p>\n"
        chunks = (chunk for _ in range(size // len(chunk)))
        self.stream(chunks, "text/html", length=(size // len(chunk)) * len(chunk))

    def mode_silent(self, path: str) -> None:
        """Accepts the connection and never answers."""
        time.sleep(self.hostile.options.get("seconds", 30))

    def mode_slow(self, path: str) -> None:
        """Answers with a byte a second, for as long as it is let."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        for _ in range(self.hostile.options.get("seconds", 30)):
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(1)

    def mode_too_many_requests(self, path: str) -> None:
        """A sitemap of 200 pages, every one of them answered 429 with Retry-After: 3600."""
        if path == "/robots.txt":
            return self.robots("Sitemap: /sitemap.xml\n")
        if path == "/sitemap.xml":
            entries = "".join(f"<url><loc>{self.hostile.url}/p/{n}</loc></url>" for n in range(200))
            return self.send(f"<urlset>{entries}</urlset>".encode(), content_type="application/xml")
        self.send(page("Busy"), status=429, Retry_After="3600")

    def mode_hotlink_refused(self, path: str) -> None:
        """Three articles served, each with twenty images every one of which is answered 403 (a
        site refusing hotlinked images)."""
        if path == "/robots.txt":
            return self.robots()
        if path.startswith("/img/"):
            return self.send(b"no hotlinking", status=403, content_type="text/plain")
        images = "".join(f'<img src="/img/{path.strip("/") or "home"}-{n}.png" alt="">' for n in range(20))
        links = "".join(f'<a href="/p/{n}">story {n}</a> ' for n in range(3))
        self.send(article(f"Page {path}", extra=images + (links if path == "/" else "")))

    def mode_retry_after(self, path: str) -> None:
        """Each page is answered 429 with Retry-After: 2 the first time, then served."""
        if path == "/robots.txt":
            return self.robots()
        hostile = self.hostile
        if sum(seen.path == path for seen in hostile.requests) == 1:
            return self.send(page("Busy"), status=429, Retry_After="2")
        links = "".join(f'<a href="/p/{n}">story {n}</a> ' for n in range(3))
        self.send(article(f"Page {path}", extra=links if path == "/" else ""))

    def mode_crawl_delay(self, path: str) -> None:
        """robots.txt asks for Crawl-delay: 3; the home page links to a few articles."""
        if path == "/robots.txt":
            return self.robots("Crawl-delay: 3\n")
        links = "".join(f'<a href="/p/{n}">story {n}</a> ' for n in range(4))
        self.send(article(f"Page {path}", extra=links if path == "/" else ""))

    def mode_off_port(self, path: str) -> None:
        """Links to the same address on another port (``options["other"]``), and a cookie."""
        if path == "/robots.txt":
            return self.robots()
        other = self.hostile.options.get("other", "")
        links = f'<a href="{other}/secret/page">another port</a> <a href="/p/1">story</a>'
        body = article("Home", extra=links) if path == "/" else article(f"Page {path}")
        self.send(body, Set_Cookie="session=s3cret; Path=/")

    def mode_password(self, path: str) -> None:
        """Every page wants HTTP Basic credentials (user:pass)."""
        if self.headers.get("Authorization") != "Basic dXNlcjpwYXNz":
            return self.send(page("Who?"), status=401, WWW_Authenticate='Basic realm="news"')
        if path == "/robots.txt":
            return self.robots()
        links = '<a href="/p/1">story</a>'
        self.send(article(f"Page {path}", extra=links if path == "/" else ""))

    def mode_nul(self, path: str) -> None:
        """An HTML article with a NUL byte in its first kilobyte, linking to a second article."""
        if path == "/robots.txt":
            return self.robots()
        if path == "/":
            return self.send(page("Home", '<a href="/news/2025/03/01/council-plans-river-parks.html">story</a>'))
        body = article(
            "Council plans river parks", extra='<a href="/news/2025/03/02/parks-open-in-spring.html">next</a>'
        )
        self.send(body.replace(b"<body>", b"<body>\x00", 1))

    def mode_broken(self, path: str) -> None:
        """A redirect to itself, a chain of redirects that never ends, a page behind a cookie
        check (a redirect that sets a cookie and sends back), redirects to another scheme and to
        no URL, a connection closed without an answer, a body that is not the gzip its
        Content-Encoding says, and an ordinary article."""
        if path == "/robots.txt":
            return self.robots()
        if path == "/":
            links = "".join(
                f'<a href="{target}">{target}</a> '
                for target in ("/loop", "/chain/1", "/walled", "/ftp", "/nowhere", "/reset", "/gzip", "/p/1")
            )
            return self.send(page("Home", links))
        if path == "/loop":
            return self.send(b"", status=302, Location="/loop")
        if path.startswith("/chain/"):
            return self.send(b"", status=302, Location=f"/chain/{int(path.rsplit('/', 1)[1]) + 1}")
        if path == "/walled":
            if "seen=1" in self.headers.get("Cookie", ""):
                return self.send(article("Behind the cookie check"))
            return self.send(b"", status=302, Location="/cookie-check")
        if path == "/cookie-check":
            return self.send(b"", status=302, Location="/walled", Set_Cookie="seen=1; Path=/")
        if path == "/ftp":
            return self.send(b"", status=302, Location="ftp://files.example/story.txt")
        if path == "/nowhere":
            return self.send(b"", status=301, Location="http://[::1")
        if path == "/reset":
            self.close_connection = True
            return None
        if path == "/gzip":
            return self.send(article("Not gzip"), Content_Encoding="gzip")
        self.send(article(f"Story {path}"))

    def mode_plain(self, path: str) -> None:
        """An ordinary small site: a home page linking to ``pages`` articles."""
        if path == "/robots.txt":
            return self.robots()
        if path == "/":
            links = "".join(f'<a href="/p/{n}">story {n}</a> ' for n in range(self.hostile.options.get("pages", 5)))
            return self.send(page("Home", links))
        self.send(article(f"Story {path}"))


@dataclass
class Finished:
    """A command's exit code, output, wall time and peak memory (all its processes)."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_measured(command: list[str], *, timeout: float = 180, **popen: Any) -> Finished:
    """Run ``command``; sample the summed RSS of it and every process under it every 0.1 s."""
    import subprocess
    import tempfile

    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, **popen)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            if time.monotonic() - started > timeout:
                process.kill()
                process.wait()
                break
            time.sleep(0.1)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return Finished(process.returncode, stdout, stderr, seconds, peak / 1e6)


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and its descendants, from /proc."""
    import os

    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page_size = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * page_size
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total
