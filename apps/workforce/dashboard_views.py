"""丹心向党's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's units
(the 单位 its staff belong to) and one unit. The frame has checked the dashboard
permission; ``frame`` gives the year and the user's region rule (another region: 404).
Each returns a ``Drill``: the frame adds its print view and Excel export.

A region has few units (its bureau, at most a handful more), so the region page shows
them all, without paging."""

from django.http import Http404
from django.urls import reverse

from apps.core.brands import Drill
from apps.core.figures import TEXT, Table
from apps.workforce import dashboard

UNIT_KEYS = ("unit",)


def unit_url(region_id: int, unit: str, year: int) -> str:
    return f"{reverse('dashboard:loyal_unit', args=[region_id, unit])}?year={year}"


def region_detail(request, frame, region_id: int):
    region = frame.region(region_id)
    filters = frame.filters(region)
    search = request.GET.get("q", "").strip()
    rows = dashboard.unit_figures(year=filters.year, by=UNIT_KEYS, region_id=region.pk, search=search)

    def tables():
        table = Table(
            "loyal-region-units",
            f"{region.name}各单位队伍建设情况（{filters.year}年）",
            ["单位", *dashboard.UNIT_HEADERS],
            [TEXT, *dashboard.UNIT_KINDS],
            rows=[[r["unit"], *dashboard.unit_cells(r)] for r in rows],
            links=[unit_url(region.pk, r["unit"], filters.year) for r in rows],
            note=dashboard.UNIT_NOTE,
            chart=("hbar", 4) if rows else (),
        )
        return [table]

    empty = f"没有名称包含“{search}”的单位。" if search else "本区域暂无工作人员所在单位。"
    return Drill(
        title=f"{region.name}队伍建设",
        filters=filters,
        brand="loyal",
        brand_title="丹心向党",
        lead=f"{filters.year}年 · 共 {len(rows)} 个单位 · 点击单位名称查看其月度情况和近期记录。",
        tables=tables if rows else [],
        search=search,
        search_hint="如：老干部局",
        empty=empty,
    )


def unit_detail(request, frame, region_id: int, unit: str):
    region = frame.region(region_id)
    filters = frame.filters(region)
    found = dashboard.unit_figures(year=filters.year, by=UNIT_KEYS, region_id=region.pk, unit=unit)
    if not found:
        raise Http404("单位不存在。")
    row = found[0]
    region_url = f"{reverse('dashboard:loyal_region', args=[region.pk])}?year={filters.year}"

    def tables():
        summary = Table(
            "loyal-unit-figures",
            f"{unit} · 主要指标（{filters.year}年）",
            ["指标", "数值"],
            [TEXT, TEXT],
            rows=[[h, v] for h, v in zip(dashboard.UNIT_HEADERS, dashboard.unit_cells(row), strict=True)],
            row_kinds=[[TEXT, kind] for kind in dashboard.UNIT_KINDS],
            note=dashboard.UNIT_NOTE,
        )
        months = dashboard.unit_months(year=filters.year, region_id=region.pk, unit=unit)
        recent = dashboard.unit_recent(year=filters.year, region_id=region.pk, unit=unit)
        latest = Table(
            "loyal-unit-recent",
            f"{unit} · 最近 20 条记录（{filters.year}年）",
            ["日期", "类别", "内容", "情况"],
            [TEXT, TEXT, TEXT, TEXT],
            rows=[[r["date"].isoformat(), r["kind"], r["what"], r["detail"]] for r in recent],
            note="" if recent else "本单位本年度暂无培训、调研记录。",
        )
        return [summary, months, latest]

    return Drill(
        title=unit,
        filters=filters,
        brand="loyal",
        brand_title="丹心向党",
        crumbs=((f"{region.name}队伍建设", region_url),),
        lead=f"{region.name} · {filters.year}年 · 不列工作人员姓名。",
        tables=tables,
    )
