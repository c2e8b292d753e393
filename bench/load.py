"""``python -m bench load secretaries``: 30 secretaries submit activity logs at once for 60 s (issue 8).

``python -m bench load`` without it runs the mixed day of issue 19 (:mod:`bench.load_mixed`),
whose secretaries play :func:`_one_log` below with pauses between pages.

The portal runs under gunicorn (production settings, PostgreSQL, Redis when ``REDIS_URL``
is set) on 127.0.0.1:8111 over a throw-away copy of the city data set. Each simulated
secretary (a thread with its own connection) signs in as ``city_sec_NNNN`` and, until
the time is up, fills in the workspace's three real screens: basics (with the form's
hidden ``client_token``) → attendance from the roster → content, then submits.
Deliberately, some basics and submits are double-clicked (the same form posted twice at
the same moment from two connections) and some are retried (the same form posted again
after the answer) — the product must create one log each time.

Then it checks, in the database: no 5xx answer, every submitted token present exactly
once, every completed log submitted with its attendance; and reports p50/p95 latency.
"""

import datetime
import random
import re
import threading
import time
import uuid
from contextlib import contextmanager

from bench.common import dataset, table
from bench.loadgen import Browser, collectstatic, database_url_for, gunicorn, percentile, production_env

PORT = 8111
PASSWORD = "Yangzhou@2026"
MARKER = "负载测试"
TOKEN_INPUT = re.compile(r'name="client_token" value="([^"]*)"')
VERSION_INPUT = re.compile(r'name="version" value="([^"]*)"')
PERSON_INPUT = re.compile(r'name="person" value="(\d+)"')
LOG_PATH = re.compile(r"/workspace/logs/(\d+)/")
STALE_TEXT = "已被他人修改"


class Tally:
    """Shared, thread-safe record of what the simulated secretaries did and saw."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors: list[str] = []
        self.tokens: dict[str, int | None] = {}  # client_token → log id the server answered
        self.submitted: set[int] = set()
        self.double_clicks = 0
        self.stale_submit_pages = 0
        self.active = 0
        self.retries = 0

    def record(self, response):
        with self.lock:
            self.latencies.append(response.ms)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            if response.status >= 500:
                self.errors.append(f"{response.status} {response.headers.get('x-path', '')}")

    def error(self, message: str):
        with self.lock:
            self.errors.append(message)


def both(first: Browser, second: Browser, path: str, data: dict, referer: str):
    """The same form posted from two connections at the same moment (a double click)."""
    answers = [None, None]

    def post(i, browser):
        try:
            answers[i] = browser.post(path, data, referer=referer)
        except OSError as exc:
            answers[i] = exc

    threads = [threading.Thread(target=post, args=(i, b)) for i, b in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def secretary(index: int, deadline: float, tally: Tally, seed: int):
    """One secretary's session: sign in, then log activities until ``deadline``."""
    from apps.party.city import secretary_username

    rng = random.Random(seed + index)
    browser, twin = Browser(PORT, timeout=60), Browser(PORT, timeout=60)
    username = secretary_username(index)
    # Sign-ins hash a password (deliberately slow): spread them over the first seconds.
    time.sleep(index * 0.2)
    try:
        signed_in = browser.login(username, PASSWORD)
    except OSError as exc:
        tally.error(f"{username} sign-in: {type(exc).__name__}")
        return
    if not signed_in:
        tally.error(f"{username} could not sign in")
        return
    with tally.lock:
        tally.active += 1
    twin.cookies = browser.cookies  # the same session, a second connection
    today = datetime.date.today()
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            _one_log(browser, twin, rng, tally, username, n, today)
        except (OSError, AssertionError) as exc:
            tally.error(f"{username} #{n}: {type(exc).__name__} {exc}")
    browser.close()
    twin.close()


def _expect(response, tally: Tally, status: int, what: str):
    if isinstance(response, Exception):
        tally.error(f"{what}: {type(response).__name__}")
        raise AssertionError(what)
    tally.record(response)
    if response.status != status:
        raise AssertionError(f"{what}: expected {status}, got {response.status}")
    return response


def pause(rng, think: float) -> None:
    """A person's pause before the next page: ``think`` seconds on average (none if 0)."""
    if think > 0:
        time.sleep(rng.uniform(0.5, 1.5) * think)


