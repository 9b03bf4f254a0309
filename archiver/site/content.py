"""The bundled news site's content model: which pages exist and what they say.

In: a seed, an article count, a reference time ``now`` and optionally a folder of real saved
pages and a wire-copy spacing. Out: a :class:`NewsSite` whose articles, wire copies, authors,
sections, tags and mounted pages are plain data, the same for the same arguments on every
machine.

Every date is derived from the single ``now`` reference (article *n* is published about
*n* × 157 minutes before it), so a later clock can move ``now`` forward to publish new articles
and edit old ones without changing how the model is built. Article bodies are not stored: they
are regenerated on demand from the article's own random stream (:meth:`NewsSite.body_blocks`),
which keeps a 10,000-article model cheap to build.

The clock: :meth:`NewsSite.advance` moves ``now`` forward, publishes new articles and edits old
ones (an edited article gets ``revision`` + 1, an update paragraph, ``modified`` = the new
``now``, hence a new ETag and Last-Modified). Which articles it edits is drawn from the seed and
the step number, so the same calls give the same site everywhere.

Wire copies (``NewsSite(wire_every=n)``, off by default; ``archiver serve-site`` and
``archiver demo`` plant every 12th): every generated article whose number is divisible by *n*
also appears as a syndicated copy at ``/wire/<slug>/`` (see :class:`WireCopy`): same title,
byline "Staff and wire reports", the ``wire`` template, no canonical link back, and the same
body but for one sentence, which gains a wire attribution.
They are the near-duplicates that ``archiver export`` must merge. Copies are made when the
site is built and never change: the clock neither copies new articles nor edits copies.

Articles in Chinese, Japanese and Korean (``NewsSite(cjk=True)``, off by default; ``archiver
serve-site`` and ``archiver demo`` serve them): handmade pages (``data/fixtures/``, see
:data:`CJK_PAGES`) served as saved, listed in the month sitemaps only, each marked up in its own
way, one of them with no structured data at all. Text measures that count space-separated words
would take them for short pages.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from archiver.exceptions import InputError

SITE_NAME = "The Meridian Courier"
DEFAULT_NOW = datetime(2025, 3, 31, 12, 0, tzinfo=UTC)
PAGE_SIZE = 20
REAL_PAGE_SIZE = 50

# Templates of the site's own articles; each marks up metadata differently (see templates.py).
ARTICLE_TEMPLATES = ("jsonld", "microdata", "plain")
SEED_TEMPLATE = "wordpress"
WIRE_TEMPLATE = "wire"

SEED_PATH = "/files/2015/02/deadly-rifts-hit-isis-ranks-in-syria/"
SEED_PUBLISHED = datetime(2015, 2, 16, 14, 32, tzinfo=UTC)
PRIVATE_PATH = "/private/internal-memo-newsroom-restructuring/"

WIRE_EVERY = 12  # the spacing the tests use: 3 copies on a 40-article site
WIRE_BYLINE_NAME = "Staff and wire reports"
WIRE_ATTRIBUTION = ", according to wire reports."
WIRE_DELAY = timedelta(minutes=45)  # agencies' copies go up after the original

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True, slots=True)
class Author:
    """A byline: display name and the slug of the author page ``/author/<slug>/``."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article page of the site itself (not a mounted real page).

    ``number`` is 1 for the newest generated article and grows into the past; the seed article
    is number 0 and the private page -1. ``modified`` equals ``published`` unless the article
    was updated later.
    """

    number: int
    path: str
    slug: str
    title: str
    authors: tuple[Author, ...]
    published: datetime
    modified: datetime
    section: str
    tags: tuple[str, ...]
    template: str
    site_name: str = SITE_NAME
    revision: int = 0


@dataclass(frozen=True, slots=True)
class RealPage:
    """A saved real page from the ``mount`` folder, served unchanged at ``path``.

    ``copy`` is 1 for ``/real/<stem>/`` and k for the k-th repeat ``/real/<k>/<stem>/``.
    """

    path: str
    stem: str
    file: Path
    gzipped: bool
    copy: int


@dataclass(frozen=True, slots=True)
class WireCopy:
    """A syndicated copy of a site article, a planted near-duplicate.

    ``article`` is the copy as a page: the original's number, title, section and tags, path
    ``/wire/<slug>/``, template ``wire``, byline "Staff and wire reports", published
    :data:`WIRE_DELAY` after the original's first version. Its body is the original's first
    version with ``sentence`` (block ``block`` of :meth:`NewsSite.body_blocks`) replaced by
    ``changed``.
    """

    original: Article
    article: Article
    block: int
    sentence: str
    changed: str

    @property
    def path(self) -> str:
        """Where the copy is served."""
        return self.article.path


@dataclass(frozen=True, slots=True)
class CjkPage:
    """A handmade article in Chinese, Japanese or Korean, served as saved (``data/fixtures/<file>``)
    at ``path``, with what a reader sees on it: ``title``, ``author`` (None: the page names its
    reporter in no way extraction reads), the day it was ``published``, its ``language``."""

    path: str
    file: str
    language: str
    title: str
    author: str | None
    published: datetime


CJK_PAGES = (
    CjkPage(
        "/intl/zh/2025/03/28/library-night-reading/",
        "zh-library-night-reading.html",
        "zh",
        "市图书馆开放夜间阅览室 读者可读到午夜",
        "林晓雯",
        datetime(2025, 3, 28, 1, 15, tzinfo=UTC),
    ),
    CjkPage(
        "/intl/ja/articles/20250327-0412.html",
        "ja-park-cherry-blossoms.html",
        "ja",
        "市立公園の桜並木、今年も見頃に 週末は混雑の見込み",
        "佐藤 健太",
        datetime(2025, 3, 26, 21, 30, tzinfo=UTC),
    ),
    CjkPage(
        "/intl/ko/news/article/1042/",
        "ko-harbour-ferry.html",
        "ko",
        "항구 연안 여객선 새 노선 개통…섬 주민 이동 시간 절반으로",
        "김민준",
        datetime(2025, 3, 26, 5, 5, tzinfo=UTC),
    ),
)


@dataclass(frozen=True, slots=True)
class Section:
    """A site section with its listing ``/section/<slug>/``."""

    slug: str
    label: str


@dataclass(frozen=True)
class ClockStep:
    """What one :meth:`NewsSite.advance` did: the new ``now``, and the paths published and edited."""

    step: int
    now: datetime
    published: tuple[str, ...]
    edited: tuple[str, ...]


@dataclass
class _Indexes:
    by_path: dict[str, Article] = field(default_factory=dict)
    by_slug: dict[str, Article] = field(default_factory=dict)
    by_section: dict[str, list[Article]] = field(default_factory=dict)
    by_author: dict[str, list[Article]] = field(default_factory=dict)
    by_tag: dict[str, list[Article]] = field(default_factory=dict)
    by_month: dict[str, list[Article]] = field(default_factory=dict)


@cache
def word_bank() -> dict:  # type: ignore[type-arg]
    """The phrase bank (``data/wordbank.json``) that titles and body text are built from."""
    text = resources.files("archiver.site").joinpath("data/wordbank.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def seed_blocks() -> tuple[tuple[str, str], ...]:
    """The seed article's title and body as ``(tag, text)`` blocks, from package data.

    The first block is ``("h1", title)``; short lines without punctuation ("Internal Conflict")
    are sub-headings (``"h2"``), everything else, credit lines included, is a paragraph (``"p"``).
    """
    text = resources.files("archiver.site").joinpath("data/ara-news-deadly-rifts.txt").read_text("utf-8")
    chunks = [chunk.strip() for chunk in text.split("\n\n") if chunk.strip()]
    blocks: list[tuple[str, str]] = [("h1", chunks[0])]
    for chunk in chunks[1:]:
        is_heading = len(chunk) < 40 and not any(mark in chunk for mark in ".:,”\"'")
        blocks.append(("h2" if is_heading else "p", chunk))
    return tuple(blocks)


def slugify(text: str, max_words: int = 10) -> str:
    """``"Lawmakers back the draft budget"`` -> ``"lawmakers-back-the-draft-budget"``."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:max_words])


