"""Search benchmark: `archiver serve`'s search over a large archive, and building its database.

What it measures, over ``--records`` article records (100,000 by default) that the bundled
site's article model writes (``NewsSite``: generated titles, bylines, dates, sections and
bodies, the text of every article different) into one records file of a crawl folder in a
temporary folder:

1. build: the time to read the JSON Lines into the article database and index it, as
   ``archiver serve`` does on its first start (``FolderSync``), and as
   ``archiver export -o FILE.sqlite --no-dedup --near-threshold 0`` does;
2. per query, ``--rounds`` times (50 by default) each, median and 95th percentile:

   - baseline: the bare FTS5 query, the 20 best rowids by rank (``SELECT rowid FROM articles_fts
     WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20``): what any full-text search must pay;
   - results: the search page's query (:data:`archiver.browse.search.SEARCH_SQL`: the first 20
     matches ranked, with the fields shown, title and snippet highlighted);
   - counts: its total and facet counts (``FACETS_SQL``; ``ALL_FACETS_SQL`` without words), uncached;
   - page: ``GET /?q=...`` through Datasette in process (both queries, as the page runs them
     side by side, and the template), with the facet cache emptied before each request.

   The queries: one word (``council``, in about a third of the articles: a common word is the
   slow case, since every match is ranked and counted), a phrase (``"city council"``) and the
   home page without words (the newest articles and the facets of all of them).

Run it (about four minutes on 2 cores)::

    .venv/bin/python bench/search.py [--records N] [--rounds N] [--work DIR] [--json FILE]

``--work DIR`` keeps the records and the database in DIR and, when they are there from an earlier
run with the same ``--records``, measures the queries again without building anything.

Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from datasette.utils import escape_fts  # noqa: E402

from archiver.browse.folders import FolderSync  # noqa: E402
from archiver.browse.plugin import ArchiveBrowser  # noqa: E402
from archiver.browse.search import SEARCH_SQL, SearchQuery, html_marked  # noqa: E402
from archiver.browse.server import make_datasette  # noqa: E402
from archiver.datasets.database import ArticleDatabase  # noqa: E402
from archiver.datasets.export import ExportStats, export  # noqa: E402
from archiver.datasets.records import read_records  # noqa: E402
from archiver.site.content import NewsSite  # noqa: E402

QUERIES = {"one word": "council", "phrase": '"city council"', "no words": ""}
BASELINE_SQL = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH escape_fts(?) ORDER BY rank LIMIT 20"


def write_records(folder: Path, count: int) -> Path:
    """``count`` records of the bundled site's model (``count - 1`` generated articles and the
    seed article) as a crawl's records file in ``folder``."""
    site = NewsSite(articles=count - 1, seed=1)
    path = folder / "articles-bench.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number, article in enumerate(site.articles):
            text = "\n".join(text for _, text in site.body_blocks(article))
            record = {
                "url": f"https://news.example.org{article.path}",
                "title": article.title,
                "authors": [author.name for author in article.authors],
                "published": article.published.isoformat(),
                "modified": article.modified.isoformat(),
                "language": "en",
                "sitename": article.site_name,
                "categories": [article.section],
                "tags": list(article.tags),
                "text": text,
                "word_count": len(text.split()),
                "fetched_at": "2025-03-31T12:00:00Z",
                "status": 200,
                "content_type": "text/html; charset=utf-8",
                "crawl_id": f"bench-{number % 4}",
                "version": 1,
                "warc": {"filename": "bench.warc.gz", "offset": number, "length": 1, "record_id": f"<urn:x:{number}>"},
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def timed(action: Callable[[], Any], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # as Datasette reads it
    db.create_function("escape_fts", 1, escape_fts)
    db.create_function("html_marked", 1, html_marked, deterministic=True)
    return db


def measure_page(database: Path, rounds: int) -> dict[str, list[float]]:
    async def refresh() -> bool:
        return False

    browser = ArchiveBrowser(refresh)
    datasette = make_datasette(database, browser)
    results: dict[str, list[float]] = {}

    async def run() -> None:
        from datasette.plugins import pm

        try:
            await datasette.invoke_startup()
            for name, words in QUERIES.items():
                url = f"/?q={words}"
                assert (await datasette.client.get(url)).status_code == 200
                times = []
                for _ in range(rounds):
                    browser._facets.clear()
                    started = time.perf_counter()
                    response = await datasette.client.get(url)
                    times.append(time.perf_counter() - started)
                    assert response.status_code == 200
                results[name] = times
        finally:
            pm.unregister(browser)

    asyncio.run(run())
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--work", type=Path, help="keep the records and the database here, and reuse them")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-search-") as temporary:
        work = args.work or Path(temporary)
        folder = work / f"crawl-{args.records}"
        served = work / f"serve-{args.records}.sqlite"
        build_serve = build_export = None
        if not served.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            records = write_records(folder, args.records)
            print(f"{args.records:,} records written in {time.perf_counter() - started:.0f} s "
                  f"({records.stat().st_size / 1e6:.0f} MB)", flush=True)  # fmt: skip

            started = time.perf_counter()
            database = ArticleDatabase(served, wal=True)
            FolderSync([folder]).sync(database)
            database.close()
            build_serve = time.perf_counter() - started

            exported = Path(temporary) / "export.sqlite"
            started = time.perf_counter()
            stats = ExportStats()
            lines = read_records([records], stats)
            export(lines, exported, output_format="sqlite", stats=stats, crawl_folders=[folder])
            build_export = time.perf_counter() - started
            exported.unlink()
            size = served.stat().st_size / 1e6
            print(f"build: serve {build_serve:.1f} s, export {build_export:.1f} s; database {size:.0f} MB", flush=True)

        db = connect(served)
        rows: dict[str, dict[str, Any]] = {}
        for name, words in QUERIES.items():
            query = SearchQuery(q=words)
            params, facets_sql = query.params(), query.facets_sql()
            matches = db.execute(facets_sql, params).fetchone()[2]
            row: dict[str, Any] = {"query": words, "matches": matches}
            if words:
                row["baseline"] = summary(timed(lambda w=words: db.execute(BASELINE_SQL, [w]).fetchall(), args.rounds))
            row["results"] = summary(timed(lambda p=params: db.execute(SEARCH_SQL, p).fetchall(), args.rounds))
            row["counts"] = summary(timed(lambda p=params, f=facets_sql: db.execute(f, p).fetchall(), args.rounds))
            rows[name] = row
        for name, times in measure_page(served, args.rounds).items():
            rows[name]["page"] = summary(times)

    print()
    print(f"{args.records:,} records, {args.rounds} rounds a query; milliseconds, median / 95th percentile")
    header = ["baseline", "results", "counts", "page", "page/baseline"]
    print(f"{'query':<10} {'matches':>8} " + " ".join(f"{cell:>14}" for cell in header))
    for name, row in rows.items():
        cells = [f"{row[part]['median_ms']:6.1f} / {row[part]['p95_ms']:5.1f}" if part in row else f"{'-':>14}"
                 for part in ("baseline", "results", "counts", "page")]  # fmt: skip
        ratio = f"{row['page']['median_ms'] / row['baseline']['median_ms']:.1f}x" if "baseline" in row else "-"
        print(f"{name:<10} {row['matches']:>8,} " + " ".join(f"{cell:>14}" for cell in [*cells, ratio]))
    if args.json:
        machine = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "machine": platform.machine()}
        result = {"records": args.records, "build_serve_s": build_serve, "build_export_s": build_export, **machine}
        args.json.write_text(json.dumps({**result, "queries": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
