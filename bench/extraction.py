"""Extraction quality: the project's ``extract_page`` against plain trafilatura, on real pages.

    .venv/bin/python bench/extraction.py [--corpus ../shared/corpus] [--limit N] [--repeats K]

Prints one Markdown table. The corpora (see ``../shared/corpus/README.md``):

- article-extraction-benchmark: 181 news articles with a gold body;
- wcxb-dev: 1,497 pages labelled with their type, 793 of them articles with a gold title,
  author, publication date and body.

Both extractors see the same bytes and URL. trafilatura is called as
``extract(body, url=url, with_metadata=True, output_format="json")`` with its default options,
its ``text`` field being the body (comments come out in a field of their own). The project is
scored on the record ``extract_page`` returns: a page it does not take for an article gives an
empty body and empty metadata, as in the dataset it writes.

Speed: each page goes through both extractors in turn, which one first alternating, ``--repeats``
times; the table gives mean milliseconds per page and the ratio of the two totals.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archiver.extraction.page import extract_page
from archiver.extraction.reextract import _canonical_in
from archiver.extraction.scoring import author_f1, body_scores, dates_match, titles_match

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# The naive article test for plain trafilatura, which has no detector: enough extracted words.
NAIVE_ARTICLE_WORDS = 200


@dataclass
class Page:
    corpus: str
    url: str
    body: bytes
    gold: dict[str, Any]
    page_type: str = "article"


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


def run_project(page: Page) -> Output:
    record = extract_page(page.body, page.url).record
    if record is None:
        return Output(False, "", None, [], None)
    return Output(True, record["text"], record["title"], record["authors"], record["published_local"])


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


def measures(pages: list[Page], outputs: list[Output]) -> dict[str, str]:
    aeb = [(p, o) for p, o in zip(pages, outputs, strict=True) if p.corpus == "aeb"]
    wcxb = [(p, o) for p, o in zip(pages, outputs, strict=True) if p.corpus == "wcxb"]
    articles = [(p, o) for p, o in wcxb if p.page_type == "article"]
    rows: dict[str, str] = {}
    scores = body_scores((p.gold.get("main_content"), o.text) for p, o in aeb)
    rows["body F1, article-extraction-benchmark"] = f"{scores.f1:.3f}"
    rows["body precision / recall"] = f"{scores.precision:.3f} / {scores.recall:.3f}"
    rows["body accuracy (exact tokens)"] = f"{scores.accuracy:.3f}"
    scores = body_scores((p.gold.get("main_content"), o.text) for p, o in articles)
    rows["body F1, wcxb-dev articles"] = f"{scores.f1:.3f}"
    rows["body precision / recall, wcxb-dev"] = f"{scores.precision:.3f} / {scores.recall:.3f}"
    n = len(articles)
    rows["title exact, wcxb-dev"] = f"{sum(titles_match(p.gold.get('title'), o.title) for p, o in articles) / n:.3f}"
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
    parser.add_argument("--limit", type=int, default=None, help="first N benchmark pages and 8N wcxb-dev pages")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs of each extractor per page")
    args = parser.parse_args(argv)
    if not (args.corpus / "wcxb-dev").is_dir() or not (args.corpus / "article-extraction-benchmark").is_dir():
        print(f"bench/extraction.py: error: corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    pages = load_pages(args.corpus, args.limit)
    outputs = run_all(pages, args.repeats)
    project, baseline = measures(pages, outputs["project"]), measures(pages, outputs["trafilatura"])
    project_seconds = sum(sum(o.seconds) for o in outputs["project"])
    baseline_seconds = sum(sum(o.seconds) for o in outputs["trafilatura"])
    runs = len(pages) * args.repeats
    baseline["article vs not, wcxb-dev"] += f" (naive: ≥ {NAIVE_ARTICLE_WORDS} words)"
    project["ms per page (mean, all pages)"] = f"{1000 * project_seconds / runs:.1f}"
    baseline["ms per page (mean, all pages)"] = f"{1000 * baseline_seconds / runs:.1f}"
    project["time ratio, project / trafilatura"] = f"{project_seconds / baseline_seconds:.2f}"
    baseline["time ratio, project / trafilatura"] = "1.00"
    print(f"| measure ({len(pages)} pages) | archiver | trafilatura {trafilatura.__version__} |")
    print("|---|---|---|")
    for name, value in project.items():
        print(f"| {name} | {value} | {baseline[name]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
