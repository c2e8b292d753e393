"""The city at full size, for benchmarks and load tests: ``python manage.py seed_city --scale 1``.

This module is the shared generator: the plan (target counts for a scale), the months of
activity, dates, the bulk insert path and the driver. Each brand builds its own records in
a city seeder of its own folder (``apps/party/city.py``, ``apps/volunteers/city.py``),
declared as ``city_steps`` in its ``brand.py`` (:mod:`apps.core.brands`); they run in
dependency order inside one transaction and share one ``random.Random(CITY_SEED)``, so
the same scale always gives the same city.

At scale 1: 10 regions, 640 organisations in their tree (working committees → Party
committees / general branches → 560 branches → groups), 20,000 people with their
memberships and posts, three years of activity logs (about 200,000, with about 3 million
attendance rows), 41 training classes and 2,284 person-times a year, the 六有一提升
reviews of the ~360 established branches, demonstration points, and 50 volunteer teams
with 3,000 members. Other scales multiply every count (the ten working committees and a
floor of ten branches stay).

``ctx`` carries what earlier steps built:

- ``scale`` (float), ``plan`` (:class:`CityPlan`, the target counts), ``months``
  (the 36 ``(year, month)`` of activity), ``years``;
- ``regions`` (list), ``organisations``/``branches``/``groups`` (lists of ``Organisation``),
  ``people`` (list of ``Person``), ``members_by_branch`` (branch id → list of person ids),
  ``secretary_of`` (branch id → person id), ``secretary_users`` (branch id → user id),
  ``staff_user`` (the bureau staff ``User``), ``teams`` (list of ``Team``);
- ``insert_rows(model, fields, rows)``: the fast path for large tables (PostgreSQL
  ``COPY``; plain ``executemany`` elsewhere), for rows that need no model logic.

Records are written in bulk, never through the per-object services: the services' checks
(scope, validation, history) are what the benchmarks measure, not what seeding needs.
"""

import datetime
import io
import math
import random
from dataclasses import dataclass, fields

from django.db import connection
from django.utils import timezone

from apps.core.excel.bulk import copy_text

CITY_SEED = 20260701
CITY_PASSWORD = "Yangzhou@2026"

# 36 months of activity, fixed (not "today") so every run builds the same city.
FIRST_MONTH = (2023, 11)
MONTHS = 36

# Branches per region at scale 1 (sum 560): the city organs and the large districts hold most.
BRANCH_WEIGHTS = {
    "市直": 140,
    "广陵区": 70,
    "邗江区": 80,
    "江都区": 70,
    "宝应县": 50,
    "高邮市": 50,
    "仪征市": 50,
    "扬州经济技术开发区": 20,
    "蜀冈—瘦西湖风景名胜区": 15,
    "扬州市生态科技新城": 15,
}
BRANCHES_PER_MIDDLE = 20  # a Party committee / general branch holds about 20 branches


# ---------------------------------------------------------------------------
# The plan: target counts for a scale (pure; the smoke test checks it)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CityPlan:
    regions: int
    working_committees: int
    middles: int
    branches: int
    groups: int
    people: int
    training_classes_per_year: int
    training_person_times_per_year: int
    demonstration_points: int
    teams: int
    team_members: int

    @property
    def organisations(self) -> int:
        return self.working_committees + self.middles + self.branches + self.groups

    def as_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["organisations"] = self.organisations
        return data


def branches_by_region(scale: float) -> dict[str, int]:
    """Branches per region: the scale-1 weights multiplied, at least one each (largest remainder)."""
    total = max(len(BRANCH_WEIGHTS), round(560 * scale))
    weight_sum = sum(BRANCH_WEIGHTS.values())
    exact = {name: total * weight / weight_sum for name, weight in BRANCH_WEIGHTS.items()}
    counts = {name: max(1, math.floor(value)) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: exact[name] - math.floor(exact[name]), reverse=True)
    for name in by_remainder[: max(0, total - sum(counts.values()))]:
        counts[name] += 1
    return counts


def middles_for(branch_count: int) -> int:
    return max(1, round(branch_count / BRANCHES_PER_MIDDLE))


def city_plan(scale: float) -> CityPlan:
    if scale <= 0:
        raise ValueError("scale must be positive")
    per_region = branches_by_region(scale)
    branches = sum(per_region.values())
    middles = sum(middles_for(n) for n in per_region.values())
    working_committees = len(BRANCH_WEIGHTS)
    organisations = max(round(640 * scale), working_committees + middles + branches)
    teams = max(3, round(55 * scale))
    return CityPlan(
        regions=len(BRANCH_WEIGHTS),
        working_committees=working_committees,
        middles=middles,
        branches=branches,
        groups=organisations - working_committees - middles - branches,
        people=max(branches * 12, round(20000 * scale)),
        training_classes_per_year=max(1, round(41 * scale)),
        training_person_times_per_year=max(10, round(2284 * scale)),
        demonstration_points=max(3, round(24 * scale)),
        teams=teams,
        team_members=max(teams * 10, round(3200 * scale)),
    )


def activity_months() -> list[tuple[int, int]]:
    year, month = FIRST_MONTH
    months = []
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# ---------------------------------------------------------------------------
# Fast inserts
# ---------------------------------------------------------------------------
def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def insert_rows(model, columns: list[str], rows, chunk: int = 100_000) -> int:
    """Insert ``rows`` (iterable of tuples in ``columns`` order) into ``model``'s table.

    PostgreSQL: ``COPY … FROM STDIN`` in chunks (the bulk path, ~10× ``bulk_create``);
    elsewhere ``executemany``. No model logic runs: give every NOT NULL column a value.
    Returns the number of rows.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    total = 0
    with connection.cursor() as cursor:
        batch: list = []

        def flush():
            if not batch:
                return
            if connection.vendor == "postgresql":
                buffer = io.StringIO("".join("\t".join(map(copy_text, row)) + "\n" for row in batch))
                cursor.cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buffer)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({cols}) VALUES ({placeholders})",
                    [tuple(_sqlite_value(v) for v in row) for row in batch],
                )
            batch.clear()

        for row in rows:
            batch.append(row)
            total += 1
            if len(batch) >= chunk:
                flush()
        flush()
    return total


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def reset_sequence(model) -> None:
    """After inserting explicit ids, move PostgreSQL's identity sequence past them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
            [table],
        )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour), timezone.get_default_timezone())


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------
def build_city(scale: float, report=print) -> dict:
    """Run every declared city step in order (caller wraps it in a transaction). Returns ``ctx``."""
    import time

    from apps.core.brands import resolve, seed_steps

    rng = random.Random(CITY_SEED)
    ctx: dict = {
        "scale": scale,
        "plan": city_plan(scale),
        "months": activity_months(),
        "years": sorted({y for y, _ in activity_months()})[-3:],
        "insert_rows": insert_rows,
        "password": CITY_PASSWORD,
    }
    for step in seed_steps("city_steps"):
        started = time.perf_counter()
        resolve(step.func)(rng, ctx)
        report(f"  ✓ {step.name}  {time.perf_counter() - started:.1f} s")
    return ctx
