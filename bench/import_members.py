"""``python -m bench import``: a 20,000-row member workbook, from its bytes to rows committed.

What is compared (issue 6, benchmark 3):

- **project** — ``apps.party.resources.MemberResource`` through the project's xlsx format
  (python-calamine): every row creates a person (through ``person_prepare``: GB 11643
  check, encrypted ID, keyed hash, pinyin) *and* their membership, plus a history row for
  each, with organisations and regions looked up once, all-or-nothing in one transaction.
- **default** — a plain ``resources.ModelResource`` for ``Person`` (the library's defaults:
  row by row, ``ForeignKeyWidget`` for the region, ``ModelInstanceLoader``) reading the same
  rows through the library's own ``base_formats.XLSX`` (openpyxl). The default resource cannot
  derive the encrypted ID, hash or pinyin, so its file carries them as ready columns, and it
  writes Person rows only (no membership, no history): it does strictly less work.

Figures: rows/s (timed run, no tracing), queries per row, peak Python memory (a second run
under tracemalloc), and ``default_ratio`` = project ÷ default speed. The workbook is generated
deterministically (``apps.core.demo_data``, seed 2026) and imported into the benchmark's own
data set (``dataset("import")``: regions and roles only), never the configured database, where
people generated from the same seed would make its rows duplicates; the organisations and
users it needs are created there if missing; everything imported is deleted afterwards.

Goals: ≥ 5,000 rows/s; ≤ 0.05 queries/row; ≥ 3× default; peak ≤ 300 MB.
"""

import random
import time

from bench.common import count_queries, dataset, peak_memory, table

GOALS = {"rows_per_s": 5000, "queries_per_row": 0.05, "default_ratio": 3.0, "peak_mb": 300}
ROWS = 20000
BRANCHES = 40
SEED = 2026
BENCH_ORG_PREFIX = "基准测试离退休干部第"
DEFAULT_NOTE = "基准测试：默认导入"
STAFF_USERNAME = "bench_excel_staff"
LEADER_USERNAME = "bench_excel_leader"


# ---------------------------------------------------------------------------
# Fixtures: branches and users (kept between runs; identified by name)
# ---------------------------------------------------------------------------
# The Person columns the default resource imports (what it cannot derive is precomputed).
DEFAULT_FIELDS = (
    "id",
    "name",
    "name_pinyin",
    "name_initials",
    "sex",
    "birth_date",
    "id_number_encrypted",
    "id_number_hash",
    "phone",
    "address",
    "retirement_type",
    "former_unit",
    "region",
    "note",
)


def ensure_fixtures() -> dict:
    from apps.accounts.choices import Role
    from apps.accounts.models import User
    from apps.accounts.services import user_create
    from apps.party.models import Organisation
    from apps.party.services import organisation_create
    from apps.regions.models import Region

    regions = list(Region.objects.order_by("sort_order", "pk"))
    branches = list(Organisation.objects.filter(name__startswith=BENCH_ORG_PREFIX).order_by("pk"))
    for i in range(len(branches), BRANCHES):
        branches.append(
            organisation_create(
                name=f"{BENCH_ORG_PREFIX}{i + 1}党支部", kind="branch", region=regions[i % len(regions)]
            )
        )
    users = {}
    for username, role in ((STAFF_USERNAME, Role.BUREAU_STAFF), (LEADER_USERNAME, Role.LEADERSHIP)):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(username=username, password=None, role=role, full_name=username)
        users[username] = user
    return {"branches": branches, "regions": {r.pk: r for r in regions}, **users}


