"""Why a page gives no record: a small fixed vocabulary, so that reasons can be counted.

Pure logic, no Scrapy. Extraction gives one of these for every page it makes no record of
(:attr:`archiver.extraction.page.Extraction.reason`); ``archiver extract --report`` writes them,
and a crawl counts them (``archiver/pages/no_record/<reason>``) in its summary and health
report, adding the reasons of its own (a second URL of an article, the article limit, an
unchanged article). What exactly tipped the verdict (a detection feature, a media type, an
exception's name) goes into the extraction's ``evidence``, which is not counted.
"""

from __future__ import annotations

NOT_HTML = "not html"  # not an HTML content type, binary bytes, too large (bytes, texts), or no HTML tree
EMPTY = "empty"  # no bytes, or no main text found
ERROR = "error"  # extraction failed on the page (the exception's name is the evidence)
NOT_ARTICLE = "not article"

# What a page that is not an article is, from the evidence against it (see
# ``archiver.extraction.detection.FEATURE_KINDS``): a listing (home, section, tag, author and
# pagination pages, lists of teasers), a product or shop page, a forum or Q&A thread,
# documentation, a company's service page, a page with too little text to be a story, or
# "other" when no kind of evidence stands out.
PAGE_KINDS = ("listing", "product", "forum", "documentation", "service", "short text", "other")

# Reasons a crawl adds for pages whose extraction gave a record that it does not keep.
DUPLICATE = "duplicate"  # the same article (canonical URL) was recorded from another URL
OVER_LIMIT = "over article limit"  # past --max-articles
UNCHANGED = "unchanged"  # an incremental crawl found the article as its stored version

REASONS = (
    NOT_HTML,
    EMPTY,
    ERROR,
    *(f"{NOT_ARTICLE}: {kind}" for kind in PAGE_KINDS),
    DUPLICATE,
    OVER_LIMIT,
    UNCHANGED,
)


def not_article(kind: str) -> str:
    """The reason for a page that is not an article, of one of the ``PAGE_KINDS``.

    Raises ``ValueError`` for any other kind: the vocabulary stays fixed."""
    if kind not in PAGE_KINDS:
        raise ValueError(f"not a page kind: {kind!r}")
    return f"{NOT_ARTICLE}: {kind}"
