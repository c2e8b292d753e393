"""四单服务's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's
orders by the volunteer team serving them, and one team's orders in that region. The unit
is the serving team: the body a leader holds to its acceptance, timeliness and the elders'
ratings (the requesters are private persons). A team may serve another region's orders, so
its page is read within a region and counts exactly its row there. Each view returns a
``Drill``: the frame adds the print view and the Excel export."""

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from apps.core.brands import Drill
from apps.core.figures import DEC, INT, PCT, TEXT, Table
from apps.orders import dashboard
from apps.orders.choices import OrderStatus
from apps.orders.models import OrderEvent, ServiceOrder
from apps.volunteers.models import Team

BRAND, BRAND_TITLE = "afterglow_orders", "绿扬霞光 · 四单服务"
HEADERS = ["点单", "已评单", "接单率", "按时办结率", "满意率", "平均满意度（星）"]
KINDS = [INT, INT, PCT, PCT, PCT, DEC]


def _cells(r: dict) -> list:
    return [r["total"], r[OrderStatus.EVALUATED], r["acceptance"], r["on_time_rate"], r["satisfaction"], r["average"]]


def units_table(region, year: int, rows: list[dict]) -> Table:
    table = Table(
        "orders-region-teams",
        f"{region.name}四单服务承接情况（{year}年点单）",
        ["承接团队", *HEADERS],
        [TEXT, *KINDS],
        note="按承接方统计本区域当年点单：工单计入当前承接团队，接单、退单计入办理的团队；各行合计即看板该区域一行。"
        if rows
        else f"{region.name}暂无志愿服务团队，{year}年也暂无群众点单。",
        chart=("hbar", 1),
    )
    for r in rows:
        table.rows.append([r["name"], *_cells(r)])
        url = reverse("dashboard:afterglow_orders_team", args=[region.pk, r["id"]]) if r["id"] else ""
        table.links.append(f"{url}?year={year}" if url else "")
    return table


def region_detail(request, frame, region_id: int):
    region = frame.region(region_id)
    filters = frame.filters(region)
    search = request.GET.get("q", "").strip()
    # All rows, no paging: a region has a handful of teams (about five at city scale).
    rows = dashboard.region_units(region_id=region.pk, year=filters.year, search=search)
    if rows:
        lead = f"{filters.year}年 · 点击团队名称查看其月度四单服务情况和近期工单。"
    elif search:
        lead = f"没有名称包含“{search}”的承接团队。"
    else:
        lead = f"本区域暂无四单服务承接团队，{filters.year}年也暂无群众点单。"
    return Drill(
        title=f"{region.name}四单服务",
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        lead=lead,
        tables=[units_table(region, filters.year, rows)],
        search=search,
        search_hint="团队名称，如：银龄",
    )


def team_detail(request, frame, region_id: int, pk: int):
    region = frame.region(region_id)
    # The region's teams, and any other that holds or has held one of its orders: every
    # team the region page may list (dashboard.region_units).
    held = Q(pk__in=ServiceOrder.objects.filter(team_id=pk, region=region).values("team"))
    stepped = Q(pk__in=OrderEvent.objects.filter(team_id=pk, order__region=region).values("team"))
    team = Team.objects.filter(pk=pk).filter(Q(region=region) | held | stepped).first()
    if team is None:
        raise Http404("该团队未承接本区域的四单服务。")
    filters = frame.filters(region)
    year = filters.year
    region_url = f"{reverse('dashboard:afterglow_orders_region', args=[region.pk])}?year={year}"

    def tables():
        data = dashboard.team_figures(team=team, region_id=region.pk, year=year)
        t = data["total"]
        summary = Table(
            "orders-team-figures",
            f"{team.name} · 四单服务主要指标（{region.name}，{year}年点单）",
            ["指标", "数值"],
            [TEXT, INT],
            rows=[
                ["承接点单（单）", t["total"]],
                ["已评单（单）", t[OrderStatus.EVALUATED]],
                ["接单（次）", t["accepts"]],
                ["退单（次）", t["hand_backs"]],
                ["接单率", t["acceptance"]],
                ["按时办结率", t["on_time_rate"]],
                ["满意率（4–5星）", t["satisfaction"]],
                ["平均满意度（星）", t["average"]],
            ],
            row_kinds=[[TEXT, INT]] * 4 + [[TEXT, PCT]] * 3 + [[TEXT, DEC]],
            note="接单率 = 接单 ÷（接单 + 退单）；按时办结率 = 按时办结 ÷ 已完成服务；满意率 = 4–5 星评价 ÷ 已评单。",
        )
        months = Table(
            "orders-team-months",
            "四单服务月度情况（按点单月份）",
            ["月份", *HEADERS],
            [TEXT, *KINDS],
            rows=[[f"{m}月", *_cells(r)] for m, r in data["months"]],
            chart=("line", 1, 2),
        )
        statuses = dict(OrderStatus.choices)
        recent = Table(
            "orders-team-recent",
            f"最近 20 张工单（{year}年点单）",
            ["工单编号", "点单日期", "服务类别", "状态", "服务完成日期", "按时办结", "满意度（星）"],
            [TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, INT],
            rows=[
                [
                    o["number"],
                    o["submitted_at"].date().isoformat(),
                    o["category_name"],
                    statuses.get(o["status"], o["status"]),
                    o["served_on"].isoformat() if o["served_on"] else "—",
                    {True: "是", False: "否"}.get(o["on_time"], "—"),
                    o["satisfaction"],
                ]
                for o in data["recent"]
            ],
            note="不含点单人姓名、电话和服务地点。"
            if data["recent"]
            else f"{year}年本团队在{region.name}暂无承接的工单。",
        )
        return [summary, months, recent]

    return Drill(
        title=team.name,
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        crumbs=((f"{region.name}四单服务", region_url),),
        lead=f"{region.name} · {year}年点单中由本团队承接的工单。",
        tables=tables,
    )
