"""A work queue in Redis whose items are leased, not handed over: nothing a dead worker took is lost.

:class:`LeasedQueue` keeps, under one key prefix, the items waiting (a sorted set: lowest score
first) and the items taken (a sorted set of lease expiry times, with who took each and its
score). :meth:`~LeasedQueue.take` moves an item from waiting to taken, atomically, with a lease
of ``lease_time`` seconds; the taker renews its leases while it works
(:meth:`~LeasedQueue.renew`) and settles each when done (:meth:`~LeasedQueue.done`). An item
whose lease ran out (its worker died or hangs) goes back to waiting, with its score, at the next
:meth:`~LeasedQueue.reclaim` by anyone, and is counted as re-issued. Times are Redis's own
clock (``TIME``), so the workers' clocks need not agree. No Scrapy.

The shared frontier (requests) and the queue of site jobs are both one of these.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

_NOW_MS = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)"

# KEYS: waiting, leased, owners, scores; ARGV: lease ms, worker
_TAKE = f"""
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
{_NOW_MS}
redis.call('ZREM', KEYS[1], item[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), item[1])
redis.call('HSET', KEYS[3], item[1], ARGV[2])
redis.call('HSET', KEYS[4], item[1], item[2])
return item[1]
"""

# KEYS: waiting, leased, owners, scores, re-issued counter; ARGV: items to put back (none: the expired)
_PUT_BACK = f"""
local items = ARGV
local counted = 0
if #items == 0 then
  {_NOW_MS}
  items = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
  counted = 1
end
local moved = 0
for _, item in ipairs(items) do
  if redis.call('ZREM', KEYS[2], item) == 1 then
    local score = redis.call('HGET', KEYS[4], item) or '0'
    redis.call('HDEL', KEYS[3], item)
    redis.call('HDEL', KEYS[4], item)
    redis.call('ZADD', KEYS[1], score, item)
    moved = moved + 1
  end
end
if counted == 1 and moved > 0 then redis.call('INCRBY', KEYS[5], moved) end
return moved
"""

# KEYS: leased; ARGV: lease ms, items
_RENEW = f"""
{_NOW_MS}
local renewed = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i])
    renewed = renewed + 1
  end
end
return renewed
"""

# KEYS: leased, owners, scores; ARGV: items
_DONE = """
local settled = 0
for _, item in ipairs(ARGV) do
  settled = settled + redis.call('ZREM', KEYS[1], item)
  redis.call('HDEL', KEYS[2], item)
  redis.call('HDEL', KEYS[3], item)
end
return settled
"""


@dataclass(frozen=True)
class QueueCounts:
    """How many items wait, how many are leased, and how many were re-issued after a lease ran out."""

    waiting: int
    leased: int
    reissued: int


class LeasedQueue:
    """Items (bytes) waiting and leased under the key prefix ``prefix`` (see the module docstring)."""

    def __init__(self, client: redis.Redis, prefix: str, lease_time: float) -> None:
        self.client = client
        self.prefix = prefix
        self.lease_ms = max(1, int(lease_time * 1000))
        self.waiting_key = f"{prefix}:waiting"
        self.leased_key = f"{prefix}:leased"
        self.owners_key = f"{prefix}:owners"
        self.scores_key = f"{prefix}:scores"
        self.reissued_key = f"{prefix}:reissued"
        self._take = client.register_script(_TAKE)
        self._put_back = client.register_script(_PUT_BACK)
        self._renew = client.register_script(_RENEW)
        self._done = client.register_script(_DONE)

    @property
    def _lease_keys(self) -> list[str]:
        return [self.waiting_key, self.leased_key, self.owners_key, self.scores_key]

    def put(self, item: bytes, score: float = 0.0) -> None:
        """Add an item to the waiting ones (the lowest score is taken first)."""
        self.client.zadd(self.waiting_key, {item: score})

    def take(self, worker: str) -> bytes | None:
        """The next waiting item, now leased to ``worker``; None when nothing waits."""
        item = self._take(keys=self._lease_keys, args=[self.lease_ms, worker])
        return bytes(item) if item else None

    def renew(self, items: list[bytes]) -> int:
        """Extend the leases of ``items`` by a full lease time; returns how many were still held."""
        if not items:
            return 0
        return int(self._renew(keys=[self.leased_key], args=[self.lease_ms, *items]))

    def done(self, items: list[bytes]) -> int:
        """Settle the leases of finished items; returns how many were still leased."""
        if not items:
            return 0
        return int(self._done(keys=[self.leased_key, self.owners_key, self.scores_key], args=items))

    def give_back(self, items: list[bytes]) -> int:
        """Put leased items back to waiting at once (a worker stopping before it did them)."""
        if not items:
            return 0
        return int(self._put_back(keys=[*self._lease_keys, self.reissued_key], args=items))

    def reclaim(self) -> int:
        """Put every item whose lease ran out back to waiting; returns how many (counted as re-issued)."""
        return int(self._put_back(keys=[*self._lease_keys, self.reissued_key], args=[]))

    def counts(self) -> QueueCounts:
        """Waiting, leased and re-issued items."""
        pipe = self.client.pipeline(transaction=False)
        pipe.zcard(self.waiting_key)
        pipe.zcard(self.leased_key)
        pipe.get(self.reissued_key)
        waiting, leased, reissued = pipe.execute()
        return QueueCounts(int(waiting), int(leased), int(reissued or 0))

    def leases_by_worker(self) -> dict[str, int]:
        """How many items each worker holds leased."""
        held: dict[str, int] = {}
        for owner in self.client.hvals(self.owners_key):
            name = owner.decode() if isinstance(owner, bytes) else str(owner)
            held[name] = held.get(name, 0) + 1
        return held

    def clear(self) -> None:
        """Remove every item, waiting or leased, and the counter."""
        self.client.delete(*self._lease_keys, self.reissued_key)
