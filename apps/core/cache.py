"""The Redis cache's back-off: after a failure, leave Redis alone for a few seconds.

The cache is django-redis (settings, with ``REDIS_URL``) with ``IGNORE_EXCEPTIONS``: when
Redis is down a read is a miss and a write a no-op, so losing Redis costs speed, never a
500. What django-redis does not do is stop trying: each cache call of each page would
pay a connect timeout while Redis is away. :class:`BackoffConnection`, the connections of
django-redis's pool (``CONNECTION_POOL_CLASS`` = :class:`BackoffConnectionPool`, a redis-py
``ConnectionPool`` with its documented ``connection_class``), adds that: when connecting to Redis fails it logs one warning and, for ``RETRY_AFTER``
seconds, refuses at once to connect (django-redis takes that as any other connection
error); then it tries again, so the cache comes back by itself when Redis does.

A write that retires what other processes may still read (a generation bump,
:mod:`apps.core.generations`) goes through :func:`past_cool_off`: it reaches for Redis
even during this process's cool-off (a blip here says nothing of the other processes'
Redis) and raises when Redis refuses it.
"""

import logging
import threading
import time
from contextlib import contextmanager

from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0

# (host, port) → when this process may try that Redis again (time.monotonic()).
_down_until: dict[tuple, float] = {}
_forced = threading.local()


def available(host: str = "", port: int = 0) -> bool:
    """False while this process is in the cool-off after a failure of that Redis (any,
    when no address is given)."""
    now = time.monotonic()
    if host:
        return now >= _down_until.get((host, port), 0.0)
    return all(now >= until for until in _down_until.values())


class BackoffConnection(Connection):
    """redis-py's connection, refusing at once during the cool-off (see the module doc)."""

    def connect(self):
        address = (self.host, self.port)
        if not getattr(_forced, "on", False) and time.monotonic() < _down_until.get(address, 0.0):
            raise RedisConnectionError("Redis unavailable: cooling off after a failure")
        try:
            super().connect()
        except UNAVAILABLE as exc:
            if time.monotonic() >= _down_until.get(address, 0.0):
                logger.warning(
                    "cache unavailable (%s); serving without cache for %.0f s", type(exc).__name__, RETRY_AFTER
                )
            _down_until[address] = time.monotonic() + RETRY_AFTER
            raise


class BackoffConnectionPool(ConnectionPool):
    """redis-py's pool of :class:`BackoffConnection` (django-redis ``CONNECTION_POOL_CLASS``)."""

    def __init__(self, connection_class=BackoffConnection, **kwargs):
        super().__init__(connection_class=connection_class, **kwargs)


@contextmanager
def past_cool_off():
    """Cache calls inside reach for Redis even during this process's cool-off."""
    previous = getattr(_forced, "on", False)
    _forced.on = True
    try:
        yield
    finally:
        _forced.on = previous


def set_many_or_raise(cache, data: dict, timeout: int) -> None:
    """``cache.set_many`` past the cool-off that raises when Redis refuses it (django-redis
    with ``IGNORE_EXCEPTIONS`` would only return). Other caches: their own ``set_many``."""
    client = getattr(cache, "client", None)
    with past_cool_off():
        if client is not None and hasattr(client, "set_many"):
            client.set_many(data, timeout=timeout)
        else:
            cache.set_many(data, timeout)
