"""The archive browser's parts without a browser: the article database (`archiver export -o
FILE.sqlite`), reading crawl folders incrementally, the search SQL, the replay index of growing
WARC files, the diff, the charts, the crawls page's grouping, the pages through Datasette's own
test client, and `archiver serve`'s one-line errors."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from datasette.utils import escape_fts
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.browse.charts import bar_chart
from archiver.browse.crawls import articles_per_day, site_runs
from archiver.browse.folders import FolderSync, crawl_folders
from archiver.browse.plugin import ArchiveBrowser, web_link
from archiver.browse.replay import ReplayServer, replay_path, replay_timestamp
from archiver.browse.search import ALL_FACETS_SQL, FACETS_SQL, SEARCH_SQL, SearchQuery, facet_counts, html_marked
from archiver.browse.server import make_datasette
from archiver.datasets.database import ArticleDatabase
from archiver.datasets.versions import paragraph_diff, text_diff
from archiver.state.store import SqliteCrawlState
from archiver.warc.cdx import cdxj_lines

CHECKOUT = Path(__file__).resolve().parents[1]


def article(url: str, text: str, **fields: object) -> dict:
    record = {
        "url": url,
        "title": url.rsplit("/", 1)[-1].replace("-", " "),
        "text": text,
        "authors": ["A. Writer"],
        "published": "2025-03-01",
        "language": "en",
        "fetched_at": "2025-03-02T10:00:00Z",
        "crawl_id": "run-1",
        "version": 1,
        "warc": {"filename": "a.warc.gz", "offset": 0, "length": 10, "record_id": f"<{url}>", "payload_digest": None},
    }
    record.update(fields)
    return record


def write_records(path: Path, records: list[dict], mode: str = "w") -> None:
    with path.open(mode, encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record) + "\n")


def crawl_folder(folder: Path) -> Path:
    """A crawl folder of five articles, one of them in two versions, with a state and a report."""
    folder.mkdir(parents=True)
    write_records(
        folder / "articles-run-1.jsonl",
        [
            article(
                "https://a.example/harbour-cranes-return",
                "The harbour cranes return to the port.\nDock workers cheered.",
            ),
            article("https://a.example/budget-vote", "The council passed the budget. Cranes were not discussed."),
            article(
                "https://b.example/river-festival",
                "A river festival in the old town.",
                language="de",
                authors=["B. Author", "A. Writer"],
                published="2024-07-01",
            ),
        ],
    )
    write_records(
        folder / "articles-run-2.jsonl",
        [
            article(
                "https://a.example/budget-vote",
                "The council passed the budget. Cranes were not discussed.\nUpdate: the mayor resigned.",
                fetched_at="2025-03-03T10:00:00Z",
                crawl_id="run-2",
                version=2,
            ),
            article("https://a.example/late-news", "Late news of the night.", crawl_id="run-2", published="2025-03-03"),
        ],
    )
    state = SqliteCrawlState(folder / "state.sqlite", lock=False)
    state.begin_run("run-1", "2025-03-02T09:59:00Z")
    state.finish_run(
        "run-1", "2025-03-02T10:01:00Z", "finished", {"pages": 9, "articles": 3, "errors": 2, "errors/HttpError": 2}
    )
    state.close()
    (folder / "reports").mkdir()
    report = {"site": "a-site", "crawl_id": "run-1", "articles": 3, "responses": 9, "http_errors": 2, "blocked": 0}
    report |= {"shares": {"no_title": 0.0, "http_errors": 2 / 9}, "warnings": ["no title: 0% -> 50% since run-0"]}
    (folder / "reports" / "a-site-run-1.json").write_text(json.dumps(report))
    return folder


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.create_function("escape_fts", 1, escape_fts)
    db.create_function("html_marked", 1, html_marked)
    return db


def search(db: sqlite3.Connection, **args: str) -> list[tuple]:
    return db.execute(SEARCH_SQL, SearchQuery.from_args(args).params()).fetchall()


def test_export_sqlite_has_articles_versions_runs_health_and_search(tmp_path) -> None:
    folder = crawl_folder(tmp_path / "crawl")
    output = tmp_path / "archive.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "export", *map(str, sorted(folder.glob("*.jsonl"))), "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
    )
    assert result.returncode == 0, result.stderr
    assert "5 records read, 5 written" in result.stderr  # a version is no duplicate of its article
    db = connect(output)
    articles = dict(db.execute("SELECT url, versions FROM articles"))
    assert articles == {
        "https://a.example/harbour-cranes-return": 1,
        "https://a.example/budget-vote": 2,
        "https://b.example/river-festival": 1,
        "https://a.example/late-news": 1,
    }
    [[text, version]] = db.execute("SELECT text, version FROM articles WHERE url LIKE '%budget-vote'")
    assert version == 2 and text.endswith("the mayor resigned.")
    assert db.execute("SELECT count(*) FROM versions").fetchone() == (5,)
    runs = {row[0]: row[1:] for row in db.execute("SELECT crawl_id, source, outcome, pages, errors_by_kind FROM runs")}
    assert runs["run-1"] == ("state", "finished", 9, '{"HttpError": 2}')
    assert runs["run-2"][0] == "records"
    assert db.execute("SELECT site, http_errors_share, warnings FROM health").fetchall() == [
        ("a-site", 2 / 9, '["no title: 0% -> 50% since run-0"]')
    ]
    # ranked: the title's word before the text's, both found
    assert [row[1] for row in search(db, q="cranes")] == [
        "https://a.example/harbour-cranes-return",
        "https://a.example/budget-vote",
    ]


def test_export_sqlite_drops_copies_under_other_urls_only(tmp_path) -> None:
    text = "word " * 40
    source = tmp_path / "records.jsonl"
    write_records(
        source,
        [
            article("https://a.example/one", text + "first"),
            article("https://a.example/one", text + "second", version=2, fetched_at="2025-03-05T00:00:00Z"),
            article("https://copy.example/one", text + "first"),
        ],
    )
    output, report = tmp_path / "out.db", tmp_path / "report.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "export", str(source), "-o", str(output), "--report", str(report)],
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
    )
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(output).execute("SELECT url, version FROM versions ORDER BY id").fetchall() == [
        ("https://a.example/one", 1),
        ("https://a.example/one", 2),
    ]
    [line] = [json.loads(line) for line in report.read_text().splitlines()]
    assert line["dropped_url"] == "https://copy.example/one" and line["reason"] == "text_hash"


def test_search_filters_phrases_paging_and_facets(tmp_path) -> None:
    folder = crawl_folder(tmp_path / "crawl")
    database = ArticleDatabase(tmp_path / "db.sqlite")
    FolderSync([folder]).sync(database)
    db = connect(tmp_path / "db.sqlite")
    urls = lambda rows: [row[1] for row in rows]  # noqa: E731
    assert urls(search(db, q='"cranes budget"')) == []  # a phrase is words in this order
    assert urls(search(db, q='"passed the budget"')) == ["https://a.example/budget-vote"]
    assert urls(search(db, q="cranes", site="b.example")) == []
    assert urls(search(db, q="old town", language="de")) == ["https://b.example/river-festival"]
    assert urls(search(db, author="B. Author")) == ["https://b.example/river-festival"]
    assert urls(search(db, since="2025-03-02")) == ["https://a.example/late-news"]
    assert urls(search(db, until="2024-12-31")) == ["https://b.example/river-festival"]
    assert len(search(db, crawl="run-2")) == 2  # the new article and the budget vote's new version
    # no words: the newest first, paged
    newest = urls(search(db))
    assert newest[0] == "https://a.example/late-news" and len(newest) == 4
    assert urls(search(db, size="2", page="2")) == newest[2:]
    # nothing but a quote: no match, no error
    assert search(db, q='"') == []
    total, facets = facet_counts(db.execute(FACETS_SQL, SearchQuery(q="cranes").params()).fetchall())
    assert total == 2 and facets["site"] == [("a.example", 2)]
    everything = facet_counts(db.execute(FACETS_SQL, SearchQuery().params()).fetchall())
    total, facets = everything
    assert total == 4 and dict(facets["author"]) == {"A. Writer": 4, "B. Author": 1}
    assert facets["published_month"] == [("2025-03", 3), ("2024-07", 1)]
    # the home page counts from the indexes, to the same numbers
    assert SearchQuery().facets_sql() == ALL_FACETS_SQL and SearchQuery(site="x").facets_sql() == FACETS_SQL
    assert facet_counts(db.execute(ALL_FACETS_SQL).fetchall()) == everything


def test_html_marked_escapes_and_marks_only_the_matches(tmp_path) -> None:
    database = ArticleDatabase(tmp_path / "db.sqlite")
    text = "<script>alert(1)</script> the <mark>fake</mark> word zebra and </mark>"
    database.add_versions([_row(article("https://e.example/x", text, title="<b>zebra</b>"))], "f")
    database.index()
    [row] = search(connect(tmp_path / "db.sqlite"), q="zebra")
    title_html, snippet_html = row[-3], row[-2]
    assert title_html == "&lt;b&gt;<mark>zebra</mark>&lt;/b&gt;"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet_html
    assert "&lt;mark&gt;fake&lt;/mark&gt;" in snippet_html and snippet_html.count("<mark>") == 1


def _row(record: dict) -> dict:
    from archiver.datasets.database import database_row
    from archiver.datasets.schema import flatten_record

    return database_row(flatten_record(record), record.get("version"))


def test_folder_sync_reads_a_growing_records_file_once(tmp_path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    growing = folder / "articles-run-1.jsonl.open"
    database = ArticleDatabase(tmp_path / "db.sqlite")
    sync = FolderSync([folder])
    line = json.dumps(article("https://e.example/1", "one")) + "\n"
    growing.write_text(line + line[:20])  # the second line is still being written
    assert sync.sync(database).versions == 1
    with growing.open("a") as stream:
        stream.write(line[20:].replace("/1", "/2") + json.dumps(article("https://e.example/3", "three")) + "\n")
    assert sync.sync(database).versions == 2
    assert not sync.sync(database)  # nothing changed: nothing read
    growing.rename(folder / "articles-run-1.jsonl")  # the crawl ended
    assert sync.sync(database).versions == 0
    count = database.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert count == 3
    # a file written again from the start (repaired, replaced) is read again
    write_records(folder / "articles-run-1.jsonl", [article("https://e.example/4", "four four")])
    sync.sync(database)
    assert [row[0] for row in database.conn.execute("SELECT url FROM articles")] == ["https://e.example/4"]
    # runs and reports that appear later
    state = SqliteCrawlState(folder / "state.sqlite", lock=False)
    state.begin_run("run-9", "2025-01-01T00:00:00Z")
    state.close()
    (folder / "reports").mkdir()
    (folder / "reports" / "s-run-9.json").write_text(json.dumps({"site": "s", "crawl_id": "run-9", "shares": {}}))
    counts = sync.sync(database)
    assert (counts.runs, counts.reports) == (1, 1)
    # the same database serving another folder forgets this one's records, runs and reports
    other = tmp_path / "other"
    other.mkdir()
    write_records(other / "articles-x.jsonl", [article("https://e.example/5", "five")])
    FolderSync([other]).sync(database)
    assert [row[0] for row in database.conn.execute("SELECT url FROM articles")] == ["https://e.example/5"]
    assert database.conn.execute("SELECT crawl_id FROM runs").fetchall() == [("run-1",)]
    assert database.conn.execute("SELECT count(*) FROM health").fetchone() == (0,)


def test_crawl_folders_takes_a_crawl_or_a_folder_of_crawls(tmp_path) -> None:
    crawl_folder(tmp_path / "sites" / "one")
    crawl_folder(tmp_path / "sites" / "two")
    assert [p.name for p in crawl_folders([tmp_path / "sites"])] == ["one", "two"]
    assert [p.name for p in crawl_folders([tmp_path / "sites" / "one"])] == ["one"]
    from archiver.exceptions import InputError

    with pytest.raises(InputError, match="no crawl output here"):
        crawl_folders([tmp_path])
    with pytest.raises(InputError, match="no such folder"):
        crawl_folders([tmp_path / "missing"])


def warc_bytes(pages: int) -> bytes:
    """A gzipped WARC: per page a response, its request and a metadata record, as a crawl writes."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    for number in range(pages):
        url = f"https://e.example/page-{number}"
        body = f"<html><h1>Page {number}</h1>{'x' * 500}</html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        writer.write_record(response)
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True),
        )
        writer.write_record(request)
        metadata = writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(b"{}"), warc_content_type="application/json"
        )
        writer.write_record(metadata)
    return out.getvalue()


