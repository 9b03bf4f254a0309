"""The HTTP server of the bundled news site, and the routing that answers each path.

:func:`respond` (path in, :class:`Response` out) is plain logic; :func:`start_server` runs a
``ThreadingHTTPServer`` (HTTP/1.1, keep-alive) on a background thread.

HTTP details, deterministic so that a WARC archiver can be tested against them:

- ``Content-Encoding: gzip`` (with ``Vary: Accept-Encoding``) on HTML, XML, feeds and CSS when
  the request's ``Accept-Encoding`` allows gzip; never on robots.txt, the 404 page, the PDF or
  the PNG. Gzip output has mtime 0, so the same request gives the same bytes.
- ``Transfer-Encoding: chunked`` (no ``Content-Length``, 4 KiB chunks) for every site article
  whose number is divisible by 3 (this includes the seed article, number 0) and for both feeds,
  when the request is HTTP/1.1. Everything else has a ``Content-Length``.
- Two ``Set-Cookie`` headers on the home page ``/``.
- ``X-Served-By: café``, sent as the latin-1 byte 0xE9, on ``/`` and ``/about/``.
- ``/old/<slug>`` answers ``301`` with a relative ``Location`` to the article with that slug
  (the home page links one); ``/section/<s>/page/1/`` redirects to ``/section/<s>/`` likewise.
- ``/news/2019/removed-story.html`` (linked from the home and about pages) and any other
  unknown path answer ``404`` with an HTML page.
- Wire copies (``NewsSite(wire_every=n)``): ``/wire/<slug>/`` serves a syndicated copy of an
  article, the same story but for one sentence, with its own byline and no canonical link to
  the original, answered like any article (validators; chunked when its number divides by 3);
  ``/wire/`` and ``/wire/page/<n>/`` list them. Without wire copies ``/wire/`` is a 404.
- Site articles carry ``Last-Modified`` (the article's ``modified`` time) and a strong ``ETag``
  of the body (suffixed ``-gzip`` for the gzip representation). Mounted pages, sitemaps and
  feeds carry an ETag only, and so do the stylesheets and the script (so a re-run's conditional
  request for them gets a ``304``, and its request for an image an unchanged body); HTML listings
  and the home page carry neither.
- Conditional requests: ``If-None-Match`` matching the ETag sent (``*`` too), or else
  ``If-Modified-Since`` not older than ``Last-Modified``, answer ``304 Not Modified`` with the
  validators and no body.
- The clock (``start_server(..., clock=True)``, ``archiver serve-site --clock``):
  ``POST /_clock/advance?publish=N&edit=M&minutes=K`` calls :meth:`NewsSite.advance` and answers
  its :class:`ClockStep` as JSON. Without ``clock`` every POST answers 405.
- Mounted ``.html.gz`` pages are sent byte for byte as saved with ``Content-Encoding: gzip``
  when the client accepts gzip, decompressed otherwise; ``Content-Type: text/html`` without a
  charset, because their encoding is whatever the page used.
- ``POST`` (the comment forms) answers ``405``; ``HEAD`` is supported everywhere.
- Latency (``start_server(..., latency=0.2)``, ``archiver serve-site --latency 0.2``): every
  answer waits that many seconds first, as a distant or busy site would (benchmarks of
  I/O-bound crawls). :attr:`RunningServer.peak_concurrency` is the most requests the server was
  answering at once (politeness tests).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from archiver.site import feeds, templates
from archiver.site.content import (
    PAGE_SIZE,
    REAL_PAGE_SIZE,
    Article,
    NewsSite,
    RealPage,
    page_count,
)

HTML = "text/html; charset=utf-8"
CHUNK_SIZE = 4096
_LISTING = re.compile(r"^/(section|author|tag)/([a-z0-9-]+)/(?:page/(\d+)/)?$")
_REAL_LISTING = re.compile(r"^/real/page/(\d+)/$")
_WIRE_LISTING = re.compile(r"^/wire/(?:page/(\d+)/)?$")
_MONTH_SITEMAP = re.compile(r"^/sitemaps/articles-(\d{4}-\d{2})\.xml$")
_OLD = re.compile(r"^/old/([a-z0-9-]+)/?$")
_HOST = re.compile(r"^[A-Za-z0-9.\-\[\]:]+$")
_STATIC = {
    "/media/logo.png": ("logo.png", "image/png"),
    "/media/annual-report.pdf": ("annual-report.pdf", "application/pdf"),
    "/static/site.css": ("site.css", "text/css; charset=utf-8"),
    "/wp-content/themes/aranews/style.css": ("wp-style.css", "text/css; charset=utf-8"),
    # page requisites: what the pages need to render (see templates.py)
    "/static/type.css": ("type.css", "text/css; charset=utf-8"),
    "/static/fonts/meridian-ornaments.woff2": ("meridian-ornaments.woff2", "font/woff2"),
    "/static/site.js": ("site.js", "text/javascript; charset=utf-8"),
    "/media/masthead.png": ("masthead.png", "image/png"),
    "/media/photo-480.png": ("photo-480.png", "image/png"),
    "/media/photo-960.png": ("photo-960.png", "image/png"),
    "/media/lazy-photo.png": ("lazy-photo.png", "image/png"),
    "/media/map.png": ("map.png", "image/png"),
    # the "CDN" of the site's photos: the same server unless NewsSite(cdn=...) names another
    "/cdn/images/wire-photo.png": ("wire-photo.png", "image/png"),
    # forbidden by robots.txt (/private/): a requisite a polite crawl never fetches
    "/private/newsroom.png": ("logo.png", "image/png"),
}
_XML_DOCUMENTS = {
    "/sitemap.xml": feeds.sitemap_index,
    "/news-sitemap.xml": feeds.news_sitemap,
    "/sitemaps/pages.xml": feeds.pages_sitemap,
}


@dataclass(frozen=True)
class Response:
    """One answer: status, headers (without length/encoding framing) and the identity body.

    ``gzip_body`` is the body to send to a client that accepts gzip (None: never compress);
    ``chunked`` asks for ``Transfer-Encoding: chunked`` on HTTP/1.1.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzip_body: bytes | None = None
    chunked: bool = False
    etag: str | None = None


