"""``python -m bench enrolment``: the senior-university rush and the lottery (issue 17).

On a throw-away PostgreSQL database (migrated from scratch):

1. **The rush over HTTP** (``http``, the default): the portal runs under gunicorn
   (production settings, PostgreSQL, Redis sessions and cache when ``REDIS_URL`` is set)
   on 127.0.0.1:8117. ``--users`` applicants (default 2,000), each an elder with an
   account of their own, arrive spread evenly over ``--duration`` seconds (default 60)
   and apply to 1–3 of 20 first-come courses × 10 seats = 200 seats through the elder's
   real pages: GET the course's apply page (its form and CSRF token), POST the form
   (session cookie, CSRF token, ``person``). A quarter of the applications are
   double-clicked (the same form posted twice at the same moment over two connections).
   Each applicant is its own thread and connection, started at its arrival time (no
   client-side queue hides the server's latency). The applicants are signed in before
   the window opens — their sessions are written to the session store with the
   server's key, as a sign-in would — so the 60 s measure enrolment, not password
   hashing. Checked afterwards in the database: no course over its seats, seat counter
   = admitted rows, nobody twice in a course, every seat taken; over HTTP: no 5xx, no
   failed request, every refusal a Chinese message. Reported: p50/p95 of every request
   of the rush (GET and POST), and of the POSTs alone; the CPU gunicorn's processes spent
   per request answered (from /proc: independent of the machine's load) and the cores
   the planned rate would keep busy.
2. **The rush at the service layer** (``service``, only when named): the same
   applicants calling :func:`apps.education.services.enrol` from 32 threads at once.
3. **The lottery** (``lottery``, default): 30,000 applications across 600 courses drawn
   by :func:`apps.education.services.lottery_draw` (seconds, all database writes
   included), then redrawn from the published seed and list and compared.

4. **The rush's CPU** (``cpu``, only when named): the same two requests, each elder's GET
   and POST in turn, by direct WSGI calls in one production-mode process
   (:mod:`bench.enrolment_cpu`): CPU ms and SQL queries per request (``--users``, default
   300; ``BENCH_PROFILE=path`` writes a cProfile of CPU time).

``python -m bench enrolment [http] [service] [lottery] [cpu]`` picks the parts (default: http
and lottery; the lottery runs first, so it is not timed in the wake of the rush).
"""

import datetime
import itertools
import os
import random
import re
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal

from bench.common import _postgres_admin, _switch_default, table
from bench.loadgen import Browser, collectstatic, database_url_for, percentile, production_env

PORT = 8117
FORM_ERROR = re.compile(r'<ul class="form-errors">(.*?)</ul>', re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)

DB = "cadre_bench_enrolment"
_serial = itertools.count()  # unique (birth date, sequence code) pairs across the whole run


def _fresh(original: dict) -> None:
    from psycopg2 import sql

    admin = _postgres_admin(original)
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB)))
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB)))
    finally:
        admin.close()


def _drop(original: dict) -> None:
    from psycopg2 import sql

    admin = _postgres_admin(original)
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB)))
    finally:
        admin.close()


def _people(n: int, rng) -> list:
    from apps.core.validators import id_check_digit
    from apps.people.models import Person
    from apps.people.services import person_prepare
    from apps.regions.models import Region

    regions = list(Region.objects.all())
    people = []
    for i in range(n):
        region = rng.choice(regions)
        serial = next(_serial)
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=serial // 900)
        first17 = f"{region.code[:6]}{born:%Y%m%d}{100 + serial % 900:03d}"
        people.append(
            person_prepare(
                Person(),
                id_number=first17 + id_check_digit(first17),
                name=f"学员{i:05d}",
                sex="M" if i % 2 else "F",
                birth_date=born,
                region=region,
                retirement_type="lixiu" if i % 50 == 0 else "tuixiu",
            )
        )
    return Person.objects.bulk_create(people, batch_size=2000)


