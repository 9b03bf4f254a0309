"""How a cluster scales: 1, 2 and 4 workers on the sites of a sites file, and on one big site.

Serves the bundled site with a latency per response (200 ms by default: a distant site, so that
the crawl waits on the network and this machine's cores are not the limit), starts a throwaway
Redis and PostgreSQL on loopback, and for each number of workers crawls, from scratch:

- ``sites``: SITES sites of ARTICLES articles each, one site job per site;
- ``shared``: one site of SITES x ARTICLES articles, crawled by every worker together.

Each worker's crawl sends at most ``--per-worker`` requests at once (``CONCURRENT_REQUESTS``),
so one worker's page rate is set by the latency, and N workers should reach N times it. Reports
pages/s (every response of the crawls, over the wall time from the start of the workers to the
end of the work), scaling efficiency (pages/s of N workers / (N x pages/s of one)) and the peak
memory of each worker (the sum of RSS over its process tree: worker, crawl, extraction process)
and the CPU the workers used (in cores busy over the wall time: near the machine's cores, the
crawl is CPU-bound and more workers cannot help), as a Markdown table::

    .venv/bin/python bench/cluster.py [--workers 1 2 4] [--latency 0.2] [--sites 8] [--articles 40]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import redis

from archiver.cluster.frontier import SharedFrontier
from archiver.cluster.local_services import LocalPostgres, LocalRedis
from archiver.site import NewsSite, start_server


def process_tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and all its descendants (0 when gone)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


class MemorySampler(threading.Thread):
    """Samples the RSS of each worker's process tree every 0.2 s; keeps the peak of each."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peaks = dict.fromkeys(pids, 0)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            for pid in self.pids:
                self.peaks[pid] = max(self.peaks[pid], process_tree_rss(pid))


def sites_toml(path: Path, urls: list[str], shared: bool, concurrency: int) -> None:
    lines = []
    for n, url in enumerate(urls):
        lines += [
            "[[site]]",
            f'name = "site{n}"',
            f'start_urls = ["{url}/"]',
            'schedule = "0 0 * * *"',
            "delay = 0",
            f"concurrency = {concurrency}",
            f"shared = {'true' if shared else 'false'}",
            "settings = { AUTOTHROTTLE_ENABLED = false, ARCHIVER_EXTRACT_WORKERS = 1, ARCHIVER_PROGRESS_INTERVAL = 0 }",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_once(
    mode: str,
    workers: int,
    urls: list[str],
    redis_server: LocalRedis,
    postgres: LocalPostgres,
    args: argparse.Namespace,
) -> dict[str, float]:
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    database = f"bench_{mode}_{workers}"
    with psycopg.connect(postgres.url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {database}")
        db.execute(f"CREATE DATABASE {database}")
    state = postgres.url.rsplit("/", 1)[0] + "/" + database
    out = Path(tempfile.mkdtemp(prefix=f"bench-cluster-{mode}-{workers}-"))
    try:
        sites = out / "sites.toml"
        # shared: no per-host limit below what the workers send together
        sites_toml(sites, urls, shared=mode == "shared", concurrency=args.per_worker * max(args.workers) * 2)
        archiver = [sys.executable, "-m", "archiver.cli"]
        subprocess.run(
            [
                *archiver,
                "run",
                str(sites),
                "--cluster",
                "--redis",
                redis_server.url,
                "--state",
                state,
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        started = time.monotonic()
        processes = [
            subprocess.Popen(
                [
                    *archiver, "worker", "--redis", redis_server.url, "--state", state, "--out", str(out),
                    "--id", f"w{n}", "-s", f"CONCURRENT_REQUESTS={args.per_worker}",
                ],
                stdout=subprocess.DEVNULL,
                stderr=open(out / f"w{n}.log", "wb"),  # noqa: SIM115 - closed with the process
            )
            for n in range(workers)
        ]  # fmt: skip
        sampler = MemorySampler([process.pid for process in processes])
        sampler.start()
        while not _finished(client, mode, len(urls)):
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        sampler.done.set()
        for process in processes:
            process.send_signal(signal.SIGTERM)
        cpu = 0.0
        for process in processes:
            # the worker's resource use includes its crawls' and their extraction processes'
            _, _, usage = os.wait4(process.pid, 0)
            process.returncode = 0
            cpu += usage.ru_utime + usage.ru_stime
        pages = sum(int(client.hget(f"archiver:site:site{n}", "pages") or 0) for n in range(len(urls)))
        articles = sum(int(client.hget(f"archiver:site:site{n}", "articles") or 0) for n in range(len(urls)))
        return {
            "seconds": elapsed,
            "pages": pages,
            "articles": articles,
            "peak_mb": max(sampler.peaks.values()) / 1e6,
            "cores": cpu / elapsed,
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _finished(client: redis.Redis, mode: str, sites: int) -> bool:
    if mode == "shared":
        return SharedFrontier(client, "site0", 60).is_finished()
    jobs = client.zcard("archiver:jobs:waiting") + client.zcard("archiver:jobs:leased")
    if jobs:
        return False
    # every site's crawl has reported its last counts (at its end)
    return all(client.hget(f"archiver:site:site{n}", "pages") for n in range(sites))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per response (default: 0.2)")
    parser.add_argument("--sites", type=int, default=8, help="sites of the sites file (default: 8)")
    parser.add_argument("--articles", type=int, default=40, help="articles per site (default: 40)")
    parser.add_argument("--per-worker", type=int, default=2, help="requests at once per worker (default: 2)")
    parser.add_argument("--modes", nargs="+", default=["sites", "shared"], choices=["sites", "shared"])
    args = parser.parse_args()
    results: dict[tuple[str, int], dict[str, float]] = {}
    with LocalRedis() as redis_server, LocalPostgres() as postgres:
        for mode in args.modes:
            if mode == "sites":
                sites = [NewsSite(articles=args.articles, seed=n + 1) for n in range(args.sites)]
            else:
                sites = [NewsSite(articles=args.articles * args.sites, seed=1)]
            servers = [start_server(site, latency=args.latency) for site in sites]
            try:
                for workers in args.workers:
                    result = run_once(mode, workers, [server.url for server in servers], redis_server, postgres, args)
                    results[(mode, workers)] = result
                    print(
                        f"{mode} {workers} workers: {result['pages']:.0f} pages in {result['seconds']:.1f} s",
                        file=sys.stderr,
                        flush=True,
                    )
            finally:
                for server in servers:
                    server.stop()
    print(f"\nlatency {args.latency} s per response, {args.per_worker} requests at once per worker\n")
    print(
        "| work | workers | pages | articles | seconds | pages/s | vs 1 worker | efficiency | CPU cores busy "
        "| peak MB per worker |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (mode, workers), result in results.items():
        rate = result["pages"] / result["seconds"]
        base = results.get((mode, args.workers[0]))
        base_rate = base["pages"] / base["seconds"] if base else rate
        speedup = rate / base_rate
        label = f"{args.sites} sites, one job each" if mode == "sites" else "one big site, shared"
        print(
            f"| {label} | {workers} | {result['pages']:.0f} | {result['articles']:.0f} | {result['seconds']:.1f} "
            f"| {rate:.1f} | {speedup:.2f}x | {speedup / (workers / args.workers[0]):.2f} | {result['cores']:.2f} "
            f"| {result['peak_mb']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
