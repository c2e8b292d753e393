"""A Redis cache that degrades quietly: when Redis is down, a read is a miss and a write a no-op.

Pages cache what they can recompute (dashboard figures, menus …), so losing Redis must
cost speed, never a 500. :class:`DegradingRedisCache` is Django's ``RedisCache`` with every
operation guarded: on a connection error or timeout it logs one warning and answers as an
empty cache would. After a failure it skips Redis for ``RETRY_AFTER`` seconds (each page
would otherwise pay a connect timeout per cache call), then tries again — so when Redis
returns, the cache comes back by itself, without a restart.

Settings select it when ``REDIS_URL`` is set.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    The base class builds a new ``redis.Redis`` for every operation, and its constructor
    (about 170 response callbacks copied into a case-insensitive dict) costs more than
    the round trip to Redis itself. A ``redis.Redis`` is safe to share between threads:
    each command takes a connection from the pool.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class DegradingRedisCache(RedisCache):
    """``RedisCache`` that turns an unreachable Redis into cache misses (see module doc)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0

    # -- the guard -------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """False while in the cool-off after a failure."""
        return time.monotonic() >= self._down_until

    def _guarded(self, operation: str, fallback, call):
        if not self.available:
            return fallback
        try:
            return call()
        except UNAVAILABLE as exc:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "cache unavailable (%s during %s); serving without cache for %.0f s",
                type(exc).__name__,
                operation,
                RETRY_AFTER,
            )
            return fallback

    def ping(self) -> bool:
        """True when Redis answers now (ignores the cool-off; for /healthz)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNAVAILABLE:
            return False

    # -- every operation of the base class ----------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, lambda: super(DegradingRedisCache, self).add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, lambda: super(DegradingRedisCache, self).get(key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set", None, lambda: super(DegradingRedisCache, self).set(key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, lambda: super(DegradingRedisCache, self).touch(key, timeout, version))

    def delete(self, key, version=None):
        return self._guarded("delete", False, lambda: super(DegradingRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, lambda: super(DegradingRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, lambda: super(DegradingRedisCache, self).has_key(key, version))

    def incr(self, key, delta=1, version=None):
        result = self._guarded("incr", None, lambda: super(DegradingRedisCache, self).incr(key, delta, version))
        if result is None:
            # What the base class raises for a missing key: callers already handle it.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set_many", list(data), lambda: super(DegradingRedisCache, self).set_many(data, timeout, version)
        )

    def set_many_now(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """``set_many`` that ignores the cool-off and raises when Redis fails: for writes
        that retire what other processes may still read (generation bumps). A blip that put
        this process in cool-off must not leave the others serving a signed-out user."""
        return super().set_many(data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, lambda: super(DegradingRedisCache, self).delete_many(keys, version))

    def clear(self):
        return self._guarded("clear", False, lambda: super(DegradingRedisCache, self).clear())