def _one_log(browser, twin, rng, tally, username, n, today, think: float = 0.0):
    page = _expect(browser.get("/workspace/logs/new/"), tally, 200, "new log form")
    token = TOKEN_INPUT.search(page.text).group(1)
    basics = {
        "csrfmiddlewaretoken": page.csrf(),
        "client_token": token,
        "version": "",
        "activity_type": rng.choice(["theme_day", "study", "forum", "lecture"]),
        "held_on": (today - datetime.timedelta(days=rng.randint(0, 27))).isoformat(),
        "mode": "offline",
        "place": "党员活动室",
        "host": "书记",
        "theme": f"{MARKER} {username} 第{n}次",
    }
    with tally.lock:
        tally.tokens[token] = None
    pause(rng, think)
    roll = rng.random()
    if roll < 0.15:
        with tally.lock:
            tally.double_clicks += 1
        answers = both(browser, twin, "/workspace/logs/new/", basics, "/workspace/logs/new/")
        locations = {_expect(a, tally, 302, "basics (double click)").location for a in answers}
        if len(locations) != 1:
            raise AssertionError(f"double-clicked basics went to {locations}")
        location = locations.pop()
    else:
        location = _expect(
            browser.post("/workspace/logs/new/", basics, "/workspace/logs/new/"), tally, 302, "basics"
        ).location
        if roll < 0.25:  # a retry: the answer was "lost", the browser posts it again
            with tally.lock:
                tally.retries += 1
            again = _expect(
                browser.post("/workspace/logs/new/", basics, "/workspace/logs/new/"), tally, 302, "basics (retry)"
            )
            if again.location != location:
                raise AssertionError(f"retried basics went to {again.location}, first to {location}")
    log_id = int(LOG_PATH.search(location).group(1))
    with tally.lock:
        tally.tokens[token] = log_id

    attendance_path = f"/workspace/logs/{log_id}/attendance/"
    page = _expect(browser.get(attendance_path), tally, 200, "attendance form")
    people = PERSON_INPUT.findall(page.text)
    present = [p for p in people if rng.random() < 0.9]
    form = {
        "csrfmiddlewaretoken": page.csrf(),
        "version": VERSION_INPUT.search(page.text).group(1),
        "person": people,
        "present": present,
    }
    for p in set(people) - set(present):
        form[f"reason_{p}"] = "因病请假"
    pause(rng, think)
    _expect(browser.post(attendance_path, form, attendance_path), tally, 302, "attendance")

    content_path = f"/workspace/logs/{log_id}/content/"
    page = _expect(browser.get(content_path), tally, 200, "content form")
    form = {
        "csrfmiddlewaretoken": page.csrf(),
        "version": VERSION_INPUT.search(page.text).group(1),
        "content": "负载测试：按计划开展，党员积极参与。",
        "action": "submit",
    }
    pause(rng, think)
    if rng.random() < 0.15:
        with tally.lock:
            tally.double_clicks += 1
        answers = both(browser, twin, content_path, form, content_path)
        statuses = sorted(getattr(a, "status", 0) for a in answers)
        if statuses == [200, 302] and STALE_TEXT in next(a for a in answers if a.status == 200).text:
            # Known race (see the report): the second click lands between the first's save
            # and its submit and is shown "changed by someone else" instead of the done page.
            # Nothing is lost or doubled; counted apart so it stays visible.
            with tally.lock:
                tally.stale_submit_pages += 1
            for answer in answers:
                tally.record(answer)
        else:
            for answer in answers:
                _expect(answer, tally, 302, "submit (double click)")
    else:
        _expect(browser.post(content_path, form, content_path), tally, 302, "submit")
    with tally.lock:
        tally.submitted.add(log_id)


def verify(tally: Tally, done: tuple | None = None) -> dict:
    """What the database holds against what the secretaries were told.

    ``done``: the statuses a completed log may have (default: submitted).
    """
    from django.db.models import Count

    from apps.party.choices import LogStatus
    from apps.party.models import ActivityLog

    logs = ActivityLog.objects.filter(theme__startswith=MARKER)
    grouped = logs.order_by().values("client_token").annotate(n=Count("id")).values_list("client_token", "n")
    by_token = {str(token): n for token, n in grouped}
    answered = {t: i for t, i in tally.tokens.items() if i is not None}
    missing = [t for t in answered if by_token.get(t, 0) == 0]
    duplicated = [t for t, n in by_token.items() if n > 1]
    untracked = logs.exclude(client_token__in=[uuid.UUID(t) for t in tally.tokens]).count()
    submitted = logs.filter(pk__in=tally.submitted)
    not_submitted = submitted.exclude(status__in=done or (LogStatus.SUBMITTED,)).count()
    without_attendance = submitted.filter(attendance__isnull=True).count()
    return {
        "logs_in_db": logs.count(),
        "tokens_answered": len(answered),
        "missing": len(missing),
        "duplicates": len(duplicated),
        "untracked": untracked,
        "completed": len(tally.submitted),
        "completed_not_submitted": not_submitted,
        "completed_without_attendance": without_attendance,
    }


