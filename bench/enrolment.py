"""``python -m bench enrolment``: the senior-university rush and the lottery (issue 17).

On a throw-away PostgreSQL database (migrated from scratch):

1. **The rush, at the service layer**: ``--users`` applicants (default 2,000), each a
   thread-pool job with its own connection, apply at once to first-come courses — 20
   courses × 10 seats = 200 seats — each to 1–3 courses, a quarter of them clicking twice
   (the same course posted again at the same moment). Checked in the database: no course
   over its seats, no person twice in a course, every seat accounted for, every refusal a
   Chinese message; reported: p50/p95 of one enrolment.
2. **The lottery**: 30,000 applications across 600 courses drawn by
   :func:`apps.education.services.lottery_draw` (seconds, all database writes included),
   then redrawn from the published seed and list and compared.

Not here: the rush over HTTP against gunicorn (2,000 signed-in applicants over 60 s).
"""

import datetime
import itertools
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from bench.common import _postgres_admin, _switch_default, table
from bench.loadgen import percentile

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
        cursor.execute("ANALYZE")  # as autovacuum would have, long before a real draw
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


def run(args) -> dict:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the enrolment benchmark needs PostgreSQL: set DATABASE_URL")
    users = getattr(args, "users", None) or (400 if getattr(args, "quick", False) else 2000)
    original = dict(connection.settings_dict)
    _fresh(original)
    _switch_default(NAME=DB)
    try:
        from bench.common import _migrate_quietly

        _migrate_quietly()
        rng = random.Random(17)
        figures = {**rush(users, rng), **draw(rng)}
    finally:
        _switch_default(**original)
        _drop(original)
    table([[k, v] for k, v in figures.items()], ["figure", "value"])
    figures["passed"] = (
        figures["rush_over_capacity"] == 0
        and figures["rush_seat_count_mismatches"] == 0
        and figures["rush_person_twice_in_course"] == 0
        and figures["rush_non_chinese_errors"] == 0
        and figures["rush_admitted"] == figures["rush_seats"]
        and figures["lottery_seconds"] <= 5
        and figures["lottery_reproduced"]
    )
    print("PASSED" if figures["passed"] else "FAILED")
    return figures
