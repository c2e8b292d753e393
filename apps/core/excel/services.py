"""Writes of the Excel import: the ImportJob record and running a stored import.

The import itself is the resource's ``import_data`` (bulk, all-or-nothing); these functions
keep the record of a background import and of the failing rows of a checked file.
"""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from import_export.signals import post_import

from apps.audit.choices import AuditAction, AuditResult
from apps.audit.services import audit_record
from apps.core.excel.formats import XLSX
from apps.core.excel.resources import failed_rows_bytes
from apps.core.models import ImportJob, ImportJobStatus

# Row errors kept on the job for the progress page; the full list is in the failing-rows file.
KEPT_ERRORS = 200
PROGRESS_TTL = 6 * 3600


def resource_path(resource_class) -> str:
    return f"{resource_class.__module__}.{resource_class.__qualname__}"


def progress_key(job_id: int) -> str:
    return f"excel-import-progress:{job_id}"


def import_job_progress(job: ImportJob) -> dict:
    """Where a job is: from the cache while it runs (its writes are not committed yet)."""
    if job.finished:
        return {"stage": "done", "done": job.total_rows, "total": job.total_rows}
    return cache.get(progress_key(job.pk)) or {"stage": "queued", "done": 0, "total": job.total_rows}


def _errors_of(result) -> tuple[list, str]:
    if result.base_errors:
        return [], "；".join(
            str(e.error.messages[0]) if hasattr(e.error, "messages") else str(e.error) for e in result.base_errors
        )
    errors = [
        {"row": row.number, "errors": {k: list(v) for k, v in row.error_dict.items()}}
        for row in result.invalid_rows[:KEPT_ERRORS]
    ]
    message = f"共 {len(result.invalid_rows)} 行未通过校验，未导入任何数据。请下载出错行，按“错误原因”修改后重新上传。"
    return errors, message


@transaction.atomic
def import_job_record_failure(*, user, resource_class, original_name: str, result) -> ImportJob:
    """Keep the failing rows of a checked file, so the user can download them."""
    errors, message = _errors_of(result)
    job = ImportJob(
        user=user,
        resource=resource_path(resource_class),
        title=resource_class.title,
        original_name=original_name[:200],
        status=ImportJobStatus.FAILED,
        total_rows=result.total_rows,
        error_rows=len(result.invalid_rows),
        message=message,
        errors=errors,
        finished_at=timezone.now(),
    )
    if result.invalid_rows:
        job.failed_file.save("failed.xlsx", ContentFile(failed_rows_bytes(result)), save=False)
    job.save()
    return job


@transaction.atomic
def import_job_create(*, user, resource_class, data: bytes, original_name: str, total_rows: int) -> ImportJob:
    """Store an upload for a background import; the caller enqueues it after commit."""
    job = ImportJob(
        user=user,
        resource=resource_path(resource_class),
        title=resource_class.title,
        original_name=original_name[:200],
        total_rows=total_rows,
    )
    job.upload.save("upload.xlsx", ContentFile(data), save=False)
    job.save()
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a stored import, all-or-nothing, reporting progress through the cache."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING)
    resource_class = import_string(job.resource)

    def progress(stage, done, total):
        cache.set(progress_key(job.pk), {"stage": stage, "done": done, "total": total}, PROGRESS_TTL)

    with job.upload.open("rb") as handle:
        data = handle.read()
    try:
        dataset = XLSX().create_dataset(data)
    except Exception:  # the file was checked on upload; anything now is a broken file
        job.status, job.message = ImportJobStatus.FAILED, "文件无法读取，未导入任何数据。"
    else:
        job.total_rows = len(dataset)
        result = resource_class(user=job.user).import_data(
            dataset,
            dry_run=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=job.user,
            progress=progress,
        )
        if result.has_errors() or result.has_validation_errors():
            job.errors, job.message = _errors_of(result)
            job.status = ImportJobStatus.FAILED
            job.error_rows = len(result.invalid_rows)
            if result.invalid_rows:
                job.failed_file.save("failed.xlsx", ContentFile(failed_rows_bytes(result)), save=False)
        else:
            job.status = ImportJobStatus.SUCCEEDED
            job.created_rows = result.totals["new"]
            job.message = f"导入成功：新增 {job.created_rows} 条{resource_class.title}。"
            # What the library's admin sends after an interactive import: caches of what
            # was written (the dashboard's figures) are retired by it.
            post_import.send(sender=None, model=resource_class._meta.model)
    job.finished_at = timezone.now()
    audit_record(
        user=job.user,
        action=AuditAction.IMPORT,
        object_type=resource_class._meta.model._meta.label_lower,
        result=AuditResult.SUCCESS if job.status == ImportJobStatus.SUCCEEDED else AuditResult.FAILURE,
        detail=f"后台 Excel 导入（任务 {job.pk}）：{job.message}"[:1000],
    )
    # The upload has served its purpose; personal data is not kept longer than needed.
    job.upload.delete(save=False)
    job.save()
    cache.delete(progress_key(job.pk))
    return job