def record_end(cdxj_line: str) -> int:
    fields = json.loads(cdxj_line.split(" ", 2)[2])
    return int(fields["offset"]) + int(fields["length"])


def test_replay_index_of_a_growing_warc_equals_the_whole_files_index(tmp_path) -> None:
    data = warc_bytes(12)
    warcs = tmp_path / "crawl" / "warcs"
    warcs.mkdir(parents=True)
    final = warcs / "archiver-1.warc.gz"
    growing = warcs / "archiver-1.warc.gz.open"
    replay = ReplayServer(tmp_path / "pywb", [tmp_path / "crawl"], Path("/no/wayback"))
    indexes = tmp_path / "pywb" / "collections" / "archive" / "indexes"
    for cut in (len(data) // 5, len(data) // 5 + 333, len(data) // 2, len(data)):
        growing.write_bytes(data[:cut])  # cut anywhere: mid-record too
        replay.refresh()
        lines = [line for part in sorted(indexes.glob("*.cdxj")) for line in part.read_text().splitlines()]
        assert all(record_end(line) < cut for line in lines)  # a record cut short waits
    growing.rename(final)
    replay.refresh()
    [index] = indexes.glob("*.cdxj")
    assert index.read_text() == cdxj_lines([final])
    assert len(index.read_text().splitlines()) == 12  # responses only: no metadata record
    assert (tmp_path / "pywb" / "collections" / "archive" / "archive" / final.name).resolve() == final
    # a second server on the same folder goes on from what the first indexed
    assert ReplayServer(tmp_path / "pywb", [tmp_path / "crawl"], Path("/no/wayback")).refresh() == 0


def test_replay_urls() -> None:
    assert replay_timestamp("2025-03-02T10:00:07.123Z") == "20250302100007"
    assert (
        replay_path("20250302100007", "https://e.example/a?b=1") == "/archive/20250302100007mp_/https://e.example/a?b=1"
    )
    assert replay_path("2025", "https://e.example/a b", framed=True) == "/archive/2025/https://e.example/a%20b"


def test_paragraph_diff_marks_paragraphs_and_words() -> None:
    old = {"url": "u", "title": "T", "text": "Same first.\nThe mayor said yes.\nGone paragraph."}
    new = {"url": "u", "title": "T", "text": "Same first.\nThe mayor said no.\nNew one.\nAnd another."}
    # two paragraphs became three: shown as removed and added, not paired word by word
    assert [change.kind for change in paragraph_diff(old, new)] == ["same", "same"] + ["removed"] * 2 + ["added"] * 3
    changes = paragraph_diff(old, {**old, "text": "Same first.\nThe mayor said no.\nGone paragraph."})
    [changed] = [change for change in changes if change.kind == "changed"]
    assert [(piece.kind, piece.text) for piece in changed.pieces if piece.kind != "same"] == [
        ("removed", "yes."),
        ("added", "no."),
    ]
    assert text_diff(old, new)[0].startswith("--- u version 1")


def test_charts_escape_labels_and_say_when_empty() -> None:
    chart = bar_chart([("<script>", 2.0), ("b&c", None), ("d", 4.0)], title="<i>t</i>")
    assert "<script>" not in chart and "&lt;script&gt;: 2" in chart and "&lt;i&gt;t&lt;/i&gt;" in chart
    assert chart.count("<rect") == 2
    assert "no data yet" in bar_chart([("a", None)], title="t")
    assert "5%" in bar_chart([("a", 0.01)], title="t", percent=True)  # a small share still shows


def test_runs_are_grouped_by_site_with_health_and_records() -> None:
    runs = [
        {
            "crawl_id": "r1",
            "folder": "f",
            "started": "1",
            "articles": 3,
            "errors_by_kind": '{"HttpError": 2, "DNS": 5}',
        },
        {"crawl_id": "r2", "folder": "f", "started": "2", "articles": None, "pages": 10, "errors": 1},
        {"crawl_id": "r3", "folder": "g", "started": "3"},
    ]
    health = [{"site": "paper", "crawl_id": "r1", "articles": 4, "http_errors_share": 0.5, "warnings": '["w"]'}]
    [first, second] = site_runs(runs, health, {"r2": 7, "r3": 1})
    assert (first.name, [r.crawl_id for r in first.runs]) == ("g", ["r3"])
    assert second.name == "paper" and [r.crawl_id for r in second.runs] == ["r1", "r2"]
    assert second.articles_series() == [("r1", 4), ("r2", 7)]
    assert second.error_series() == [("r1", 0.5), ("r2", 0.1)]
    assert second.runs[0].errors_by_kind == [("DNS", 5), ("HttpError", 2)] and second.runs[0].warnings == ["w"]
    series = articles_per_day([("a", "2025-03-01", 2), ("a", "2025-03-03", 1)], days=4)
    assert series == {"a": [("2025-02-28", 0.0), ("2025-03-01", 2.0), ("2025-03-02", 0.0), ("2025-03-03", 1.0)]}


def test_web_link_links_only_http() -> None:
    assert web_link("javascript:alert(1)") == "javascript:alert(1)"
    assert web_link("https://e.example/?a=1&b=<x>") == (
        '<a href="https://e.example/?a=1&amp;b=&lt;x&gt;" rel="noreferrer noopener" target="_blank">'
        "https://e.example/?a=1&amp;b=&lt;x&gt;</a>"
    )


def test_pages_through_datasette(tmp_path) -> None:
    folder = crawl_folder(tmp_path / "crawl")
    database = ArticleDatabase(tmp_path / "db.sqlite", wal=True)
    sync = FolderSync([folder])
    sync.sync(database)

    async def refresh() -> bool:
        return bool(sync.sync(database))

    browser = ArchiveBrowser(refresh)
    datasette = make_datasette(tmp_path / "db.sqlite", browser)

    async def pages() -> None:
        from datasette.plugins import pm

        try:
            await datasette.invoke_startup()
            client = datasette.client
            page = await client.get("/?q=cranes")
            assert page.status_code == 200 and "2 articles matching" in page.text
            assert page.text.index("harbour-cranes-return") < page.text.index("budget-vote")
            rows = (await client.get("/archive/search.json?q=cranes&_shape=array")).json()
            assert [row["url"] for row in rows] == [
                "https://a.example/harbour-cranes-return",
                "https://a.example/budget-vote",
            ]
            csv = (await client.get("/archive/search.csv?q=cranes")).text
            assert csv.startswith("id,url,") and csv.count("\r\n") == 3  # a header and two rows
            shown = await client.get("/article?url=https://a.example/budget-vote")
            assert "the mayor resigned." in shown.text and "Replay is not available" in shown.text
            ids = [
                row[0] for row in database.conn.execute("SELECT id FROM versions WHERE url LIKE '%budget%' ORDER BY id")
            ]
            diff = await client.get(f"/diff?from={ids[0]}&to={ids[1]}")
            assert "<ins>Update: the mayor resigned.</ins>" in diff.text
            assert (await client.get("/diff?from=x")).status_code == 400
            assert (await client.get("/article?url=https://nowhere.example/")).status_code == 404
            crawls = (await client.get("/crawls")).text
            assert "a-site" in crawls and "HttpError: 2" in crawls and "no title: 0% -&gt; 50% since run-0" in crawls
            # a record written meanwhile shows after a refresh, without a restart
            write_records(folder / "articles-run-3.jsonl", [article("https://a.example/cranes-again", "More cranes.")])
            browser._last_refresh = float("-inf")
            assert "3 articles matching" in (await client.get("/?q=cranes")).text
        finally:
            pm.unregister(browser)

    asyncio.run(pages())


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", "serve", *args], capture_output=True, text=True, cwd=CHECKOUT, timeout=60
    )


