"""``python -m bench http``: requests per second through gunicorn, pages against a minimal view.

gunicorn (2 sync workers, production settings, DEBUG off) serves the city data set on
127.0.0.1:8110 with the configured database and ``REDIS_URL`` (run it with PostgreSQL and
Redis); :func:`bench.loadgen.hammer` GETs each page for 10 s (at most 50,000 requests)
from 8 processes:

- ``minimal``: ``/healthz/live/`` — Django's full middleware stack, no database;
- ``dashboard``: the leadership dashboard ``/dashboard/`` as ``city_leader``;
- ``secretary``: the secretary's home ``/workspace/`` as ``city_sec_0001`` (``/`` when
  the workspace is not installed).

Each signed-in page runs on the standard mechanisms only: Django's ``cached_db``
sessions in Redis (django-redis), the user read from the database, the pages' cached
parts (the dashboard's body, the secretary's notices and branch part) under generation
keys; the page around them is rendered per request.

Goals (issue 13): dashboard and secretary each ≥ 25 % of the minimal view's requests/s.
"""

import os

from bench.common import dataset, table
from bench.loadgen import Browser, collectstatic, gunicorn, hammer, production_env

PORT = 8110
GOALS = {"dashboard": 0.25, "secretary": 0.25}
PASSWORD = "Yangzhou@2026"


def ratios(figures: dict) -> dict:
    """Each page's requests/s as a share of the minimal view's (rounded to 3 places)."""
    minimal = figures["minimal"]["rps"]
    return {name: round(f["rps"] / minimal, 3) if minimal else 0.0 for name, f in figures.items() if f}


def _server_env(target: str, vendor: str) -> dict:
    from bench.loadgen import database_url_for

    if vendor == "postgresql":
        return production_env(database_url_for(target), os.environ.get("REDIS_URL", ""))
    return production_env("", os.environ.get("REDIS_URL", ""), SQLITE_PATH=target) | {"DATABASE_URL": ""}


def _signed_in(port: int, username: str, path: str) -> tuple[dict | None, str]:
    """Cookies of ``username`` after signing in, and the path to load (None: not available)."""
    browser = Browser(port)
    if not browser.login(username, PASSWORD):
        return None, f"{username} could not sign in"
    response = browser.get(path)
    # Twice: the first request fills the cache.
    response = browser.get(path)
    if response.status != 200:
        return None, f"{path} answered {response.status}"
    return browser.cookies, path


def run(args) -> dict:
    from django.db import connection

    quick = getattr(args, "quick", False)
    duration = 3.0 if quick else 10.0
    scale = getattr(args, "scale", 1.0)
    with dataset("city", scale) as target:
        vendor = connection.vendor
        connection.close()
        env = _server_env(target, vendor)
        collectstatic(env)
        figures: dict = {}
        notes = []
        os.makedirs("bench/results", exist_ok=True)
        with gunicorn(PORT, env, workers=2, log_path="bench/results/http-gunicorn.log"):
            figures["minimal"] = hammer(PORT, "/healthz/live/", duration=duration, max_requests=50_000)
            cookies, path = _signed_in(PORT, "city_leader", "/dashboard/")
            if cookies is None:
                notes.append(f"dashboard skipped: {path}")
                figures["dashboard"] = None
            else:
                figures["dashboard"] = hammer(PORT, path, cookies=cookies, duration=duration, max_requests=50_000)
            cookies, path = _signed_in(PORT, "city_sec_0001", "/workspace/")
            if cookies is None:
                notes.append(f"secretary home falls back to /: {path}")
                cookies, path = _signed_in(PORT, "city_sec_0001", "/")
            figures["secretary"] = hammer(PORT, path, cookies=cookies, duration=duration, max_requests=50_000)
            figures["secretary"]["path"] = path
    shares = ratios(figures)
    rows = [
        [
            name,
            f.get("path", ""),
            f["requests"],
            f["rps"],
            f["median_ms"],
            f["p95_ms"],
            f"{shares[name]:.0%}",
            ", ".join(f"{k}:{v}" for k, v in sorted(f["statuses"].items())),
        ]
        for name, f in figures.items()
        if f
    ]
    table(rows, ["page", "path", "requests", "req/s", "median ms", "p95 ms", "of minimal", "statuses"])
    for note in notes:
        print(note)
    print("goals: " + ", ".join(f"{name} ≥ {goal:.0%} of minimal" for name, goal in GOALS.items()))
    passed = all((shares.get(name) or 0) >= goal for name, goal in GOALS.items())
    return {
        "minimal_rps": figures["minimal"]["rps"],
        "dashboard_rps": figures["dashboard"]["rps"] if figures["dashboard"] else None,
        "secretary_rps": figures["secretary"]["rps"],
        "dashboard_ratio": shares.get("dashboard"),
        "secretary_ratio": shares.get("secretary"),
        "scale": scale,
        "seconds_each": duration,
        "redis": bool(env.get("REDIS_URL")),
        "passed": passed,
    }
