"""What ``archiver status --cluster`` prints: workers, queues and leases, sites. No Scrapy."""

from __future__ import annotations

import redis

from archiver.cluster.frontier import SharedFrontier
from archiver.cluster.jobs import JobBoard
from archiver.cluster.registry import Registry


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def cluster_lines(client: redis.Redis, now: float) -> list[str]:
    """The status lines of the cluster whose Redis ``client`` reaches, at time ``now`` (epoch s)."""
    registry = Registry(client)
    board = JobBoard(client)
    workers = registry.workers()
    alive = [worker for worker in workers if worker.alive]
    lines = [f"workers: {len(alive)} alive, {len(workers) - len(alive)} gone"]
    for worker in workers:
        fields = worker.fields
        where = f"{fields.get('host', '?')} pid {fields.get('pid', '?')}"
        if not worker.alive:
            seen = float(fields.get("seen") or now)
            lines.append(f"  {worker.worker} ({where}): gone, last seen {_age(now - seen)} ago")
            continue
        site = fields.get("site") or ""
        doing = f"crawling {site}" if site else "idle"
        if site and fields.get("crawl_site") == site:
            doing += (
                f": {fields.get('pages', 0)} pages, {fields.get('articles', 0)} articles,"
                f" {fields.get('rate', 0)} pages/s"
            )
        lines.append(f"  {worker.worker} ({where}): alive, {doing}")
    jobs = board.counts()
    lines.append(f"site jobs: {jobs.waiting} waiting, {jobs.leased} being crawled, {jobs.reissued} re-issued")
    for job in board.shared_crawls():
        frontier = SharedFrontier(client, job.site, board.lease_time)
        counts = frontier.counts()
        held = ", ".join(f"{name} {count}" for name, count in sorted(frontier.queue.leases_by_worker().items()))
        lines.append(
            f"shared crawl {job.site} ({job.crawl_id}): {counts.waiting} requests waiting, {counts.leased} leased"
            f"{' (' + held + ')' if held else ''}, {frontier.seen()} seen, {counts.reissued} re-issued"
        )
    sites = registry.sites()
    if sites:
        lines.append("sites:")
        for name, totals in sites.items():
            lines.append(
                f"  {name}: {totals.get('pages', 0)} pages, {totals.get('articles', 0)} articles"
                f" (crawl {totals.get('crawl_id', '?')})"
            )
    return lines
