"""``python -m bench workforce``: 丹心向党 (issue 18) at demo and at city scale.

Measures, this year, on the demo data set and on the city (``--scale``), side by side:

- the art. 14 compliance of every staff member (``selectors.training_compliance``, all in
  post, one aggregated query) — queries, median ms, and PostgreSQL's own execution time
  (``EXPLAIN ANALYZE``, printed in full with ``--explain``… no: always, for the city);
- its back-office page (``/admin/workforce/staffmember/compliance/``, who is short) as the
  bureau's staff account, through Django's test ``Client``;
- the 丹心向党 dashboard section (``apps.workforce.dashboard.section_data``, cache off by
  construction: the function itself), the whole city.

Each data set's workforce tables are ``VACUUM ANALYZE``d first (the demo set is otherwise
never analysed; ``seed_city`` analyses the city's), as autovacuum would leave a live
database. Goals (issue 18): the section ≤ 12 queries at both sizes, city ≤ 3× demo for the
section and for the compliance list; the list one query.
"""

import re
from types import SimpleNamespace

from bench.common import count_queries, dataset, median_ms, table

GOALS = {"queries": 12, "ratio": 3.0}
PAGE = "/admin/workforce/staffmember/compliance/"


def analyze() -> None:
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in apps.get_app_config("workforce").get_models() if m._meta.managed]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in sorted(tables)))


def timed(func, repeat: int) -> tuple[int, float]:
    func()
    with count_queries() as queries:
        func()
    return len(queries), median_ms(func, repeat=repeat, warmup=0)


def explain(year: int) -> tuple[float | None, str]:
    """PostgreSQL's execution time of the compliance query (ms) and its plan."""
    from django.db import connection

    from apps.workforce import selectors

    if connection.vendor != "postgresql":
        return None, ""
    plan = selectors.training_compliance(year=year).explain(analyze=True, buffers=True)
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return (float(found.group(1)) if found else None), plan


def measure(prefix: str, year: int, repeat: int) -> dict:
    from django.test import Client

    from apps.accounts.models import User
    from apps.workforce import dashboard, selectors

    analyze()
    staff = len(list(selectors.training_compliance(year=year)))
    short = selectors.training_compliance(year=year).filter(compliant=False).count()
    compliance = timed(lambda: list(selectors.training_compliance(year=year)), repeat)

    client = Client()
    client.force_login(User.objects.get(username=f"{prefix}_staff"))

    def page():
        response = client.get(PAGE, {"year": year, "short": "1"})
        assert response.status_code == 200, response.status_code

    filters = SimpleNamespace(year=year, region_id=None, label=f"{year}年 · 全市")
    explained = [explain(year) for _ in range(repeat)]
    times = sorted(ms for ms, _ in explained if ms is not None)
    return {
        "staff": staff,
        "short": short,
        "compliance": compliance,
        "page": timed(page, repeat),
        "section": timed(lambda: dashboard.section_data(filters), repeat),
        "explain_ms": times[len(times) // 2] if times else None,
        "plan": explained[-1][1],
    }


def run(args) -> dict:
    from django.utils import timezone

    repeat = 3 if getattr(args, "quick", False) else 15
    scale = getattr(args, "scale", 1.0)
    year = timezone.localdate().year
    with dataset("demo"):
        demo = measure("demo", year, repeat)
    with dataset("city", scale):
        city = measure("city", year, repeat)
    print(f"compliance query plan at city×{scale:g} (EXPLAIN ANALYZE, BUFFERS):\n{city['plan']}\n")
    rows = [
        [
            "staff in post / short",
            f"{demo['staff']} / {demo['short']}",
            f"{city['staff']} / {city['short']}",
            "",
            "",
            "",
        ]
    ]
    rows += [
        [
            label,
            demo[key][0],
            city[key][0],
            f"{demo[key][1]:.1f}",
            f"{city[key][1]:.1f}",
            f"{city[key][1] / demo[key][1]:.2f}",
        ]
        for key, label in (
            ("compliance", "art. 14 compliance, every staff member"),
            ("page", "compliance page (who is short)"),
            ("section", "dashboard section, whole city"),
        )
    ]
    if demo["explain_ms"] and city["explain_ms"]:
        rows.append(
            [
                "compliance, PostgreSQL execution",
                "",
                "",
                demo["explain_ms"],
                city["explain_ms"],
                f"{city['explain_ms'] / demo['explain_ms']:.2f}",
            ]
        )
    table(rows, [f"丹心向党 {year}", "queries demo", f"queries city×{scale:g}", "ms demo", "ms city", "ratio"])
    print(
        f"goals: the section ≤{GOALS['queries']} queries at both sizes; city ≤{GOALS['ratio']:g}× demo; the list 1 query"
    )

    def ratio(key):
        return round(city[key][1] / demo[key][1], 2)

    figures = {
        "year": year,
        "scale": scale,
        "staff_demo": demo["staff"],
        "staff_city": city["staff"],
        **{
            f"{key}_{part}": value
            for key in ("compliance", "page", "section")
            for part, value in (
                ("queries_demo", demo[key][0]),
                ("queries_city", city[key][0]),
                ("ms_demo", round(demo[key][1], 1)),
                ("ms_city", round(city[key][1], 1)),
                ("ratio", ratio(key)),
            )
        },
        "explain_ms_demo": demo["explain_ms"],
        "explain_ms_city": city["explain_ms"],
    }
    figures["passed"] = (
        figures["compliance_queries_demo"] == figures["compliance_queries_city"] == 1
        and max(figures["section_queries_demo"], figures["section_queries_city"]) <= GOALS["queries"]
        and figures["section_ratio"] <= GOALS["ratio"]
        and figures["compliance_ratio"] <= GOALS["ratio"]
    )
    return figures
