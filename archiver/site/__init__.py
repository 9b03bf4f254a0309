"""The bundled local news site that the demo, the tests and the benchmarks crawl.

``NewsSite`` (content.py) is the deterministic model, ``start_server`` (server.py) serves it::

    from archiver.site import NewsSite, start_server

    with start_server(NewsSite(articles=60, seed=1)) as server:
        print(server.url)  # http://127.0.0.1:<port>

URL map (see server.py for the HTTP details the archiver is tested against):

- ``/`` home, ``/about/``; listings ``/section/<s>/``, ``/author/<a>/``, ``/tag/<t>/``,
  each paginated as ``.../page/<n>/``; ``/real/page/<n>/`` when real pages are mounted.
- Articles: ``/news/<section>/<slug>-<n>.html`` (JSON-LD template),
  ``/<section>/<yyyy>/<mon>/<dd>/<slug>`` (microdata), ``/<yyyy>/<mm>/<dd>/<slug>/`` (no metadata),
  the seed article ``/files/2015/02/deadly-rifts-hit-isis-ranks-in-syria/`` (WordPress),
  mounted pages ``/real/<stem>/`` and ``/real/<k>/<stem>/``.
- With ``NewsSite(wire_every=n)``: wire copies ``/wire/<slug>/`` of every n-th article, each the
  original but for one sentence, with no canonical link back (planted near-duplicates),
  listed at ``/wire/`` (linked from the home page) and in the monthly sitemaps, not the feeds.
- Disallowed by robots.txt: ``/private/internal-memo-newsroom-restructuring/``.
- ``/old/<slug>`` 301 redirects; ``/news/2019/removed-story.html`` is a broken link (404).
- ``/robots.txt``, ``/sitemap.xml`` (index), ``/sitemaps/pages.xml``,
  ``/sitemaps/articles-<yyyy-mm>.xml``, ``/sitemap-real.xml``, ``/news-sitemap.xml``,
  ``/feed/rss.xml``, ``/feed/atom.xml``.
- ``POST /_clock/advance?publish=N&edit=M`` when served with ``clock=True`` (tests, ``--clock``).
- ``/media/annual-report.pdf``, ``/media/logo.png``, ``/static/site.css``,
  ``/wp-content/themes/aranews/style.css``; the pages' other requisites under ``/static/``,
  ``/media/`` and ``/cdn/`` (see templates.py), and the about page's frame ``/embed/newsroom-map/``.
"""

from __future__ import annotations

from archiver.site.content import (
    Article,
    Author,
    ClockStep,
    NewsSite,
    RealPage,
    WireCopy,
)
from archiver.site.server import RunningServer, start_server

__all__ = ["Article", "Author", "ClockStep", "NewsSite", "RealPage", "RunningServer", "WireCopy", "start_server"]
