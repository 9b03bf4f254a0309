"""Who is in the cluster, and what each worker and site has done: for ``archiver status --cluster``.

Per worker (``archiver:worker:ID``, a hash): host, pid, when it started, the site it is
crawling, and its crawl's counts (pages, articles, pages per second over the last interval),
refreshed by the worker every few seconds; a key ``archiver:worker:ID:alive`` that expires
when the refreshes stop says whether it is alive. Per site (``archiver:site:NAME``): pages and
articles crawled by all workers, the last crawl id. No Scrapy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import redis

WORKERS = "archiver:workers"
ALIVE_FOR = 15


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class WorkerStatus:
    """What a worker last said about itself."""

    worker: str
    alive: bool
    fields: dict[str, str]


class Registry:
    """The workers and sites of a cluster (see the module docstring)."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def heartbeat(self, worker: str, **fields: Any) -> None:
        """Say that ``worker`` is alive, with facts about it (each written as text)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.sadd(WORKERS, worker)
        if fields:
            pipe.hset(f"archiver:worker:{worker}", mapping={k: str(v) for k, v in fields.items()})
        pipe.hset(f"archiver:worker:{worker}", "seen", str(time.time()))
        pipe.set(f"archiver:worker:{worker}:alive", "1", ex=ALIVE_FOR)
        pipe.execute()

    def leave(self, worker: str) -> None:
        """A worker that stopped cleanly."""
        pipe = self.client.pipeline(transaction=False)
        pipe.delete(f"archiver:worker:{worker}:alive")
        pipe.hset(f"archiver:worker:{worker}", mapping={"site": "", "stopped": str(time.time())})
        pipe.execute()

    def crawl_progress(
        self, worker: str, site: str, pages: int, articles: int, rate: float, added: dict[str, int]
    ) -> None:
        """A crawl's counts so far (and what they added since the last call, to the site's totals)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.hset(
            f"archiver:worker:{worker}",
            mapping={"pages": pages, "articles": articles, "rate": f"{rate:.1f}", "crawl_site": site},
        )
        for name, count in added.items():
            if count:
                pipe.hincrby(f"archiver:site:{site}", name, count)
        pipe.execute()

    def note_crawl(self, site: str, crawl_id: str) -> None:
        """The site's newest crawl."""
        self.client.hset(f"archiver:site:{site}", "crawl_id", crawl_id)

    def workers(self) -> list[WorkerStatus]:
        """Every worker that ever registered, by id."""
        found = []
        for raw in sorted(self.client.smembers(WORKERS)):
            worker = _text(raw)
            fields = {_text(k): _text(v) for k, v in self.client.hgetall(f"archiver:worker:{worker}").items()}
            alive = bool(self.client.exists(f"archiver:worker:{worker}:alive"))
            found.append(WorkerStatus(worker, alive, fields))
        return found

    def sites(self) -> dict[str, dict[str, str]]:
        """Every site's totals, by name."""
        found = {}
        for raw in sorted(self.client.scan_iter(match="archiver:site:*", count=500)):
            key = _text(raw)
            found[key.removeprefix("archiver:site:")] = {
                _text(k): _text(v) for k, v in self.client.hgetall(key).items()
            }
        return dict(sorted(found.items()))
