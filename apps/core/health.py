"""``/healthz/``: is this portal able to serve? For a load balancer and for people on call.

Reports the database, the cache, the task broker and the Celery workers as JSON. The
answer is **200 when the database answers** (the portal can serve: a dead cache only
slows it, a dead queue only delays background work) and 503 otherwise; ``status`` is
``ok`` when everything answers, ``degraded`` when only the database does.

``/healthz/live/`` answers 200 without touching anything: the process is up (liveness, and
the minimal view the ``http`` benchmark compares pages against).

Open to everyone, anonymous included; it shows no data, only up/down and timings.
"""

import threading
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

WORKER_PING_TIMEOUT = 0.5
# A worker ping waits for replies; remember the answer briefly so a load balancer polling
# every second does not keep each web process busy waiting.
WORKER_ANSWER_TTL = 10.0
_worker_answer: dict = {"at": -1e9, "value": None}
_worker_lock = threading.Lock()


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a health check reports failures, it never raises
        return {"ok": False, "error": type(exc).__name__, "ms": round((time.perf_counter() - started) * 1000, 1)}
    answer = result if isinstance(result, dict) else {"ok": bool(result)}
    answer["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return answer


def check_database() -> bool:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache() -> bool:
    ping = getattr(cache, "ping", None)
    if ping is not None:  # the degrading Redis cache: ask Redis itself, not the fallback
        return ping()
    key, value = "healthz:probe", uuid.uuid4().hex
    cache.set(key, value, 10)
    return cache.get(key) == value


def check_broker() -> dict:
    from apps.core.queue import queue_available
    from cadre_portal.celery import app

    if app.conf.task_always_eager:
        return {"ok": True, "mode": "eager"}
    return {"ok": queue_available(timeout=WORKER_PING_TIMEOUT)}


def check_workers(broker_ok: bool) -> dict:
    from cadre_portal.celery import app

    if app.conf.task_always_eager:
        return {"ok": True, "mode": "eager"}
    if not broker_ok:
        return {"ok": False, "error": "broker unavailable"}
    with _worker_lock:
        if time.monotonic() - _worker_answer["at"] > WORKER_ANSWER_TTL:
            replies = app.control.ping(timeout=WORKER_PING_TIMEOUT) or []
            _worker_answer.update(at=time.monotonic(), value=len(replies))
        count = _worker_answer["value"]
    return {"ok": count > 0, "workers": count}


@never_cache
def healthz(request):
    checks = {"database": _timed(check_database), "cache": _timed(check_cache), "broker": _timed(check_broker)}
    checks["worker"] = _timed(lambda: check_workers(checks["broker"]["ok"]))
    database_ok = checks["database"]["ok"]
    everything_ok = all(c["ok"] for c in checks.values())
    status = "ok" if everything_ok else "degraded" if database_ok else "down"
    return JsonResponse({"status": status, "checks": checks}, status=200 if database_ok else 503)


@never_cache
def healthz_live(request):
    return JsonResponse({"status": "ok"})
