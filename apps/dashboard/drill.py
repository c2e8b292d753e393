"""How the frame shows a brand's drill-down page (:class:`apps.core.brands.Drill`): the
page, its print view (``?format=print``) and its Excel workbook (``?format=xlsx``, audited),
each from the same tables."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core.brands import Drill
from apps.core.downloads import export_filename, set_attachment
from apps.dashboard.export import workbook_bytes

FORMATS = ("print", "xlsx")


def respond(request, drill: Drill) -> HttpResponse:
    shown = request.GET.get("format", "")
    if shown and shown not in FORMATS:
        raise Http404("没有这种格式。")
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    filters = drill.filters
    if shown == "xlsx":
        title = f"老干部工作数据看板 · {drill.brand_title} · {drill.title}（{filters.label}）"
        content = workbook_bytes(drill.all_tables(), title=title, generated_at=now)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            request=request,
            object_type="dashboard",
            detail=f"导出数据看板 Excel（{drill.brand_title} · {drill.title} · {filters.year}年）",
        )
        return set_attachment(
            response,
            export_filename("数据看板", drill.brand_title, drill.title, f"{filters.year}年", filters.region_name),
        )
    region = {"region": filters.region_id} if filters.region_id else {}
    query = {key: value for key, value in request.GET.items() if key not in ("format", "page")}
    context = {
        "drill": drill,
        "filters": filters,
        "page_query": urlencode(query),
        "print_query": urlencode(query | {"format": "print"}),
        "export_query": urlencode(query | {"format": "xlsx"}),
        # 数据看板 leads to the overview, the brand to its tab at its part (``?brand=`` takes
        # an app key); both keep the year and the region.
        "index_query": urlencode({"year": filters.year} | region),
        "back_query": urlencode({"year": filters.year, "brand": drill.brand} | region),
        "printed_at": now,
    }
    if shown == "print":
        return render(request, "dashboard/drill_print.html", context | {"tables": drill.all_tables()})
    if drill.template:
        return render(request, drill.template, drill.context | context)
    return render(request, "dashboard/drill.html", context | {"tables": drill.all_tables()})
