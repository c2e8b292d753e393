"""What every benchmark shares: Django set-up, timing, query counting, the JSON last line.

A benchmark is a module ``bench/<name>.py`` with ``run(args) -> dict``; the dict is printed
as the last line, as JSON, with ``bench`` and ``database`` added. Print a readable table
before returning (``table(rows, headers)``).
"""

import json
import os
import statistics
import sys
import time
import tracemalloc
from contextlib import contextmanager

BENCHMARKS = ["dashboard", "tally", "import_members", "export_members", "changelist", "http", "import_visits"]
# `python -m bench import` / `export` are accepted as the issue names them.
ALIASES = {"import": "import_members", "export": "export_members", "hours": "import_hours"}
# The reliability scenarios of issue 8: run one by one, not part of `all`.
SCENARIOS = ["load", "faults", "enrolment"]
# Benchmarks of later issues, run one by one (`python -m bench summary`), not part of `all`.
EXTRA = ["summary", "workforce"]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()


def database_label() -> str:
    from django.db import connection

    return connection.vendor


@contextmanager
def count_queries():
    """``with count_queries() as q: …`` then ``len(q)`` is the number of SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # ``captured_queries`` is a fresh slice on each access, so hand out a list and fill it
    # on exit: ``len(q)`` after the block is the count.
    captured: list = []
    ctx = CaptureQueriesContext(connection)
    with ctx:
        yield captured
    captured.extend(ctx.captured_queries)


def median_ms(func, repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@contextmanager
def peak_memory():
    """``with peak_memory() as peak: …`` then ``peak["mb"]`` is Python's peak allocation."""
    result = {"mb": 0.0}
    tracemalloc.start()
    try:
        yield result
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["mb"] = round(peak / 1024 / 1024, 1)


def table(rows: list[list], headers: list[str]) -> None:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)] if rows else []
    line = "  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=False))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)))


def emit(name: str, figures: dict) -> None:
    figures = {"bench": name, "database": database_label(), **figures}
    sys.stdout.flush()
    print(json.dumps(figures, ensure_ascii=False))


# ---------------------------------------------------------------------------
# Prepared data sets: demo and city scale, built once and reused
# ---------------------------------------------------------------------------
RESULTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
# ``import``: a migrated database with nothing but the reference data (regions, roles): the
# import benchmark adds its own branches and users, and imports people no other data set
# holds (its workbook is generated with a fixed seed, which would collide with people
# already generated from that seed in the configured database).
DATASETS = ("demo", "city", "import")


