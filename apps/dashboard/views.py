"""The leadership dashboard's frame: filters, layout, cache, print view, Excel export and
the brands' drill-down pages. What each part shows comes from the brands' dashboard
sections and pages (``apps.core.brands``); this module imports no brand."""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from apps.accounts.choices import ScopeKind
from apps.accounts.roles import role_may
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core import generations
from apps.core.brands import Brand, DashboardPage, DashboardSection, Drill, key_figure_brands, registry, resolve
from apps.core.downloads import export_filename, set_attachment
from apps.core.figures import Filters
from apps.dashboard import access, drill
from apps.dashboard.cache import brand_generations, brands_generations, cached, timeout
from apps.dashboard.export import workbook_bytes
from apps.dashboard.overview import brand_trend_tables, overview_data, overview_tables
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


def _filters(request) -> Filters:
    access.require_dashboard(request.user)
    return Filters(year=_year(request), region=access.region_for(request.user, request.GET.get("region")))


def _region_choices() -> list[dict]:
    return cached(("regions",), lambda: list(Region.objects.order_by("sort_order", "code").values("pk", "name")))


OVERVIEW = "overview"


def _part_label(brand_title: str, section: DashboardSection) -> str:
    """A sub-tab's label: the section's title without its brand's (绿扬霞光 · 四单服务 → 四单服务)."""
    prefix = f"{brand_title} · "
    return section.title[len(prefix) :] if section.title.startswith(prefix) else section.title


def _tabs(user) -> list[dict]:
    """The overview (总览: every brand's headline figures, the default tab) when a brand
    has headline figures this user may see, then one tab per brand with a section this
    user may see, in the registry's order. Apps of one brand (the same title: 绿扬霞光's
    volunteers, 四单 and 草根内参) share its tab, keyed by the first. Each section this
    user may see is a part of its brand's tab (a sub-tab when there are several), keyed by
    its app's brand key (``<key>-<n>`` when an app has several sections): one part per
    page, so every page reads one section's figures (each pinned at ≤ 12 queries)."""
    tabs: dict[str, dict] = {}
    if key_figure_brands(user):
        tabs[OVERVIEW] = {"key": OVERVIEW, "title": "总览", "subtitle": "各品牌主要指标", "parts": []}
    for brand in registry():
        parts = [
            {
                "key": brand.key if len(brand.dashboard_sections) == 1 else f"{brand.key}-{index}",
                "brand": brand.key,
                "owner": brand,
                "title": _part_label(brand.title, section),
                "section": section,
            }
            for index, section in enumerate(brand.dashboard_sections)
            if section.selector and section.template and (not section.permission or role_may(user, section.permission))
        ]
        if parts:
            tab = tabs.setdefault(
                brand.title, {"key": brand.key, "title": brand.title, "subtitle": brand.subtitle, "parts": []}
            )
            tab["parts"] += parts
    return list(tabs.values())


def _chosen(request) -> tuple[list[dict], dict | None, dict | None]:
    """The tabs, the one asked for (``?brand=``; the first when missing or unknown) and its
    part asked for (``?part=``; the first when missing or unknown). ``?brand=`` may also
    name an app of a shared tab (``sunset_education``): its tab, at its part."""
    tabs = _tabs(request.user)
    asked = request.GET.get("brand", "")
    part_asked = request.GET.get("part", "")
    chosen = next((tab for tab in tabs if tab["key"] == asked), None)
    if chosen is None:
        for tab in tabs:
            app_part = next((part for part in tab["parts"] if part["brand"] == asked), None)
            if app_part is not None:
                chosen, part_asked = tab, part_asked or app_part["key"]
                break
    if chosen is None:
        chosen = tabs[0] if tabs else None
    if chosen is None or not chosen["parts"]:
        return tabs, chosen, None
    part = next((p for p in chosen["parts"] if p["key"] == part_asked), chosen["parts"][0])
    return tabs, chosen, part


def _sections(request) -> list[tuple[str, DashboardSection, Brand]]:
    """The chosen part's section with its key and brand (none on the overview): one section
    per page."""
    _, _, part = _chosen(request)
    return [(part["key"], part["section"], part["owner"])] if part else []