def _compressible(
    status: int,
    content_type: str,
    body: bytes,
    headers: tuple[tuple[str, str], ...] = (),
    *,
    chunked: bool = False,
    etag: bool = False,
) -> Response:
    tag = f'"{hashlib.sha1(body).hexdigest()[:20]}"' if etag else None
    all_headers = (("Content-Type", content_type), ("Vary", "Accept-Encoding"), *headers)
    return Response(status, all_headers, body, gzip.compress(body, compresslevel=6, mtime=0), chunked, tag)


def _plain(status: int, content_type: str, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    return Response(status, (("Content-Type", content_type), *headers), body)


def _redirect(location: str) -> Response:
    body = f'<html><body>Moved to <a href="{location}">{location}</a></body></html>\n'.encode()
    return _plain(301, HTML, body, (("Location", location),))


def _static_file(name: str) -> bytes:
    return resources.files("archiver.site").joinpath(f"data/{name}").read_bytes()


def respond(site: NewsSite, path: str, base: str) -> Response:
    """The answer to ``GET path`` (query string already removed) for a client that used ``base``."""
    if path == "/":
        cookies = (
            ("Set-Cookie", "session=meridian-0001; Path=/; HttpOnly"),
            ("Set-Cookie", "consent=pending; Path=/; Max-Age=31536000; SameSite=Lax"),
            ("X-Served-By", "café"),
        )
        return _compressible(200, HTML, templates.render_home(site, base).encode(), cookies)
    if path == "/about/":
        return _compressible(200, HTML, templates.render_about(site, base).encode(), (("X-Served-By", "café"),))
    article = site.article_at(path)
    if article is not None:
        return _article_response(site, article, base)
    cjk_page = site.cjk_page_at(path)
    if cjk_page is not None:
        return _compressible(200, HTML, _static_file(f"fixtures/{cjk_page.file}"), etag=True)
    real_page = site.real_page_at(path)
    if real_page is not None:
        return _real_page_response(real_page)
    if path == "/robots.txt":
        return _plain(200, "text/plain; charset=utf-8", feeds.robots_txt(site, base).encode())
    if path in _XML_DOCUMENTS:
        return _compressible(200, "application/xml", _XML_DOCUMENTS[path](site, base).encode(), etag=True)
    if path == "/feed/rss.xml":
        return _compressible(
            200,
            "application/rss+xml; charset=utf-8",
            feeds.rss_feed(site, base).encode(),
            chunked=True,
            etag=True,
        )
    if path == "/feed/atom.xml":
        return _compressible(
            200,
            "application/atom+xml; charset=utf-8",
            feeds.atom_feed(site, base).encode(),
            chunked=True,
            etag=True,
        )
    if path == templates.NEWSROOM_MAP:
        return _compressible(200, HTML, templates.render_newsroom_map().encode())
    if path in _STATIC:
        name, content_type = _STATIC[path]
        if content_type.startswith("text/"):
            return _compressible(200, content_type, _static_file(name), etag=True)
        return _plain(200, content_type, _static_file(name))
    if match := _MONTH_SITEMAP.match(path):
        document = feeds.month_sitemap(site, base, match[1])
        if document is not None:
            return _compressible(200, "application/xml", document.encode(), etag=True)
    if path == "/sitemap-real.xml" and (document := feeds.real_sitemap(site, base)) is not None:
        return _compressible(200, "application/xml", document.encode(), etag=True)
    if match := _OLD.match(path):
        target = site.article_by_slug(match[1])
        if target is not None:
            return _redirect(target.path)
    if match := _LISTING.match(path):
        listing = _listing_response(site, base, match[1], match[2], match[3])
        if listing is not None:
            return listing
    if (match := _WIRE_LISTING.match(path)) and site.wire_copies:
        listing = _listing_response(site, base, "wire", "", match[1])
        if listing is not None:
            return listing
    if (match := _REAL_LISTING.match(path)) and site.real_pages:
        page, pages = int(match[1]), page_count(len(site.real_pages), REAL_PAGE_SIZE)
        if 1 <= page <= pages:
            shown = site.real_pages[(page - 1) * REAL_PAGE_SIZE : page * REAL_PAGE_SIZE]
            return _compressible(200, HTML, templates.render_real_listing(site, base, shown, page, pages).encode())
    return _plain(404, HTML, templates.render_not_found(site, base, path).encode())


def _article_response(site: NewsSite, article: Article, base: str) -> Response:
    headers = (("Last-Modified", format_datetime(article.modified, usegmt=True)), ("Cache-Control", "max-age=60"))
    body = templates.render_article(site, article, base).encode()
    return _compressible(200, HTML, body, headers, chunked=article.number % 3 == 0, etag=True)


def _real_page_response(page: RealPage) -> Response:
    try:
        body, gzip_body, etag = _saved_page(page.file, page.gzipped)
    except (OSError, EOFError) as error:  # a file that went missing, a .html.gz that is not gzip
        message = f"cannot serve {page.file}: {error}"
        print(f"archiver serve-site: {message}", file=sys.stderr)
        return Response(500, (("Content-Type", "text/plain; charset=utf-8"),), (message + "\n").encode())
    return Response(200, (("Content-Type", "text/html"), ("Vary", "Accept-Encoding")), body, gzip_body, etag=etag)


@lru_cache(maxsize=256)
def _saved_page(file: Path, gzipped: bool) -> tuple[bytes, bytes, str]:
    """A saved page's body, gzip body and ETag, read once per file: ``--mount-repeat`` serves
    each file under many paths, more than the server's cache of responses by path holds."""
    raw = file.read_bytes()
    # Saved pages go out exactly as saved: the gzip file itself is the gzip representation.
    body, gzip_body = (gzip.decompress(raw), raw) if gzipped else (raw, gzip.compress(raw, mtime=0))
    return body, gzip_body, f'"{hashlib.sha1(body).hexdigest()[:20]}"'


def _listing_response(site: NewsSite, base: str, kind: str, slug: str, page_text: str | None) -> Response | None:
    page = int(page_text or 1)
    base_path = f"/{kind}/{slug}/" if slug else f"/{kind}/"
    if kind == "wire":
        articles = [copy.article for copy in site.wire_copies]
        heading, intro = "From the wire", "Stories from our partner agencies, as they sent them."
    elif kind == "section":
        label = next((s.label for s in site.sections if s.slug == slug), None)
        articles = site.section_articles(slug)
        heading, intro = label or "", f"The latest {label} news." if label else ""
    elif kind == "author":
        author = site.author(slug)
        articles = site.author_articles(slug)
        heading, intro = (author.name, f"Articles by {author.name}.") if author else ("", "")
    else:
        articles = site.tag_articles(slug)
        heading, intro = f"Topic: {slug}", f"Everything we published about {slug}."
    if not heading or not articles:
        return None
    pages = page_count(len(articles), PAGE_SIZE)
    if page_text == "1":
        return _redirect(base_path)
    if not 1 <= page <= pages:
        return None
    shown = articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    html = templates.render_listing(site, base, heading, intro, shown, base_path, page, pages)
    return _compressible(200, HTML, html.encode())


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (``gzip;q=0`` does not)."""
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        if name.strip() in ("gzip", "x-gzip", "*"):
            quality = params.strip().removeprefix("q=")
            return quality.strip("0.") != "" or not params.strip()
    return False


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], site: NewsSite, clock: bool = False, latency: float = 0.0) -> None:
        super().__init__(address, _SiteRequestHandler)
        self.site = site
        self.clock = clock
        self.clock_lock = threading.Lock()
        self.latency = latency
        self.count_lock = threading.Lock()
        self.in_flight = 0
        self.peak_in_flight = 0
        # Pages are pure functions of (path, base, clock step), so a bounded cache makes repeat
        # fetches cheap.
        cached = lru_cache(maxsize=2048)(lambda path, base, step: respond(site, path, base))
        self.respond = lambda path, base: cached(path, base, site.step)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-response is normal for crawlers; anything else is a bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _SiteRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MeridianNews/1.0"
    disable_nagle_algorithm = True  # headers and body are two writes; don't wait for an ACK between them
    timeout = 60
    server: _SiteHTTPServer

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would drown benchmark output

    def do_GET(self) -> None:
        with self._counted():
            self._answer(send_body=True)

    def do_HEAD(self) -> None:
        with self._counted():
            self._answer(send_body=False)

    @contextmanager
    def _counted(self) -> Iterator[None]:
        """Count the request as being answered (and wait the server's latency first)."""
        server = self.server
        with server.count_lock:
            server.in_flight += 1
            server.peak_in_flight = max(server.peak_in_flight, server.in_flight)
        self._counting = True
        try:
            if server.latency:
                time.sleep(server.latency)
            yield
        finally:
            self._uncount()

    _counting = False

    def _uncount(self) -> None:
        """The request stops counting as in flight: called just before its last bytes go out, as
        the client may send its next request the moment they arrive, before this thread runs
        again (on a busy machine, a count taken after the write saw one request too many)."""
        if self._counting:
            self._counting = False
            with self.server.count_lock:
                self.server.in_flight -= 1

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)  # drain the form so the connection can be reused
        parts = urlsplit(self.path)
        if self.server.clock and parts.path == "/_clock/advance":
            self._advance_clock(parse_qs(parts.query))
            return
        body = b"Comments are closed.\n"
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _advance_clock(self, query: dict[str, list[str]]) -> None:
        try:
            numbers = {
                name: int(query.get(name, [default])[0])
                for name, default in (("publish", "0"), ("edit", "0"), ("minutes", "60"))
            }
            with self.server.clock_lock:
                step = self.server.site.advance(**numbers)
            status, answer = (
                200,
                {
                    "step": step.step,
                    "now": step.now.isoformat(),
                    "published": list(step.published),
                    "edited": list(step.edited),
                },
            )
        except ValueError as error:
            status, answer = 400, {"error": str(error)}
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _not_modified(self, response: Response, etag: str | None) -> bool:
        if response.status != 200:
            return False
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
            return etag is not None and ("*" in tags or etag in tags)
        last_modified = dict(response.headers).get("Last-Modified")
        if_modified_since = self.headers.get("If-Modified-Since")
        if not last_modified or not if_modified_since:
            return False
        try:
            return parsedate_to_datetime(if_modified_since) >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False

    def _base(self) -> str:
        host = self.headers.get("Host", "")
        if not _HOST.match(host):
            host = f"{self.server.server_address[0]!s}:{self.server.server_address[1]}"
        return f"http://{host}"

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path or "/"
        response: Response = self.server.respond(path, self._base())
        use_gzip = response.gzip_body is not None and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        body = response.gzip_body if use_gzip and response.gzip_body is not None else response.body
        chunked = response.chunked and self.request_version == "HTTP/1.1"
        etag = None
        if response.etag:
            etag = response.etag[:-1] + '-gzip"' if use_gzip else response.etag
        if self._not_modified(response, etag):
            self.send_response(304)
            if etag:
                self.send_header("ETag", etag)
            for name, value in response.headers:
                if name in ("Last-Modified", "Cache-Control", "Vary"):
                    self.send_header(name, value)
            self._uncount()
            self.end_headers()
            return
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if etag:
            self.send_header("ETag", etag)
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        if not send_body:
            self._uncount()
            self.end_headers()
            return
        self.end_headers()
        if chunked:
            body = (
                b"".join(
                    b"%x\r\n%s\r\n" % (len(body[i : i + CHUNK_SIZE]), body[i : i + CHUNK_SIZE])
                    for i in range(0, len(body), CHUNK_SIZE)
                )
                + b"0\r\n\r\n"
            )
        self._uncount()
        self.wfile.write(body)


class RunningServer:
    """A news site served on a background thread; ``url`` is ``http://host:port`` (no slash)."""

    def __init__(
        self, site: NewsSite, host: str = "127.0.0.1", port: int = 0, clock: bool = False, latency: float = 0.0
    ) -> None:
        self.site = site
        self._httpd = _SiteHTTPServer((host, port), site, clock, latency)
        address = self._httpd.server_address
        self.host: str = str(address[0])
        self.port: int = int(address[1])
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="news-site", daemon=True)
        self._thread.start()

    @property
    def peak_concurrency(self) -> int:
        """The most GET and HEAD requests the server was answering at one time."""
        return self._httpd.peak_in_flight

    def stop(self) -> None:
        """Stop accepting requests and close the listening socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def start_server(
    site: NewsSite, host: str = "127.0.0.1", port: int = 0, clock: bool = False, latency: float = 0.0
) -> RunningServer:
    """Serve ``site`` on ``host:port`` (0: any free port) in a background thread.

    ``clock`` enables ``POST /_clock/advance``; ``latency`` delays every answer by that many
    seconds (see the module docstring).

    Raises :class:`OSError` when the address cannot be bound.
    """
    return RunningServer(site, host, port, clock, latency)
