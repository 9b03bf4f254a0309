"""The incremental guarantees of one machine, with three workers sharing a crawl and PostgreSQL:
publish 5 articles and edit 3, crawl again: exactly 5 new records and 3 new versions, and the
unchanged pages only as revisits (tests/test_recrawl.py is the single-machine version)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from cluster import Cluster, exchanges, sites_file
from conftest import new_database
from warcio.archiveiterator import ArchiveIterator

from archiver.site import NewsSite, start_server


def crawl_records(cluster: Cluster, crawl_id: str) -> list[dict]:
    import json

    return [
        json.loads(line)
        for path in sorted((cluster.out / "news").glob(f"articles-{crawl_id}-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def three_runs(redis_server, postgres_server, tmp_path_factory):
    out = tmp_path_factory.mktemp("cluster-recrawl")
    __import__("redis").Redis.from_url(redis_server.url).flushall()
    cluster = Cluster(redis_server.url, new_database(postgres_server, "cluster_recrawl"), out)
    site = NewsSite(articles=40, seed=1)
    crawl_ids, warcs = [], []
    with start_server(site) as server:
        sites = sites_file(
            out / "sites.toml",
            {
                "name": "news",
                "start_urls": [server.url + "/"],
                "shared": True,
                "concurrency": 8,
                "settings": {"AUTOTHROTTLE_START_DELAY": 0, "ARCHIVER_EXTRACT_WORKERS": 1},
            },
        )
        try:
            for name in ("w0", "w1", "w2"):
                cluster.start_worker(name)
            step = None
            for run in range(3):
                if run == 1:
                    step = site.advance(publish=5, edit=3)
                queued = cluster.queue(sites, "--force").stderr
                crawl_ids.append(re.search(r"\(crawl (\S+)\)", queued)[1])
                cluster.wait_until_finished("news", timeout=120)
                cluster.wait_until_idle(60)
                warcs.append(set((out / "news" / "warcs").glob("*.warc.gz")) - set().union(*warcs))
        finally:
            cluster.stop()
        articles = {server.url + path for path in site.article_paths()}
        yield cluster, crawl_ids, warcs, step, server.url, articles


def test_each_crawl_was_shared_by_the_workers(three_runs):
    cluster, crawl_ids, *_ = three_runs
    files = sorted((cluster.out / "news").glob(f"articles-{crawl_ids[0]}-*.jsonl"))
    # 41 articles: on a busy machine, the first two workers may have taken them all before the
    # third asked for one
    assert {path.name.split("-")[-2] for path in files} <= {"w0", "w1", "w2"}
    assert len(files) >= 2


def test_second_crawl_writes_five_new_records_and_three_new_versions(three_runs):
    cluster, crawl_ids, _, step, base, _ = three_runs
    first, second, third = (crawl_records(cluster, crawl_id) for crawl_id in crawl_ids)
    assert len(first) == 41 and {r["version"] for r in first} == {1}
    assert len({r["url"] for r in first}) == 41
    assert len(second) == 8
    assert {r["url"] for r in second if r["version"] == 1} == {base + path for path in step.published}
    assert {r["url"] for r in second if r["version"] == 2} == {base + path for path in step.edited}
    pointers = {r["url"]: r["warc"] for r in first}
    for record in second:
        if record["version"] == 2:
            assert record["previous"] == pointers[record["url"]]
            assert "Update 1:" in record["text"]
        else:
            assert record["previous"] is None
    assert third == []


def test_second_crawl_downloads_only_changed_articles_and_revisits_the_rest(three_runs):
    cluster, _, warcs, step, base, articles = three_runs
    folder = cluster.out / "news"
    second = [e for e in exchanges(folder) if folder / "warcs" / e[0] in warcs[1]]
    fetched = {uri for _, kind, uri, _ in second if kind == "response" and uri in articles}
    assert fetched == {base + path for path in (*step.published, *step.edited)}
    assert len([e for e in second if e[1] == "revisit"]) >= 10
    third = [e for e in exchanges(folder) if folder / "warcs" / e[0] in warcs[2]]
    assert not {uri for _, kind, uri, _ in third if kind == "response" and uri in articles}


def test_revisits_point_at_records_that_exist(three_runs):
    cluster, _, warcs, *_ = three_runs
    responses = {record_id for _, kind, _, record_id in exchanges(cluster.out / "news") if kind == "response"}
    profiles = set()
    for path in sorted(warcs[2]):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "revisit":
                    profiles.add(record.rec_headers.get_header("WARC-Profile").rsplit("/", 1)[1])
                    assert record.rec_headers.get_header("WARC-Refers-To") in responses
    assert profiles == {"server-not-modified", "identical-payload-digest"}


def test_every_warc_file_passes_warcio_check(three_runs):
    cluster, *_ = three_runs
    paths = sorted((cluster.out / "news" / "warcs").glob("*.warc.gz"))
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, paths)], capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_diff_and_status_read_the_shared_state(three_runs):
    cluster, _, _, step, base, _ = three_runs
    url = base + step.edited[0]
    diff = cluster.archiver("diff", url, "--out", str(cluster.out / "news"), "--state", cluster.state)
    assert diff.returncode == 0, diff.stderr
    added = [line for line in diff.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(added) == 1 and added[0].startswith("+Update 1:")
    status = cluster.archiver("status", str(cluster.out / "sites.toml"), "--state", cluster.state)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("news: last run ") and " finished at " in status.stdout
