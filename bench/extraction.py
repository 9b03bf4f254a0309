"""Extraction quality: the project's ``extract_page`` against plain trafilatura, on real pages.

    .venv/bin/python bench/extraction.py [--corpus ../shared/corpus] [--fundus DIR] [--no-shared]
        [--htmldate DIR] [--trafilatura DIR] [--limit N] [--repeats K] [--without-structured-data]

Prints Markdown tables. The corpora (see ``../shared/corpus/README.md``):

- article-extraction-benchmark: 181 news articles with a gold body;
- wcxb-dev: 1,497 pages labelled with their type, 793 of them articles with a gold title,
  author, publication date and body;
- with ``--fundus DIR`` (the ``tests/resources/parser/test_data`` folder of a fundus checkout,
  https://github.com/flairNLP/fundus, MIT licence): 258 news pages of 181 publishers in 41
  countries and many languages, with the title, authors, date and body of each site's
  hand-written fundus parser;
- with ``--htmldate DIR`` (the ``tests`` folder of an htmldate checkout,
  https://github.com/adbar/htmldate, Apache 2.0 licence): its evaluation pages with the
  publication date its authors read on each, 745 pages of ``eval_default.json`` (mostly German
  news sites and blogs) and 200 of ``eval_mediacloud_2020.json`` (news in many languages). Dates
  only: the share of all pages dated right (a page given no record has no date), and of the
  pages that each extractor gives a record (trafilatura: enough words);
- with ``--trafilatura DIR`` (the ``tests`` folder of a trafilatura checkout,
  https://github.com/adbar/trafilatura, Apache 2.0 licence): the 990 pages of its own evaluation
  (``evaldata.json``; news, blogs and other pages, German first, then English, Spanish, French,
  Polish...), each with text snippets its body must hold and boilerplate it must not, scored as
  trafilatura's ``tests/eval_common.py`` scores them (a page given no record holds none), and
  for 851 of them the author (an empty one: none). trafilatura was tuned on these pages, so its
  figures here flatter it.

Titles are scored as the held-out checks compare them, ignoring case and typographic quotes;
the first table also gives the exact comparison of WCXB's README.

Both extractors see the same bytes and URL. trafilatura is called as
``extract(body, url=url, with_metadata=True, output_format="json")`` with its default options,
its ``text`` field being the body (comments come out in a field of their own). The project is
scored on the record ``extract_page`` returns: a page it does not take for an article gives an
empty body and empty metadata, as in the dataset it writes.

With ``--without-structured-data`` every page loses its JSON-LD, its ``<meta>`` titles, authors
and dates (Open Graph, Twitter, Dublin Core, ``article:``, ``author``, ``date``...) and its
microdata ``itemprop`` attributes before either extractor sees it: what the page shows must then
tell the title, the byline and the date, as on the many sites that declare none.

Speed: each page goes through both extractors in turn, which one first alternating, ``--repeats``
times; the table gives mean milliseconds per page and the ratio of the two totals.

Held-out checks: a second table gives every measure on each half of the pages split by host
(``host_fold``: a stable hash of the host name, "www." dropped, so that no site is in both
halves). A rule written while looking at one half must hold on the other; a rule that helps only
one half fits its pages. A third gives the measures by language (the page's ``<html lang>``
primary subtag), for the languages with enough pages.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import hashlib
import itertools
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archiver.extraction.page import extract_page
from archiver.extraction.reextract import _canonical_in
from archiver.extraction.scoring import author_f1, body_scores, dates_match, titles_match

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# The naive article test for plain trafilatura, which has no detector: enough extracted words.
NAIVE_ARTICLE_WORDS = 200
# a language gets its own row in the table by language with this many pages or more
MIN_LANGUAGE_PAGES = 15
_HTML_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


@dataclass
class Page:
    corpus: str
    url: str
    body: bytes
    gold: dict[str, Any]
    page_type: str = "article"

    @property
    def host(self) -> str:
        host = (urlsplit(self.url).hostname or "").lower()
        return host.removeprefix("www.")

    @property
    def language(self) -> str:
        match = _HTML_LANG.search(self.body[:5000])
        return match[1].decode().lower() if match else "?"


def host_fold(page: Page) -> int:
    """0 or 1: the half of the hosts that ``page`` belongs to, the same on every run."""
    return int(hashlib.sha1(page.host.encode("utf-8")).hexdigest(), 16) % 2


@dataclass
class Output:
    """What one extractor made of one page."""

    is_article: bool
    text: str
    title: str | None
    authors: Any
    date: str | None
    seconds: list[float] = field(default_factory=list)


def load_pages(corpus: Path, limit: int | None) -> list[Page]:
    pages = []
    aeb = corpus / "article-extraction-benchmark"
    gold = json.loads((aeb / "ground-truth.json").read_text("utf-8"))
    for key in sorted(gold)[:limit]:
        body = gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page("aeb", gold[key]["url"], body, {"main_content": gold[key]["articleBody"]}))
    wcxb = corpus / "wcxb-dev"
    for path in sorted((wcxb / "ground-truth").glob("*.json"))[: limit and limit * 8]:
        truth = json.loads(path.read_text("utf-8"))
        body = gzip.decompress((wcxb / "html" / f"{path.stem}.html.gz").read_bytes())
        # one page has no recorded URL: use what ``archiver extract`` would (its canonical link)
        url = truth.get("url") or _canonical_in(body) or (wcxb / "html" / f"{path.stem}.html.gz").resolve().as_uri()
        pages.append(Page("wcxb", url, body, truth["ground_truth"], truth["_internal"]["page_type"]["primary"]))
    return pages


def fundus_body(body: dict[str, Any]) -> str:
    """A fundus test case's gold body as text: summary, then each section's headline and paragraphs."""
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(parts)


def _titles_held(versions: dict[str, Any], bodies: list[bytes], order: tuple[str, ...]) -> int:
    return sum(_holds_title(body, versions[v].get("title")) for v, body in zip(order, bodies, strict=True))


def _holds_title(body: bytes, title: str | None) -> bool:
    words = re.findall(r"\w{4,}", title or "")[:6]
    text = body.decode("utf-8", "replace")
    return bool(words) and all(word in text for word in words)


def load_fundus(folder: Path, limit: int | None) -> list[Page]:
    """fundus's parser test cases (``tests/resources/parser/test_data`` of a fundus checkout): one
    saved page per publisher and parser version, with the title, authors, publication date and
    body that fundus's hand-written parser for that site gives. A publisher's pages sorted by
    their crawl date are its versions V1, V2, ... in order, as fundus's own tests pair them."""
    pages = []
    for gold_path in sorted(folder.glob("*/*.json"))[:limit]:
        versions = json.loads(gold_path.read_text("utf-8"))
        info = json.loads((gold_path.parent / "meta.info").read_text("utf-8"))
        publisher = gold_path.stem
        files = sorted(
            path.name
            for path in gold_path.parent.glob(f"{glob.escape(publisher)}_*.html.gz")
            if re.fullmatch(r"\d{4}_\d{2}_\d{2}\.html\.gz", path.name[len(publisher) + 1 :])
        )
        bodies = [gzip.decompress((gold_path.parent / name).read_bytes()) for name in files]
        ordered = sorted(versions, key=lambda name: int(name.lstrip("V") or 0))
        if len(ordered) == len(files) <= 5:
            # the versions' dates are in fundus's code, not in its test data: of the pairings,
            # take the one whose gold titles the pages hold, crawl-date order on a tie
            ordered = list(max(itertools.permutations(ordered), key=partial(_titles_held, versions, bodies)))
        for version, name, body in zip(ordered, files, bodies, strict=False):
            gold = versions[version]
            truth = {
                "main_content": fundus_body(gold.get("body") or {}),
                "title": gold.get("title"),
                # a parser without an author attribute has no "authors" key: nothing to score
                "author": gold.get("authors"),
                "publish_date": gold.get("publishing_date"),
            }
            pages.append(Page("fundus", info[name]["url"], body, truth))
    return pages


