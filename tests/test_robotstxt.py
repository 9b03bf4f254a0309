"""Every request that waits for its host's robots.txt obeys it (Scrapy 2.13+ let all but one through)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from conftest import archiver_crawler

# Five requests reach the middleware before robots.txt is in; then it arrives. Run in a process
# of its own, on Scrapy's asyncio reactor, as in a crawl. Prints each URL's outcome.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from types import SimpleNamespace
    from scrapy.utils.reactor import install_reactor
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred, DeferredList
    from scrapy.http import Request, TextResponse
    from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
    from scrapy.utils.misc import load_object
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True})
    middleware = load_object(sys.argv[1]).from_crawler(crawler)
    download = Deferred()

    async def download_async(request):
        return await maybe_deferred_to_future(download)

    crawler.engine = SimpleNamespace(download_async=download_async)
    urls = [f"http://news.example/private/{n}" for n in range(4)] + ["http://news.example/public"]
    outcomes = {}

    def run():
        waits = []
        for url in urls:
            waiting = deferred_from_coro(middleware.process_request(Request(url)))
            waiting.addCallbacks(
                lambda _, url=url: outcomes.__setitem__(url, "allowed"),
                lambda failure, url=url: outcomes.__setitem__(url, failure.type.__name__),
            )
            waits.append(waiting)
        body = b"User-agent: *\\nDisallow: /private/\\n"
        reactor.callLater(0.1, download.callback, TextResponse("http://news.example/robots.txt", body=body))
        DeferredList(waits).addBoth(lambda _: reactor.stop())

    reactor.callWhenRunning(run)
    reactor.run()
    print(json.dumps(outcomes))
    """
)


def outcomes(middleware: str) -> dict[str, str]:
    result = subprocess.run([sys.executable, "-c", SCRIPT, middleware], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_request_waiting_for_robots_txt_obeys_it():
    found = outcomes("archiver.crawl.robotstxt.RobotsTxtMiddleware")
    assert found == {
        **{f"http://news.example/private/{n}": "IgnoreRequest" for n in range(4)},
        "http://news.example/public": "allowed",
    }


def test_scrapys_own_still_lets_waiting_requests_through():
    # When this fails, Scrapy has fixed it: archiver/crawl/robotstxt.py can go.
    found = outcomes("scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware")
    assert list(found.values()).count("allowed") > 1


@pytest.mark.parametrize("name", ["RobotsTxtMiddleware"])
def test_the_add_on_uses_it_instead_of_scrapys(name):
    from archiver.crawl.robotstxt import RobotsTxtMiddleware

    middlewares = archiver_crawler().settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares[RobotsTxtMiddleware] == 100
    assert not [
        key
        for key, order in middlewares.items()
        if getattr(key, "__module__", "").startswith("scrapy.") and key.__name__ == name and order is not None
    ]