def _term(status="open", closes_in_days=2):
    from django.utils import timezone

    from apps.education.models import Term

    now = timezone.now()
    return Term.objects.create(
        name=f"基准学期{Term.objects.count() + 1}",
        starts_on=(now + datetime.timedelta(days=10)).date(),
        ends_on=(now + datetime.timedelta(days=100)).date(),
        returning_opens_at=now - datetime.timedelta(days=9),
        returning_closes_at=now - datetime.timedelta(days=8),
        new_opens_at=now - datetime.timedelta(days=7),
        new_closes_at=now + datetime.timedelta(days=closes_in_days),
        status=status,
        consent_age=120,  # the rush measures seats, not the consent form
    )


def _courses(term, n, seats, mode):
    from apps.education.models import Course, Venue
    from apps.regions.models import Region

    venue = Venue.objects.create(
        name="基准老年大学", level="city", kind="university", region=Region.objects.first(), capacity=10_000
    )
    return Course.objects.bulk_create(
        [
            Course(
                term=term,
                venue=venue,
                name=f"课程{i:03d}",
                weekday=1 + i % 5,
                starts_at=datetime.time(9),
                ends_at=datetime.time(11),
                seats=seats if isinstance(seats, int) else seats(i),
                tuition=Decimal("300"),
                mode=mode,
            )
            for i in range(n)
        ]
    )


# ---------------------------------------------------------------------------
# The rush over HTTP
# ---------------------------------------------------------------------------
def _elders(people) -> list:
    """An account of their own for each applicant (no role: an elder), without a usable
    password — they are signed in by :func:`_sessions`."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from apps.accounts.models import User

    unusable, now = make_password(None), timezone.now()
    return User.objects.bulk_create(
        [
            User(
                username=f"bench_elder_{p.pk}",
                full_name=p.name,
                role="",
                person=p,
                password=unusable,
                password_changed_at=now,
            )
            for p in people
        ],
        batch_size=2000,
    )


def _sessions(users, secret_key: str) -> dict[int, str]:
    """Signed-in sessions for ``users`` as a sign-in writes them (the auth keys and the
    portal's sign-in stamps), encoded with the server's ``secret_key`` and stored in the
    database, where the server's session store reads them (``cached_db`` falls back to
    the database). Returns user id → session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from apps.accounts import security

    original = settings.SECRET_KEY
    settings.SECRET_KEY = secret_key
    try:
        now, rows, keys = time.time(), [], {}
        expires = timezone.now() + datetime.timedelta(hours=2)
        store = SessionStore()
        for user in users:
            key = secrets.token_hex(16)
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "apps.accounts.backends.ScopedModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                security.EPOCH_KEY: user.session_epoch,
                security.AUTH_AT_KEY: now,
                security.SEEN_KEY: now,
                security.OTP_DEVICE_KEY: False,
            }
            rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
            keys[user.pk] = key
        Session.objects.bulk_create(rows, batch_size=2000)
        return keys
    finally:
        settings.SECRET_KEY = original


@contextmanager
def _gunicorn(port: int, env: dict, workers: int, log_path: str):
    """:func:`bench.loadgen.gunicorn`, waiting up to 3 minutes for the workers to boot (on
    the shared, loaded machine 4 workers took more than its 30 s)."""
    import bench.loadgen as loadgen

    wait = loadgen.wait_until_up
    loadgen.wait_until_up = lambda p, timeout=180.0, path="/healthz/live/": wait(p, timeout, path)
    try:
        with loadgen.gunicorn(port, env, workers=workers, log_path=log_path, timeout=120) as process:
            yield process
    finally:
        loadgen.wait_until_up = wait


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of gunicorn's master and its workers (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids = [pid, *map(int, f.read().split())]
    except OSError:
        return 0.0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / ticks


