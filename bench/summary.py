"""``python -m bench summary``: the year's work summary (Word and PDF) for the whole city
and for one region, at city scale.

Runs the generation job's own code (``summary_run``) in the process, with its SQL queries
counted, for last year (a full year: each section is read for it and for the year before,
for the change) as leadership (the city) and as a district officer (one region). Goals
(issue 19): the city's summary ≤ 10 s, and a query count that does not grow with the
regions (pinned in tests/summary): the city's and one region's are the same, but for the
one query a region's summary adds once an assessment is published (its organisations'
grades).
"""

import time

from bench.common import count_queries, dataset, table

GOAL_SECONDS = 10.0


def measure(username: str, year: int) -> tuple[int, float]:
    from apps.accounts.models import User
    from apps.summary.models import SummaryJob, SummaryJobStatus
    from apps.summary.services import summary_run

    user = User.objects.get(username=username)
    # The job as summary_request creates it, run here rather than by Celery.
    job = SummaryJob.objects.create(user=user, year=year, region=user.scope_region)
    with count_queries() as queries:
        started = time.perf_counter()
        job = summary_run(job_id=job.pk)
        seconds = time.perf_counter() - started
    assert job.status == SummaryJobStatus.SUCCEEDED, job.message
    return len(queries), seconds


def run(args) -> dict:
    from django.utils import timezone

    from bench.dashboard import district_user

    scale = getattr(args, "scale", 1.0)
    year = timezone.localdate().year - 1
    with dataset("city", scale):
        cold = measure("city_leader", year)  # the first run in a process loads fonts and templates
        city = measure("city_leader", year)
        region = measure(district_user("city_"), year)
    rows = [
        ["city (leadership), first run in the process", cold[0], f"{cold[1]:.2f}"],
        ["city (leadership)", city[0], f"{city[1]:.2f}"],
        ["one region (district staff)", region[0], f"{region[1]:.2f}"],
    ]
    table(rows, [f"summary {year}, city×{scale:g}", "queries", "seconds"])
    print(f"goals: city ≤{GOAL_SECONDS:g} s; a region's queries those of the city (+1 with a published assessment)")
    return {
        "year": year,
        "queries_city": city[0],
        "queries_region": region[0],
        "seconds_city": round(city[1], 2),
        "seconds_city_first": round(cold[1], 2),
        "seconds_region": round(region[1], 2),
        "scale": scale,
        "passed": cold[1] <= GOAL_SECONDS and city[0] <= region[0] <= city[0] + 1,
    }
