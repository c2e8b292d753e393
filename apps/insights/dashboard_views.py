"""草根内参's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's
reports by informant (市民观察团), and one informant's signed reports in that region.
Anonymous reports stay anonymous: one row of their own, never counted under an author.
Informants' names are masked unless the user may see personal data. Each view returns a
``Drill``: the frame adds the print view and the Excel export."""

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from apps.core.brands import Drill
from apps.core.figures import INT, TEXT, Table
from apps.core.masking import masked
from apps.insights import dashboard
from apps.insights.choices import ReportStatus
from apps.insights.models import Informant, Report

BRAND, BRAND_TITLE = "afterglow_insights", "绿扬霞光 · 草根内参"


def _shown_name(row: dict, user) -> str:
    if row["id"] is None:
        return row["name"]
    name = masked("name", row["name"], user)
    return name if row["active"] else f"{name}（已解聘）"


def units_table(region, year: int, rows: list[dict]) -> Table:
    table = Table(
        "insights-region-informants",
        f"{region.name}信息员报送情况（{year}年报送）",
        ["信息员", *dashboard.HEADERS],
        [TEXT, *dashboard.KINDS],
        note="按信息员统计本区域当年报送的内参；匿名报送单列一行，不计入任何信息员；各行合计即看板该区域一行。"
        if rows
        else f"{region.name}暂无信息员，{year}年也暂无报送的内参。",
        chart=("hbar", 1, 5),
    )
    for r in rows:
        table.rows.append([r["shown"], *dashboard.cells(r)])
        url = reverse("dashboard:afterglow_insights_informant", args=[region.pk, r["id"]]) if r["id"] else ""
        table.links.append(f"{url}?year={year}" if url else "")
    return table


def region_detail(request, frame, region_id: int):
    region = frame.region(region_id)
    filters = frame.filters(region)
    search = request.GET.get("q", "").strip()
    rows = [
        {**r, "shown": _shown_name(r, request.user)}
        for r in dashboard.region_units(region_id=region.pk, year=filters.year)
    ]
    # Searched as shown (a masked name is not matched on its hidden characters), and no
    # paging: a region has about ten informants.
    if search:
        rows = [r for r in rows if r["id"] is not None and search in r["shown"]]
    if rows:
        lead = f"{filters.year}年 · 点击信息员查看其月度报送情况和近期内参。"
    elif search:
        lead = f"没有姓名包含“{search}”的信息员。"
    else:
        lead = f"本区域暂无信息员，{filters.year}年也暂无报送的内参。"
    return Drill(
        title=f"{region.name}草根内参",
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        lead=lead,
        tables=[units_table(region, filters.year, rows)],
        search=search,
        search_hint="信息员姓名",
    )


def informant_detail(request, frame, region_id: int, pk: int):
    region = frame.region(region_id)
    # The region's informants, and any other who signed one of its reports (an anonymous
    # one does not tie its author to the region).
    signed = Report.objects.filter(informant_id=pk, region=region, anonymous=False).values("informant")
    informant = Informant.objects.filter(pk=pk).filter(Q(region=region) | Q(pk__in=signed)).first()
    if informant is None:
        raise Http404("该信息员不属于本区域。")
    filters = frame.filters(region)
    year = filters.year
    name = masked("name", informant.name, request.user)
    region_url = f"{reverse('dashboard:afterglow_insights_region', args=[region.pk])}?year={year}"

    def tables():
        data = dashboard.informant_figures(informant=informant, region_id=region.pk, year=year)
        summary = Table(
            "insights-informant-figures",
            f"信息员{name} · 草根内参主要指标（{region.name}，{year}年报送）",
            ["指标", "数值"],
            [TEXT, INT],
            rows=dashboard.figure_rows(data["total"], "署名报送（篇）"),
            row_kinds=dashboard.FIGURE_ROW_KINDS,
            note="只计署名报送：匿名报送不计入任何信息员。采用率 = 采用 ÷ 已登记。",
        )
        months = Table(
            "insights-informant-months",
            "草根内参月度报送（按报送月份）",
            ["月份", *dashboard.HEADERS],
            [TEXT, *dashboard.KINDS],
            rows=[[f"{m}月", *dashboard.cells(r)] for m, r in data["months"]],
            chart=("line", 1, 5),
        )
        statuses = dict(ReportStatus.choices)
        recent = Table(
            "insights-informant-recent",
            f"最近 20 篇署名内参（{year}年报送）",
            ["报送日期", "登记编号", "标题", "类别", "状态", "采用"],
            [TEXT] * 6,
            rows=[
                [
                    r["submitted_on"].isoformat(),
                    r["number"] or "（未登记）",
                    r["title"],
                    r["category_name"],
                    statuses.get(r["status"], r["status"]),
                    "是" if r["adopted"] else "否",
                ]
                for r in data["recent"]
            ],
            note="" if data["recent"] else f"{year}年该信息员在{region.name}暂无署名报送的内参。",
        )
        return [summary, months, recent]

    return Drill(
        title=f"信息员{name}",
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        crumbs=((f"{region.name}草根内参", region_url),),
        lead=f"{region.name} · {year}年署名报送的内参（匿名报送不在此列）。",
        tables=tables,
    )