def captcha_for(article_number: int) -> tuple[str, int]:
    """The comment form's arithmetic question for an article, as (number word, digit).

    The seed article (number 0) asks "four × 5 =", like the page it was taken from.
    """
    if article_number == 0:
        return "four", 5
    rng = random.Random(article_number * 7919)
    return NUMBER_WORDS[rng.randint(1, 9)], rng.randint(1, 9)


class NewsSite:
    """A deterministic news site: ``articles`` generated articles plus the seed article.

    ``wire_every`` (0: none) plants a wire copy of every generated article whose number it
    divides (:attr:`wire_copies`, see :class:`WireCopy`). ``mount`` is a folder of ``*.html`` /
    ``*.html.gz`` real pages, each served ``mount_repeat`` times. ``cdn`` (``http://host:port``)
    is where article pages say their wire photo lives, a second host that serves the same site
    (default: the site's own ``/cdn/`` path). Raises :class:`ValueError`
    for a negative count and
    :class:`~archiver.exceptions.InputError` for a mount folder that is missing or holds no page.
    """

    def __init__(
        self,
        articles: int = 60,
        seed: int = 1,
        mount: str | Path | None = None,
        mount_repeat: int = 1,
        now: datetime = DEFAULT_NOW,
        wire_every: int = 0,
        cjk: bool = False,
        cdn: str = "",
    ) -> None:
        if articles < 0:
            raise ValueError(f"articles must be 0 or more, not {articles}")
        if wire_every < 0:
            raise ValueError(f"wire_every must be 0 or more, not {wire_every}")
        if mount_repeat < 1:
            raise ValueError(f"mount_repeat must be 1 or more, not {mount_repeat}")
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.seed = seed
        self.now = now
        self.cdn = cdn.rstrip("/")
        bank = word_bank()
        self.sections = [Section(slug, spec["label"]) for slug, spec in bank["sections"].items()]
        self.authors = _make_authors(seed, bank)
        self.seed_author = Author("Sarbaz Yusuf", "sarbaz-yusuf")
        self._index = _Indexes()
        self.step = 0
        self._next_number = articles + 1
        generated = [self._make_article(number) for number in range(1, articles + 1)]
        self.seed_article = Article(
            number=0,
            path=SEED_PATH,
            slug="deadly-rifts-hit-isis-ranks-in-syria",
            title=seed_blocks()[0][1],
            authors=(self.seed_author,),
            published=SEED_PUBLISHED,
            modified=SEED_PUBLISHED + timedelta(hours=3, minutes=11),
            section="world",
            tags=("syria", "kurds"),
            template=SEED_TEMPLATE,
            site_name="ARA News",
        )
        # Newest first; the seed article is the oldest of all (2015).
        self.articles: list[Article] = sorted([*generated, self.seed_article], key=lambda a: a.published, reverse=True)
        for article in self.articles:
            self._add_to_indexes(article)
        self.private_article = Article(
            number=-1,
            path=PRIVATE_PATH,
            slug="internal-memo-newsroom-restructuring",
            title="Internal memo: the newsroom restructuring plan",
            authors=(self.authors[0],),
            published=now - timedelta(days=1),
            modified=now - timedelta(days=1),
            section="politics",
            tags=(),
            template="jsonld",
        )
        self.real_pages = _find_real_pages(Path(mount), mount_repeat) if mount is not None else []
        self._real_by_path = {page.path: page for page in self.real_pages}
        originals = sorted((a for a in generated if wire_every and a.number % wire_every == 0), key=lambda a: a.number)
        # Newest first, like every other list of the site.
        self.wire_copies: list[WireCopy] = [self._make_wire_copy(a) for a in originals]
        self._wire_by_path = {copy.path: copy for copy in self.wire_copies}
        self._add_wire_copies_to_indexes()
        self.cjk_pages: list[CjkPage] = list(CJK_PAGES) if cjk else []
        self._cjk_by_path = {page.path: page for page in self.cjk_pages}
        self._add_cjk_pages_to_indexes()

    # -- building -------------------------------------------------------------------------

    def advance(self, publish: int = 0, edit: int = 0, minutes: int = 60) -> ClockStep:
        """Move the clock ``minutes`` forward, edit ``edit`` existing articles, publish ``publish`` new ones.

        Edited articles are drawn (seeded by the site seed and the step number) from the
        generated articles that exist before this step; new articles are dated within the step,
        newest last. Raises ValueError for negative numbers or more edits than articles.
        """
        if publish < 0 or edit < 0 or minutes < 1:
            raise ValueError("publish and edit must be 0 or more, minutes 1 or more")
        candidates = sorted((a for a in self.articles if a.number > 0), key=lambda a: a.number)
        if edit > len(candidates):
            raise ValueError(f"cannot edit {edit} articles: the site has {len(candidates)}")
        self.step += 1
        self.now = self.now + timedelta(minutes=minutes)
        rng = random.Random(self.seed * 7_919 + self.step)
        edited = {
            a.number: replace(a, modified=self.now, revision=a.revision + 1) for a in rng.sample(candidates, edit)
        }
        new = []
        for index in range(publish):
            published = self.now - timedelta(minutes=(publish - 1 - index) * minutes / max(publish, 1))
            new.append(self._make_article(self._next_number, published=published.replace(microsecond=0)))
            self._next_number += 1
        articles = [edited.get(a.number, a) if a.number > 0 else a for a in self.articles] + new
        self.articles = sorted(articles, key=lambda a: a.published, reverse=True)
        indexes = _Indexes()
        indexes.by_slug.update(self._index.by_slug)
        self._index = indexes
        for article in self.articles:
            self._add_to_indexes(article)
        self._add_wire_copies_to_indexes()
        self._add_cjk_pages_to_indexes()
        return ClockStep(self.step, self.now, tuple(a.path for a in new), tuple(a.path for a in edited.values()))

    def _make_article(self, number: int, published: datetime | None = None) -> Article:
        rng = random.Random(self.seed * 1_000_003 + number)
        bank = word_bank()
        section = rng.choice(self.sections).slug
        spec = bank["sections"][section]
        subject, verb = rng.choice(spec["title_subjects"]), rng.choice(bank["title_verbs"])
        title = f"{subject} {verb} {rng.choice(spec['title_objects'])}"
        if rng.random() < 0.4:
            title += f" in {rng.choice(bank['places'])}"
        published = published or self.now - timedelta(minutes=number * 157 + rng.randrange(150))
        modified = published
        if rng.random() < 0.25 and number < self._next_number:
            modified = min(published + timedelta(hours=rng.randint(1, 30), minutes=rng.randrange(60)), self.now)
        authors = tuple(rng.sample(self.authors, 2 if rng.random() < 0.2 else 1))
        tags = tuple(sorted(rng.sample(bank["tags"], rng.randint(2, 4))))
        template = rng.choices(ARTICLE_TEMPLATES, weights=(4, 3, 3))[0]
        slug = slugify(title)
        if slug in self._index.by_slug or not slug:
            slug = f"{slug}-{number}"
        path = _article_path(template, section, slug, number, published)
        article = Article(number, path, slug, title, authors, published, modified, section, tags, template)
        self._index.by_slug[slug] = article
        return article

    def _make_wire_copy(self, original: Article) -> WireCopy:
        blocks = list(_generated_body(self.seed, original.number, original.section))
        # Sentences inside a quotation may hold ". "; only plain sentences are rewritten.
        candidates = [
            (index, sentence)
            for index, (tag, text) in enumerate(blocks)
            if tag == "p"
            for sentence in _split_sentences(text)
            if sentence[:1].isupper() and sentence.endswith(".") and not any(mark in sentence for mark in "“”")
        ]
        rng = random.Random((self.seed * 1_000_003 + original.number) * 53 + 5)
        block, sentence = rng.choice(candidates)
        published = min(original.published + WIRE_DELAY, self.now)
        article = replace(
            original,
            path=f"/wire/{original.slug}/",
            authors=(Author(WIRE_BYLINE_NAME, slugify(WIRE_BYLINE_NAME)),),
            published=published,
            modified=published,
            template=WIRE_TEMPLATE,
            revision=0,
        )
        return WireCopy(original, article, block, sentence, sentence[:-1] + WIRE_ATTRIBUTION)

    def _add_wire_copies_to_indexes(self) -> None:
        # Copies are pages and sitemap entries, but no listing, author or tag page lists them
        # and /old/<slug> still leads to the original.
        months = set()
        for copy in self.wire_copies:
            self._index.by_path[copy.path] = copy.article
            month = copy.article.published.strftime("%Y-%m")
            self._index.by_month.setdefault(month, []).append(copy.article)
            months.add(month)
        for month in months:
            self._index.by_month[month].sort(key=lambda a: a.published, reverse=True)

    def _add_cjk_pages_to_indexes(self) -> None:
        # in the month sitemaps (as an Article: path, dates), in no listing, author or tag page
        for number, page in enumerate(self.cjk_pages, start=2):
            month = page.published.strftime("%Y-%m")
            authors = (Author(page.author, slugify(page.author)),) if page.author else ()
            slug = page.path.strip("/").replace("/", "-")
            listed = Article(-number, page.path, slug, page.title, authors, page.published, page.published, "world", (),
                             "cjk")  # fmt: skip
            articles = self._index.by_month.setdefault(month, [])
            articles.append(listed)
            articles.sort(key=lambda a: a.published, reverse=True)

    def _add_to_indexes(self, article: Article) -> None:
        index = self._index
        index.by_path[article.path] = article
        index.by_slug[article.slug] = article
        index.by_section.setdefault(article.section, []).append(article)
        for author in article.authors:
            index.by_author.setdefault(author.slug, []).append(article)
        for tag in article.tags:
            index.by_tag.setdefault(tag, []).append(article)
        index.by_month.setdefault(article.published.strftime("%Y-%m"), []).append(article)

    # -- queries --------------------------------------------------------------------------

    def article_at(self, path: str) -> Article | None:
        """The site's own article, wire copy or the private page served at ``path``, if any."""
        if path == PRIVATE_PATH:
            return self.private_article
        return self._index.by_path.get(path)

    def article_by_slug(self, slug: str) -> Article | None:
        """The article whose slug is ``slug`` (for the ``/old/<slug>`` redirects)."""
        return self._index.by_slug.get(slug)

    def real_page_at(self, path: str) -> RealPage | None:
        """The mounted real page served at ``path``, if any."""
        return self._real_by_path.get(path)

    def section_articles(self, section: str) -> list[Article]:
        """Articles of one section, newest first (empty for an unknown section)."""
        return self._index.by_section.get(section, [])

    def author_articles(self, author_slug: str) -> list[Article]:
        """Articles with this author in the byline, newest first."""
        return self._index.by_author.get(author_slug, [])

    def tag_articles(self, tag: str) -> list[Article]:
        """Articles tagged ``tag``, newest first."""
        return self._index.by_tag.get(tag, [])

    def author(self, slug: str) -> Author | None:
        """The author whose page is ``/author/<slug>/``, if any wrote for the site."""
        articles = self.author_articles(slug)
        if not articles:
            return None
        return next(a for a in articles[0].authors if a.slug == slug)

    def tags(self) -> list[str]:
        """Every tag used by at least one article, sorted."""
        return sorted(self._index.by_tag)

    def recent(self, count: int) -> list[Article]:
        """The ``count`` most recently published articles."""
        return self.articles[:count]

    def related(self, article: Article, count: int = 5) -> list[Article]:
        """Up to ``count`` other articles of the same section, nearest in time first."""
        siblings = self.section_articles(article.section)
        try:
            at = siblings.index(article)
        except ValueError:
            at = 0
        nearby = siblings[max(0, at - count) : at + count + 1]
        return [other for other in nearby if other is not article][:count]

    def cjk_page_at(self, path: str) -> CjkPage | None:
        """The Chinese, Japanese or Korean article served at ``path``, if any."""
        return self._cjk_by_path.get(path)

    def wire_copy_at(self, path: str) -> WireCopy | None:
        """The wire copy served at ``path``, if any."""
        return self._wire_by_path.get(path)

    def article_paths(self) -> list[str]:
        """Every path that is an article: generated, seed, wire copies, Chinese, Japanese and Korean
        articles and mounted pages; never /private/."""
        return (
            [a.path for a in self.articles]
            + [copy.path for copy in self.wire_copies]
            + [page.path for page in self.cjk_pages]
            + [page.path for page in self.real_pages]
        )

    def listing_paths(self) -> list[str]:
        """Every HTML listing page: home, sections, authors, tags, wire copies and real-page listings."""
        paths = ["/"]
        for section in self.sections:
            paths += _paged(f"/section/{section.slug}/", len(self.section_articles(section.slug)), PAGE_SIZE)
        for author_slug in sorted(self._index.by_author):
            paths += _paged(f"/author/{author_slug}/", len(self.author_articles(author_slug)), PAGE_SIZE)
        for tag in self.tags():
            paths += _paged(f"/tag/{tag}/", len(self.tag_articles(tag)), PAGE_SIZE)
        if self.wire_copies:
            paths += _paged("/wire/", len(self.wire_copies), PAGE_SIZE)
        if self.real_pages:
            paths += [f"/real/page/{n}/" for n in range(1, page_count(len(self.real_pages), REAL_PAGE_SIZE) + 1)]
        return paths

    def non_article_paths(self) -> list[str]:
        """Every other path the site serves with status 200 that must not become an article.

        Listings, the about page, media files, style sheets, robots.txt, sitemaps and feeds.
        """
        fixed = [
            "/about/",
            "/media/annual-report.pdf",
            "/media/logo.png",
            "/static/site.css",
            "/wp-content/themes/aranews/style.css",
            "/robots.txt",
            "/sitemap.xml",
            "/news-sitemap.xml",
            "/sitemaps/pages.xml",
            "/feed/rss.xml",
            "/feed/atom.xml",
        ]
        fixed += [f"/sitemaps/articles-{month}.xml" for month in self.months()]
        if self.real_pages:
            fixed.append("/sitemap-real.xml")
        return self.listing_paths() + fixed

    def months(self) -> list[str]:
        """``YYYY-MM`` of every month with an article, newest first (one sitemap each)."""
        return sorted(self._index.by_month, reverse=True)

    def articles_in_month(self, month: str) -> list[Article]:
        """Articles and wire copies published in ``YYYY-MM``, newest first."""
        return self._index.by_month.get(month, [])

    def summary(self, article: Article) -> str:
        """A one-sentence teaser for listings, feeds and ``description`` metadata."""
        if article.number == 0:
            # A WordPress-style excerpt: the opening words, cut, never a whole paragraph.
            return " ".join(seed_blocks()[1][1].split()[:24]) + " […]"
        rng = random.Random((self.seed * 1_000_003 + article.number) * 31 + 7)
        return _sentence(rng, article.section)

    def body_blocks(self, article: Article) -> list[tuple[str, str]]:
        """The article body as ``(tag, text)`` blocks, tag ``"p"`` or ``"h2"``.

        Generated bodies have 4-12 paragraphs and 150-900 words; the title is not included.
        A wire copy's body is its original's first version with one sentence changed.
        """
        if article.number == 0:
            return list(seed_blocks()[1:])
        copy = self._wire_by_path.get(article.path)
        if copy is not None:
            blocks = list(_generated_body(self.seed, article.number, article.section))
            tag, text = blocks[copy.block]
            sentences = _split_sentences(text)
            sentences[sentences.index(copy.sentence)] = copy.changed
            blocks[copy.block] = (tag, " ".join(sentences))
            return blocks
        blocks = list(_generated_body(self.seed, article.number, article.section))
        for revision in range(1, article.revision + 1):
            rng = random.Random((self.seed * 1_000_003 + article.number) * 97 + revision)
            blocks.append(
                ("p", f"Update {revision}: {_sentence(rng, article.section)} {_sentence(rng, article.section)}")
            )
        return blocks