def member_rows(fixtures: dict, count: int = ROWS) -> list[list]:
    """``count`` member rows, the same every time for the same seed; IDs unique."""
    import datetime

    from apps.core import demo_data as gen
    from apps.people.choices import Rank

    rng = random.Random(SEED)
    ranks = [label for value, label in Rank.choices]
    seen, rows = set(), []
    branches, regions = fixtures["branches"], fixtures["regions"]
    while len(rows) < count:
        branch = branches[len(rows) % len(branches)]
        region = regions[branch.region_id]
        sex = rng.choice("MF")
        born = gen.birth_date(rng)
        number = gen.id_number(rng, region.code, born, sex)
        if number in seen:
            continue
        seen.add(number)
        rows.append(
            [
                number,
                gen.person_name(rng, sex),
                gen.mobile(rng),
                gen.address(rng, region.name),
                "离休" if born.year < 1931 else "退休",
                rng.choice(gen.FORMER_UNITS),
                rng.choice(ranks),
                region.name,
                branch.name,
                datetime.date(born.year + rng.randint(20, 40), rng.randint(1, 12), 1),
                datetime.date(rng.randint(2005, 2025), rng.randint(1, 12), 1),
            ]
        )
    return rows


def workbook(headers, rows) -> bytes:
    from apps.core.excel.formats import write_rows

    return write_rows(headers, rows, title="党员名册")


# ---------------------------------------------------------------------------
# The two imports
# ---------------------------------------------------------------------------
def project_import(data: bytes, user):
    from apps.core.excel.formats import XLSX
    from apps.party.resources import MemberResource

    dataset = XLSX().create_dataset(data)
    result = MemberResource(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )
    assert not result.has_errors() and not result.has_validation_errors(), (
        result.base_errors,
        [(r.number, r.error_dict) for r in result.invalid_rows[:5]],
    )
    return result.totals["new"]


def default_resource_class():
    from import_export import fields, resources, widgets

    from apps.people.models import Person
    from apps.regions.models import Region

    class DefaultPersonResource(resources.ModelResource):
        region = fields.Field(attribute="region", column_name="region", widget=widgets.ForeignKeyWidget(Region, "name"))

        class Meta:
            model = Person
            fields = DEFAULT_FIELDS

    return DefaultPersonResource


def default_rows(rows: list[list]) -> tuple[list[str], list[list]]:
    """The same people with what the default resource cannot derive precomputed."""
    from apps.core import crypto
    from apps.core.pinyin import name_initials, name_pinyin
    from apps.core.validators import id_birth_date, id_sex

    headers = list(DEFAULT_FIELDS)
    out = []
    for r in rows:
        number = r[0]
        out.append(
            [
                None,
                r[1],
                name_pinyin(r[1]),
                name_initials(r[1]),
                id_sex(number),
                id_birth_date(number),
                crypto.encrypt(number),
                crypto.search_hash(number),
                r[2],
                r[3],
                "lixiu" if r[4] == "离休" else "tuixiu",
                r[5],
                r[7],
                DEFAULT_NOTE,
            ]
        )
    return headers, out


def default_import(data: bytes):
    from import_export.formats.base_formats import XLSX

    dataset = XLSX().create_dataset(data)
    result = default_resource_class()().import_data(dataset, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors(), (
        [e.error for e in result.base_errors][:3],
        [(n, [e.error for e in errs]) for n, errs in result.row_errors()[:3]],
        [(r.number, r.error_dict) for r in result.invalid_rows[:3]],
    )
    return result.totals["new"]


# ---------------------------------------------------------------------------
# Clean-up: everything the benchmark imported, history included
# ---------------------------------------------------------------------------
def cleanup(fixtures: dict) -> int:
    """Delete the imported people, memberships and their history rows in plain SQL: a
    benchmark clean-up must not write history or audit rows of its own."""
    from django.db import connection, transaction

    from apps.party.models import Membership
    from apps.people.models import Person

    branch_ids = [b.pk for b in fixtures["branches"]]
    membership, person = Membership._meta.db_table, Person._meta.db_table
    membership_history = Membership.history.model._meta.db_table
    person_history = Person.history.model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE bench_people ON COMMIT DROP AS "
            f"SELECT person_id AS id FROM {membership} WHERE organisation_id = ANY(%s) "
            f"UNION SELECT id FROM {person} WHERE note = %s",
            [branch_ids, DEFAULT_NOTE],
        )
        cursor.execute(f"DELETE FROM {membership_history} WHERE organisation_id = ANY(%s)", [branch_ids])
        cursor.execute(f"DELETE FROM {membership} WHERE organisation_id = ANY(%s)", [branch_ids])
        cursor.execute(f"DELETE FROM {person_history} WHERE id IN (SELECT id FROM bench_people)")
        cursor.execute(f"DELETE FROM {person} WHERE id IN (SELECT id FROM bench_people)")
        deleted = cursor.rowcount
    if connection.vendor == "postgresql":
        # Reclaim the deleted rows: each run inserts and deletes 60,000 rows per table, and
        # where autovacuum is off (the benchmark server) the dead rows piled up run after
        # run, so every run wrote into tables and indexes bloated by all the runs before
        # it (4,200 against 8,500 rows/s for the same code, bloated and not). Outside the
        # transaction.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {membership_history}, {membership}, {person_history}, {person}")
    return deleted


