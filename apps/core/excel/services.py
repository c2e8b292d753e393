"""Writes of the Excel import: the ImportJob record and running a stored import.

The import itself is the resource's ``import_data`` (bulk, all-or-nothing); these functions
keep the record of a background import and of the failing rows of a checked file, and
delete those files (and unconfirmed previews) once they are past their retention time.
"""

import logging
from datetime import timedelta

from django.conf import settings
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
from apps.core.excel.storage import PREVIEW_FOLDER
from apps.core.models import ExcelStorage, ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

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
        job.failed_file.save(
            "failed.xlsx",
            ContentFile(failed_rows_bytes(result, user=user, resource_class=resource_class)),
            save=False,
        )
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
                job.failed_file.save(
                    "failed.xlsx",
                    ContentFile(failed_rows_bytes(result, user=job.user, resource_class=resource_class)),
                    save=False,
                )
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


# ---------------------------------------------------------------------------
# Retention: files holding personal data are deleted after a set time
# ---------------------------------------------------------------------------
FAILED_FOLDER = "failed"


def excel_files_purge(*, hours: int | None = None) -> int:
    """Delete failing-row files and unconfirmed import previews older than ``hours``
    (default ``EXCEL_FILE_RETENTION_HOURS``); return how many files went.

    A job finished before then loses its failing-row file (its record and error list stay);
    a background job queued before then and never run loses its upload and is marked
    failed (a late task then does nothing); any other file under ``failed/`` or ``previews/`` older than that (a preview never
    confirmed, the file of a job whose transaction rolled back) is deleted by its time.
    Idempotent: a second run deletes nothing more.
    """
    hours = settings.EXCEL_FILE_RETENTION_HOURS if hours is None else hours
    if not isinstance(hours, int) or isinstance(hours, bool) or hours < 1:
        raise ValueError("出错行文件与导入预览至少保留 1 小时（hours 须为正整数）。")
    cutoff = timezone.now() - timedelta(hours=hours)
    storage = ExcelStorage()
    removed = 0
    for job in ImportJob.objects.filter(finished_at__lt=cutoff).exclude(failed_file="").only("pk", "failed_file"):
        if storage.exists(job.failed_file.name):
            storage.delete(job.failed_file.name)
            removed += 1
        ImportJob.objects.filter(pk=job.pk).update(failed_file="")
    # A background import whose task never ran (the message was lost) would keep its upload.
    stale = ImportJob.objects.filter(created_at__lt=cutoff, finished_at__isnull=True)
    for job in stale.exclude(upload="").only("pk", "upload"):
        if storage.exists(job.upload.name):
            storage.delete(job.upload.name)
            removed += 1
    stale.update(
        upload="",
        status=ImportJobStatus.FAILED,
        message="文件超过保留时间仍未导入，已删除，未导入任何数据。请重新上传。",
        finished_at=timezone.now(),
    )
    for folder in (FAILED_FOLDER, PREVIEW_FOLDER):
        for name in _files_under(storage, folder):
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                removed += 1
    logger.info("excel files purge: %s file(s) older than %s h deleted", removed, hours)
    return removed


def _files_under(storage, folder: str):
    if not storage.exists(folder):
        return
    dirs, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for name in dirs:
        yield from _files_under(storage, f"{folder}/{name}")
