from celery import shared_task

from apps.core.excel.services import excel_files_purge, import_job_run


@shared_task(name="excel.run_import_job")
def run_import_job(job_id: int) -> str:
    """Load the job by id and run it (see ``import_job_run``)."""
    return import_job_run(job_id=job_id).status


@shared_task(name="excel.purge_old_files")
def purge_old_files(hours: int | None = None) -> int:
    """Hourly by beat: failing-row files and unconfirmed previews past ``hours`` (the
    periodic task's kwargs, editable in the back office) are deleted."""
    return excel_files_purge(hours=hours)
