from celery import shared_task
from django.db import InterfaceError, OperationalError

from apps.summary.services import summary_files_purge, summary_run


# The database went away mid-run (a PostgreSQL restart): run again once it is back; the
# job row is the unit of work (summary_run leaves it running and writes no file then).
@shared_task(
    name="summary.generate",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_kwargs={"max_retries": 5, "countdown": 5},
)
def generate_summary(job_id: int) -> str:
    return summary_run(job_id=job_id).status


@shared_task(name="summary.purge_files")
def purge_files(days: int = 30) -> int:
    return summary_files_purge(days=days)
