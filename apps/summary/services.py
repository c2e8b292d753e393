"""Requesting and running the year's work summary."""

from __future__ import annotations

import datetime
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from apps.accounts.choices import ScopeKind
from apps.accounts.roles import role_may
from apps.summary.models import SummaryJob, SummaryJobStatus

logger = logging.getLogger(__name__)

PERMISSION = "summary.generate_summary"
FIRST_YEAR = 2015


def allowed_region(user, region):
    """The region ``user`` may write a summary for: any (or the city) for city scope, his
    own for district staff (asking for another one, or the city, is refused)."""
    if user.scope_kind == ScopeKind.CITY:
        return region
    if user.scope_kind == ScopeKind.REGION and user.scope_region_id:
        if region is not None and region.pk != user.scope_region_id:
            raise PermissionDenied("只能生成本区域的工作总结。")
        return user.scope_region
    raise PermissionDenied("您没有生成年度工作总结的权限。")


@transaction.atomic
def summary_request(*, user, year: int, region=None) -> SummaryJob:
    if not role_may(user, PERMISSION):
        raise PermissionDenied("您没有生成年度工作总结的权限。")
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError({"year": f"年度须在 {FIRST_YEAR} 年至 {this_year} 年之间。"})
    region = allowed_region(user, region)

    from apps.core.queue import check_queue, enqueue
    from apps.summary.tasks import generate_summary

    # Queue down: QueueUnavailable before anything is written (no job left 排队中 forever).
    check_queue()
    with transaction.atomic():
        job = SummaryJob.objects.create(user=user, year=year, region=region)
        enqueue(generate_summary, job.pk)
    return job


def _progress(job):
    def report(percent, step):
        job.progress, job.step = percent, step[:60]
        SummaryJob.objects.filter(pk=job.pk).update(progress=percent, step=job.step)

    return report


def summary_run(*, job_id: int) -> SummaryJob:
    """Compute and write the summary of a job. A failure marks the job failed with a
    message and writes no file; other runs' files are left as they were."""
    from apps.summary.builder import collect
    from apps.summary.documents import docx_bytes, pdf_bytes

    job = SummaryJob.objects.select_related("region").get(pk=job_id)
    if job.status == SummaryJobStatus.SUCCEEDED:
        return job
    started = time.monotonic()
    SummaryJob.objects.filter(pk=job.pk).update(status=SummaryJobStatus.RUNNING, progress=0, step="开始统计")
    written = []
    try:
        summary = collect(job.year, job.region, progress=_progress(job))
        _progress(job)(92, "正在生成 Word 文件")
        name = f"{summary.scope}{job.year}年度老干部工作总结"
        job.docx.save(f"{name}.docx", ContentFile(docx_bytes(summary)), save=False)
        written.append(job.docx)
        _progress(job)(96, "正在生成 PDF 文件")
        job.pdf.save(f"{name}.pdf", ContentFile(pdf_bytes(summary)), save=False)
        written.append(job.pdf)
    except (OperationalError, InterfaceError):
        # The database went away: no file kept, the job left running for the task's retry.
        for field in written:
            field.delete(save=False)
        raise
    except Exception as exc:
        logger.exception("summary job %s failed", job.pk)
        for field in written:
            field.delete(save=False)
        SummaryJob.objects.filter(pk=job.pk).update(
            status=SummaryJobStatus.FAILED,
            step="",
            message=f"生成失败：{type(exc).__name__}。请稍后重试，或联系系统管理员。",
            finished_at=timezone.now(),
            docx="",
            pdf="",
        )
        job.refresh_from_db()
        return job
    job.status = SummaryJobStatus.SUCCEEDED
    job.progress, job.step = 100, "已完成"
    job.finished_at = timezone.now()
    job.seconds = round(time.monotonic() - started, 2)
    job.message = f"已生成，用时 {job.seconds} 秒。"
    job.save(update_fields=["status", "progress", "step", "finished_at", "seconds", "message", "docx", "pdf"])
    return job


def summary_files_purge(*, days: int = 30) -> int:
    """Delete the files of runs older than ``days`` days (the runs stay, without files)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    purged = 0
    for job in SummaryJob.objects.filter(created_at__lt=cutoff).exclude(docx="", pdf=""):
        job.docx.delete(save=False)
        job.pdf.delete(save=False)
        job.save(update_fields=["docx", "pdf"])
        purged += 1
    return purged
