"""The search of the archive browser: ranked full-text search with filters, counts and facets,
as SQL over the article database (:mod:`archiver.datasets.database`).

Pure logic, no Scrapy. The same SQL makes the search page and its JSON and CSV (Datasette's
canned query ``search``), so they always agree. The query words are quoted for FTS5 by
``escape_fts`` (Datasette's function: words must all occur; ``"a phrase"`` in double quotes
stays a phrase); results are ranked by BM25 with the title weighing more than the text
(``articles_fts``' ``rank``), and without words the newest articles by published date come first.

Titles and snippets come out as HTML built here (:func:`html_marked`): the text escaped, the
matched words in ``<mark>``. The highlighting marks are two private-use characters that FTS5
puts around the matches before the escaping, so that a page's own ``<mark>`` (or ``<script>``)
can never pass for markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from markupsafe import escape

PAGE_SIZE = 20
MAX_PAGE_SIZE = 1000
SNIPPET_WORDS = 32
FACET_VALUES = 12
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
FACETS = ("site", "published_month", "language", "author", "crawl")

# One filter a parameter; an empty parameter filters nothing. They read the narrow rows of
# article_facets (f), never the articles with their text.
_FILTERS = """
    (:site = '' OR f.site = :site)
    AND (:language = '' OR f.language = :language)
    AND (:crawl = '' OR f.crawl_id = :crawl)
    AND (:since = '' OR f.published_date >= :since)
    AND (:until = '' OR f.published_date <= :until)
    AND (:author = '' OR f.id IN (SELECT id FROM article_authors WHERE author = :author))
"""

# Words that quote to nothing (a lone '"') match nothing rather than fail: FTS5 refuses ''.
# (trim(:q), a built-in, is worked out once a query; escape_fts, a Python function, once a row.)
_MATCH = "coalesce(nullif(escape_fts(:q), ''), '\"\"')"
_FACET_COLUMNS = "f.site, f.language, f.crawl_id, f.published_month, f.authors"
_COLUMNS = "a.id, a.url, a.site, a.published, a.language, a.authors, a.crawl_id, a.versions, a.word_count"
_LIMIT = f"""
    LIMIT min(max(coalesce(cast(nullif(:size, '') AS integer), {PAGE_SIZE}), 1), {MAX_PAGE_SIZE})
    OFFSET (max(coalesce(cast(nullif(:page, '') AS integer), 1), 1) - 1)
           * min(max(coalesce(cast(nullif(:size, '') AS integer), {PAGE_SIZE}), 1), {MAX_PAGE_SIZE})
"""

# Either branch runs, never both: with words, the matches in rank order (ORDER BY rank is left
# to FTS5, so that snippets are made for the rows shown only); without, the newest articles.
SEARCH_SQL = f"""
SELECT * FROM (
  SELECT {_COLUMNS},
    html_marked(highlight(articles_fts, 0, char(57344), char(57345))) AS title_html,
    html_marked(snippet(articles_fts, 1, char(57344), char(57345), '…', {SNIPPET_WORDS})) AS snippet_html,
    articles_fts.rank AS score
  FROM articles_fts JOIN article_facets f ON f.id = articles_fts.rowid JOIN articles a ON a.id = f.id
  WHERE trim(:q) != '' AND articles_fts MATCH {_MATCH} AND {_FILTERS}
  ORDER BY articles_fts.rank {_LIMIT}
)
UNION ALL
SELECT * FROM (
  SELECT {_COLUMNS},
    html_marked(a.title) AS title_html,
    html_marked(substr(a.text, 1, 240) || CASE WHEN length(a.text) > 240 THEN '…' ELSE '' END) AS snippet_html,
    NULL AS score
  FROM article_facets f JOIN articles a ON a.id = f.id
  WHERE trim(:q) = '' AND {_FILTERS}
  ORDER BY f.published_date DESC, f.id DESC {_LIMIT}
)
"""

# The total and the facet counts of the same search, in one pass over the matches.
FACETS_SQL = f"""
WITH hits AS MATERIALIZED (
  SELECT {_FACET_COLUMNS} FROM articles_fts JOIN article_facets f ON f.id = articles_fts.rowid
  WHERE trim(:q) != '' AND articles_fts MATCH {_MATCH} AND {_FILTERS}
  UNION ALL
  SELECT {_FACET_COLUMNS} FROM article_facets f WHERE trim(:q) = '' AND {_FILTERS}
)
SELECT 'total' AS facet, NULL AS value, count(*) AS n FROM hits
UNION ALL SELECT * FROM (SELECT 'site', site, count(*) AS n FROM hits GROUP BY site ORDER BY n DESC, site
                         LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'published_month', published_month, count(*) AS n FROM hits
                         WHERE published_month IS NOT NULL GROUP BY published_month ORDER BY published_month DESC
                         LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'language', language, count(*) AS n FROM hits WHERE language IS NOT NULL
                         GROUP BY language ORDER BY n DESC, language LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'author', json_each.value, count(*) AS n FROM hits, json_each(hits.authors)
                         GROUP BY json_each.value ORDER BY n DESC, json_each.value LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'crawl', crawl_id, count(*) AS n FROM hits WHERE crawl_id IS NOT NULL
                         GROUP BY crawl_id ORDER BY crawl_id DESC LIMIT {FACET_VALUES})