def test_serve_errors_are_one_line(tmp_path) -> None:
    result = run_serve(str(tmp_path / "missing"), "--no-replay")
    assert (
        result.returncode == 1
        and result.stderr.strip() == f"archiver serve: error: {tmp_path / 'missing'}: no such folder"
    )
    result = run_serve(str(tmp_path), "--no-replay")
    assert result.returncode == 1 and "no crawl output here" in result.stderr and result.stderr.count("\n") == 1
    crawl = crawl_folder(tmp_path / "crawl")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_serve(str(crawl), "--no-replay", "--port", str(port), "--data", str(tmp_path / "data"))
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert result.stderr.count("\n") == 1
    result = run_serve(str(crawl), "--port", "70000")
    assert result.returncode == 2 and "--port must be between 0 and 65535" in result.stderr


def test_a_browse_database_of_another_version_is_made_again(tmp_path: Path) -> None:
    # version 1 held `published` in UTC: its rows would sit beside rows of the day where the
    # story was published, so the database is made again from the records
    from archiver.browse.server import open_database
    from archiver.datasets.database import DATABASE_VERSION

    path = tmp_path / "archive.db"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE archive_info (key TEXT PRIMARY KEY, value TEXT)")
        old.execute("INSERT INTO archive_info VALUES ('schema_version', '1')")
        old.execute("CREATE TABLE stale (x)")
    old.close()
    database = open_database(path)
    database.close()
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert "stale" not in tables
    assert version == (DATABASE_VERSION,) and DATABASE_VERSION != "1"
