"""Shared fixtures: the bundled news site served on 127.0.0.1, with and without real pages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from archiver.site import NewsSite, RunningServer, start_server
from archiver.site.content import WIRE_EVERY

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# The shared corpora live beside the checkout (../shared), never inside the repository.
SHARED = Path(__file__).resolve().parents[2] / "shared"
BENCHMARK_HTML = SHARED / "corpus" / "article-extraction-benchmark" / "html"


def archiver_crawler(settings: dict[str, Any] | None = None) -> Crawler:
    """A crawler with the archiver's add-on applied (settings parsed, components configured), and
    ``settings`` on top, as a Scrapy project with ``ADDONS = {"archiver.crawl.Archiver": 0}`` gets."""
    from scrapy.utils.test import get_crawler

    from archiver.crawl import Archiver

    return get_crawler(settings_dict={"ADDONS": {Archiver: 0}, **(settings or {})})


def require_benchmark_html() -> Path:
    """The folder of the 181 saved benchmark pages, or skip the calling test with the reason."""
    if not BENCHMARK_HTML.is_dir():
        pytest.skip(f"real-page corpus not found at {BENCHMARK_HTML} (../shared/corpus beside the checkout)")
    return BENCHMARK_HTML


@pytest.fixture(scope="session")
def news_site() -> Iterator[RunningServer]:
    """A 40-article site (seed 1) on a free port; ``.url`` is ``http://127.0.0.1:PORT``, ``.site`` the model."""
    with start_server(NewsSite(articles=40, seed=1)) as server:
        yield server


@pytest.fixture(scope="session")
def wire_news_site() -> Iterator[RunningServer]:
    """The same 40-article site with wire copies of articles 12, 24 and 36: three near-duplicate pairs."""
    with start_server(NewsSite(articles=40, seed=1, wire_every=WIRE_EVERY)) as server:
        yield server


@pytest.fixture(scope="session")
def mounted_news_site() -> Iterator[RunningServer]:
    """A 10-article site that also serves the benchmark pages twice each under /real/."""
    folder = require_benchmark_html()
    with start_server(NewsSite(articles=10, seed=1, mount=folder, mount_repeat=2)) as server:
        yield server


@pytest.fixture(scope="session")
def cjk_news_site() -> Iterator[RunningServer]:
    """A 10-article site that also serves its handmade articles in Chinese, Japanese and Korean."""
    with start_server(NewsSite(articles=10, seed=1, cjk=True)) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server on a free loopback port with a temporary data folder, for the session."""
    from archiver.cluster.local_services import LocalPostgres

    with LocalPostgres() as server:
        yield server


def new_database(server: Any, name: str) -> str:
    """The URL of a new, empty database ``name`` (letters, digits, ``_``) on a PostgreSQL server."""
    import re

    import psycopg

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", name.lower())[:50] + f"_{os.getpid()}"
    with psycopg.connect(server.url, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return server.url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def postgres_url(postgres_server, request) -> str:
    """The URL of a new, empty database on the session's PostgreSQL server."""
    return new_database(postgres_server, request.node.name)


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server on a free loopback port with a temporary data folder, for the session."""
    from archiver.cluster.local_services import LocalRedis

    with LocalRedis() as server:
        yield server


@pytest.fixture
def redis_url(redis_server) -> str:
    """The session's Redis server, emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url