"""


# The same counts for all articles (no words, no filter), from the indexes of article_facets
# and article_authors rather than from every row.
ALL_FACETS_SQL = f"""
SELECT 'total' AS facet, NULL AS value, count(*) AS n FROM article_facets
UNION ALL SELECT * FROM (SELECT 'site', site, count(*) AS n FROM article_facets GROUP BY site
                         ORDER BY n DESC, site LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'published_month', published_month, count(*) AS n FROM article_facets
                         WHERE published_month IS NOT NULL GROUP BY published_month ORDER BY published_month DESC
                         LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'language', language, count(*) AS n FROM article_facets WHERE language IS NOT NULL
                         GROUP BY language ORDER BY n DESC, language LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'author', author, count(*) AS n FROM article_authors
                         GROUP BY author ORDER BY n DESC, author LIMIT {FACET_VALUES})
UNION ALL SELECT * FROM (SELECT 'crawl', crawl_id, count(*) AS n FROM article_facets WHERE crawl_id IS NOT NULL
                         GROUP BY crawl_id ORDER BY crawl_id DESC LIMIT {FACET_VALUES})
"""


@dataclass(frozen=True)
class SearchQuery:
    """A search as the page's form and the JSON/CSV links give it: words and filters (empty:
    no filter), the page number and size. Unknown or malformed values become empty."""

    q: str = ""
    site: str = ""
    language: str = ""
    author: str = ""
    crawl: str = ""
    since: str = ""
    until: str = ""
    page: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SearchQuery:
        """The query of a request's arguments; dates that are not ``YYYY-MM-DD`` are dropped."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = (args.get(field.name) or "").strip()
            if field.name in ("page", "size"):
                values[field.name] = int(raw) if raw.isdigit() and int(raw) > 0 else field.default
            elif field.name in ("since", "until"):
                values[field.name] = raw if _is_date(raw) else ""
            else:
                values[field.name] = raw
        values["size"] = min(values["size"], MAX_PAGE_SIZE)
        return cls(**values)

    def params(self) -> dict[str, str]:
        """The named parameters of :data:`SEARCH_SQL` and :data:`FACETS_SQL`."""
        return {field.name: str(getattr(self, field.name) or "") for field in fields(self)}

    def args(self, **changes: Any) -> dict[str, str]:
        """The non-empty arguments of this query with ``changes``, for a link (page 1 and the
        default size left out)."""
        values = {field.name: getattr(self, field.name) for field in fields(self)} | changes
        return {
            name: str(value)
            for name, value in values.items()
            if value not in ("", None)
            and not (name == "page" and value == 1)
            and not (name == "size" and value == PAGE_SIZE)
        }

    @property
    def filtered(self) -> bool:
        """Whether any filter (not the words) is set."""
        return any((self.site, self.language, self.author, self.crawl, self.since, self.until))

    def facets_sql(self) -> str:
        """The SQL of this search's total and facet counts: :data:`ALL_FACETS_SQL` for all
        articles, else :data:`FACETS_SQL` (with :meth:`params`)."""
        return FACETS_SQL if self.q.strip() or self.filtered else ALL_FACETS_SQL


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def html_marked(text: str | None) -> str:
    """``text`` as HTML: escaped, with FTS5's match marks (:data:`MARK_OPEN`, :data:`MARK_CLOSE`)
    turned into ``<mark>`` elements. Registered as an SQL function of the same name."""
    if text is None:
        return ""
    return str(escape(text)).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


FacetCounts = tuple[int, dict[str, list[tuple[str, int]]]]


def facet_counts(rows: list[tuple[str, str | None, int]]) -> FacetCounts:
    """The total and, per facet of :data:`FACETS`, its (value, count) pairs from the rows of
    :data:`FACETS_SQL`."""
    total = 0
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for facet, value, count in rows:
        if facet == "total":
            total = count
        elif value is not None:
            facets[facet].append((value, count))
    return total, facets
