"""Scrapy's redirect middleware, with a redirect loop failing its request instead of vanishing.

Scrapy follows a redirect back to a URL of its own chain (``/a`` to ``/a``, or ``/a`` to ``/b``
to ``/a``) and its scheduler then drops the new request as a duplicate, without a word: the page
is lost and no count shows it. Here such a redirect fails the request as :class:`RedirectLoop`,
unless the response that redirects sets a cookie: a cookie check sends a browser back to the
page it asked for, and the page then answers (the request goes again, past the duplicate
filter; a loop that sets a cookie every time ends at Scrapy's ``REDIRECT_MAX_TIMES``). A chain
longer than that fails as :class:`TooManyRedirects`, where Scrapy only says "max redirections
reached" at debug level. A redirect to a place that cannot be fetched fails as
:class:`UnfollowedRedirect`, in words: to another scheme (``ftp:``, ``data:``, ``mailto:``), where
Scrapy hands on the 3xx response for an "HTTP 302" error, or to a URL that is no URL
(``http://[::1``, ``javascript:...``), where Scrapy's ``ValueError`` named neither. The spider
counts all three among the crawl's errors. Every response of a chain is archived before this
middleware sees it: the WARC recorder sits closer to the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urldefrag

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirectMiddleware
from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response

_SCRAPY_TOO_MANY = "max redirections reached"


class RedirectFailure(IgnoreRequest):
    """A redirect that fails its request: an error of the crawl, unlike the other ways Scrapy
    ignores a request (robots.txt, off-site)."""


class RedirectLoop(RedirectFailure):
    """A redirect back to a URL the request's redirect chain already went through."""


class TooManyRedirects(RedirectFailure):
    """A redirect chain longer than ``REDIRECT_MAX_TIMES``."""


class UnfollowedRedirect(RedirectFailure):
    """A redirect to a URL that is not fetched: another scheme than http and https, or no URL."""


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RedirectMiddleware(ScrapyRedirectMiddleware):
    """:class:`~scrapy.downloadermiddlewares.redirect.RedirectMiddleware` that fails a redirect
    loop (:class:`RedirectLoop`), a chain that runs too long (:class:`TooManyRedirects`) and a
    redirect it cannot follow (:class:`UnfollowedRedirect`)."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        try:
            result = super().process_response(request, response)
        except IgnoreRequest as error:
            if type(error) is IgnoreRequest and str(error) == _SCRAPY_TOO_MANY:
                raise TooManyRedirects(f"more than {self.max_redirect_times} redirects") from None
            raise
        except ValueError as error:  # "Missing scheme in request url", "Invalid IPv6 URL"
            raise UnfollowedRedirect(f"a redirect to no URL: {_location(response)} ({error})") from None
        if result is response and response.status in _REDIRECTS and self._redirects(request, response):
            raise UnfollowedRedirect(f"a redirect to another scheme than http and https: {_location(response)}")
        if isinstance(result, Request) and result is not request and _loops_back(result, request):
            if not response.headers.get("Set-Cookie"):
                raise RedirectLoop(f"a redirect loop: {response.status} back to {result.url}")
            result.dont_filter = True  # a cookie check: the page is asked for again, with the cookie
        return result

    def _redirects(self, request: Request, response: Response) -> bool:
        """Whether Scrapy would follow ``response``'s redirect for ``request``: it has a
        ``Location`` and neither the request nor the spider asks for the 3xx response itself."""
        return (
            b"Location" in response.headers
            and not request.meta.get("dont_redirect", False)
            and not request.meta.get("handle_httpstatus_all", False)
            and response.status not in request.meta.get("handle_httpstatus_list", ())
            and response.status not in getattr(self.crawler.spider, "handle_httpstatus_list", ())
        )


def _location(response: Response) -> str:
    return (response.headers.get(b"Location") or b"").decode("latin-1")[:200]


def _loops_back(redirected: Request, request: Request) -> bool:
    """Whether ``redirected`` goes back to a URL of ``request``'s redirect chain (fragments aside)."""
    chain = {urldefrag(url).url for url in (*request.meta.get("redirect_urls", ()), request.url)}
    return urldefrag(redirected.url).url in chain
