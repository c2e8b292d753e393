"""Pages of a background import: progress page, its JSON, and the failing-rows file.

A job belongs to its uploader only (``ImportJob.objects.for_user``): anyone else gets 404.
"""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from apps.core.downloads import set_attachment
from apps.core.excel.services import import_job_progress
from apps.core.models import ImportJob
from apps.core.scoping import get_scoped_or_404


def _changelist_url(job: ImportJob) -> str:
    try:
        model = import_string(job.resource)._meta.model
    except ImportError:
        return reverse("admin:index")
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@staff_member_required
@never_cache
def job_detail(request, pk: int):
    job = get_scoped_or_404(ImportJob.objects.all(), request.user, pk=pk)
    context = {
        **admin.site.each_context(request),
        "title": f"Excel 导入：{job.title}",
        "job": job,
        "progress": import_job_progress(job),
        "changelist_url": _changelist_url(job),
    }
    return render(request, "excel/job.html", context)


@staff_member_required
@never_cache
def job_status(request, pk: int):
    job = get_scoped_or_404(ImportJob.objects.all(), request.user, pk=pk)
    progress = import_job_progress(job)
    total = progress.get("total") or job.total_rows or 0
    done = progress.get("done") or 0
    percent = 100 if job.finished else (int(done * 90 / total) if total else 0)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "finished": job.finished,
            "percent": percent,
            "total_rows": job.total_rows,
            "created_rows": job.created_rows,
            "error_rows": job.error_rows,
            "message": job.message,
        }
    )


@staff_member_required
@never_cache
def job_failed_rows(request, pk: int):
    job = get_scoped_or_404(ImportJob.objects.all(), request.user, pk=pk)
    if not job.failed_file:
        raise Http404("没有出错行文件。")
    response = FileResponse(
        job.failed_file.open("rb"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "no-store"
    return set_attachment(response, f"{job.title}-出错行-{job.pk}.xlsx")
