"""The ``Request.meta`` keys the archiver's components share, each defined once.

Scrapy lists its own special meta keys (``dont_redirect``, ``download_slot``, ...) in one place;
these are the archiver's, all prefixed ``archiver_``. A component reads and writes only the keys
listed here, through these names. Who sets each key and who reads it is in its docstring.
``docs/settings.md`` lists them for users.
"""

from __future__ import annotations

DEPTH = "archiver_depth"
"""int: the link depth of a page request: 0 for a start page and for sitemap and feed entries,
one more for each link followed. Set by the spider, which follows links up to ``--depth``."""

START = "archiver_start"
"""bool: the request of a start URL. Set by the spider; counted in ``archiver/start/ok`` and
``archiver/start/failed``, which decide whether a crawl reached its site."""

LISTED = "archiver_listed"
"""str, ISO 8601: the date a sitemap or feed gave the URL (``lastmod``, ``updated``). Set by the
spider; the crawl state keeps it, and an article listed with a newer date is due again."""

GUESSED = "archiver_guessed"
"""bool: a request for a file a site need not have (``/sitemap.xml`` when robots.txt names no
sitemap). Set by the spider; a 404 answer to it is no HTTP error in the health report."""

FETCHED_AT = "archiver_fetched_at"
"""str, ``YYYY-MM-DDTHH:MM:SSZ``: when the response arrived (replay: its ``WARC-Date``). Set by
the WARC recorder (and the replay middleware); the article record's ``fetched_at``."""

WARC = "archiver_warc"
"""``Future[RecordLocation]``: the WARC record that holds the page's payload, once written (for
a revisit, the record it revisits). Set by the WARC recorder (replay: the archived record); the
article record's ``warc`` pointer."""

WARC_RECORD = "archiver_warc_record"
"""``Future[RecordLocation]``: the record written for this exchange (a response or a revisit).
Set by the WARC recorder; the incremental middleware stores the fetch in the crawl state once
the record is written."""

WARC_DATE = "archiver_warc_date"
"""str: the ``WARC-Date`` of that record. Set by the WARC recorder; the crawl state keeps it with
the payload's pointer."""

REVISIT = "archiver_revisit"
"""str: the revisit profile the exchange was recorded with (``server-not-modified`` or
``identical-payload-digest``), absent for a full response record. Set by the WARC recorder."""

REVISIT_OF = "archiver_revisit_of"
"""``(str, WarcPointer)``: the target URI and record a revisit points at. Set by the WARC
recorder; the crawl state keeps the pointer as the page's payload."""

KNOWN_PAYLOAD = "archiver_known_payload"
"""``(str, WarcPointer)``: the archived payload of a page asked for conditionally
(``If-None-Match``, ``If-Modified-Since``). Set by the incremental middleware; a ``304`` answer is
recorded as a revisit of it and handed to the spider as that archived page."""

KNOWN_STATUS = "archiver_known_status"
"""int: the status of that archived response, which a ``304`` stands for. Set and read by the
incremental middleware."""

UNCONDITIONAL = "archiver_unconditional"
"""bool: ask without validators. Set by the incremental middleware when the archived copy of a
page it asked for conditionally cannot be read back."""

MAX_SIZE = "archiver_max_size"
"""int: the most bytes of this response's body the crawl keeps (as received, and inflated); the
rest is not downloaded and the body is archived cut short. Set by the spider for sitemaps and
feeds (``ARCHIVER_DISCOVERY_MAX_SIZE``); without it, ``ARCHIVER_PAGE_MAX_SIZE``. Read by
:mod:`archiver.crawl.limits` and :mod:`archiver.crawl.httpcompression`."""

SITEMAP_DEPTH = "archiver_sitemap_depth"
"""int: how deep a sitemap sits in sitemap indexes: 0 for one named by robots.txt (or guessed),
one more for each index above it. Set by the spider, which reads none deeper than
``ARCHIVER_SITEMAP_MAX_DEPTH``."""

PAUSES = "archiver_pauses"
"""int: how many times this request found its site pausing it for a ``Retry-After``. Set and read
by the politeness middleware, which asks again twice at most."""

REPLAYED = "archiver_replayed"
"""``ArchivedRecord``: the capture a replayed response came from. Set and read by the replay
middleware, which points ``WARC`` and ``FETCHED_AT`` at it."""

REQUISITE = "archiver_requisite"
"""str: what a page requisite request fetches: ``stylesheet``, ``file`` (images, scripts, fonts,
icons), ``frame`` (an ``<iframe>`` document) or ``document`` (a PDF or DOC an article links to).
Set by the spider (:mod:`archiver.crawl.requisites`), which reads a stylesheet's imports and a
frame's own requisites and counts a failed requisite in ``archiver/requisites/*``, never as an
error of its page; the health extension leaves requisite responses out of the page shares."""

REQUISITE_OF = "archiver_requisite_of"
"""str: the URL of the page (or stylesheet, or frame) that needs the requisite. Set by the
spider; named when a requisite fails."""

REQUISITE_LEVEL = "archiver_requisite_level"
"""int: 1 for a page's own requisite, one more for each stylesheet import or frame on the way
(a font of a stylesheet a page links is 2). Set by the spider, which goes no deeper than
``MAX_REQUISITE_LEVEL``."""

ALL = (
    DEPTH, START, LISTED, GUESSED, FETCHED_AT, WARC, WARC_RECORD, WARC_DATE, REVISIT, REVISIT_OF,
    KNOWN_PAYLOAD, KNOWN_STATUS, UNCONDITIONAL, MAX_SIZE, SITEMAP_DEPTH, PAUSES, REPLAYED,
    REQUISITE, REQUISITE_OF, REQUISITE_LEVEL,
)  # fmt: skip
