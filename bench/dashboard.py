"""``python -m bench dashboard``: the leadership dashboard at demo and at city scale.

Renders ``/dashboard/`` (the whole city, this year) through Django's test ``Client`` as
leadership, with the dashboard cache OFF so every request computes every figure, and
reports SQL queries and median render time on the demo data set and on the city
(``--scale``), side by side; also the district view (one region) for orientation.

Goals (issue 6): ≤ 12 queries at both scales; city-scale render ≤ 3× demo-scale.
``/dashboard/`` is the overview (总览, issue 19: every brand's headline figures and the
five-year trend); each brand's tab (``?brand=<key>``) is measured too, at city scale:
≤ 12 queries each.
"""

from bench.common import count_queries, dataset, median_ms, table

GOALS = {"queries": 12, "ratio": 3.0}
TABS = ["overview", "vanguard", "afterglow", "sunset", "sunset_education", "loyal"]


def measure(username: str, repeat: int, query: str = "") -> tuple[int, float]:
    from django.test import Client, override_settings

    from apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))

    def get():
        response = client.get("/dashboard/" + query)
        assert response.status_code == 200, response.status_code
        return response

    with override_settings(DASHBOARD_CACHE_SECONDS=0):
        get()
        with count_queries() as queries:
            get()
        return len(queries), median_ms(get, repeat=repeat)


def district_user(prefix: str) -> str:
    from apps.accounts.models import User

    return User.objects.filter(username__startswith=prefix, role="district_staff").order_by("username")[0].username


def run(args) -> dict:
    repeat = 3 if getattr(args, "quick", False) else 9
    scale = getattr(args, "scale", 1.0)
    with dataset("demo"):
        demo = measure("demo_leader", repeat)
        demo_district = measure(district_user("demo_"), repeat)
    with dataset("city", scale):
        city = measure("city_leader", repeat)
        city_district = measure(district_user("city_"), repeat)
        tabs = {key: measure("city_leader", repeat, f"?brand={key}") for key in TABS}
    rows = [
        ["city view (leadership)", demo[0], city[0], f"{demo[1]:.1f}", f"{city[1]:.1f}", f"{city[1] / demo[1]:.2f}"],
        [
            "one region (district staff)",
            demo_district[0],
            city_district[0],
            f"{demo_district[1]:.1f}",
            f"{city_district[1]:.1f}",
            f"{city_district[1] / demo_district[1]:.2f}",
        ],
    ]
    table(rows, ["dashboard, cache off", "queries demo", f"queries city×{scale:g}", "ms demo", "ms city", "ratio"])
    table(
        [[key, n, f"{ms:.1f}"] for key, (n, ms) in tabs.items()],
        [f"tab at city×{scale:g}, cache off", "queries", "ms"],
    )
    print(f"goals: ≤{GOALS['queries']} queries at both scales and on every tab, city ≤{GOALS['ratio']:g}× demo")
    return {
        "queries_demo": demo[0],
        "queries_city": city[0],
        "ms_demo": round(demo[1], 1),
        "ms_city": round(city[1], 1),
        "ratio": round(city[1] / demo[1], 2),
        "scale": scale,
        "tabs_city": {key: {"queries": n, "ms": round(ms, 1)} for key, (n, ms) in tabs.items()},
    }
