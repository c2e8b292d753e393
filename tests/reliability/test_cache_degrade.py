"""The Redis cache degrades to misses when Redis is down, and comes back by itself."""

import logging
import os

import pytest
from django.test import override_settings

from apps.core import cache as degrading
from apps.core.cache import DegradingRedisCache


def make_cache(port: int, db: int = 0) -> DegradingRedisCache:
    return DegradingRedisCache(
        f"redis://127.0.0.1:{port}/{db}",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}, "KEY_PREFIX": "degrade-test"},
    )


def test_reads_are_misses_and_writes_are_noops_when_redis_is_down(closed_port, caplog):
    cache = make_cache(closed_port)

    with caplog.at_level(logging.WARNING, logger="apps.core.cache"):
        cache.set("figures", {"branches": 560}, 60)
        assert cache.get("figures") is None
        assert cache.get("figures", "fallback") == "fallback"
        assert cache.get_or_set("figures", lambda: 42, 60) == 42
        assert cache.add("figures", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.delete("figures") is False
        assert cache.has_key("figures") is False
        cache.delete_many(["a"])
        cache.clear()
        with pytest.raises(ValueError):
            cache.incr("counter")

    # One warning for the outage, not one per call: the cool-off skips Redis meanwhile.
    warnings = [r for r in caplog.records if r.name == "apps.core.cache"]
    assert len(warnings) == 1
    assert "cache unavailable (ConnectionError during set)" in warnings[0].getMessage()
    assert cache.ping() is False


def test_it_tries_redis_again_after_the_cool_off(closed_port, monkeypatch):
    cache = make_cache(closed_port)
    cache.get("x")
    assert cache.available is False

    clock = degrading.time.monotonic() + degrading.RETRY_AFTER + 1
    monkeypatch.setattr(degrading.time, "monotonic", lambda: clock)

    assert cache.available is True


@pytest.mark.django_db
def test_pages_keep_serving_from_the_database_when_redis_is_down(client, cast, closed_port):
    caches = {
        "default": {
            "BACKEND": "apps.core.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=caches):  # Django rebuilds its cache handlers on this
        client.force_login(cast.leader)
        home = client.get("/")
        health = client.get("/healthz/")

    assert home.status_code == 200
    assert health.status_code == 200
    assert health.json()["checks"]["cache"]["ok"] is False


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_it_is_a_normal_cache_while_redis_is_up():
    from urllib.parse import urlparse

    url = urlparse(os.environ["REDIS_URL"])
    cache = make_cache(url.port or 6379, int((url.path or "/0").lstrip("/") or 0))

    cache.set("degrade-probe", "here", 30)

    assert cache.get("degrade-probe") == "here"
    assert cache.ping() is True
    cache.delete("degrade-probe")


def test_a_generation_bump_is_not_skipped_by_the_cool_off(closed_port, monkeypatch, caplog):
    """A bump retires a signed-out user's cached copy for every process: it must reach Redis
    even while this process is in cool-off, and say so loudly when it cannot."""
    from apps.core import generations

    down = make_cache(closed_port)
    down.get("x")  # the cool-off starts
    assert down.available is False
    with pytest.raises(degrading.UNAVAILABLE):
        down.set_many_now({"g": "1"}, 60)
    monkeypatch.setattr(generations, "cache", down)
    with caplog.at_level(logging.ERROR, logger="apps.core.generations"):
        generations._set_fresh(("accounts:user-generation:1",))
    assert "cache generations not bumped: accounts:user-generation:1" in caplog.text


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_a_bump_reaches_redis_during_a_cool_off(monkeypatch):
    from urllib.parse import urlparse

    from apps.core import generations

    url = urlparse(os.environ["REDIS_URL"])
    cache = make_cache(url.port or 6379, int((url.path or "/0").lstrip("/") or 0))
    cache._down_until = degrading.time.monotonic() + 60  # as after a blip
    monkeypatch.setattr(generations, "cache", cache)
    generations._set_fresh(("cool-off-probe",))
    cache._down_until = 0.0
    assert cache.get("cool-off-probe") is not None
    cache.delete("cool-off-probe")
