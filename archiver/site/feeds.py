"""Machine-readable pages of the bundled news site: robots.txt, sitemaps, RSS and Atom.

Every function takes the model and ``base`` (``http://host:port`` as the client addressed the
server, because sitemaps and feeds must hold absolute URLs) and returns the document as str.

- ``/robots.txt``: ``Disallow: /private/`` and two ``Sitemap:`` lines (index and news sitemap).
- ``/sitemap.xml``: a sitemap index with ``<lastmod>``: ``/sitemaps/pages.xml`` (home, sections,
  about), one ``/sitemaps/articles-YYYY-MM.xml`` per month, and ``/sitemap-real.xml`` when
  real pages are mounted. Across them every article path, wire copies included, appears exactly once.
- ``/news-sitemap.xml``: Google News sitemap of the articles published in the two days
  before ``site.now``, with ``news:publication_date``.
- ``/feed/rss.xml`` (RSS 2.0) and ``/feed/atom.xml`` (Atom 1.0): the 20 most recent articles
  (never a wire copy; the Google News sitemap does not list them either).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from archiver.site.content import SITE_NAME, Article, NewsSite

FEED_SIZE = 20
NEWS_SITEMAP_WINDOW = timedelta(days=2)
_REAL_LASTMOD = "2019-12-01"  # when the mounted benchmark pages were saved


def robots_txt(site: NewsSite, base: str) -> str:
    """robots.txt: everything allowed except /private/, plus the two sitemaps."""
    return (
        "# robots.txt for " + SITE_NAME + "\n"
        "User-agent: *\n"
        "Disallow: /private/\n"
        "Disallow: /search/\n"
        "Allow: /\n"
        "\n"
        f"Sitemap: {base}/sitemap.xml\n"
        f"Sitemap: {base}/news-sitemap.xml\n"
    )


def _w3c(moment: datetime) -> str:
    return moment.isoformat()


def sitemap_index(site: NewsSite, base: str) -> str:
    """The sitemap index at /sitemap.xml."""
    entries = [(f"{base}/sitemaps/pages.xml", _w3c(site.now))]
    for month in site.months():
        latest = max(a.modified for a in site.articles_in_month(month))
        entries.append((f"{base}/sitemaps/articles-{month}.xml", _w3c(latest)))
    if site.real_pages:
        entries.append((f"{base}/sitemap-real.xml", _REAL_LASTMOD))
    body = "".join(
        f"<sitemap><loc>{escape(loc)}</loc><lastmod>{lastmod}</lastmod></sitemap>\n" for loc, lastmod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</sitemapindex>\n"
    )


def _urlset(urls: Iterable[tuple[str, str]]) -> str:
    body = "".join(f"<url><loc>{escape(loc)}</loc><lastmod>{lastmod}</lastmod></url>\n" for loc, lastmod in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n"
    )


def pages_sitemap(site: NewsSite, base: str) -> str:
    """/sitemaps/pages.xml: home, section front pages and the about page (no articles)."""
    paths = ["/", *(f"/section/{s.slug}/" for s in site.sections), "/about/"]
    return _urlset((base + path, _w3c(site.now)) for path in paths)


def month_sitemap(site: NewsSite, base: str, month: str) -> str | None:
    """/sitemaps/articles-YYYY-MM.xml, or None for a month without articles."""
    articles = site.articles_in_month(month)
    if not articles:
        return None
    return _urlset((base + a.path, _w3c(a.modified)) for a in articles)


def real_sitemap(site: NewsSite, base: str) -> str | None:
    """/sitemap-real.xml listing every mounted page, or None when nothing is mounted."""
    if not site.real_pages:
        return None
    return _urlset((base + page.path, _REAL_LASTMOD) for page in site.real_pages)


def news_articles(site: NewsSite) -> list[Article]:
    """The articles a Google News sitemap lists: published within two days of ``site.now``."""
    return [a for a in site.articles if site.now - a.published <= NEWS_SITEMAP_WINDOW]


def news_sitemap(site: NewsSite, base: str) -> str:
    """/news-sitemap.xml in the Google News sitemap format."""
    entries = "".join(
        f"<url><loc>{escape(base + a.path)}</loc><news:news><news:publication>"
        f"<news:name>{escape(a.site_name)}</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{_w3c(a.published)}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>\n"
        for a in news_articles(site)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + entries + "</urlset>\n"
    )


def rss_feed(site: NewsSite, base: str) -> str:
    """/feed/rss.xml: RSS 2.0 with the most recent articles."""
    items = []
    for a in site.recent(FEED_SIZE):
        categories = "".join(f"<category>{escape(tag)}</category>" for tag in (a.section, *a.tags))
        creators = "".join(f"<dc:creator>{escape(author.name)}</dc:creator>" for author in a.authors)
        items.append(
            f"<item><title>{escape(a.title)}</title><link>{escape(base + a.path)}</link>"
            f'<guid isPermaLink="true">{escape(base + a.path)}</guid>'
            f"<pubDate>{format_datetime(a.published)}</pubDate>{creators}{categories}"
            f"<description>{escape(site.summary(a))}</description></item>\n"
        )
    last_build = format_datetime(site.articles[0].modified if site.articles else site.now)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel><title>{SITE_NAME}</title><link>{base}/</link>"
        f'<atom:link href="{base}/feed/rss.xml" rel="self" type="application/rss+xml"/>'
        f"<description>News from around the world</description><language>en</language>"
        f"<lastBuildDate>{last_build}</lastBuildDate>\n" + "".join(items) + "</channel>\n</rss>\n"
    )


def atom_feed(site: NewsSite, base: str) -> str:
    """/feed/atom.xml: Atom 1.0 with the most recent articles."""
    entries = []
    for a in site.recent(FEED_SIZE):
        authors = "".join(f"<author><name>{escape(author.name)}</name></author>" for author in a.authors)
        entries.append(
            f"<entry><title>{escape(a.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(base + a.path)}"/>'
            f"<id>{escape(base + a.path)}</id><published>{_w3c(a.published)}</published>"
            f"<updated>{_w3c(a.modified)}</updated>{authors}"
            f"<summary>{escape(site.summary(a))}</summary></entry>\n"
        )
    updated = max((a.modified for a in site.recent(FEED_SIZE)), default=site.now)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{SITE_NAME}</title><id>{base}/</id><updated>{_w3c(updated)}</updated>"
        f'<link rel="self" href="{base}/feed/atom.xml"/><link rel="alternate" type="text/html" href="{base}/"/>\n'
        + "".join(entries)
        + "</feed>\n"
    )
