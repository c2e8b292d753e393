from celery import shared_task

from apps.core.excel.services import import_job_run


@shared_task(name="excel.run_import_job")
def run_import_job(job_id: int) -> str:
    """Load the job by id and run it (see ``import_job_run``)."""
    return import_job_run(job_id=job_id).status