def _fresh_copy(template: str) -> str:
    """A throw-away copy of the city database (``CREATE DATABASE … TEMPLATE``)."""
    from django.db import connections
    from psycopg2 import sql

    from bench.common import _postgres_admin

    copy = f"{template}_load"
    admin = _postgres_admin(connections["default"].settings_dict)
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy)))
            cur.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(copy), sql.Identifier(template))
            )
    finally:
        admin.close()
    return copy


def _drop(name: str) -> None:
    from django.db import connections
    from psycopg2 import sql

    from bench.common import _postgres_admin

    admin = _postgres_admin(connections["default"].settings_dict)
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        admin.close()


def run(args) -> dict:
    """The mixed day (default) or, with ``python -m bench load secretaries``, the issue-8
    scenario: secretaries only, no pauses."""
    if "secretaries" in (getattr(args, "which", None) or []):
        return run_secretaries(args)
    from bench import load_mixed

    return load_mixed.run(args)


@contextmanager
def city_server(scale: float, workers: int = 4):
    """A throw-away copy of the city data set (``CREATE DATABASE … TEMPLATE``); yields its
    name. Set it up and check it with :func:`in_copy`, serve it with :func:`serve`; it is
    dropped on exit."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the load scenario needs PostgreSQL: set DATABASE_URL")
    with dataset("city", scale) as template:
        connection.close()
        copy = _fresh_copy(template)
    try:
        yield copy
    finally:
        connection.close()
        _drop(copy)


@contextmanager
def in_copy(copy: str):
    """Django's default connection on ``copy`` for the block."""
    from django.db import connection

    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["NAME"] = copy
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(original)


CPU_DIR = "bench/results/load-cpu"


def serve(copy: str, workers: int = 4):
    """gunicorn over ``copy``, with per-path CPU accounting (:mod:`bench.gunicorn_cpu`):
    its workers write their totals to :data:`CPU_DIR` when stopped."""
    import os
    import shutil

    shutil.rmtree(CPU_DIR, ignore_errors=True)
    os.makedirs(CPU_DIR)
    env = production_env(
        database_url_for(copy), os.environ.get("REDIS_URL", ""), BENCH_CPU_DIR=os.path.abspath(CPU_DIR)
    )
    collectstatic(env)
    return gunicorn(
        PORT,
        env,
        workers=workers,
        log_path="bench/results/load-gunicorn.log",
        timeout=120,
        config="bench/gunicorn_cpu.py",
    )


def run_secretaries(args) -> dict:
    users = getattr(args, "users", None) or 30
    duration = getattr(args, "duration", None) or (15.0 if getattr(args, "quick", False) else 60.0)
    scale = getattr(args, "scale", 1.0)
    tally = Tally()
    with city_server(scale) as copy:
        with serve(copy):
            started = time.monotonic()
            deadline = started + duration
            threads = [threading.Thread(target=secretary, args=(i, deadline, tally, 2026)) for i in range(users)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=duration + 120)
            elapsed = time.monotonic() - started
        with in_copy(copy):
            checks = verify(tally)
    server_errors = sum(n for s, n in tally.statuses.items() if s >= 500)
    figures = {
        "scenario": "secretaries",
        "users": users,
        "users_signed_in": tally.active,
        "seconds": round(elapsed, 1),
        "requests": len(tally.latencies),
        "rps": round(len(tally.latencies) / elapsed, 1),
        "errors_5xx": server_errors,
        "client_errors": len(tally.errors) - server_errors,
        "p50_ms": round(percentile(tally.latencies, 0.5), 1),
        "p95_ms": round(percentile(tally.latencies, 0.95), 1),
        "double_clicks": tally.double_clicks,
        "retries": tally.retries,
        "stale_submit_pages": tally.stale_submit_pages,
        **checks,
    }
    table([[k, v] for k, v in figures.items()], ["figure", "value"])
    for message in tally.errors[:10]:
        print("error:", message)
    figures["passed"] = (
        server_errors == 0
        and not tally.errors
        and checks["missing"] == 0
        and checks["duplicates"] == 0
        and checks["untracked"] == 0
        and checks["completed_not_submitted"] == 0
        and checks["completed_without_attendance"] == 0
    )
    print("PASSED" if figures["passed"] else "FAILED")
    return figures
