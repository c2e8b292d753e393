"""牵手夕阳's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's
四就近 service points and one point. The frame (``apps.dashboard.views.page_view``) has
checked the dashboard permission; ``frame`` gives the year and the user's region rule.
Each returns a ``Drill``: the frame adds its print view and Excel export.

The unit is the 四就近 point: the brand's own place in the community, with a region and
an id, and the cadres it serves registered one by one (``ServedCadre``). A cadre's former
work unit is free text, and the Party organisations are 银发先锋's (not every cadre is a
member)."""

from django.core.paginator import Paginator
from django.urls import reverse

from apps.care import dashboard
from apps.care.choices import VisitType
from apps.care.models import ServicePoint
from apps.core.brands import Drill
from apps.core.figures import INT, PCT, TEXT, Table
from apps.core.masking import mask_name
from apps.core.scoping import get_scoped_or_404

PER_PAGE = 50
POINT_HEADERS = [
    "服务点",
    "类型",
    "服务老干部（人）",
    "其中离休干部",
    "绿色通道",
    "家庭医生签约率",
    "医疗特困帮扶",
    "医疗待遇落实",
    "四项全覆盖率",
    "走访慰问（次）",
    "困难帮扶申请（件）",
]
NOTE = (
    "三有一落实按服务点结对服务的在世离休干部计算，口径同看板各地表（家庭医生签约率的基数不含长期住院的离休干部）；"
    "走访慰问、困难帮扶申请为结对服务老干部本年度的记录，一位老干部由多个服务点结对时在各点均计入；帮扶金额不在此列示。"
)


def _share(n, d):
    return (n / d) if d else None


def points_table(key: str, title: str, rows: list[dict], year: int) -> Table:
    """Points with their figures (rows of :func:`dashboard.with_coverage`), each linked to its page."""
    table = Table(key, title, POINT_HEADERS, [TEXT, TEXT, INT, INT, PCT, PCT, PCT, PCT, PCT, INT, INT], note=NOTE)
    for p in rows:
        table.rows.append(
            [
                p["name"],
                p["kind_label"],
                p["served_n"],
                p["cadres"],
                _share(p["green"], p["cadres"]),
                _share(p["doctor"], p["doctor_base"]),
                _share(p["hardship"], p["cadres"]),
                _share(p["policy"], p["cadres"]),
                _share(p["complete"], p["cadres"]),
                p["visits_n"],
                p["aid_n"],
            ]
        )
        table.links.append(f"{reverse('dashboard:sunset_point', args=[p['id']])}?year={year}")
    return table


def region_detail(request, frame, region_id: int):
    region = frame.region(region_id)
    filters = frame.filters(region)
    year = filters.year
    search = request.GET.get("q", "").strip()
    points = dashboard.region_points(region_id=region.pk, year=year, search=search)
    page = Paginator(points, PER_PAGE).get_page(request.GET.get("page"))
    title = f"{region.name}四就近服务点（{year}年）"
    shown = points_table("sunset-region-points", title, dashboard.with_coverage(page.object_list, year=year), year)
    return Drill(
        title=f"{region.name}四就近服务点",
        filters=filters,
        brand="sunset",
        brand_title="牵手夕阳 · 服务保障",
        lead=f"{year}年 · 在用服务点，点击名称查看其结对服务老干部的月度走访和近期记录。",
        # Print and Excel: every point of the region, not one page of them.
        tables=lambda: [points_table("sunset-region-points", title, dashboard.with_coverage(points, year=year), year)],
        search=search,
        search_hint="如：活动室",
        template="care/dashboard_region.html",
        context={"region": region, "page": page, "table": shown, "search": search},
    )


def point_detail(request, frame, pk: int):
    point = get_scoped_or_404(ServicePoint.objects.select_related("region"), request.user, pk=pk)
    filters = frame.filters(point.region)
    year = filters.year
    f = dashboard.point_figures(point=point, year=year)
    region_url = f"{reverse('dashboard:sunset_region', args=[point.region_id])}?year={year}"
    summary = Table(
        "sunset-point-figures",
        f"{point.name} · 主要指标（{year}年）",
        ["指标", "数值"],
        [TEXT, INT],
        rows=[
            ["类型", f["kind_label"]],
            ["服务老干部（人）", f["served_n"]],
            ["其中在世离休干部（人）", f["cadres"]],
            ["绿色通道覆盖率", _share(f["green"], f["cadres"])],
            ["家庭医生签约率", _share(f["doctor"], f["doctor_base"])],
            ["医疗特困帮扶覆盖率", _share(f["hardship"], f["cadres"])],
            ["医疗待遇落实率", _share(f["policy"], f["cadres"])],
            ["三有一落实四项全覆盖率", _share(f["complete"], f["cadres"])],
            ["走访慰问（次）", f["visits_n"]],
            ["困难帮扶申请（件）", f["aid_n"]],
        ],
        row_kinds=[[TEXT, TEXT], [TEXT, INT], [TEXT, INT]] + [[TEXT, PCT]] * 5 + [[TEXT, INT], [TEXT, INT]],
        note=NOTE,
    )
    months = Table(
        "sunset-point-months",
        f"{point.name} · 走访慰问（按月，{year}年）",
        ["月份", "次数"],
        [TEXT, INT],
        rows=[[f"{m}月", n] for m, n in f["by_month"]],
        chart=("line", 1),
    )
    types = dict(VisitType.choices)
    recent = Table(
        "sunset-point-recent",
        f"{point.name} · 最近 20 次走访慰问（{year}年）",
        ["日期", "看望类型", "老干部（姓名已脱敏）"],
        [TEXT, TEXT, TEXT],
        rows=[
            [v["visited_on"].isoformat(), types.get(v["visit_type"], v["visit_type"]), mask_name(v["person__name"])]
            for v in f["recent"]
        ],
    )
    return Drill(
        title=point.name,
        filters=filters,
        brand="sunset",
        brand_title="牵手夕阳 · 服务保障",
        crumbs=((f"{point.region.name}四就近服务点", region_url),),
        lead=f"{point.get_kind_display()} · {point.address}{'' if point.active else ' · 已停用'}",
        tables=[summary, months, recent],
        template="care/dashboard_point.html",
        context={"point": point, "summary": summary, "months": months, "recent": recent},
    )