class Tally:
    """What the simulated applicants did and saw (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"get": [], "post": []}
        self.statuses: dict[int, int] = {}
        self.errors: list[str] = []
        self.refusals: dict[str, int] = {}
        self.non_chinese: list[str] = []
        self.posts_ok = 0
        self.double_clicks = 0
        self.in_flight = 0
        self.max_in_flight = 0

    def record(self, kind: str, response) -> None:
        with self.lock:
            self.latencies[kind].append(response.ms)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            if response.status >= 500:
                self.errors.append(f"{kind} answered {response.status}")

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    def enter(self, delta: int) -> None:
        with self.lock:
            self.in_flight += delta
            self.max_in_flight = max(self.max_in_flight, self.in_flight)


def _answer(tally: Tally, response) -> None:
    """A POST's answer: 302 (admitted or waiting) or 200 with Chinese form errors."""
    tally.record("post", response)
    if response.status == 302:
        with tally.lock:
            tally.posts_ok += 1
        return
    if response.status != 200:
        tally.error(f"apply answered {response.status}")
        return
    box = FORM_ERROR.search(response.text)
    messages = ITEM.findall(box.group(1)) if box else []
    if not messages:
        tally.error("apply answered 200 without a form error")
    with tally.lock:
        for message in messages:
            if any("\u4e00" <= ch <= "\u9fff" for ch in message):
                tally.refusals[message[:20]] = tally.refusals.get(message[:20], 0) + 1
            else:
                tally.non_chinese.append(message)


