"""The crawl state store: round trips, the run lock, recovery from the output files, due rules."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from archiver.datasets.records import repair_open_records_files
from archiver.exceptions import InputError, StateLockedError
from archiver.state.due import is_due
from archiver.state.model import WarcPointer, article_text_hash
from archiver.state.store import SqliteCrawlState
from archiver.state.stores import open_state
from archiver.warc.records import HttpExchange
from archiver.warc.writer import WarcFileWriter

URL = "http://news.example/a.html"
POINTER = WarcPointer("x.warc.gz", 100, 50, "<urn:uuid:1>", "2025-03-01T00:00:00Z", "sha1:AAAA")


@pytest.fixture
def sqlite_state(tmp_path):
    store = SqliteCrawlState(tmp_path / "state.sqlite")
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def state(request, tmp_path):
    """Each store in turn: the behaviour of a crawl state does not depend on where it is kept."""
    if request.param == "sqlite":
        store = SqliteCrawlState(tmp_path / "state.sqlite")
    else:
        store = open_state(request.getfixturevalue("postgres_url"))
    yield store
    store.close()


def test_fetch_round_trip_and_payload_lookup(state):
    state.record_fetch(
        URL,
        fetched_at="2025-03-01T00:00:00.000000Z",
        status=200,
        etag='"e1"',
        last_modified="Sat, 01 Mar 2025 00:00:00 GMT",
        listed=None,
        payload=POINTER,
    )
    page = state.page(URL)
    assert (page.status, page.etag, page.payload, page.version) == (200, '"e1"', POINTER, 0)
    assert state.payload("sha1:AAAA") == (URL, POINTER)
    # A 304 later: validators and time move on, the payload stays where it is.
    state.record_fetch(
        URL,
        fetched_at="2025-03-02T00:00:00.000000Z",
        status=200,
        etag='"e1"',
        last_modified=None,
        listed="2025-03-01T10:00:00+00:00",
        payload=None,
    )
    page = state.page(URL)
    assert page.last_fetched.startswith("2025-03-02") and page.first_fetched.startswith("2025-03-01")
    assert page.payload == POINTER and page.listed == "2025-03-01T10:00:00+00:00"
    assert state.page("http://news.example/unknown") is None


def test_the_frontier_keeps_what_was_asked_for_until_it_is_fetched_or_given_up(state):
    state.add_to_frontier("http://news.example/b.html", 2, None)
    state.add_to_frontier(URL, 1, "2025-03-01T00:00:00Z")
    state.add_to_frontier("http://news.example/c.html", 1, None)
    state.add_to_frontier(URL, 3, None)  # asked for again: kept as first asked
    assert [(entry.url, entry.depth, entry.listed) for entry in state.frontier()] == [
        ("http://news.example/b.html", 2, None),
        (URL, 1, "2025-03-01T00:00:00Z"),
        ("http://news.example/c.html", 1, None),
    ]
    state.record_fetch(
        URL, fetched_at="2025-03-01T00:00:00Z", status=200, etag=None, last_modified=None, listed=None, payload=None
    )
    state.remove_from_frontier("http://news.example/c.html")
    assert [entry.url for entry in state.frontier()] == ["http://news.example/b.html"]


def test_uses_wal_journal(sqlite_state):
    assert sqlite_state._one("PRAGMA journal_mode")[0] == "wal"


def test_a_fetch_is_stored_in_one_transaction(sqlite_state):
    statements: list[str] = []
    sqlite_state._db.set_trace_callback(statements.append)
    sqlite_state.record_fetch(
        URL,
        fetched_at="2025-03-01T00:00:00.000000Z",
        status=200,
        etag=None,
        last_modified=None,
        listed=None,
        payload=POINTER,
    )
    assert len(statements) == 6  # the frontier entry, the page, its payload pointer, the payload digest
    assert (statements[0], statements[-1]) == ("BEGIN IMMEDIATE", "COMMIT")


def test_one_run_at_a_time_per_state_file(tmp_path, sqlite_state):
    with pytest.raises(StateLockedError, match=rf"pid {os.getpid()}\) is using the state"):
        SqliteCrawlState(tmp_path / "state.sqlite")
    reader = SqliteCrawlState(tmp_path / "state.sqlite", lock=False)  # status reads alongside a run
    reader.close()
    SqliteCrawlState(tmp_path / "state.sqlite", read_only=True).close()  # so does diff
    sqlite_state.close()
    SqliteCrawlState(tmp_path / "state.sqlite").close()


def test_read_only_state_reads_and_leaves_the_file_as_it_was(tmp_path, sqlite_state):
    sqlite_state.record_article({"url": URL, "title": "T", "text": "one", "version": 1}, "articles-1.jsonl")
    sqlite_state.close()
    path = tmp_path / "state.sqlite"
    before = path.read_bytes()
    reader = SqliteCrawlState(path, read_only=True)
    try:
        assert [v.version for v in reader.versions(URL)] == [1]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.record_article({"url": URL, "title": "T", "text": "two", "version": 2}, "articles-2.jsonl")
    finally:
        reader.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"not a database\n", "sqlite"], ids=["empty", "text", "other-sqlite"])
def test_read_only_state_refuses_a_file_that_is_not_one_and_leaves_it_alone(tmp_path, content):
    path = tmp_path / "given.sqlite"
    if content == "sqlite":
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE notes (text TEXT)")
        other.commit()
        other.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}: not a crawl state file"):
        SqliteCrawlState(path, read_only=True)
    assert path.read_bytes() == before
    assert not (tmp_path / "given.sqlite.lock").exists()


def test_articles_are_versioned(state):
    record = {"url": URL, "title": "T", "text": "one", "version": 1, "warc": {"record_id": "<a>"}}
    state.record_article(record, "articles-1.jsonl")
    state.record_article({**record, "text": "two", "version": 2, "warc": {"record_id": "<b>"}}, "articles-2.jsonl")
    state.record_article(record, "articles-1.jsonl")  # recovery may read a line twice
    assert [(v.version, v.records_file) for v in state.versions(URL)] == [
        (1, "articles-1.jsonl"),
        (2, "articles-2.jsonl"),
    ]
    page = state.page(URL)
    assert page.version == 2 and page.record_warc == {"record_id": "<b>"}
    assert page.text_hash == article_text_hash({"title": "T", "text": "two"})


def test_records_file_of_a_killed_run_is_recovered(tmp_path, state):
    # The JSON line was written, the state update was lost: the next run must not record it again.
    line = json.dumps({"url": URL, "title": "T", "text": "body", "version": 1, "fetched_at": "2025-03-01T00:00:00Z"})
    (tmp_path / "articles-x.jsonl.open").write_text(line + "\n" + line[:20], encoding="utf-8")
    [report] = repair_open_records_files(tmp_path)
    assert report.outcome == "truncated" and report.records_kept == 1
    assert (tmp_path / "articles-x.jsonl").read_text(encoding="utf-8") == line + "\n"
    assert state.ingest_records_file(tmp_path / "articles-x.jsonl") == 1
    assert state.is_indexed("articles-x.jsonl")
    page = state.page(URL)
    assert page.version == 1
    assert not is_due(page, listed=None, now=datetime.now(UTC), max_age=0)


def test_warc_file_of_a_killed_run_is_recovered(tmp_path, state):
    exchange = HttpExchange(
        URL,
        "GET",
        [],
        b"",
        200,
        [(b"ETag", b'"e9"'), (b"Content-Type", b"text/html")],
        b"<p>hi</p>",
        None,
        datetime(2025, 3, 1, tzinfo=UTC),
    )
    with WarcFileWriter(tmp_path / "warcs") as writer:
        location = writer.write_exchange(exchange)
    [path] = (tmp_path / "warcs").glob("*.warc.gz")
    assert state.ingest_warc_file(path) == 1
    page = state.page(URL)
    assert page.etag == '"e9"' and page.status == 200
    assert (page.payload.filename, page.payload.offset, page.payload.length, page.payload.record_id) == (
        location.filename,
        location.offset,
        location.length,
        location.record_id,
    )
    assert state.payload(location.payload_digest)[0] == URL


def _article(**changes):
    values = dict(
        url=URL,
        first_fetched="",
        last_fetched="2025-03-01T00:00:00.000000Z",
        status=200,
        etag=None,
        last_modified="Sat, 01 Mar 2025 00:00:00 GMT",
        listed=None,
        payload=None,
        version=1,
        text_hash="h",
        record_warc=None,
    )
    values.update(changes)
    from archiver.state.model import PageState

    return PageState(**values)


def test_due_rules():
    now = datetime(2025, 3, 10, tzinfo=UTC)
    march_1 = datetime(2025, 3, 1, tzinfo=UTC)
    assert is_due(None, listed=None, now=now, max_age=0)  # never fetched
    assert is_due(_article(version=0), listed=None, now=now, max_age=0)  # not an article (listing)
    assert not is_due(_article(), listed=None, now=now, max_age=0)  # known article, no news
    assert not is_due(_article(), listed=march_1, now=now, max_age=0)  # listed date not newer
    assert is_due(_article(), listed=march_1 + timedelta(hours=1), now=now, max_age=0)  # edited
    assert is_due(_article(), listed=None, now=now, max_age=86400)  # older than max age
    assert not is_due(_article(), listed=None, now=now, max_age=30 * 86400)