def page_count(items: int, size: int) -> int:
    """How many listing pages ``items`` entries need (always at least one)."""
    return max(1, -(-items // size))


def _paged(base: str, items: int, size: int) -> list[str]:
    return [base] + [f"{base}page/{n}/" for n in range(2, page_count(items, size) + 1)]


def _article_path(template: str, section: str, slug: str, number: int, published: datetime) -> str:
    # Each template has its own URL shape, as sites built on different CMSes do.
    if template == "jsonld":
        return f"/news/{section}/{slug}-{number}.html"
    if template == "microdata":
        month = _MONTH_ABBREVIATIONS[published.month - 1]
        return f"/{section}/{published:%Y}/{month}/{published:%d}/{slug}"
    return f"/{published:%Y/%m/%d}/{slug}/"


def _make_authors(seed: int, bank: dict) -> list[Author]:  # type: ignore[type-arg]
    rng = random.Random(seed * 17 + 3)
    names: list[str] = []
    while len(names) < 24:
        name = f"{rng.choice(bank['first_names'])} {rng.choice(bank['last_names'])}"
        if name not in names:
            names.append(name)
    return [Author(name, slugify(name)) for name in names]


_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/-]+$")


def _original_paths(folder: Path) -> dict[str, str]:
    """Where each saved page lived, as ``host/path``, when the folder's parent says so.

    A ``ground-truth.json`` beside the folder (``{"<stem>": {"url": ...}}``, the layout of the
    article-extraction benchmark) lets real pages keep URLs of their real shape, so that URL
    signals work on them as on the live web. Unusual or repeated paths keep the stem.
    """
    index = folder.parent / "ground-truth.json"
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found: dict[str, str] = {}
    for stem, entry in entries.items() if isinstance(entries, dict) else ():
        parts = urlsplit(str(entry.get("url", ""))) if isinstance(entry, dict) else None
        if parts is None or not parts.hostname:
            continue
        tail = f"{parts.hostname}{parts.path or '/'}"
        if _SAFE_PATH.match(tail) and not tail.startswith(("page/", "2/")) and tail not in found.values():
            found[stem] = tail
    return found


def _find_real_pages(folder: Path, repeat: int) -> list[RealPage]:
    if not folder.is_dir():
        raise InputError(f"--mount folder does not exist or is not a folder: {folder}")
    files: list[tuple[str, Path, bool]] = []
    for file in sorted(folder.iterdir()):
        if file.name.endswith(".html.gz"):
            files.append((file.name[: -len(".html.gz")], file, True))
        elif file.name.endswith(".html"):
            files.append((file.name[: -len(".html")], file, False))
    if not files:
        raise InputError(f"--mount folder holds no *.html or *.html.gz file: {folder}")
    original = _original_paths(folder)
    pages = []
    for copy in range(1, repeat + 1):
        for stem, file, gzipped in files:
            tail = original.get(stem, f"{stem}/")
            path = f"/real/{tail}" if copy == 1 else f"/real/{copy}/{tail}"
            pages.append(RealPage(path, stem, file, gzipped, copy))
    return pages


def _fill(rng: random.Random, pattern: str, section: str) -> str:
    bank = word_bank()
    spec = bank["sections"][section]
    subject = rng.choice(spec["subjects"])
    person = rng.choice(bank["people"])
    quote, quote2 = rng.sample(bank["quotes"], 2)
    values = {
        "subject": subject,
        "Subject": subject[0].upper() + subject[1:],
        "topic": rng.choice(spec["topics"]),
        "role": rng.choice(spec["roles"]),
        "person": person,
        "Person": person,
        "place": rng.choice(bank["places"]),
        "day": rng.choice(bank["days"]),
        "month": rng.choice(bank["months"]),
        "future": rng.choice(bank["futures"]),
        "past": rng.choice(bank["pasts"]),
        "present": rng.choice(bank["presents"]),
        "Opener": rng.choice(bank["openers"]),
        "event": rng.choice(bank["events"]),
        "unit": rng.choice(bank["units"]),
        "number": str(rng.randint(2, 40) * (50 if "people" in pattern else 1)),
        "percent": f"{rng.randint(1, 19)}.{rng.randint(0, 9)}",
        "quote": quote,
        "quote2": quote2,
    }
    return pattern.format(**values)


def _split_sentences(paragraph: str) -> list[str]:
    # Generated paragraphs are sentences joined by single spaces, so joining the parts with " "
    # gives the paragraph back.
    return _SENTENCE_END.split(paragraph)


_SENTENCE_END = re.compile(r"(?<=\.) ")


def _sentence(rng: random.Random, section: str) -> str:
    return _fill(rng, rng.choice(word_bank()["patterns"]), section)


@lru_cache(maxsize=4096)
def _generated_body(seed: int, number: int, section: str) -> tuple[tuple[str, str], ...]:
    rng = random.Random((seed * 1_000_003 + number) * 31 + 11)
    target_words = rng.randint(170, 720)
    paragraph_count = max(4, min(12, target_words // rng.randint(45, 80)))
    per_paragraph = target_words // paragraph_count
    blocks: list[tuple[str, str]] = []
    for _ in range(paragraph_count):
        sentences: list[str] = []
        words = 0
        # Stop a paragraph once it reaches its share of the words, so the total stays in range.
        while words < per_paragraph - 8:
            sentence = _sentence(rng, section)
            sentences.append(sentence)
            words += len(sentence.split())
        blocks.append(("p", " ".join(sentences)))
    if paragraph_count >= 7 and rng.random() < 0.5:
        heading = rng.choice(["What happens next", "Background", "Reaction", "A long road", "The numbers"])
        blocks.insert(paragraph_count // 2, ("h2", heading))
    return tuple(blocks)