def _applicant(session_key: str, person_id: int, course_ids: list[int], clicks: list[bool], tally: Tally) -> None:
    """One elder: for each course, open its apply page, then post the form (twice at the
    same moment when ``clicks`` says so: a double click, over a second connection)."""
    tally.enter(1)
    browser, twin = Browser(PORT, timeout=60), Browser(PORT, timeout=60)
    browser.cookies = {"sessionid": session_key}
    try:
        for course_id, double in zip(course_ids, clicks, strict=True):
            path = f"/education/courses/{course_id}/apply/"
            page = browser.get(path)
            tally.record("get", page)
            token = page.csrf()
            if page.status != 200 or not token:
                tally.error(f"apply page answered {page.status}")
                continue
            form = {"csrfmiddlewaretoken": token, "person": person_id}
            if not double:
                _answer(tally, browser.post(path, form, referer=path))
                continue
            twin.cookies = dict(browser.cookies)
            answers: list = [None, None]

            def post(i, client, form=form, path=path, answers=answers):
                try:
                    answers[i] = client.post(path, form, referer=path)
                except OSError as exc:
                    answers[i] = exc

            threads = [threading.Thread(target=post, args=(i, c)) for i, c in enumerate((browser, twin))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            with tally.lock:
                tally.double_clicks += 1
            for answer in answers:
                if isinstance(answer, Exception):
                    tally.error(f"apply (double click): {type(answer).__name__}")
                else:
                    _answer(tally, answer)
    except OSError as exc:
        tally.error(f"applicant {person_id}: {type(exc).__name__} {exc}")
    finally:
        browser.close()
        twin.close()
        tally.enter(-1)


def _check_seats(term, courses) -> dict:
    from django.db.models import Count

    from apps.education.models import Course, Enrolment

    fresh = list(Course.objects.filter(term=term))
    seated = dict(
        Enrolment.objects.filter(term=term, status="admitted")
        .values("course")
        .annotate(n=Count("pk"))
        .values_list("course", "n")
    )
    twice = (
        Enrolment.objects.filter(term=term)
        .exclude(status="withdrawn")
        .values("course", "person")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "seats": sum(c.seats for c in courses),
        "admitted": sum(seated.values()),
        "waitlisted": Enrolment.objects.filter(term=term, status="waitlisted").count(),
        "over_capacity": sum(1 for c in fresh if c.seats_taken > c.seats or seated.get(c.pk, 0) > c.seats),
        "seat_count_mismatches": sum(1 for c in fresh if seated.get(c.pk, 0) != c.seats_taken),
        "person_twice_in_course": twice,
    }


def rush_http(users: int, duration: float, rng) -> dict:
    from django.db import connection

    term = _term()
    courses = _courses(term, 20, 10, "first_come")
    people = _people(users, rng)
    accounts = _elders(people)
    secret_key = secrets.token_urlsafe(50)
    sessions = _sessions(accounts, secret_key)
    plan = []
    for user in accounts:
        chosen = rng.sample(courses, rng.randint(1, 3))
        plan.append((sessions[user.pk], user.person_id, [c.pk for c in chosen], [rng.random() < 0.25 for _ in chosen]))
    attempts = sum(len(p[2]) + sum(p[3]) for p in plan)
    planned = attempts + sum(len(p[2]) for p in plan)  # the POSTs and one page per application
    database = connection.settings_dict["NAME"]
    connection.close()
    env = production_env(
        database_url_for(database),
        os.environ.get("REDIS_URL", ""),
        SECRET_KEY=secret_key,
        # A prefix of its own: nothing cached by an earlier run (or anyone else) is read.
        CACHE_KEY_PREFIX=f"bench-enrolment-{secrets.token_hex(4)}",
    )
    collectstatic(env)
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    tally = Tally()
    os.makedirs("bench/results", exist_ok=True)
    log_path = "bench/results/enrolment-gunicorn.log"
    with _gunicorn(PORT, env, workers, log_path) as server:
        log_start = os.path.getsize(log_path)
        load_before = os.getloadavg()
        cpu_before = _cpu_seconds(server.pid)
        started = time.monotonic()
        threads = []
        for i, (key, person_id, course_ids, clicks) in enumerate(plan):
            due = started + duration * i / len(plan)
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            t = threading.Thread(target=_applicant, args=(key, person_id, course_ids, clicks, tally), daemon=True)
            t.start()
            threads.append(t)
        for t in threads:
            t.join(timeout=max(1.0, started + duration + 180 - time.monotonic()))
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
        server_cpu = _cpu_seconds(server.pid) - cpu_before
        # What the server answered, including requests whose client gave up waiting.
        with open(log_path, "rb") as log:
            log.seek(log_start)
            served = sum(
                1 for line in log if b'"GET /education/courses/' in line or b'"POST /education/courses/' in line
            )
    checks = _check_seats(term, courses)
    every = tally.latencies["get"] + tally.latencies["post"]
    server_errors = sum(n for s, n in tally.statuses.items() if s >= 500)
    for message in tally.errors[:10]:
        print("error:", message)
    return {
        "rush_http_applicants": users,
        "rush_http_applications": sum(len(p[2]) for p in plan),
        "rush_http_posts": attempts,
        "rush_http_double_clicks": tally.double_clicks,
        "rush_http_seconds": round(elapsed, 1),
        "rush_http_workers": workers,
        "rush_http_requests": len(every),
        "rush_http_rps": round(len(every) / elapsed, 1) if elapsed else 0.0,
        "rush_http_max_in_flight": tally.max_in_flight,
        "rush_http_5xx": server_errors,
        "rush_http_failed_requests": len(tally.errors) - server_errors,
        "rush_http_statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "rush_http_refusals": tally.refusals,
        "rush_http_non_chinese_errors": len(tally.non_chinese),
        "rush_http_seats": checks["seats"],
        "rush_http_admitted": checks["admitted"],
        "rush_http_waitlisted": checks["waitlisted"],
        "rush_http_over_capacity": checks["over_capacity"],
        "rush_http_seat_count_mismatches": checks["seat_count_mismatches"],
        "rush_http_person_twice_in_course": checks["person_twice_in_course"],
        "rush_http_p50_ms": round(percentile(every, 0.5), 1),
        "rush_http_p95_ms": round(percentile(every, 0.95), 1),
        "rush_http_p99_ms": round(percentile(every, 0.99), 1),
        "rush_http_post_p95_ms": round(percentile(tally.latencies["post"], 0.95), 1),
        "rush_http_get_p95_ms": round(percentile(tally.latencies["get"], 0.95), 1),
        # Load-independent: CPU the portal's processes spent per request, and the cores the
        # target rate (every request of the plan within the duration) would keep busy.
        "rush_http_served_by_server": served,
        "rush_http_server_cpu_ms_per_request": round(server_cpu * 1000 / served, 1) if served else 0.0,
        "rush_http_cores_at_target_rate": round(server_cpu / served * planned / duration, 2) if served else 0.0,
        "rush_http_load_before": [round(x, 2) for x in load_before],
        "rush_http_load_after": [round(x, 2) for x in load_after],
    }


def rush_cpu(users: int, rng) -> dict:
    """The rush's GET and POST in one production-mode process, by direct WSGI calls
    (:mod:`bench.enrolment_cpu`): CPU ms and queries per request, load-independent enough
    to compare two versions on a busy machine. ``BENCH_PROFILE=path`` writes a cProfile."""
    import json
    import subprocess
    import sys
    import tempfile

    from django.db import connection

    term = _term()
    courses = _courses(term, 20, 10, "first_come")
    people = _people(users, rng)
    accounts = _elders(people)
    secret_key = secrets.token_urlsafe(50)
    sessions = _sessions(accounts, secret_key)
    plan = [
        (sessions[user.pk], user.person_id, [c.pk for c in rng.sample(courses, rng.randint(1, 3))]) for user in accounts
    ]
    database = connection.settings_dict["NAME"]
    connection.close()
    env = production_env(
        database_url_for(database),
        os.environ.get("REDIS_URL", ""),
        SECRET_KEY=secret_key,
        CACHE_KEY_PREFIX=f"bench-enrolment-{secrets.token_hex(4)}",
    )
    collectstatic(env)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(plan, f)
    command = [sys.executable, "-m", "bench.enrolment_cpu", f.name]
    if os.environ.get("BENCH_PROFILE"):
        command += ["--profile", os.environ["BENCH_PROFILE"]]
    try:
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    finally:
        os.unlink(f.name)
    if out.returncode:
        print(out.stderr[-4000:])
        raise SystemExit("bench.enrolment_cpu failed")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    checks = _check_seats(term, courses)
    figures["cpu_over_capacity"] = checks["over_capacity"]
    figures["cpu_admitted"] = checks["admitted"]
    return figures


def rush(users: int, rng) -> dict:
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.db.models import Count

    from apps.accounts.models import User
    from apps.education import services
    from apps.education.models import Course, Enrolment

    term = _term()
    courses = _courses(term, 20, 10, "first_come")
    people = _people(users, rng)
    staff = User.objects.create(username="bench_staff", is_superuser=True, is_staff=True)
    jobs = []
    for person in people:
        for course in rng.sample(courses, rng.randint(1, 3)):
            jobs.append((person, course))
            if rng.random() < 0.25:
                jobs.append((person, course))  # a double click
    rng.shuffle(jobs)
    latencies, outcomes, lock = [], {"admitted": 0, "waitlisted": 0, "refused": 0, "other": 0}, threading.Lock()
    bad_messages = []

    def apply(job):
        person, course = job
        start = time.perf_counter()
        try:
            e = services.enrol(staff, course, person)
            key = e.status if e.status in outcomes else "other"
        except ValidationError as exc:
            key = "refused"
            if not all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in exc.messages):
                bad_messages.append(exc.messages)
        finally:
            connection.close()
        ms = (time.perf_counter() - start) * 1000
        with lock:
            latencies.append(ms)
            outcomes[key] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(apply, jobs))
    elapsed = time.monotonic() - started
    over = [c.pk for c in Course.objects.filter(term=term) if c.seats_taken > c.seats]
    seated = dict(
        Enrolment.objects.filter(term=term, status="admitted")
        .values("course")
        .annotate(n=Count("pk"))
        .values_list("course", "n")
    )
    mismatched = [c.pk for c in Course.objects.filter(term=term) if seated.get(c.pk, 0) != c.seats_taken]
    twice = (
        Enrolment.objects.filter(term=term).values("course", "person").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    return {
        "rush_applicants": users,
        "rush_attempts": len(jobs),
        "rush_seconds": round(elapsed, 1),
        "rush_seats": sum(c.seats for c in courses),
        "rush_admitted": outcomes["admitted"],
        "rush_waitlisted": outcomes["waitlisted"],
        "rush_refused": outcomes["refused"],
        "rush_over_capacity": len(over),
        "rush_seat_count_mismatches": len(mismatched),
        "rush_person_twice_in_course": twice,
        "rush_non_chinese_errors": len(bad_messages),
        "rush_p50_ms": round(percentile(latencies, 0.5), 1),
        "rush_p95_ms": round(percentile(latencies, 0.95), 1),
    }


def draw(rng, applications=30_000, n_courses=600) -> dict:
    from django.db import connection
    from django.utils import timezone

    from apps.education import lottery, services
    from apps.education.models import Enrolment

    term = _term(closes_in_days=-1)
    courses = _courses(term, n_courses, lambda i: rng.choice([30, 40, 50]), "lottery")
    people = _people(applications // 2, rng)
    rows, seen = [], set()
    while len(rows) < applications:
        person, course = rng.choice(people), rng.choice(courses)
        if (person.pk, course.pk) in seen:
            continue
        seen.add((person.pk, course.pk))
        rows.append(Enrolment(term=term, course=course, person=person, status="applied", fee=Decimal("300")))
    Enrolment.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, long before a real draw
    services.seed_publish(None, term)
    start = time.perf_counter()
    figures = services.lottery_draw(None, term, now=timezone.now())
    seconds = time.perf_counter() - start
    term.refresh_from_db()
    apps, free = services.lottery_applications(term, drawn=True)
    again = lottery.draw(term.lottery_seed, apps, free)
    admitted = set(Enrolment.objects.filter(term=term, status="admitted").values_list("pk", flat=True))
    reproduced = (
        admitted == {n for a, _ in again.values() for n in a} and lottery.list_digest(apps, free) == term.list_digest
    )
    oversubscribed = sum(1 for a, w in again.values() if w)
    return {
        "lottery_applications": figures["applications"],
        "lottery_courses": figures["courses"],
        "lottery_oversubscribed_courses": oversubscribed,
        "lottery_admitted": figures["admitted"],
        "lottery_seconds": round(seconds, 2),
        "lottery_reproduced": reproduced,
    }


PARTS = ("http", "service", "lottery", "cpu")


def run(args) -> dict:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the enrolment benchmark needs PostgreSQL: set DATABASE_URL")
    parts = [w for w in getattr(args, "which", None) or [] if w in PARTS] or ["http", "lottery"]
    quick = getattr(args, "quick", False)
    users = getattr(args, "users", None) or (400 if quick else 2000)
    duration = getattr(args, "duration", None) or (15.0 if quick else 60.0)
    original = dict(connection.settings_dict)
    global DB
    DB = f"{original['NAME']}_bench_enrolment"
    _fresh(original)
    _switch_default(NAME=DB)
    figures: dict = {"parts": parts}
    try:
        from bench.common import _migrate_quietly

        _migrate_quietly()
        rng = random.Random(17)
        # The draw first: it is timed on its own, not in the wake of the rush's load.
        if "lottery" in parts:
            figures.update(draw(rng))
        if "http" in parts:
            figures.update(rush_http(users, duration, rng))
        if "service" in parts:
            figures.update(rush(users, rng))
        if "cpu" in parts:
            figures.update(rush_cpu(getattr(args, "users", None) or 300, rng))
    finally:
        _switch_default(**original)
        _drop(original)
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    table([[k, v] for k, v in figures.items()], ["figure", "value"])
    checks = []
    if "http" in parts:
        checks += [
            figures["rush_http_over_capacity"] == 0,
            figures["rush_http_seat_count_mismatches"] == 0,
            figures["rush_http_person_twice_in_course"] == 0,
            figures["rush_http_non_chinese_errors"] == 0,
            figures["rush_http_5xx"] == 0,
            figures["rush_http_failed_requests"] == 0,
            figures["rush_http_admitted"] == figures["rush_http_seats"],
            figures["rush_http_p95_ms"] <= 500,
        ]
    if "service" in parts:
        checks += [
            figures["rush_over_capacity"] == 0,
            figures["rush_seat_count_mismatches"] == 0,
            figures["rush_person_twice_in_course"] == 0,
            figures["rush_non_chinese_errors"] == 0,
            figures["rush_admitted"] == figures["rush_seats"],
        ]
    if "lottery" in parts:
        checks += [figures["lottery_seconds"] <= 5, figures["lottery_reproduced"]]
    if "cpu" in parts:
        checks += [figures["cpu_over_capacity"] == 0, figures["cpu_admitted"] == 200]
    figures["passed"] = all(checks)
    print("PASSED" if figures["passed"] else "FAILED")
    return figures
