"""Benchmark: the 走访慰问 Excel import (``python -m bench import_visits``).

20,000 visit rows for 2,000 cadres (found by ID number in the staff user's scope), checked
and written with ``RowWriter`` (COPY on PostgreSQL), history rows included. Everything runs
in one transaction that is rolled back: the configured database is left as it was.

Goal: ≥ 5,000 rows/s (issue 16).
"""

import datetime
import random
import time

from bench.common import count_queries, table

GOALS = {"rows_per_s": 5000}
ROWS = 20000
PEOPLE = 2000
SEED = 2016


class _Rollback(Exception):
    pass


def _people(rng):
    from django.utils import timezone

    from apps.core import crypto
    from apps.core import demo_data as gen
    from apps.people.models import Person
    from apps.regions.models import Region

    regions = list(Region.objects.order_by("sort_order"))
    now, people, numbers, seen = timezone.now(), [], [], set()
    while len(people) < PEOPLE:
        region = regions[len(people) % len(regions)]
        born = gen.birth_date(rng, 1926, 1940)
        number = gen.id_number(rng, region.code, born, "M")
        digest = crypto.search_hash(number)
        if digest in seen or Person.objects.filter(id_number_hash=digest).exists():
            continue
        seen.add(digest)
        name = gen.person_name(rng, "M")
        people.append(
            Person(
                name=name,
                sex="M",
                birth_date=born,
                id_number_encrypted=crypto.encrypt(number),
                id_number_hash=digest,
                retirement_type="lixiu",
                region=region,
                created_at=now,
            )
        )
        numbers.append((number, name))
    Person.objects.bulk_create(people, batch_size=1000)
    return numbers


def run(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from apps.accounts.choices import Role
    from apps.care.resources import VisitResource
    from apps.core.excel.formats import XLSX, write_rows

    rng = random.Random(SEED)
    figures = {}
    try:
        with transaction.atomic():
            staff = get_user_model().objects.filter(role=Role.BUREAU_STAFF, is_active=True).first()
            if staff is None:
                from apps.accounts.services import user_create

                staff = user_create(
                    username="bench_care_staff", password="x" * 16, role=Role.BUREAU_STAFF, full_name="基准"
                )
            numbers = _people(rng)
            today = datetime.date.today()
            rows = []
            for i in range(ROWS):
                number, name = numbers[i % PEOPLE]
                day = today - datetime.timedelta(days=rng.randint(1, 1000))
                rows.append(
                    [number, name, "日常走访", day.isoformat(), "家中", "老干部处工作人员", "水果", "精神状态良好"]
                )
            data = write_rows(VisitResource.headers(), rows, title="走访慰问记录")
            # Warm-up: the first import pays for lazy imports (the admin's autodiscovery,
            # pypinyin …), which are not the import's cost.
            VisitResource(user=staff).import_data(
                XLSX().create_dataset(write_rows(VisitResource.headers(), rows[:20], title="走访慰问记录")),
                dry_run=True,
                user=staff,
            )
            dataset = XLSX().create_dataset(data)
            with count_queries() as queries:
                started = time.perf_counter()
                result = VisitResource(user=staff).import_data(
                    dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=staff
                )
                seconds = time.perf_counter() - started
            assert not result.has_errors() and not result.has_validation_errors(), [
                (r.number, r.error_dict) for r in result.invalid_rows[:5]
            ]
            assert result.totals["new"] == ROWS, result.totals
            figures = {
                "rows": ROWS,
                "rows_per_s": round(ROWS / seconds),
                "seconds": round(seconds, 2),
                "queries": len(queries),
                "queries_per_row": round(len(queries) / ROWS, 4),
            }
            raise _Rollback
    except _Rollback:
        pass
    figures["passed"] = figures["rows_per_s"] >= GOALS["rows_per_s"]
    table(
        [["visit import (visits + history)", ROWS, figures["seconds"], figures["rows_per_s"], figures["queries"]]],
        ["", "rows", "s", "rows/s", "queries"],
    )
    return figures
