"""The cluster's parts on their own: requests as JSON, leased queues, host slots, the Scrapy
internals the shared frontier relies on, and moving a SQLite state into PostgreSQL."""

from __future__ import annotations

import copy
import logging
import subprocess
import sys
import time

import pytest
import redis
from redis.exceptions import ConnectionError, WatchError
from scrapy import Request, Spider
from scrapy.core.engine import ExecutionEngine
from scrapy.utils.request import request_from_dict

from archiver.cluster import codec
from archiver.cluster.connection import redis_client
from archiver.cluster.leases import LeasedQueue
from archiver.cluster.politeness import HostSlots
from archiver.state.model import WarcPointer
from archiver.state.postgres import PostgresCrawlState
from archiver.state.store import SqliteCrawlState


class _Spider(Spider):
    name = "parts"

    def parse_page(self, response):  # pragma: no cover - named by the request only
        return None


def test_a_request_crosses_redis_as_json_and_comes_back_equal():
    spider = _Spider()
    request = Request(
        "http://news.example/a.html?x=1",
        method="POST",
        body=b"\x00\xffbinary",
        headers={"If-None-Match": '"e1"'},
        callback=spider.parse_page,
        priority=15,
        meta={"archiver_depth": 2, "archiver_listed": "2025-03-01T00:00:00+00:00", "handle_httpstatus_list": [404]},
    )
    data = codec.dumps(request.to_dict(spider=spider))
    assert b"pickle" not in data and data.startswith(b"{")
    back = request_from_dict(codec.loads(data), spider=spider)
    assert (back.url, back.method, back.body, back.priority, back.meta) == (
        request.url,
        request.method,
        request.body,
        request.priority,
        request.meta,
    )
    assert back.headers.getlist("If-None-Match") == [b'"e1"'] and back.callback == spider.parse_page


def test_the_engine_still_keeps_its_requests_in_progress_where_the_frontier_reads_them():
    # archiver/crawl/frontier.py settles a lease once its request leaves engine._slot.inprogress
    import inspect

    source = inspect.getsource(ExecutionEngine)
    assert "self._slot.add_request(request)" in source and "self._slot.remove_request(request)" in source
    from scrapy.core.engine import _Slot

    slot = inspect.getsource(_Slot)
    assert "self.inprogress: set[Request]" in slot and "self.nextcall" in slot


def test_leased_items_come_back_when_their_lease_runs_out(redis_url):
    client = redis.Redis.from_url(redis_url)
    queue = LeasedQueue(client, "t:q", lease_time=0.3)
    queue.put(b"late", 2)
    queue.put(b"early", 1)
    assert queue.take("w1") == b"early"
    assert queue.take("w2") == b"late"
    assert queue.take("w3") is None
    assert queue.leases_by_worker() == {"w1": 1, "w2": 1}
    queue.done([b"early"])
    assert queue.reclaim() == 0
    time.sleep(0.4)
    assert queue.reclaim() == 1  # w2 died with "late"
    counts = queue.counts()
    assert (counts.waiting, counts.leased, counts.reissued) == (1, 0, 1)
    assert queue.take("w3") == b"late"
    assert queue.renew([b"late"]) == 1
    assert queue.give_back([b"late"]) == 1 and queue.counts().reissued == 1  # given back: not re-issued


def test_host_slots_limit_concurrency_and_space_starts(redis_url):
    client = redis.Redis.from_url(redis_url)
    slots = HostSlots(client, concurrency=2, delay=0, hold_time=1)
    assert slots.try_acquire("site", "a") is None
    assert slots.try_acquire("site", "b") is None
    assert slots.try_acquire("site", "c") == pytest.approx(0.02)  # full
    assert slots.try_acquire("other", "c") is None  # per host
    slots.release("site", "a")
    assert slots.try_acquire("site", "c") is None
    spaced = HostSlots(client, concurrency=5, delay=0.5, hold_time=1)
    assert spaced.try_acquire("slow", "a") is None
    wait = spaced.try_acquire("slow", "b")
    assert wait is not None and 0.3 < wait <= 0.5


