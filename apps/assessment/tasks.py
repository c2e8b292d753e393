"""Celery tasks of the assessment: each loads by id (or finds its schemes) and calls a service.

``run_tally`` acknowledges late and is rejected back to the queue when its worker dies
(settings ``CELERY_TASK_ACKS_LATE`` / ``CELERY_TASK_REJECT_ON_WORKER_LOST``, repeated here
so the guarantee does not depend on them): the run row is the unit of work, so a
redelivered message resumes that same run and never writes a second result.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from apps.assessment import services


# The database going away mid-run (a PostgreSQL restart) retries the same run, as a killed
# worker does: tally_execute leaves it running then, and _claim counts the attempt.
@shared_task(
    name="assessment.run_tally",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_kwargs={"max_retries": 5, "countdown": 5},
)
def run_tally(run_id: int) -> str:
    return services.tally_execute(run_id=run_id).status


@shared_task(name="assessment.nightly_tally")
def nightly_tally() -> list[int]:
    return [run.pk for run in services.tally_schedule_nightly()]


@shared_task(name="assessment.final_tally")
def final_tally() -> list[int]:
    return [run.pk for run in services.tally_schedule_final()]