def run(args) -> dict:
    with dataset("import"):
        return _run(args)


def _run(args) -> dict:
    import gc

    from apps.core.excel.resources import ExcelResource  # noqa: F401  (import cost outside the timing)
    from apps.party.resources import MemberResource

    fixtures = ensure_fixtures()
    cleanup(fixtures)
    rows = member_rows(fixtures, ROWS)
    data = workbook(MemberResource.headers(), rows)
    staff = fixtures[STAFF_USERNAME]

    # Project: timed run with query count, then a traced run for the peak.
    gc.collect()
    try:
        with count_queries() as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            imported = project_import(data, staff)
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
        query_count = len(queries)
    finally:
        cleanup(fixtures)
    assert imported == ROWS, imported
    gc.collect()
    try:
        with peak_memory() as peak:
            project_import(data, staff)
    finally:
        cleanup(fixtures)

    # Default: the plain ModelResource on the library's openpyxl reader.
    default_headers, plain = default_rows(rows)
    import tablib
    from import_export.formats.base_formats import XLSX as LibraryXLSX

    default_data = LibraryXLSX().export_data(tablib.Dataset(*plain, headers=default_headers))
    gc.collect()
    default_queries = []
    try:
        # Counted with a wrapper: the default makes more queries than Django's capture keeps.
        from django.db import connection

        def counter(execute, sql, params, many, context):
            default_queries.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            default_imported = default_import(default_data)
            default_seconds = time.perf_counter() - started
    finally:
        cleanup(fixtures)
    assert default_imported == ROWS, default_imported

    rows_per_s = ROWS / seconds
    default_rows_per_s = ROWS / default_seconds
    figures = {
        "rows": ROWS,
        "rows_per_s": round(rows_per_s),
        "queries_per_row": round(query_count / ROWS, 4),
        "default_ratio": round(rows_per_s / default_rows_per_s, 2),
        "peak_mb": peak["mb"],
        "seconds": round(seconds, 2),
        # Python CPU time of the import: on a loaded machine wall time is mostly waiting.
        "cpu_seconds": round(cpu_seconds, 2),
        "queries": query_count,
        "default_rows_per_s": round(default_rows_per_s),
        "default_queries_per_row": round(len(default_queries) / ROWS, 2),
        "file_mb": round(len(data) / 1024 / 1024, 2),
    }
    table(
        [
            ["project (people + membership + history)", ROWS, f"{seconds:.2f}", round(rows_per_s), query_count],
            [
                "default ModelResource (Person only)",
                ROWS,
                f"{default_seconds:.2f}",
                round(default_rows_per_s),
                len(default_queries),
            ],
        ],
        ["import", "rows", "seconds", "rows/s", "queries"],
    )
    figures["passed"] = (
        figures["rows_per_s"] >= GOALS["rows_per_s"]
        and figures["queries_per_row"] <= GOALS["queries_per_row"]
        and figures["default_ratio"] >= GOALS["default_ratio"]
        and figures["peak_mb"] <= GOALS["peak_mb"]
    )
    return figures
