"""Which known pages a re-run fetches again: the rule of incremental crawls. No Scrapy.

- a URL never fetched, or fetched but never stored as an article (home, sections, listings,
  sitemaps, feeds, robots.txt, media, error pages, and a page whose record a crash lost):
  every run;
- an article already stored: only when a sitemap or feed dates it (``lastmod``, ``updated``,
  ``news:publication_date``) after the newest date known for it (the date its listing gave last
  time, or its ``Last-Modified``), or when it was last fetched more than
  ``ARCHIVER_RECHECK_MAX_AGE`` ago (0, the default: never on age alone).
"""

from __future__ import annotations

from datetime import datetime

from archiver.state.model import PageState, parse_iso


def is_due(page: PageState | None, *, listed: datetime | None, now: datetime, max_age: float) -> bool:
    """Whether a URL should be fetched in this run (the rules are in the module docstring)."""
    if page is None or page.version == 0:
        return True
    known = page.known_date()
    if listed is not None and (known is None or listed > known):
        return True
    last = parse_iso(page.last_fetched)
    return bool(max_age) and (last is None or (now - last).total_seconds() >= max_age)
