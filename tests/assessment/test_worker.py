"""A real Celery worker runs the tally against PostgreSQL and Redis (skips without them)."""

import datetime
import time

import pytest

from apps.assessment import services
from apps.assessment.choices import RunStatus, RunTrigger
from apps.assessment.models import Result, TallyRun
from apps.assessment.tasks import run_tally
from tests.assessment.conftest import MANUAL, THEME_DAY, YEAR, Builder

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def wait_for(run_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = TallyRun.objects.get(pk=run_id)
        if run.status in (RunStatus.COMPLETED, RunStatus.FAILED):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not finish in {timeout}s")


@pytest.fixture
def scheme(celery_worker):
    from django.conf import settings
    from django.core.management import call_command

    from apps.regions.models import Region

    # A transactional test empties every table afterwards, the regions the migrations
    # loaded included; put them back for the next one.
    if not Region.objects.exists():
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "regions.json"), verbosity=0)
    build = Builder()
    branches = [build.branch(f"{n}支部") for n in "甲乙丙"]
    for branch, months in zip(branches, (12, 6, 3), strict=True):
        for month in range(1, months + 1):
            build.log(branch, "theme_day", datetime.date(YEAR, month, 8))
    return build.scheme(indicators=[THEME_DAY, MANUAL])


def test_a_real_worker_runs_a_tally_started_from_the_service(celery_worker, scheme):
    assert not celery_worker.conf.task_always_eager
    run = services.tally_start(scheme=scheme, by=None)  # sent to Redis after commit
    run = wait_for(run.pk)
    assert run.status == RunStatus.COMPLETED, run.error
    assert run.is_current and run.progress == 100 and run.attempts == 1
    totals = dict(Result.objects.filter(run=run).values_list("unit_name", "total"))
    assert {k: str(v) for k, v in totals.items()} == {"甲支部": "15.00", "乙支部": "10.00", "丙支部": "7.50"}


def test_a_run_whose_worker_died_is_finished_by_the_redelivered_task(celery_worker, scheme):
    first = services.tally_execute(run_id=services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL).pk)
    # As a SIGKILLed worker leaves it: running, nothing committed, message back in the queue.
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    TallyRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=1, progress=40)
    first.refresh_from_db()
    assert first.is_current  # the previous result stays current meanwhile
    run_tally.delay(run.pk)
    done = wait_for(run.pk)
    assert done.status == RunStatus.COMPLETED and done.attempts == 2 and done.is_current
    assert done.fingerprint == first.fingerprint
    # A duplicate delivery writes nothing more.
    assert run_tally.delay(run.pk).get(timeout=30) == RunStatus.COMPLETED
    assert Result.objects.filter(run=done).count() == 3
