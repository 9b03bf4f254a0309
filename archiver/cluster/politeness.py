"""Politeness across workers: per-host concurrency and delay, counted in Redis. No Scrapy.

Each worker's Scrapy limits its own requests to a site; four workers would hit it four times as
hard. :class:`HostSlots` gives out a site's slots for the whole cluster: at most ``concurrency``
requests to a host at once, from every worker together, and ``delay`` seconds between the start
of one and the next. A slot is held from just before a request is sent until its response (or
error) is back, and expires after ``hold_time`` seconds if its worker dies with it. Times are
Redis's clock. :mod:`archiver.crawl.cluster_politeness` is the downloader middleware over it.
"""

from __future__ import annotations

import redis

PREFIX = "archiver:host:"

# KEYS: the host's holders (sorted set of expiry times), its next allowed start;
# ARGV: concurrency, delay ms, hold ms, token. Returns 0 (taken), ms to wait, or -1 (all taken).
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_start then return next_start - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[2], now + tonumber(ARGV[2]), 'PX', tonumber(ARGV[2]) + 1000)
end
return 0
"""


class HostSlots:
    """The cluster's slots per host (see the module docstring)."""

    def __init__(self, client: redis.Redis, concurrency: int, delay: float, hold_time: float) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        self.client = client
        self.concurrency = concurrency
        self.delay_ms = max(0, int(delay * 1000))
        self.hold_ms = max(1000, int(hold_time * 1000))
        self._acquire = client.register_script(_ACQUIRE)

    def try_acquire(self, host: str, token: str) -> float | None:
        """Take a slot of ``host`` for ``token``: None when taken, else the seconds to wait before
        trying again (the delay still to run, or a short pause when every slot is taken)."""
        answer = int(
            self._acquire(
                keys=[f"{PREFIX}{host}:holders", f"{PREFIX}{host}:next"],
                args=[self.concurrency, self.delay_ms, self.hold_ms, token],
            )
        )
        if answer == 0:
            return None
        return 0.02 if answer < 0 else answer / 1000

    def release(self, host: str, token: str) -> None:
        """Give the slot back (its request is done)."""
        self.client.zrem(f"{PREFIX}{host}:holders", token)

    def held(self, host: str) -> int:
        """How many slots of ``host`` are taken now (expired ones included until the next taker)."""
        return int(self.client.zcard(f"{PREFIX}{host}:holders"))
