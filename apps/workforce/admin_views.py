"""Back-office pages of 丹心向党 that are not a changelist: the workflow forms (each calls
one service), the training compliance list, the five rectification lists, overdue contact
points and research days per leader — each with its Excel export.

Mounted by the ModelAdmins in ``apps.workforce.admin`` (``get_urls`` / unfold's
``actions_detail``), so the admin's sign-in and staff check apply; the permission and the
user's scope are checked here, on every page and every export.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.accounts.roles import role_may
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core.downloads import export_filename, set_attachment
from apps.core.excel.writer import Book
from apps.core.forms import add_service_errors
from apps.workforce import reminders, selectors
from apps.workforce.choices import RankBand
from apps.workforce.models import ContactPoint, RectificationItem, StaffMember

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2015


def context(model_admin, request, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def require(request, perm: str) -> None:
    # The role's permission (roles.py), as every back-office page checks it: no query.
    if not role_may(request.user, perm):
        raise PermissionDenied("您没有访问此页面的权限。")


def scoped_object(model_admin, request, object_id):
    obj = model_admin.get_object(request, object_id)
    if obj is None:
        raise Http404("对象不存在或不在您的数据权限范围内。")
    return obj


def service_form(model_admin, request, object_id, *, form_class, title, intro, run, done, perm="change"):
    """GET shows the form; a valid POST calls ``run(obj, cleaned_data, user)`` — one
    service, one transaction — and goes back to the object. A refusal shows the service's
    Chinese message on the form; nothing is written."""
    opts = model_admin.model._meta
    require(request, f"{opts.app_label}.{perm}_{opts.model_name}")
    obj = scoped_object(model_admin, request, object_id)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run(obj, form.cleaned_data, request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return TemplateResponse(
        request,
        "admin/workforce/service_form.html",
        context(
            model_admin,
            request,
            title(obj) if callable(title) else title,
            object=obj,
            original=obj,
            form=form,
            intro=intro(obj) if callable(intro) else intro,
            cancel_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        ),
    )


def _year(request) -> int:
    current = timezone.localdate().year
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= current + 1 else current


def _xlsx(request, *, title: str, headers: list, rows: list, filename: str, detail: str) -> HttpResponse:
    book = Book()
    sheet = book.add_sheet(title)
    sheet.append([title], style="heading")
    sheet.append([f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"])
    sheet.append(headers, style="header")
    for row in rows:
        sheet.append(row)
    audit_record(user=request.user, action=AuditAction.EXPORT, request=request, object_type="workforce", detail=detail)
    return set_attachment(HttpResponse(book.close(), content_type=XLSX), filename)


# ---------------------------------------------------------------------------
# Training compliance (art. 14)
# ---------------------------------------------------------------------------
COMPLIANCE_HEADERS = [
    "姓名",
    "区域",
    "单位",
    "职级类别",
    "考核周期（年）",
    "已修学时",
    "应修学时",
    "已修天数",
    "应修天数",
    "是否达标",
]


def compliance_filters(request, scope) -> tuple[object, dict]:
    """``scope`` narrowed by the page's search (name, unit or post) and filters (rank band,
    unit); the values as read, for the form and the links."""
    wanted = {
        "q": request.GET.get("q", "").strip()[:40],
        "band": request.GET.get("band", ""),
        "unit": request.GET.get("unit", "").strip()[:100],
        "short": "1" if request.GET.get("short") == "1" else "",
    }
    if wanted["q"]:
        scope = scope.filter(
            Q(name__icontains=wanted["q"]) | Q(unit__icontains=wanted["q"]) | Q(post__icontains=wanted["q"])
        )
    if wanted["band"] in RankBand.values:
        scope = scope.filter(rank_band=wanted["band"])
    else:
        wanted["band"] = ""
    if wanted["unit"]:
        scope = scope.filter(unit=wanted["unit"])
    return scope, wanted


def compliance_view(model_admin, request):
    require(request, "workforce.view_staffmember")
    year = _year(request)
    in_scope = StaffMember.objects.for_user(request.user)
    scope, wanted = compliance_filters(request, in_scope)
    rows = selectors.training_compliance(year=year, queryset=scope)
    if wanted["short"]:
        rows = rows.filter(compliant=False)
    if request.GET.get("export") == "1":
        who = "未达标人员" if wanted["short"] else "培训学时达标情况"
        return _xlsx(
            request,
            title=f"{year}年干部教育培训学时达标情况" + ("（未达标人员）" if wanted["short"] else ""),
            headers=COMPLIANCE_HEADERS,
            rows=[
                [
                    s.name,
                    s.region.name,
                    s.unit,
                    s.get_rank_band_display(),
                    s.period,
                    s.hours,
                    s.req_hours,
                    s.days,
                    s.req_days,
                    "达标" if s.compliant else "未达标",
                ]
                for s in rows
            ],
            filename=export_filename(who, f"{year}年"),
            detail=f"导出{year}年{who}",
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    query = urlencode({"year": year, **wanted})
    return TemplateResponse(
        request,
        "admin/workforce/compliance.html",
        context(
            model_admin,
            request,
            f"{year}年培训学时达标情况",
            year=year,
            years=range(timezone.localdate().year, FIRST_YEAR - 1, -1),
            summary=selectors.training_summary(year=year, queryset=scope),
            page=page,
            wanted=wanted,
            bands=RankBand.choices,
            units=in_scope.order_by("unit").values_list("unit", flat=True).distinct(),
            only_short=bool(wanted["short"]),
            pager_query=f"{query}&",
            export_query=f"{query}&export=1",
            export_short_query=urlencode({"year": year, **wanted, "short": "1", "export": "1"}),
        ),
    )


# ---------------------------------------------------------------------------
# The five rectification lists
# ---------------------------------------------------------------------------
def lists_view(model_admin, request):
    require(request, "workforce.view_rectificationitem")
    kind = request.GET.get("list", "problem")
    if kind not in selectors.FIVE_LISTS:
        kind = "problem"
    scope = RectificationItem.objects.for_user(request.user)
    headers, rows = selectors.rectification_list(kind, scope)
    title = selectors.FIVE_LISTS[kind]
    if request.GET.get("export") == "1":
        return _xlsx(
            request,
            title=title,
            headers=headers,
            rows=rows,
            filename=export_filename(f"巡察整改{title}"),
            detail=f"导出巡察整改{title}",
        )
    return TemplateResponse(
        request,
        "admin/workforce/lists.html",
        context(
            model_admin,
            request,
            f"巡察整改 · {title}",
            kind=kind,
            lists=selectors.FIVE_LISTS,
            headers=headers,
            rows=rows,
        ),
    )


# ---------------------------------------------------------------------------
# Contact points and research
# ---------------------------------------------------------------------------
def overdue_points_view(model_admin, request):
    require(request, "workforce.view_contactpoint")
    today = timezone.localdate()
    scope = set(ContactPoint.objects.for_user(request.user).values_list("pk", flat=True))
    points = [p for p in reminders.overdue_points(today) if p.pk in scope]
    return TemplateResponse(
        request,
        "admin/workforce/overdue_points.html",
        context(model_admin, request, "逾期未走访的联系点", points=points, today=today),
    )


def research_quota_view(model_admin, request):
    require(request, "workforce.view_researchvisit")
    year = _year(request)
    data = selectors.research_by_leader(year=year, queryset=StaffMember.objects.for_user(request.user))
    if request.GET.get("export") == "1":
        return _xlsx(
            request,
            title=f"{year}年领导干部基层调研情况",
            headers=["领导", "区域", "调研天数", "调研报告（篇）", "是否达到指标"],
            rows=[[r.name, r.region.name, r.days, r.report_count, "达到" if r.met else "未达到"] for r in data["rows"]],
            filename=export_filename("领导干部基层调研情况", f"{year}年"),
            detail=f"导出{year}年领导干部基层调研情况",
        )
    return TemplateResponse(
        request,
        "admin/workforce/research_quota.html",
        context(
            model_admin,
            request,
            f"{year}年领导干部基层调研情况",
            year=year,
            years=range(timezone.localdate().year, FIRST_YEAR - 1, -1),
            **data,
        ),
    )
