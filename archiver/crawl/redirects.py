"""Scrapy's redirect middleware, with a redirect loop failing its request instead of vanishing.

Scrapy follows a redirect back to a URL of its own chain (``/a`` to ``/a``, or ``/a`` to ``/b``
to ``/a``) and its scheduler then drops the new request as a duplicate, without a word: the page
is lost and no count shows it. Here such a redirect fails the request as :class:`RedirectLoop`,
unless the response that redirects sets a cookie: a cookie check sends a browser back to the
page it asked for, and the page then answers (the request goes again, past the duplicate
filter; a loop that sets a cookie every time ends at Scrapy's ``REDIRECT_MAX_TIMES``). A chain
longer than that fails as :class:`TooManyRedirects`, where Scrapy only says "max redirections
reached" at debug level. The spider counts both among the crawl's errors. Every response of a
chain is archived before this middleware sees it: the WARC recorder sits closer to the network.
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


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL the request's redirect chain already went through."""


class TooManyRedirects(IgnoreRequest):
    """A redirect chain longer than ``REDIRECT_MAX_TIMES``."""


class RedirectMiddleware(ScrapyRedirectMiddleware):
    """:class:`~scrapy.downloadermiddlewares.redirect.RedirectMiddleware` that fails a redirect
    loop (:class:`RedirectLoop`) and a chain that runs too long (:class:`TooManyRedirects`)."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        try:
            result = super().process_response(request, response)
        except IgnoreRequest as error:
            if type(error) is IgnoreRequest and str(error) == _SCRAPY_TOO_MANY:
                raise TooManyRedirects(f"more than {self.max_redirect_times} redirects") from None
            raise
        if isinstance(result, Request) and result is not request and _loops_back(result, request):
            if not response.headers.get("Set-Cookie"):
                raise RedirectLoop(f"a redirect loop: {response.status} back to {result.url}")
            result.dont_filter = True  # a cookie check: the page is asked for again, with the cookie
        return result


def _loops_back(redirected: Request, request: Request) -> bool:
    """Whether ``redirected`` goes back to a URL of ``request``'s redirect chain (fragments aside)."""
    chain = {urldefrag(url).url for url in (*request.meta.get("redirect_urls", ()), request.url)}
    return urldefrag(redirected.url).url in chain