def _overview(request, filters) -> dict | None:
    """The overview's data when it is the tab in view, else None (kept in the cache like a
    section's figures, per set of brands the user may see)."""
    _, chosen, _ = _chosen(request)
    if not chosen or chosen["key"] != OVERVIEW:
        return None
    brands = key_figure_brands(request.user)

    def values(brand, days):
        # Each brand's headline figures apart, under its own generations: a write retires
        # the brand it changes, and the overview recomputes that brand's query only.
        return cached(
            ("key-figures", brand.key, filters.region_id or "city", *(day.isoformat() for day in days)),
            lambda: resolve(brand.key_figures.selector)(filters.region_id, days),
            brand_generations(brand, filters.region_id),
        )

    return cached(
        ("overview", ",".join(b.key for b in brands), *filters.cache_parts()),
        lambda: overview_data(brands, filters, values=values),
        brands_generations(brands, filters.region_id),
    )


def _overview_context(request, filters, data) -> dict:
    return {
        "data": data,
        "filters": filters,
        "tables": overview_tables(data),
        "trends": list(zip(data["brands"], brand_trend_tables(data), strict=True)),
        "base_query": urlencode({key: value for key, value in request.GET.items() if key in ("year", "region")}),
    }


def _section_data(key: str, section: DashboardSection, brand: Brand, filters: Filters) -> dict:
    return cached(
        ("section", key, *filters.cache_parts()),
        lambda: resolve(section.selector)(filters),
        brand_generations(brand, filters.region_id),
    )


def _section_context(request, filters, data, section: DashboardSection, printing: bool = False) -> dict:
    return {
        "data": data,
        "filters": filters,
        "tables": resolve(section.table)(data) if section.table else [],
        "query": request.GET.urlencode(),
        # On paper: no links (dashboard/_table.html leaves the drill-down links out).
        "printing": printing,
    }


def _generated_at(datas) -> str:
    """When the figures were computed: the first section's stamp, else now."""
    stamps = [data["generated_at"] for data in datas if "generated_at" in data]
    return stamps[0] if stamps else timezone.localtime().strftime("%Y-%m-%d %H:%M")


def _frame_context(request, filters, datas) -> dict:
    tabs, chosen, part = _chosen(request)
    base = {key: value for key, value in request.GET.items() if key in ("year", "region")}
    for tab in tabs:
        tab["query"] = urlencode(base | {"brand": tab["key"]})
        for each in tab["parts"]:
            each["query"] = urlencode(base | {"brand": tab["key"], "part": each["key"]})
    return {
        "tabs": tabs,
        "chosen": chosen,
        "part": part,
        "filters": filters,
        "generated_at": _generated_at(datas),
        "years": _years(),
        # District staff cannot change region: the choice is shown as plain text.
        "regions": _region_choices() if request.user.scope_kind == ScopeKind.CITY else None,
        # The export and print links name the page's part, so they carry what is shown.
        "query": urlencode(base | {"brand": chosen["key"], "part": part["key"]}) if part else request.GET.urlencode(),
    }


