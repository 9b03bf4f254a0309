"""The crawl state in PostgreSQL: its versioned schema, payload claims between concurrent
writers (real processes), and waiting for the database when it goes away."""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time

import psycopg
import pytest

from archiver.exceptions import InputError
from archiver.state.model import WarcPointer
from archiver.state.pg_schema import LATEST
from archiver.state.postgres import PostgresCrawlState

URL = "http://news.example/a.html"


def _claim_many(url: str, crawl_id: str, digests: list[str], start: float, found: dict) -> None:
    """Claim every digest as the writer ``crawl_id``, as a crawl's recorder does; report the answers."""
    state = PostgresCrawlState(url)
    while time.time() < start:
        time.sleep(0.001)
    answers = {}
    for digest in digests:
        record_id = f"<urn:{crawl_id}:{digest}>"
        claimed = state.claim_payload(
            digest, url=f"http://x/{digest}", record_id=record_id, date="d", crawl_id=crawl_id
        )
        answers[digest] = None if claimed is None else claimed[1].record_id
        if claimed is None:  # the original: written, then stored
            pointer = WarcPointer(f"{crawl_id}.warc.gz", 10, 20, record_id, "d", digest)
            state.record_fetch(
                f"http://x/{digest}",
                fetched_at="2025-01-01T00:00:00Z",
                status=200,
                etag=None,
                last_modified=None,
                listed=None,
                payload=pointer,
            )
    state.close()
    found[crawl_id] = answers


def test_schema_is_created_once_and_versioned(postgres_url):
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=PostgresCrawlState, args=(postgres_url,)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    with psycopg.connect(postgres_url) as db:
        versions = [row[0] for row in db.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, LATEST + 1))


def test_a_database_without_a_crawl_state_is_refused_to_read(postgres_url):
    with pytest.raises(InputError, match="no crawl state"):
        PostgresCrawlState(postgres_url, read_only=True)


def test_concurrent_writers_claim_each_payload_once(postgres_url):
    PostgresCrawlState(postgres_url).close()
    digests = [f"sha1:{n:04d}" for n in range(200)]
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    found = manager.dict()
    start = time.time() + 3
    writers = [
        context.Process(target=_claim_many, args=(postgres_url, f"w{n}", digests, start, found)) for n in range(3)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    answers = dict(found)
    for digest in digests:
        winners = [crawl for crawl in answers if answers[crawl][digest] is None]
        # exactly one original; every other writer revisits that very record
        assert len(winners) == 1, (digest, winners)
        original = f"<urn:{winners[0]}:{digest}>"
        assert all(answers[crawl][digest] == original for crawl in answers if crawl != winners[0])
    # the processes did race: more than one of them won some payloads
    assert len({crawl for crawl in answers for digest in digests if answers[crawl][digest] is None}) > 1


def test_a_revisit_waits_for_the_original_to_be_written(postgres_url):
    first, second = PostgresCrawlState(postgres_url), PostgresCrawlState(postgres_url)
    try:
        assert first.claim_payload("sha1:P", url=URL, record_id="<a>", date="d1", crawl_id="one") is None
        target, pending = second.claim_payload("sha1:P", url=URL + "?b", record_id="<b>", date="d2", crawl_id="two")
        assert (target, pending.record_id, pending.date, pending.filename) == (URL, "<a>", "d1", "")
        # the crawl that claimed it again (a lost connection) still writes it
        assert first.claim_payload("sha1:P", url=URL, record_id="<a2>", date="d1", crawl_id="one") is None
        with pytest.raises(TimeoutError):
            second.locate_payload(pending, timeout=0.2)
        threading.Timer(
            0.3,
            first.record_fetch,
            kwargs=dict(
                url=URL,
                fetched_at="2025-01-01T00:00:00Z",
                status=200,
                etag=None,
                last_modified=None,
                listed=None,
                payload=WarcPointer("a.warc.gz", 5, 6, "<a>", "d1", "sha1:P"),
            ),
        ).start()
        located = second.locate_payload(pending, timeout=10)
        assert (located.filename, located.offset, located.length, located.record_id) == ("a.warc.gz", 5, 6, "<a>")
        # the second page's state points at the payload once it is in place
        second.record_fetch(
            URL + "?b",
            fetched_at="2025-01-01T00:00:01Z",
            status=200,
            etag=None,
            last_modified=None,
            listed=None,
            payload=pending,
        )
        assert second.page(URL + "?b").payload == WarcPointer("a.warc.gz", 5, 6, "<a>", "d1", "sha1:P")
    finally:
        first.close()
        second.close()


def test_a_claim_whose_writer_died_is_taken_over(postgres_url):
    state = PostgresCrawlState(postgres_url)
    try:
        assert state.claim_payload("sha1:D", url=URL, record_id="<dead>", date="d", crawl_id="dead") is None
        assert state.claim_payload("sha1:D", url=URL, record_id="<new>", date="d", crawl_id="new") is not None
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute("UPDATE payloads SET claimed_at = now() - interval '1 hour'")
        assert state.claim_payload("sha1:D", url=URL, record_id="<new>", date="d", crawl_id="new") is None
        later = state.claim_payload("sha1:D", url=URL, record_id="<later>", date="d", crawl_id="later")
        assert later is not None and later[1].record_id == "<new>"
    finally:
        state.close()


def test_waits_for_the_database_while_it_is_down_and_goes_on(postgres_server, postgres_url, caplog):
    state = PostgresCrawlState(postgres_url)
    try:
        postgres_server.stop()
        restarted = threading.Timer(2.0, postgres_server.start)
        restarted.start()
        with caplog.at_level(logging.WARNING, logger="archiver.state.postgres"):
            state.record_article({"url": URL, "title": "T", "text": "x", "version": 1}, "articles-1.jsonl")
        restarted.join()
        assert [v.version for v in state.versions(URL)] == [1]
    finally:
        state.close()
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("PostgreSQL unavailable (") and "waiting and retrying" in m for m in messages)
    assert any(m.startswith("PostgreSQL is back (") for m in messages)
