"""The background jobs when PostgreSQL goes away under them (``make faults postgres``
restarts a private cluster while a tally and a summary run on a worker): the task is
retried instead of failing, and a run cut off by the outage is left to that retry — not
marked failed, not half-written."""

from types import SimpleNamespace

import pytest
from django.db import OperationalError

from apps.assessment import tasks as assessment_tasks
from apps.summary import tasks as summary_tasks
from apps.summary.models import SummaryJob, SummaryJobStatus

GONE = "server closed the connection unexpectedly"


def _flaky(calls: list, status: str):
    def run(*, run_id=None, job_id=None):
        calls.append(run_id or job_id)
        if len(calls) == 1:
            raise OperationalError(GONE)
        return SimpleNamespace(status=status)

    return run


def test_the_summary_task_is_retried_when_the_database_goes_away(monkeypatch):
    calls = []
    monkeypatch.setattr(summary_tasks, "summary_run", _flaky(calls, "succeeded"))

    result = summary_tasks.generate_summary.apply(args=[7], throw=False)

    # Run eagerly, the retry runs at once (in a worker: after its countdown).
    assert result.get() == "succeeded"
    assert calls == [7, 7]


def test_the_tally_task_is_retried_when_the_database_goes_away(monkeypatch):
    calls = []
    monkeypatch.setattr(assessment_tasks.services, "tally_execute", _flaky(calls, "completed"))

    result = assessment_tasks.run_tally.apply(args=[9], throw=False)

    assert result.get() == "completed"
    assert calls == [9, 9]


@pytest.mark.django_db
def test_a_summary_cut_off_by_the_outage_is_left_to_the_retry(cast, monkeypatch):
    from apps.summary import services

    job = SummaryJob.objects.create(user=cast.leader, year=2025)

    def gone(*args, **kwargs):
        raise OperationalError(GONE)

    monkeypatch.setattr("apps.summary.builder.collect", gone)

    with pytest.raises(OperationalError):
        services.summary_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == SummaryJobStatus.RUNNING
    assert not job.docx and not job.pdf
