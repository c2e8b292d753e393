"""/healthz: database, cache, broker and worker, 200 while the database answers."""

import json
import os

import pytest
from django.db import OperationalError

from apps.core import health


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="the embedded stack only (eager tasks)")
@pytest.mark.django_db
def test_it_reports_every_component_ok_on_the_embedded_stack(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "worker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["broker"]["mode"] == "eager"


@pytest.mark.django_db
def test_it_is_never_cached(client):
    response = client.get("/healthz/")

    assert "no-cache" in response["Cache-Control"]


def test_live_answers_without_touching_the_database(client):
    # No django_db mark: any query would fail this test.
    response = client.get("/healthz/live/")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "check_database", refuse)

    response = client.get("/healthz/")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "down"
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }


@pytest.mark.django_db
def test_a_dead_cache_degrades_but_still_serves(client, monkeypatch):
    monkeypatch.setattr(health, "check_cache", lambda: False)

    response = client.get("/healthz/")

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False


@pytest.mark.django_db
def test_a_dead_broker_marks_the_worker_unknown_without_waiting(client, monkeypatch):
    monkeypatch.setattr(health, "check_broker", lambda: {"ok": False})
    from cadre_portal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)

    response = client.get("/healthz/")

    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["error"] == "broker unavailable"


@pytest.mark.django_db
def test_it_reports_a_live_worker_on_the_real_stack(client, celery_worker):
    health._worker_answer.update(at=-1e9, value=None)

    body = json.loads(client.get("/healthz/").content)

    assert body["status"] == "ok"
    assert body["checks"]["worker"]["workers"] >= 1
