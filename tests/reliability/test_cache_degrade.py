"""The Redis cache (django-redis) degrades to misses when Redis is down, backs off for a
few seconds after a failure, and comes back by itself."""

import logging
import os
from urllib.parse import urlparse

import pytest
from django.test import override_settings
from django_redis.cache import RedisCache

from apps.core import cache as backoff


def make_cache(port: int, db: int = 0) -> RedisCache:
    """A django-redis cache configured as the settings configure it, on ``port``."""
    return RedisCache(
        f"redis://127.0.0.1:{port}/{db}",
        {
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_CLASS": "apps.core.cache.BackoffConnectionPool",
            },
            "KEY_PREFIX": "degrade-test",
        },
    )


def redis_cache() -> RedisCache:
    url = urlparse(os.environ["REDIS_URL"])
    return make_cache(url.port or 6379, int((url.path or "/0").lstrip("/") or 0))


@pytest.fixture(autouse=True)
def no_cool_off_left_over():
    backoff._down_until.clear()
    yield
    backoff._down_until.clear()


def test_reads_are_misses_and_writes_are_noops_when_redis_is_down(closed_port, caplog):
    cache = make_cache(closed_port)

    with caplog.at_level(logging.WARNING, logger="apps.core.cache"):
        cache.set("figures", {"branches": 560}, 60)
        assert cache.get("figures") is None
        assert cache.get("figures", "fallback") == "fallback"
        assert cache.get_or_set("figures", lambda: 42, 60) == 42
        assert not cache.add("figures", 1)
        assert cache.get_many(["a", "b"]) == {}
        cache.set_many({"a": 1, "b": 2})
        assert not cache.delete("figures")
        assert not cache.has_key("figures")
        cache.delete_many(["a"])
        cache.clear()

    # One warning for the outage, not one per call: the cool-off skips Redis meanwhile.
    warnings = [r for r in caplog.records if r.name == "apps.core.cache"]
    assert len(warnings) == 1
    assert "cache unavailable (ConnectionError)" in warnings[0].getMessage()
    assert not backoff.available("127.0.0.1", closed_port)


def test_during_the_cool_off_redis_is_not_even_tried(closed_port, monkeypatch):
    cache = make_cache(closed_port)
    cache.get("x")
    tries = []
    connect = backoff.Connection.connect
    monkeypatch.setattr(backoff.Connection, "connect", lambda self: tries.append(1) or connect(self))

    assert cache.get("x") is None

    assert tries == []


def test_it_tries_redis_again_after_the_cool_off(closed_port, monkeypatch):
    cache = make_cache(closed_port)
    cache.get("x")
    assert not backoff.available("127.0.0.1", closed_port)

    clock = backoff.time.monotonic() + backoff.RETRY_AFTER + 1
    monkeypatch.setattr(backoff.time, "monotonic", lambda: clock)

    assert backoff.available("127.0.0.1", closed_port)


@pytest.mark.django_db
def test_pages_keep_serving_from_the_database_when_redis_is_down(client, cast, closed_port, settings):
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_CLASS": "apps.core.cache.BackoffConnectionPool",
            },
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    with override_settings(CACHES=caches):  # Django rebuilds its cache handlers on this
        client.force_login(cast.leader)
        home = client.get("/")
        dashboard = client.get("/dashboard/")
        health = client.get("/healthz/")

    assert home.status_code == 200
    assert dashboard.status_code == 200
    assert health.status_code == 200
    assert health.json()["checks"]["cache"]["ok"] is False


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_it_is_a_normal_cache_while_redis_is_up():
    cache = redis_cache()

    cache.set("degrade-probe", "here", 30)

    assert cache.get("degrade-probe") == "here"
    cache.delete("degrade-probe")


def test_a_generation_bump_that_redis_refuses_is_logged_as_an_error(closed_port, monkeypatch, caplog):
    from apps.core import generations

    down = make_cache(closed_port)
    down.get("x")  # the cool-off starts
    monkeypatch.setattr(generations, "cache", down)
    with caplog.at_level(logging.ERROR, logger="apps.core.generations"):
        generations._set_fresh(("dashboard:generation",))
    assert "cache generations not bumped: dashboard:generation" in caplog.text


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_a_bump_reaches_redis_during_a_cool_off(monkeypatch):
    """A bump retires figures every process may be serving: it reaches Redis even while
    this process is in its cool-off after a blip."""
    from apps.core import generations

    cache = redis_cache()
    url = urlparse(os.environ["REDIS_URL"])
    backoff._down_until[(url.hostname, url.port or 6379)] = backoff.time.monotonic() + 60  # as after a blip
    assert cache.get("cool-off-probe") is None  # skipped
    monkeypatch.setattr(generations, "cache", cache)
    generations._set_fresh(("cool-off-probe",))
    backoff._down_until.clear()
    assert cache.get("cool-off-probe") is not None
    cache.delete("cool-off-probe")


def test_with_redis_the_settings_use_django_redis_and_cached_db_sessions():
    """The standard parts: django-redis turning Redis errors into misses, and Django's
    cached_db sessions (read from Redis, written through to the database)."""
    import json
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import json; from cadre_portal import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default']['OPTIONS'], s.SESSION_ENGINE], default=str))"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0", "CADRE_TESTING": "0"}
    env.pop("SESSION_ENGINE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    backend, options, engine = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "django_redis.cache.RedisCache"
    assert options["IGNORE_EXCEPTIONS"] is True
    assert engine == "django.contrib.sessions.backends.cached_db"
