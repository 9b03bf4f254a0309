"""The Redis client every part of a cluster uses: it waits for Redis when it is away. No Scrapy.

:func:`redis_client` returns a ``redis.Redis`` whose every command, when the server cannot be
reached (stopped, restarting, still loading its data), is tried again each second until it
answers, with one log line when Redis goes away and one when it is back. Workers thus pause
during an outage and go on afterwards; with Redis's append-only file nothing queued is lost.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
from redis.backoff import ConstantBackoff
from redis.exceptions import ConnectionError, TimeoutError
from redis.retry import Retry

from archiver.exceptions import UsageError

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
RETRY_INTERVAL = 1.0


class _Outage:
    """When the Redis went away, shared by a client's connections (None while it answers)."""

    def __init__(self) -> None:
        self.lost_at: float | None = None
        self.lock = threading.Lock()


class _WaitingRetry(Retry):  # type: ignore[misc]
    """Retries forever, and says so once per outage: when the first command fails, and when the
    first one after it succeeds. The outage is the client's, not one command's: a transaction
    whose watched connection died gives up its own retry (redis-py raises ``WatchError`` for its
    caller to start again), and the command that then succeeds is another one, maybe on another
    of the pool's connections (each holds a copy of this object, sharing its ``_Outage``)."""

    def __init__(self, where: str, outage: _Outage | None = None) -> None:
        super().__init__(ConstantBackoff(RETRY_INTERVAL), -1, supported_errors=(ConnectionError, TimeoutError))
        self.where = where
        self.outage = outage or _Outage()

    def __deepcopy__(self, memo: dict[int, Any]) -> _WaitingRetry:
        return _WaitingRetry(self.where, self.outage)

    def call_with_retry(
        self,
        do: Callable[[], _T],
        fail: Callable[..., Any],
        is_retryable: Callable[[Exception], bool] | None = None,
        with_failure_count: bool = False,
    ) -> _T:
        outage = self.outage

        def failed(error: Exception, *count: int) -> Any:
            with outage.lock:
                first = outage.lost_at is None
                if first:
                    outage.lost_at = time.monotonic()
            if first:
                logger.warning(
                    "Redis unavailable (%s): %s; waiting and retrying every %.0f s",
                    self.where,
                    " ".join(str(error).split()) or type(error).__name__,
                    RETRY_INTERVAL,
                )
            return fail(error, *count)

        result = super().call_with_retry(do, failed, is_retryable, with_failure_count)
        if outage.lost_at is not None:
            with outage.lock:
                lost_at, outage.lost_at = outage.lost_at, None
            if lost_at is not None:
                logger.warning("Redis is back (%s) after %.0f s", self.where, time.monotonic() - lost_at)
        return result


def check_redis_url(url: str, option: str = "--redis") -> str:
    """``url`` if it is a ``redis://`` or ``rediss://`` URL; raises UsageError naming ``option``."""
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise UsageError(f"{option} must be a redis:// URL, not {url!r}")
    return url


def redis_client(url: str) -> redis.Redis:
    """A client of the Redis at ``url`` that waits for it when it is away (module docstring)."""
    parts = urlsplit(url)
    where = f"{parts.hostname}:{parts.port or 6379}" if parts.hostname else url
    return redis.Redis.from_url(
        url,
        retry=_WaitingRetry(where),
        retry_on_error=[ConnectionError, TimeoutError],
        socket_connect_timeout=5,
        socket_timeout=30,
        health_check_interval=15,
    )
