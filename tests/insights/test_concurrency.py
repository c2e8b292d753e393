"""Registration numbers under concurrency, on PostgreSQL: registrations released together
by a barrier (each thread on its own connection) all get numbers, in one unbroken
sequence, with no unique-constraint error."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from apps.insights import services
from apps.insights.models import Informant, InsightCategory, Report

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

RACERS = 6


def _race(*jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _reports(cast, count):
    category, _ = InsightCategory.objects.get_or_create(name="政策建议")
    informant = Informant.objects.create(name="周建国", region=cast.team.region, joined_on=datetime.date(2024, 1, 1))
    day = timezone.localdate() - datetime.timedelta(days=10)
    return [
        services.report_submit(
            user=cast.staff,
            informant=informant,
            title=f"第{i}篇",
            content="建议。",
            category=category,
            submitted_on=day,
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("numbered_before", [0, 3], ids=["first-of-the-year", "after-earlier-numbers"])
def test_registrations_at_once_all_get_numbers_in_sequence(require_services, cast, numbered_before):
    day = timezone.localdate() - datetime.timedelta(days=5)
    reports = _reports(cast, RACERS + numbered_before)
    for report in reports[:numbered_before]:
        services.report_register(user=cast.staff, report=report, registered_on=day)
    racing = reports[numbered_before:]
    results = _race(
        *[(lambda r=r: services.report_register(user=cast.staff, report=r, registered_on=day)) for r in racing]
    )
    assert all(isinstance(r, Report) for r in results), results
    numbers = sorted(Report.objects.exclude(number=None).values_list("number", flat=True))
    assert numbers == [f"NC{day:%Y}-{n:04d}" for n in range(1, RACERS + numbered_before + 1)]