def load_htmldate(folder: Path, limit: int | None) -> list[Page]:
    """htmldate's evaluation pages (its ``tests`` folder): each page's URL, bytes and the
    publication date in ``eval_default.json`` or ``eval_mediacloud_2020.json``."""
    pages = []
    for index_name, pages_folder in (("eval_default.json", "eval"), ("eval_mediacloud_2020.json", "test_set")):
        index = json.loads((folder / index_name).read_text("utf-8"))
        for url, entry in list(index.items())[:limit]:
            path = folder / pages_folder / entry["file"]
            day = entry["date"] if isinstance(entry["date"], str) else None  # a few are NaN: no date
            if path.is_file():
                pages.append(Page("htmldate", url, path.read_bytes(), {"publish_date": day}))
    return pages


def load_trafilatura_eval(folder: Path, limit: int | None) -> list[Page]:
    """trafilatura's evaluation pages (its ``tests`` folder): each page's key (its URL, or a
    made-up one), bytes, the snippets its body must hold ("with") and must not ("without"), and
    its author where the evaluation gives one."""
    pages = []
    index = json.loads((folder / "evaldata.json").read_text("utf-8"))
    for url, entry in list(index.items())[:limit]:
        path = next(
            (folder / sub / entry["file"] for sub in ("cache", "eval") if (folder / sub / entry["file"]).is_file()),
            None,
        )
        if path is not None:
            gold = {"with": entry["with"], "without": entry["without"]}
            if "author" in entry:
                gold["author"] = entry["author"] or None
            pages.append(Page("trafilatura-eval", url, path.read_bytes(), gold))
    return pages


