"""The year's work summary: request a run, watch its progress, download Word or PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.choices import ScopeKind
from apps.accounts.roles import role_may
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core.downloads import set_attachment
from apps.core.queue import QueueUnavailable
from apps.core.scoping import get_scoped_or_404
from apps.regions.models import Region
from apps.summary import services
from apps.summary.models import SummaryJob, SummaryJobStatus

KINDS = {"docx": ("docx", "Word"), "pdf": ("pdf", "PDF")}


def _require(user):
    if not role_may(user, services.PERMISSION):
        raise PermissionDenied("您没有生成年度工作总结的权限。")


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    _require(request.user)
    user = request.user
    this_year = timezone.localdate().year
    city_wide = user.scope_kind == ScopeKind.CITY
    regions = list(Region.objects.order_by("sort_order", "code")) if city_wide else []
    if request.method == "POST":
        raw_year, raw_region = request.POST.get("year", ""), request.POST.get("region", "")
        region = None
        if raw_region:
            region = Region.objects.filter(pk=raw_region).first() if raw_region.isdigit() else None
            if region is None:
                raise Http404("区域不存在。")
        try:
            job = services.summary_request(user=user, year=int(raw_year) if raw_year.isdigit() else 0, region=region)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("summary:index")
        except QueueUnavailable as exc:
            messages.error(request, exc.message)
            return redirect("summary:index")
        messages.success(request, f"已开始生成“{job}”，完成后可在下方下载。")
        return redirect("summary:index")
    jobs = list(SummaryJob.objects.for_user(user).select_related("region")[:10])
    running = any(job.status in (SummaryJobStatus.PENDING, SummaryJobStatus.RUNNING) for job in jobs)
    return render(
        request,
        "summary/index.html",
        {
            "years": list(range(this_year, services.FIRST_YEAR - 1, -1)),
            "default_year": this_year - 1 if timezone.localdate().month < 12 else this_year,
            "regions": regions,
            "own_region": None if city_wide else user.scope_region,
            "jobs": jobs,
            "running": running,
        },
    )


@login_required
@require_GET
def download(request, pk: int, kind: str):
    _require(request.user)
    if kind not in KINDS:
        raise Http404("文件不存在。")
    job = get_scoped_or_404(SummaryJob.objects.select_related("region"), request.user, pk=pk)
    field = getattr(job, kind)
    if job.status != SummaryJobStatus.SUCCEEDED or not field:
        raise Http404("文件不存在或已清理，请重新生成。")
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        obj=job,
        detail=f"下载{KINDS[kind][1]}：{job}",
        request=request,
    )
    response = FileResponse(field.open("rb"))
    return set_attachment(response, f"{job.scope_name}{job.year}年度老干部工作总结.{KINDS[kind][0]}")