def dataset_suffix(name: str, scale: float = 1.0) -> str:
    """``city``, 0.1 → ``city_0_1``: the part of a data set's database name after the base name.

    The scale is written with ``%g`` and its dot turned into ``_`` so the name is a plain
    identifier (no quoting surprises in ``psql``); ``demo`` and ``import`` ignore the scale.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; expected one of {DATASETS}")
    scale_label = f"{(float(scale) if name == 'city' else 1.0):g}".replace(".", "_").replace("-", "m")
    return f"{name}_{scale_label}"


@contextmanager
def dataset(name: str, scale: float = 1.0, rebuild: bool | None = None):
    """Point Django's ``default`` connection at a prepared data set for the ``with`` body.

    ``name`` is ``"demo"`` (built by ``seed_demo``) or ``"city"`` (built by
    ``seed_city --scale SCALE``). The data set lives apart from the configured database:

    - PostgreSQL: a database ``<configured name>_bench_<name>_<scale>`` on the same server
      (e.g. ``cadre_bench_bench_city_1``, ``…_city_0_1`` for 0.1), created through
      psycopg2 on the ``postgres`` maintenance database;
    - SQLite: the file ``bench/results/<name>_<scale>.sqlite3``.

    The first use builds it: create, ``migrate`` (which loads the regions and syncs the
    role groups), then seed. It is built under a temporary name and renamed only when
    complete, so an interrupted build never passes for a ready one; concurrent callers
    wait on a lock (a PostgreSQL advisory lock / a file lock) instead of building twice.
    Later uses reuse it after a ``migrate`` (new tables appear, empty). ``rebuild=True``
    — or the environment variable ``BENCH_REBUILD=1`` — drops and rebuilds it, e.g.
    after another app has added its records to ``seed_city``.

    On exit the connection is closed and the original settings are restored, so the
    caller's database is untouched. Yields the data set's database name (or file path).

        with dataset("city", scale=0.1):
            run_the_benchmark()
    """
    from django.db import connections

    if rebuild is None:
        rebuild = os.environ.get("BENCH_REBUILD", "") in {"1", "true", "yes"}
    connection = connections["default"]
    original = dict(connection.settings_dict)
    suffix = dataset_suffix(name, scale)
    if connection.vendor == "postgresql":
        target = f"{original['NAME']}_bench_{suffix}"
        _postgres_prepare(original, target, name, scale, rebuild)
    elif connection.vendor == "sqlite":
        os.makedirs(RESULTS_DIR, exist_ok=True)
        target = os.path.join(RESULTS_DIR, f"{suffix}.sqlite3")
        _sqlite_prepare(original, target, name, scale, rebuild)
    else:  # pragma: no cover - the project runs on PostgreSQL or SQLite only
        raise RuntimeError(f"data sets are not supported on {connection.vendor}")
    _switch_default(NAME=target)
    try:
        _migrate_quietly()
        yield target
    finally:
        _switch_default(**original)


def _switch_default(**changes) -> None:
    """Close the default connection and change its settings in place (the next query reconnects)."""
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict.update(changes)


def _migrate_quietly() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _seed(name: str, scale: float) -> None:
    from django.core.management import call_command

    if name == "import":
        return  # the reference data only (loaded by migrate)
    if name == "demo":
        from django.db import connection

        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", quiet_accounts=True, stdout=devnull)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Planner statistics, as seed_city leaves them: without them the first
            # benchmarks after a build read the demo with plans for empty tables (the
            # headline figures ran 3× slower until autovacuum came by).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    else:
        # seed_city prints one line per step with its time: worth seeing on a 3-minute build.
        call_command("seed_city", scale=scale, stdout=sys.stdout)


def _build_into(original: dict, target: str, name: str, scale: float) -> None:
    """Migrate and seed the (empty) database ``target`` through the default connection."""
    _switch_default(NAME=target)
    try:
        _migrate_quietly()
        _seed(name, scale)
    finally:
        _switch_default(**original)


def _postgres_admin(original: dict):
    """An autocommit psycopg2 connection to the server's ``postgres`` database."""
    import psycopg2

    params = {
        "dbname": "postgres",
        "user": original.get("USER") or None,
        "password": original.get("PASSWORD") or None,
        "host": original.get("HOST") or None,
        "port": original.get("PORT") or None,
    }
    admin = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
    admin.autocommit = True
    return admin


def _postgres_prepare(original: dict, target: str, name: str, scale: float, rebuild: bool) -> None:
    import zlib

    from psycopg2 import sql

    building = f"{target}_building"
    admin = _postgres_admin(original)
    try:
        with admin.cursor() as cur:
            # One builder per data set on this server; others wait here, then reuse it.
            lock_key = zlib.crc32(target.encode())
            cur.execute("SELECT pg_advisory_lock(%s)", [lock_key])
            try:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target])
                exists = cur.fetchone() is not None
                if exists and not rebuild:
                    return
                for stale in (building, target) if rebuild else (building,):
                    cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(stale)))
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
                started = time.perf_counter()
                print(f"building data set {name} (scale {scale:g}) in PostgreSQL database {target} …", flush=True)
                _build_into(original, building, name, scale)
                cur.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building), sql.Identifier(target))
                )
                print(f"data set {target} ready in {time.perf_counter() - started:.1f} s", flush=True)
            finally:
                cur.execute("SELECT pg_advisory_unlock(%s)", [lock_key])
    finally:
        admin.close()


def _sqlite_prepare(original: dict, target: str, name: str, scale: float, rebuild: bool) -> None:
    import fcntl

    building = f"{target}.building"
    with open(f"{target}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(target) and not rebuild:
            return
        for stale in (building, target) if rebuild else (building,):
            if os.path.exists(stale):
                os.remove(stale)
        started = time.perf_counter()
        print(f"building data set {name} (scale {scale:g}) in {target} …", flush=True)
        _build_into(original, building, name, scale)
        os.replace(building, target)
        print(f"data set {target} ready in {time.perf_counter() - started:.1f} s", flush=True)
