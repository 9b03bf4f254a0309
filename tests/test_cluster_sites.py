"""A cluster's other ways to work: a queue of site jobs, politeness across workers, outages."""

from __future__ import annotations

import threading
import time

import pytest
from cluster import Cluster, fetch_counts, records, sites_file
from conftest import new_database

from archiver.site import NewsSite, start_server

FAST = {"AUTOTHROTTLE_START_DELAY": 0, "ARCHIVER_EXTRACT_WORKERS": 1}


@pytest.fixture
def cluster(redis_url, postgres_server, tmp_path, request):
    made = Cluster(redis_url, new_database(postgres_server, request.node.name), tmp_path / "out")
    yield made
    made.stop()


def test_site_jobs_are_each_crawled_once_by_one_worker(cluster):
    sites = [NewsSite(articles=20, seed=seed) for seed in (1, 2, 3)]
    servers = [start_server(site) for site in sites]
    try:
        tables = [
            {"name": f"site{n}", "start_urls": [server.url + "/"], "settings": FAST} for n, server in enumerate(servers)
        ]
        path = sites_file(cluster.out / "sites.toml", *tables)
        queued = cluster.queue(path).stderr
        assert queued.count(": queued (crawl ") == 3
        # queued or being crawled: not twice
        assert cluster.queue(path, "--force").stderr.count("already queued or being crawled") == 3
        for name in ("w0", "w1"):
            cluster.start_worker(name)
        cluster.wait_until_idle(180)
        for n, (site, server) in enumerate(zip(sites, servers, strict=True)):
            folder = cluster.out / f"site{n}"
            files = sorted(folder.glob("articles-*.jsonl"))
            assert len(files) == 1  # one worker crawled it
            urls = [record["url"] for record in records(folder)]
            assert sorted(urls) == sorted(server.url + path for path in site.article_paths())
            assert not [uri for uri, count in fetch_counts(folder).items() if count > 1 and "robots" not in uri]
        # crawled since: not due again until its schedule says so
        assert cluster.queue(path).stderr.count(": not due (next ") == 3
    finally:
        for server in servers:
            server.stop()


def test_a_site_job_of_a_killed_worker_is_crawled_by_another(cluster):
    site = NewsSite(articles=200, seed=4)
    with start_server(site, latency=0.02) as server:
        path = sites_file(
            cluster.out / "sites.toml",
            {
                "name": "slow",
                "start_urls": [server.url + "/"],
                "concurrency": 2,
                # the killed worker's slots of the host are free again after DOWNLOAD_TIMEOUT + 30 s
                "settings": {**FAST, "DOWNLOAD_TIMEOUT": 10},
            },
        )
        cluster.queue(path)
        cluster.start_worker("w0")
        deadline = time.monotonic() + 60
        while int(cluster.client.hget("archiver:worker:w0", "pages") or 0) < 20:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        cluster.kill("w0")
        cluster.start_worker("w1")
        cluster.wait_until_idle(180)
        assert cluster.counts_of_jobs().reissued == 1
        urls = {record["url"] for record in records(cluster.out / "slow")}
        assert urls == {server.url + path for path in site.article_paths()}
    assert "re-issued 1 site jobs" in cluster.log("w1")


def test_per_host_concurrency_holds_across_workers(cluster):
    site = NewsSite(articles=60, seed=5)
    with start_server(site, latency=0.05) as server:
        path = sites_file(
            cluster.out / "sites.toml",
            {"name": "polite", "start_urls": [server.url + "/"], "shared": True, "concurrency": 2, "settings": FAST},
        )
        cluster.queue(path)
        for name in ("w0", "w1", "w2"):
            cluster.start_worker(name)
        cluster.wait_until_finished("polite", timeout=180)
        cluster.wait_until_idle(60)
        # each worker alone would send 2 at once: 6 together; the site saw at most 2, and did see 2
        assert server.peak_concurrency == 2
        urls = [record["url"] for record in records(cluster.out / "polite")]
        assert sorted(urls) == sorted(server.url + path for path in site.article_paths())
        assert len({path.name.split("-")[-2] for path in (cluster.out / "polite").glob("articles-*.jsonl")}) == 3


def test_redis_and_postgresql_restarted_during_a_crawl(cluster, redis_server, postgres_server):
    site = NewsSite(articles=300, seed=6)
    with start_server(site, latency=0.02) as server:
        path = sites_file(
            cluster.out / "sites.toml",
            {"name": "outage", "start_urls": [server.url + "/"], "shared": True, "concurrency": 4, "settings": FAST},
        )
        cluster.queue(path)
        for name in ("w0", "w1"):
            cluster.start_worker(name)

        def pages() -> int:
            return int(cluster.client.hget("archiver:site:outage", "pages") or 0)

        for service, at in ((redis_server, 60), (postgres_server, 160)):
            deadline = time.monotonic() + 120
            while pages() < at:
                assert time.monotonic() < deadline
                time.sleep(0.1)
            service.stop()
            restart = threading.Timer(3.0, service.start)
            restart.start()
            restart.join()
        cluster.wait_until_finished("outage", timeout=240)
        cluster.wait_until_idle(60)
        urls = [record["url"] for record in records(cluster.out / "outage")]
        assert len(urls) == len(set(urls))
        assert set(urls) == {server.url + path for path in site.article_paths()}
    logs = cluster.log("w0") + cluster.log("w1")
    for line in ("Redis unavailable (", "Redis is back (", "PostgreSQL unavailable (", "PostgreSQL is back ("):
        assert line in logs
    # ... and each worker that saw the outage saw its end, whichever command met it
    for name in ("w0", "w1"):
        log = cluster.log(name)
        assert "Redis is back (" in log or "Redis unavailable (" not in log, log
