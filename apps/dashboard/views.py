"""The leadership dashboard: overview, print view, Excel export, drill-down pages."""

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from apps.accounts.choices import ScopeKind
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core import generations
from apps.core.brands import DashboardSection, registry, resolve
from apps.core.downloads import export_filename, set_attachment
from apps.core.scoping import get_scoped_or_404
from apps.dashboard import access, selectors
from apps.dashboard.cache import cached, figure_generations, timeout
from apps.dashboard.export import workbook_bytes
from apps.dashboard.tables import dashboard_tables
from apps.party.models import Organisation
from apps.regions.models import Region

FIRST_YEAR = 2015


def _year(request) -> int:
    """The year asked for; the current year when missing or out of range."""
    current = timezone.localdate().year
    raw = request.GET.get("year", "")
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= current:
        return int(raw)
    return current


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def _filters(request) -> selectors.Filters:
    access.require_dashboard(request.user)
    return selectors.Filters(year=_year(request), region=access.region_for(request.user, request.GET.get("region")))


def _region_choices() -> list[dict]:
    return cached(("regions",), lambda: list(Region.objects.order_by("sort_order", "code").values("pk", "name")))


def _data(filters: selectors.Filters) -> dict:
    return cached(
        ("overview", *filters.cache_parts()),
        lambda: selectors.dashboard_data(filters),
        figure_generations(filters.region_id),
    )


def _sections(user) -> list[tuple[str, DashboardSection]]:
    """The dashboard sections the brands declare that this user may see, each with its key."""
    return [
        (f"{brand.key}-{index}", section)
        for brand in registry()
        for index, section in enumerate(brand.dashboard_sections)
        if section.selector and section.template and (not section.permission or user.has_perm(section.permission))
    ]


def _section_data(key: str, section: DashboardSection, filters: selectors.Filters) -> dict:
    return cached(
        ("section", key, *filters.cache_parts()),
        lambda: resolve(section.selector)(filters),
        figure_generations(filters.region_id),
    )


def _context(request, filters, data, section: DashboardSection | None = None) -> dict:
    # No section: the printed page, 银发先锋's figures.
    tables = dashboard_tables(data) if section is None else (resolve(section.table)(data) if section.table else [])
    return {
        "data": data,
        "filters": filters,
        "tables": tables,
        "years": _years(),
        # District staff cannot change region: the choice is shown as plain text.
        "regions": _region_choices() if request.user.scope_kind == ScopeKind.CITY else None,
        "query": request.GET.urlencode(),
    }


@login_required
@require_GET
def index(request):
    """The overview. Its body is rendered once per data generation, filters and kind of
    scope and kept as HTML, so a hit is one cache round trip (the body with the generation
    it was built under, :mod:`apps.core.generations`): re-rendering ~26 KB of tables on
    every hit cost ~50 ms, and even unpickling the figures behind them costs more than the
    page around it. That page (navigation, the signed-in user, the CSRF token of the
    sign-out form) is rendered per request."""
    filters = _filters(request)

    sections = _sections(request.user)

    def body():
        # One part per section the brands declare (apps.core.brands), in their order.
        return "".join(
            render_to_string(
                section.template,
                _context(request, filters, _section_data(key, section, filters), section),
                request=None,
            )
            for key, section in sections
        )

    # The body's links carry the query string: it is part of the key, hashed so a long
    # query string cannot make a long key; so are the sections shown.
    query = hashlib.sha256((request.GET.urlencode() + "|" + ",".join(key for key, _ in sections)).encode()).hexdigest()[
        :32
    ]
    key = ":".join(str(part) for part in ("dashboard:body", request.user.scope_kind, query, *filters.cache_parts()))
    body_html = generations.cached(key, figure_generations(filters.region_id), body, timeout())
    return render(request, "dashboard/index.html", {"filters": filters, "body_html": mark_safe(body_html)})


@login_required
@require_GET
def print_view(request):
    filters = _filters(request)
    data = _data(filters)
    context = _context(request, filters, data) | {"printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    return render(request, "dashboard/print.html", context)


@login_required
@require_GET
def export(request):
    filters = _filters(request)
    title = f"老干部工作数据看板（{filters.label}）"
    parts = [(section, _section_data(key, section, filters)) for key, section in _sections(request.user)]
    tables = [table for section, data in parts if section.table for table in resolve(section.table)(data)]
    stamps = [data["generated_at"] for _, data in parts if "generated_at" in data]
    generated_at = stamps[0] if stamps else timezone.localtime().strftime("%Y-%m-%d %H:%M")
    content = workbook_bytes(tables, title=title, generated_at=generated_at)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        request=request,
        object_type="dashboard",
        detail=f"导出数据看板 Excel（{filters.label}）",
    )
    return set_attachment(response, export_filename("数据看板", f"{filters.year}年", filters.region_name))


@login_required
@require_GET
def region_detail(request, region_id: int):
    access.require_dashboard(request.user)
    region = access.region_for(request.user, region_id)
    if region is None:
        raise Http404("区域不存在。")
    filters = selectors.Filters(year=_year(request), region=region)
    search = request.GET.get("q", "").strip()
    organisations = selectors.region_organisations(filters, search=search)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    compliance = selectors.organisation_compliance(filters, [o["id"] for o in page.object_list])
    rows = [o | {"compliance": compliance.get(o["id"])} for o in page.object_list]
    return render(
        request,
        "dashboard/region.html",
        {"filters": filters, "region": region, "page": page, "rows": rows, "search": search},
    )


@login_required
@require_GET
def organisation_detail(request, pk: int):
    access.require_dashboard(request.user)
    organisation = get_scoped_or_404(Organisation.objects.select_related("region", "parent"), request.user, pk=pk)
    filters = selectors.Filters(year=_year(request), region=organisation.region)
    figures = selectors.organisation_figures(organisation=organisation, year=filters.year)
    return render(
        request,
        "dashboard/organisation.html",
        {
            "filters": filters,
            "organisation": organisation,
            "f": figures,
            "months": selectors.MONTH_LABELS,
            "years": _years(),
        },
    )
