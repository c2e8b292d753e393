from celery import shared_task

from apps.summary.services import summary_files_purge, summary_run


@shared_task(name="summary.generate")
def generate_summary(job_id: int) -> str:
    return summary_run(job_id=job_id).status


@shared_task(name="summary.purge_files")
def purge_files(days: int = 30) -> int:
    return summary_files_purge(days=days)