def test_a_dead_holders_slot_expires(redis_url):
    slots = HostSlots(redis.Redis.from_url(redis_url), concurrency=1, delay=0, hold_time=1)
    assert slots.try_acquire("site", "dead") is None
    assert slots.try_acquire("site", "b") is not None
    time.sleep(1.1)
    assert slots.try_acquire("site", "b") is None


def test_state_migrate_moves_a_sqlite_state_into_postgresql(tmp_path, postgres_url):
    source = SqliteCrawlState(tmp_path / "state.sqlite")
    pointer = WarcPointer("a.warc.gz", 10, 20, "<urn:a>", "2025-03-01T00:00:00Z", "sha1:A")
    source.record_fetch(
        "http://x/a",
        fetched_at="2025-03-01T00:00:00.000000Z",
        status=200,
        etag='"e"',
        last_modified=None,
        listed=None,
        payload=pointer,
    )
    source.record_article({"url": "http://x/a", "title": "T", "text": "x", "version": 1}, "articles-1.jsonl")
    source.begin_run("run-1", "2025-03-01T00:00:00Z")
    source.finish_run("run-1", "2025-03-01T00:01:00Z", "finished", {"pages": 1})
    source.mark_indexed("articles-1.jsonl")
    source.add_to_frontier("http://x/b", 2, None)
    source.close()

    def migrate(*extra: str) -> subprocess.CompletedProcess[str]:
        command = ["state", "migrate", str(tmp_path / "state.sqlite"), "--to", postgres_url, *extra]
        return subprocess.run([sys.executable, "-m", "archiver.cli", *command], capture_output=True, text=True)

    result = migrate("--site", "meridian")
    assert result.returncode == 0, result.stderr
    assert "pages: 1 of 1 rows copied" in result.stderr and "versions: 1 of 1 rows copied" in result.stderr
    assert "pages: 0 of 1 rows copied" in migrate().stderr  # again: nothing twice
    target = PostgresCrawlState(postgres_url)
    try:
        page = target.page("http://x/a")
        assert page.etag == '"e"' and page.payload == pointer and page.version == 1
        assert target.payload("sha1:A") == ("http://x/a", pointer)
        assert [(run.crawl_id, run.outcome, run.counts) for run in target.runs("meridian")] == [
            ("run-1", "finished", {"pages": 1})
        ]
        assert target.is_indexed("articles-1.jsonl")
        assert [(entry.url, entry.depth) for entry in target.frontier()] == [("http://x/b", 2)]
    finally:
        target.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["state", "migrate", "nothing.sqlite", "--to", "sqlite:///x"], "--to must be a postgresql:// URL"),
        (["worker", "--redis", "http://x", "--state", "postgresql://x/y"], "--redis must be a redis:// URL"),
        (["worker", "--redis", "redis://x", "--state", "state.sqlite"], "--state must be a postgresql:// URL"),
        (["status", "--cluster"], "--cluster needs --redis URL"),
    ],
    ids=["migrate-to", "worker-redis", "worker-state", "status-cluster"],
)
def test_bad_cluster_options_are_one_line(args, message):
    result = subprocess.run([sys.executable, "-m", "archiver.cli", *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_an_outage_is_logged_once_gone_and_once_back_whichever_command_sees_it(caplog):
    """A transaction whose watched connection died gives up its own retry (redis-py raises
    WatchError from the failure handler); the next command, on another of the pool's
    connections, is the one that finds Redis back."""
    retry = copy.deepcopy(redis_client("redis://127.0.0.1:1/0").connection_pool.connection_kwargs["retry"])
    other = copy.deepcopy(retry)  # each connection of the pool holds its own copy

    def lost() -> None:
        raise ConnectionError("Connection reset by peer")

    def watch_lost(error: Exception) -> None:
        raise WatchError("A ConnectionError occurred while watching one or more keys")

    caplog.set_level(logging.WARNING, logger="archiver.cluster.connection")
    with pytest.raises(WatchError):
        retry.call_with_retry(lost, watch_lost)
    assert other.call_with_retry(lambda: "PONG", lambda error: None) == "PONG"
    assert other.call_with_retry(lambda: "PONG", lambda error: None) == "PONG"
    messages = [record.getMessage() for record in caplog.records]
    assert [message.split(" (")[0] for message in messages] == ["Redis unavailable", "Redis is back"]