def _snippet_counts(page: Page, text: str) -> tuple[int, int, int, int]:
    """True and false positives, false and true negatives of ``text`` on ``page``'s snippets,
    their whitespace collapsed, as trafilatura's evaluation counts them."""
    body = " ".join(text.split())
    kept = sum(" ".join(snippet.split()) in body for snippet in page.gold["with"]) if body else 0
    leaked = sum(" ".join(snippet.split()) in body for snippet in page.gold["without"]) if body else 0
    return kept, leaked, len(page.gold["with"]) - kept, len(page.gold["without"]) - leaked


def _snippet_scores(scored: list[tuple[Page, Output]]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all the snippets of ``scored`` pages."""
    counts = [_snippet_counts(p, o.text) for p, o in scored]
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def trafilatura_eval_measures(pages: list[Page], outputs: list[Output]) -> dict[str, float | None]:
    """Body snippets and authors on trafilatura's evaluation pages."""
    scored = [(p, o) for p, o in zip(pages, outputs, strict=True) if p.corpus == "trafilatura-eval"]
    if not scored:
        return {}
    precision, recall, f1 = _snippet_scores(scored)
    with_author = [(p, o) for p, o in scored if "author" in p.gold]
    return {
        "body snippets F1, trafilatura-eval": f1,
        "body snippets precision, trafilatura-eval": precision,
        "body snippets recall, trafilatura-eval": recall,
        "body snippets F1 on recorded pages, trafilatura-eval": _snippet_scores(
            [(p, o) for p, o in scored if o.is_article]
        )[2],
        "author F1, trafilatura-eval": sum(author_f1(p.gold["author"], o.authors) for p, o in with_author)
        / len(with_author)
        if with_author
        else None,
        "pages recorded, trafilatura-eval": sum(o.is_article for _, o in scored) / len(scored),
    }


def htmldate_measures(pages: list[Page], outputs: list[Output]) -> dict[str, float | None]:
    """Date accuracy on htmldate's evaluation pages: on all of them, and on those recorded."""
    dated = [(p, o) for p, o in zip(pages, outputs, strict=True) if p.corpus == "htmldate"]
    if not dated:
        return {}
    recorded = [(p, o) for p, o in dated if o.is_article]
    return {
        "date, htmldate": sum(dates_match(p.gold["publish_date"], o.date) for p, o in dated) / len(dated),
        "date on recorded pages, htmldate": sum(dates_match(p.gold["publish_date"], o.date) for p, o in recorded)
        / max(len(recorded), 1),
        "pages recorded, htmldate": len(recorded) / len(dated),
    }


_JSON_LD = re.compile(rb"<script[^>]*ld\+json[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)
_METADATA_TAG = re.compile(
    rb"<meta\s[^>]*(?:property|name|itemprop)\s*=\s*[\"']?(?:og:|article:|twitter:|dc\.|dcterms|sailthru|parsely|"
    rb"author|date|pubdate|publish|citation|datepublished|datemodified|cxense|last-modified)[^>]*>",
    re.IGNORECASE,
)
_ITEMPROP = re.compile(rb"\sitemprop\s*=\s*[\"'][^\"']*[\"']", re.IGNORECASE)


def without_structured_data(body: bytes) -> bytes:
    """``body`` without JSON-LD, metadata ``<meta>`` tags and microdata (``--without-structured-data``)."""
    return _ITEMPROP.sub(b"", _METADATA_TAG.sub(b"", _JSON_LD.sub(b"", body)))


def run_project(page: Page) -> Output:
    record = extract_page(page.body, page.url).record
    if record is None:
        return Output(False, "", None, [], None)
    return Output(True, record["text"], record["title"], record["authors"], record["published"])


def run_trafilatura(page: Page) -> Output:
    result = trafilatura.extract(page.body, url=page.url, with_metadata=True, output_format="json")
    data = json.loads(result) if result else {}
    text = data.get("text") or ""
    is_article = len(text.split()) >= NAIVE_ARTICLE_WORDS
    return Output(is_article, text, data.get("title"), data.get("author"), data.get("date"))


def run_all(pages: list[Page], repeats: int) -> dict[str, list[Output]]:
    runners: dict[str, Callable[[Page], Output]] = {"project": run_project, "trafilatura": run_trafilatura}
    outputs: dict[str, list[Output]] = {name: [] for name in runners}
    for index, page in enumerate(pages):
        order = list(runners) if index % 2 == 0 else list(reversed(runners))
        timings: dict[str, list[float]] = {name: [] for name in runners}
        results: dict[str, Output] = {}
        for _ in range(repeats):
            for name in order:
                start = time.perf_counter()
                results[name] = runners[name](page)
                timings[name].append(time.perf_counter() - start)
        for name in runners:
            results[name].seconds = timings[name]
            outputs[name].append(results[name])
        if (index + 1) % 200 == 0:
            print(f"  {index + 1}/{len(pages)} pages", file=sys.stderr)
    return outputs


def key_measures(pages: list[Page], outputs: list[Output]) -> dict[str, float | None]:
    """The measures the targets are set on, as numbers (None where the pages give none)."""
    pairs = list(zip(pages, outputs, strict=True))
    aeb = [(p, o) for p, o in pairs if p.corpus == "aeb"]
    wcxb = [(p, o) for p, o in pairs if p.corpus == "wcxb"]
    articles = [(p, o) for p, o in wcxb if p.page_type == "article"]
    values: dict[str, float | None] = dict.fromkeys(KEY_MEASURES)
    if aeb:
        values["body F1, benchmark"] = body_scores((p.gold.get("main_content"), o.text) for p, o in aeb).f1
        values["articles recorded, benchmark"] = sum(o.is_article for _, o in aeb) / len(aeb)
    if articles:
        n = len(articles)
        values["body F1, wcxb-dev"] = body_scores((p.gold.get("main_content"), o.text) for p, o in articles).f1
        values["title, wcxb-dev"] = sum(titles_match(p.gold.get("title"), o.title, loose=True) for p, o in articles) / n
        values["author F1, wcxb-dev"] = sum(author_f1(p.gold.get("author"), o.authors) for p, o in articles) / n
        values["date, wcxb-dev"] = sum(dates_match(p.gold.get("publish_date"), o.date) for p, o in articles) / n
    if wcxb:
        correct = sum(o.is_article == (p.page_type == "article") for p, o in wcxb)
        values["article vs not, wcxb-dev"] = correct / len(wcxb)
    values.update(fundus_measures(pages, outputs))
    values.update(htmldate_measures(pages, outputs))
    values.update(trafilatura_eval_measures(pages, outputs))
    return values


def fundus_measures(pages: list[Page], outputs: list[Output]) -> dict[str, float | None]:
    """The key measures on the fundus pages (none when they were not loaded)."""
    fundus = [(p, o) for p, o in zip(pages, outputs, strict=True) if p.corpus == "fundus"]
    if not fundus:
        return {}
    n = len(fundus)
    with_author = [(p, o) for p, o in fundus if p.gold["author"] is not None]
    return {
        "body F1, fundus": body_scores((p.gold["main_content"], o.text) for p, o in fundus).f1,
        "articles recorded, fundus": sum(o.is_article for _, o in fundus) / n,
        "title, fundus": sum(titles_match(p.gold["title"], o.title, loose=True) for p, o in fundus) / n,
        "author F1, fundus": sum(author_f1(p.gold["author"], o.authors) for p, o in with_author)
        / max(len(with_author), 1),
        "date, fundus": sum(dates_match(p.gold["publish_date"], o.date) for p, o in fundus) / n,
    }


KEY_MEASURES = (
    "body F1, benchmark",
    "articles recorded, benchmark",
    "body F1, wcxb-dev",
    "title, wcxb-dev",
    "author F1, wcxb-dev",
    "date, wcxb-dev",
    "article vs not, wcxb-dev",
    "body F1, fundus",
    "articles recorded, fundus",
    "title, fundus",
    "author F1, fundus",
    "date, fundus",
    "date, htmldate",
    "date on recorded pages, htmldate",
    "pages recorded, htmldate",
    "body snippets F1, trafilatura-eval",
    "author F1, trafilatura-eval",
    "pages recorded, trafilatura-eval",
)


def split_table(
    pages: list[Page], outputs: dict[str, list[Output]], groups: dict[str, Callable[[Page], bool]]
) -> list[str]:
    """Markdown rows: each key measure, archiver vs trafilatura, on each group of pages."""
    header = " | ".join(f"{name}: archiver / trafilatura" for name in groups)
    lines = [f"| measure | {header} |", "|---|" + "---|" * len(groups)]
    cells: dict[str, list[str]] = {name: [] for name in KEY_MEASURES}
    for chosen in groups.values():
        indexes = [i for i, page in enumerate(pages) if chosen(page)]
        subset = [pages[i] for i in indexes]
        project = key_measures(subset, [outputs["project"][i] for i in indexes])
        baseline = key_measures(subset, [outputs["trafilatura"][i] for i in indexes])
        for name in KEY_MEASURES:
            a, b = project.get(name), baseline.get(name)
            cells[name].append("–" if a is None or b is None else f"{a:.3f} / {b:.3f}")
    lines += [f"| {name} | " + " | ".join(values) + " |" for name, values in cells.items() if set(values) != {"–"}]
    return lines


def group_sizes(pages: list[Page], groups: dict[str, Callable[[Page], bool]]) -> str:
    parts = []
    for name, chosen in groups.items():
        chosen_pages = [p for p in pages if chosen(p)]
        aeb = sum(p.corpus == "aeb" for p in chosen_pages)
        wcxb = sum(p.corpus == "wcxb" for p in chosen_pages)
        articles = sum(p.corpus == "wcxb" and p.page_type == "article" for p in chosen_pages)
        fundus = sum(p.corpus == "fundus" for p in chosen_pages)
        dated = sum(p.corpus == "htmldate" for p in chosen_pages)
        evaluated = sum(p.corpus == "trafilatura-eval" for p in chosen_pages)
        counts = [f"{aeb} benchmark pages"] if aeb else []
        counts += [f"{wcxb} wcxb-dev pages ({articles} articles)"] if wcxb else []
        counts += [f"{fundus} fundus pages"] if fundus else []
        counts += [f"{dated} htmldate pages"] if dated else []
        counts += [f"{evaluated} trafilatura-eval pages"] if evaluated else []
        parts.append(f"{name}: {', '.join(counts) or 'no pages'}")
    return "; ".join(parts)


def measures(pages: list[Page], outputs: list[Output]) -> dict[str, str]:
    aeb = [(p, o) for p, o in zip(pages, outputs, strict=True) if p.corpus == "aeb"]
    wcxb = [(p, o) for p, o in zip(pages, outputs, strict=True) if p.corpus == "wcxb"]
    articles = [(p, o) for p, o in wcxb if p.page_type == "article"]
    rows: dict[str, str] = {}
    if aeb:
        rows.update(benchmark_rows(aeb))
    if articles:
        rows.update(wcxb_rows(wcxb, articles))
    extra = (
        fundus_measures(pages, outputs) | htmldate_measures(pages, outputs) | trafilatura_eval_measures(pages, outputs)
    )
    for name, value in extra.items():
        rows[name] = f"{value:.3f}" if value is not None else "–"
    return rows


def benchmark_rows(aeb: list[tuple[Page, Output]]) -> dict[str, str]:
    rows: dict[str, str] = {}
    scores = body_scores((p.gold.get("main_content"), o.text) for p, o in aeb)
    rows["body F1, article-extraction-benchmark"] = f"{scores.f1:.3f}"
    rows["body precision / recall"] = f"{scores.precision:.3f} / {scores.recall:.3f}"
    rows["body accuracy (exact tokens)"] = f"{scores.accuracy:.3f}"
    rows["articles given a record, article-extraction-benchmark"] = f"{sum(o.is_article for _, o in aeb)} of {len(aeb)}"
    return rows


def wcxb_rows(wcxb: list[tuple[Page, Output]], articles: list[tuple[Page, Output]]) -> dict[str, str]:
    rows: dict[str, str] = {}
    scores = body_scores((p.gold.get("main_content"), o.text) for p, o in articles)
    rows["body F1, wcxb-dev articles"] = f"{scores.f1:.3f}"
    rows["body precision / recall, wcxb-dev"] = f"{scores.precision:.3f} / {scores.recall:.3f}"
    n = len(articles)
    rows["title exact, wcxb-dev"] = f"{sum(titles_match(p.gold.get('title'), o.title) for p, o in articles) / n:.3f}"
    rows["title, case and quotes ignored, wcxb-dev"] = (
        f"{sum(titles_match(p.gold.get('title'), o.title, loose=True) for p, o in articles) / n:.3f}"
    )
    rows["author-set F1, wcxb-dev"] = f"{sum(author_f1(p.gold.get('author'), o.authors) for p, o in articles) / n:.3f}"
    with_author = [(p, o) for p, o in articles if p.gold.get("author")]
    rows["author-set F1, pages with a gold author"] = (
        f"{sum(author_f1(p.gold.get('author'), o.authors) for p, o in with_author) / max(len(with_author), 1):.3f}"
    )
    rows["date accuracy, wcxb-dev"] = (
        f"{sum(dates_match(p.gold.get('publish_date'), o.date) for p, o in articles) / n:.3f}"
    )
    with_date = [(p, o) for p, o in articles if p.gold.get("publish_date")]
    rows["date accuracy, pages with a gold date"] = (
        f"{sum(dates_match(p.gold.get('publish_date'), o.date) for p, o in with_date) / max(len(with_date), 1):.3f}"
    )
    correct = sum(o.is_article == (p.page_type == "article") for p, o in wcxb)
    recall = sum(o.is_article for p, o in articles) / max(n, 1)
    others = [o for p, o in wcxb if p.page_type != "article"]
    rows["article vs not, wcxb-dev"] = f"{correct / max(len(wcxb), 1):.3f}"
    rows["article recall / non-article rejection"] = (
        f"{recall:.3f} / {sum(not o.is_article for o in others) / max(len(others), 1):.3f}"
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus folder")
    parser.add_argument(
        "--fundus", type=Path, help="also score fundus's parser test pages (tests/resources/parser/test_data)"
    )
    parser.add_argument(
        "--htmldate", type=Path, help="also score dates on htmldate's evaluation pages (its tests folder)"
    )
    parser.add_argument(
        "--trafilatura", type=Path, help="also score body snippets and authors on trafilatura's evaluation pages"
    )
    parser.add_argument(
        "--no-shared",
        action="store_true",
        help="leave out the shared corpus (with --fundus, --htmldate or --trafilatura)",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N benchmark pages and 8N wcxb-dev pages")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs of each extractor per page")
    parser.add_argument(
        "--without-structured-data",
        action="store_true",
        help="strip JSON-LD, metadata <meta> tags and microdata from every page first",
    )
    args = parser.parse_args(argv)
    pages = []
    if not args.no_shared:
        if not (args.corpus / "wcxb-dev").is_dir() or not (args.corpus / "article-extraction-benchmark").is_dir():
            print(f"bench/extraction.py: error: corpus not found at {args.corpus}", file=sys.stderr)
            return 1
        pages += load_pages(args.corpus, args.limit)
    if args.fundus:
        if not args.fundus.is_dir():
            print(f"bench/extraction.py: error: no fundus test data at {args.fundus}", file=sys.stderr)
            return 1
        pages += load_fundus(args.fundus, args.limit)
    if args.htmldate:
        if not (args.htmldate / "eval_default.json").is_file():
            print(f"bench/extraction.py: error: no htmldate evaluation pages at {args.htmldate}", file=sys.stderr)
            return 1
        pages += load_htmldate(args.htmldate, args.limit)
    if args.trafilatura:
        if not (args.trafilatura / "evaldata.json").is_file():
            print(f"bench/extraction.py: error: no trafilatura evaluation pages at {args.trafilatura}", file=sys.stderr)
            return 1
        pages += load_trafilatura_eval(args.trafilatura, args.limit)
    if not pages:
        print(
            "bench/extraction.py: error: no pages (--no-shared without --fundus, --htmldate or --trafilatura)",
            file=sys.stderr,
        )
        return 1
    if args.without_structured_data:
        pages = [replace(page, body=without_structured_data(page.body)) for page in pages]
    outputs = run_all(pages, args.repeats)
    project, baseline = measures(pages, outputs["project"]), measures(pages, outputs["trafilatura"])
    project_seconds = sum(sum(o.seconds) for o in outputs["project"])
    baseline_seconds = sum(sum(o.seconds) for o in outputs["trafilatura"])
    runs = len(pages) * args.repeats
    if "article vs not, wcxb-dev" in baseline:
        baseline["article vs not, wcxb-dev"] += f" (naive: ≥ {NAIVE_ARTICLE_WORDS} words)"
    project["ms per page (mean, all pages)"] = f"{1000 * project_seconds / runs:.1f}"
    baseline["ms per page (mean, all pages)"] = f"{1000 * baseline_seconds / runs:.1f}"
    project["time ratio, project / trafilatura"] = f"{project_seconds / baseline_seconds:.2f}"
    baseline["time ratio, project / trafilatura"] = "1.00"
    print(f"| measure ({len(pages)} pages) | archiver | trafilatura {trafilatura.__version__} |")
    print("|---|---|---|")
    for name, value in project.items():
        print(f"| {name} | {value} | {baseline[name]} |")
    folds = {f"hosts {n}": (lambda page, n=n: host_fold(page) == n) for n in (0, 1)}
    print(f"\nSplit by host ({group_sizes(pages, folds)}):\n")
    print("\n".join(split_table(pages, outputs, folds)))
    counts = Counter(page.language for page in pages)
    languages = {
        language: (lambda page, language=language: page.language == language)
        for language, count in counts.most_common()
        if count >= MIN_LANGUAGE_PAGES and language != "?"
    }
    languages["other"] = lambda page: page.language not in languages
    print(f"\nBy language, <html lang> ({group_sizes(pages, languages)}):\n")
    print("\n".join(split_table(pages, outputs, languages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