@login_required
@require_GET
def index(request):
    """The overview. Its body is rendered once per data generation, filters and kind of
    scope and kept as HTML, so a hit is one cache round trip (the body with the generation
    it was built under, :mod:`apps.core.generations`). That page (navigation, the signed-in
    user, the CSRF token of the sign-out form) is rendered per request."""
    filters = _filters(request)
    _, chosen, part = _chosen(request)
    sections = [(part["key"], part["section"], part["owner"])] if part else []

    def body():
        # The frame (title, filters), then the overview or one part per section the brands
        # declare (apps.core.brands), in their order.
        overview = _overview(request, filters)
        if overview is not None:
            html = [
                mark_safe(render_to_string("dashboard/_overview.html", _overview_context(request, filters, overview)))
            ]
            datas = [overview]
        else:
            parts = [(section, _section_data(key, section, brand, filters)) for key, section, brand in sections]
            html = [
                mark_safe(render_to_string(section.template, _section_context(request, filters, data, section)))
                for section, data in parts
            ]
            datas = [data for _, data in parts]
        context = _frame_context(request, filters, datas) | {"sections": html}
        return render_to_string("dashboard/_body.html", context)

    # The body's links carry the query string: it is part of the key, hashed so a long
    # query string cannot make a long key; so are the sections shown.
    shown = [key for key, _, _ in sections] or [b.key for b in key_figure_brands(request.user)]
    query = hashlib.sha256((request.GET.urlencode() + "|" + ",".join(shown)).encode()).hexdigest()[:32]
    key = ":".join(str(part) for part in ("dashboard:body", request.user.scope_kind, query, *filters.cache_parts()))
    # Retired by what retires the figures it shows: its section's brand, or the overview's brands.
    brands = [brand for _, _, brand in sections] or key_figure_brands(request.user)
    body_html = generations.cached(key, brands_generations(brands, filters.region_id), body, timeout())
    return render(
        request,
        "dashboard/index.html",
        {"filters": filters, "chosen": chosen, "part": part, "body_html": mark_safe(body_html)},
    )


@login_required
@require_GET
def print_view(request):
    filters = _filters(request)
    overview = _overview(request, filters)
    if overview is not None:
        context = _overview_context(request, filters, overview)
        html = [mark_safe(render_to_string("dashboard/_overview_print.html", context))]
        datas = [overview]
    else:
        parts = [(section, _section_data(key, section, brand, filters)) for key, section, brand in _sections(request)]
        html = [
            mark_safe(
                render_to_string(
                    section.print_template or section.template,
                    _section_context(request, filters, data, section, printing=True),
                )
            )
            for section, data in parts
        ]
        datas = [data for _, data in parts]
    context = _frame_context(request, filters, datas) | {
        "sections": html,
        "printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    return render(request, "dashboard/print.html", context)


@login_required
@require_GET
def export(request):
    filters = _filters(request)
    _, chosen, part = _chosen(request)
    # The brand and, when it has several, the part: 数据看板-绿扬霞光-四单服务-2025年-全市-….
    brand = chosen["title"] if chosen else ""
    part_title = part["title"] if part and len(chosen["parts"]) > 1 else ""
    title = f"老干部工作数据看板 · {' · '.join(t for t in (brand, part_title) if t)}（{filters.label}）"
    overview = _overview(request, filters)
    if overview is not None:
        tables, datas = overview_tables(overview), [overview]
    else:
        parts = [(section, _section_data(key, section, brand, filters)) for key, section, brand in _sections(request)]
        tables = [table for section, data in parts if section.table for table in resolve(section.table)(data)]
        datas = [data for _, data in parts]
    content = workbook_bytes(tables, title=title, generated_at=_generated_at(datas))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        request=request,
        object_type="dashboard",
        detail=f"导出数据看板 Excel（{filters.label}）",
    )
    return set_attachment(
        response, export_filename("数据看板", brand, part_title, f"{filters.year}年", filters.region_name)
    )


# ---------------------------------------------------------------------------
# The brands' drill-down pages (Brand.dashboard_pages)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    """What a brand's drill-down page gets from the frame: the year asked for, the years
    offered, and the region rule of the signed-in user."""

    request: object
    year: int
    years: list[int]

    def region_for(self, requested):
        return access.region_for(self.request.user, requested)

    def region(self, region_id) -> Region:
        """The region of a page routed by region: out of the user's scope, unknown or none
        (``0``) is a 404."""
        region = self.region_for(region_id)
        if region is None:
            raise Http404("区域不存在。")
        return region

    def filters(self, region) -> Filters:
        return Filters(year=self.year, region=region)


def page_view(page: DashboardPage):
    """The view of a brand's drill-down page: the dashboard permission, then the brand's view."""

    @login_required
    @require_GET
    def view(request, **kwargs):
        access.require_dashboard(request.user)
        frame = Frame(request=request, year=_year(request), years=_years())
        shown = resolve(page.view)(request, frame, **kwargs)
        return drill.respond(request, shown) if isinstance(shown, Drill) else shown

    view.__name__ = page.name
    return view
