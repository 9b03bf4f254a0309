"""Many machines, simulated with processes: three workers share one frontier of a 2,000-article site.

The first crawl runs to its end; in the second (another 2,000-article site), one worker is killed
with SIGKILL in the middle and a replacement started. Both must record every article exactly
once across the workers, leave valid WARC files whose pointers resolve, and fetch each page once
(in the second crawl: but for the requests the dead worker held, which are re-issued).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time

import pytest
from cluster import LEASE_TIME, Cluster, exchanges, fetch_counts, records, sites_file
from conftest import new_database

from archiver.site import NewsSite, start_server
from archiver.state.model import WarcPointer
from archiver.warc.reading import read_archived_response

ARTICLES = 2000
SETTINGS = {"AUTOTHROTTLE_START_DELAY": 0, "ARCHIVER_EXTRACT_WORKERS": 1, "ARCHIVER_PROGRESS_INTERVAL": 5}


@pytest.fixture(scope="module")
def two_crawls(redis_server, postgres_server, tmp_path_factory):
    """Crawl ``first`` with three workers; then ``second``, killing w1 in the middle and starting w3."""
    out = tmp_path_factory.mktemp("cluster")
    redis_server_client = __import__("redis").Redis.from_url(redis_server.url)
    redis_server_client.flushall()
    cluster = Cluster(redis_server.url, new_database(postgres_server, "two_crawls"), out)
    first_site, second_site = NewsSite(articles=ARTICLES, seed=1), NewsSite(articles=ARTICLES, seed=2)
    facts = {}
    with start_server(first_site) as first, start_server(second_site) as second:
        sites = sites_file(
            out / "sites.toml",
            {"name": "first", "start_urls": [first.url + "/"], "shared": True, "concurrency": 8, "settings": SETTINGS},
            {
                "name": "second",
                "start_urls": [second.url + "/"],
                "shared": True,
                "concurrency": 8,
                "settings": SETTINGS,
            },
        )
        try:
            cluster.queue(sites, "--site", "first")
            for name in ("w0", "w1", "w2"):
                cluster.start_worker(name)
            facts["first_seconds"] = cluster.wait_until_finished("first", timeout=240)
            cluster.queue(sites, "--site", "second")
            # kill w1 once the crawl is well under way and w1 holds leased requests
            deadline = time.monotonic() + 120
            while True:
                held = cluster.frontier("second").queue.leases_by_worker().get("w1", 0)
                pages = int(cluster.client.hget("archiver:site:second", "pages") or 0)
                if held and pages >= 400:
                    break
                assert time.monotonic() < deadline, "w1 never held leases in the second crawl"
                time.sleep(0.05)
            facts["held_by_w1"] = held
            cluster.kill("w1")
            cluster.start_worker("w3")
            facts["second_seconds"] = cluster.wait_until_finished("second", timeout=240)
            cluster.wait_until_idle(60)
            facts["reissued"] = cluster.counts("second").reissued
            facts["status"] = cluster.archiver("status", "--cluster", "--redis", cluster.redis_url).stdout
        finally:
            cluster.stop()
        facts["urls"] = {
            "first": {first.url + path for path in first_site.article_paths()},
            "second": {second.url + path for path in second_site.article_paths()},
        }
    return cluster, facts


@pytest.mark.parametrize("site", ["first", "second"])
def test_every_article_is_recorded_exactly_once_across_workers(two_crawls, site):
    cluster, facts = two_crawls
    urls = [record["url"] for record in records(cluster.out / site)]
    assert len(urls) == len(set(urls))
    assert set(urls) == facts["urls"][site]


def test_the_workers_shared_the_first_crawl(two_crawls):
    cluster, facts = two_crawls
    folder = cluster.out / "first"
    by_worker = {name: 0 for name in ("w0", "w1", "w2")}
    for path in folder.glob("articles-*.jsonl"):
        worker = path.name.split("-")[-2]
        by_worker[worker] += len(path.read_text(encoding="utf-8").splitlines())
    # each worker wrote its own records file and its own WARC files, and did a share of the work
    assert all(count > ARTICLES / 10 for count in by_worker.values()), by_worker
    names = {path.name.split("-")[1] for path in (folder / "warcs").glob("*.warc.gz")}
    assert names == {"w0", "w1", "w2"}
    print(f"first crawl: {facts['first_seconds']:.0f} s, records per worker {by_worker}")


def test_every_page_of_the_first_crawl_was_fetched_once(two_crawls):
    cluster, _ = two_crawls
    counts = fetch_counts(cluster.out / "first")
    twice = {uri: count for uri, count in counts.items() if count > 1 and not uri.endswith("/robots.txt")}
    assert not twice
    # robots.txt: every worker reads it for itself (and the first one twice: the spider reads its
    # sitemaps); the payload is archived in full by one worker, the others' are revisits of it
    robots = [(name, kind) for name, kind, uri, _ in exchanges(cluster.out / "first") if uri.endswith("/robots.txt")]
    assert len(robots) == 4
    writers = {name.split("-")[1] for name, kind in robots if kind == "response"}
    revisiting = {name.split("-")[1] for name, kind in robots if kind == "revisit"}
    assert len(writers) == 1 and len(revisiting) == 2 and not writers & revisiting


def test_the_dead_workers_requests_were_reissued_and_fetched_again_only_they(two_crawls):
    cluster, facts = two_crawls
    assert facts["reissued"] >= 1
    counts = fetch_counts(cluster.out / "second")
    twice = {uri: count for uri, count in counts.items() if count > 1 and not uri.endswith("/robots.txt")}
    more = {uri for uri, count in twice.items() if count != 2}
    assert not more, [(uri, kind, name) for name, kind, uri, _ in exchanges(cluster.out / "second") if uri in more]
    assert len(twice) <= facts["reissued"]
    assert "re-issued" in cluster.log("w0") + cluster.log("w2") + cluster.log("w3")


@pytest.mark.parametrize("site", ["first", "second"])
def test_every_warc_file_is_valid_and_none_left_open(two_crawls, site):
    cluster, _ = two_crawls
    folder = cluster.out / site
    assert not list(folder.rglob("*.open"))  # the dead worker's, repaired by its replacement
    paths = sorted((folder / "warcs").glob("*.warc.gz"))
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, paths)], capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("site", ["first", "second"])
def test_every_record_pointer_resolves_to_its_page(two_crawls, site):
    cluster, _ = two_crawls
    folder = cluster.out / site
    for record in records(folder):
        warc = record["warc"]
        pointer = WarcPointer(warc["filename"], warc["offset"], warc["length"], warc["record_id"])
        archived = read_archived_response(folder / "warcs", pointer)
        assert archived is not None, record["url"]
        status, _, body = archived
        if body[:2] == b"\x1f\x8b":  # as served, gzip
            body = gzip.decompress(body)
        assert status == 200 and record["title"].split()[0].encode() in body


def test_status_shows_the_workers_and_the_sites(two_crawls):
    _, facts = two_crawls
    lines = facts["status"].splitlines()
    assert lines[0] == "workers: 3 alive, 1 gone"
    assert any(line.startswith("  w1 (") and ": gone, last seen" in line for line in lines)
    assert any(line.startswith("  w3 (") and ": alive, idle" in line for line in lines)
    assert "site jobs: 0 waiting, 0 being crawled, 0 re-issued" in lines
    sites = lines[lines.index("sites:") + 1 :]
    assert any(line.startswith("  first: ") and f", {ARTICLES + 1} articles" in line for line in sites), sites


def test_export_and_index_read_a_clusters_output_as_one_machines(two_crawls, tmp_path):
    cluster, facts = two_crawls
    folder = cluster.out / "first"
    dataset = tmp_path / "articles.jsonl"
    export = cluster.archiver("export", *map(str, sorted(folder.glob("articles-*.jsonl"))), "-o", str(dataset))
    assert export.returncode == 0, export.stderr
    exported = [json.loads(line)["url"] for line in dataset.read_text(encoding="utf-8").splitlines()]
    assert sorted(exported) == sorted(facts["urls"]["first"])
    index = cluster.archiver(
        "index", *map(str, sorted((folder / "warcs").glob("*.warc.gz"))), "-o", str(tmp_path / "i")
    )
    assert index.returncode == 0, index.stderr
    assert len((tmp_path / "i").read_text(encoding="utf-8").splitlines()) >= ARTICLES


def test_lease_time_is_long_enough_for_stale_claims():
    from archiver.state.postgres import STALE_CLAIM

    # a page re-fetched after its worker died must find that worker's payload claims stale
    assert STALE_CLAIM < LEASE_TIME
