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

BENCHMARKS = ["dashboard", "tally", "import_members", "export_members", "changelist", "http"]
# `python -m bench import` / `export` are accepted as the issue names them.
ALIASES = {"import": "import_members", "export": "export_members"}


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

    ctx = CaptureQueriesContext(connection)
    with ctx:
        yield ctx.captured_queries


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
