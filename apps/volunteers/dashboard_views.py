"""绿扬霞光's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's
teams and one team. The frame (``apps.dashboard.views.page_view``) has checked the
dashboard permission; ``frame`` gives the year and the user's region rule. Each returns a
``Drill``: the frame adds its print view and Excel export."""

from django.core.paginator import Paginator
from django.urls import reverse

from apps.core.brands import Drill
from apps.core.figures import DEC1, INT, TEXT, Table
from apps.core.scoping import get_scoped_or_404
from apps.volunteers import dashboard
from apps.volunteers.models import Team

TEAM_HEADERS = ["团队", "服务品牌", "在队志愿者（年末）", "服务活动", "服务人次", "确认时长（小时）"]


def teams_table(region, year: int, teams) -> Table:
    """A region's teams (every row of ``teams``, a :func:`dashboard.region_teams` queryset)."""
    table = Table(
        "afterglow-region-teams",
        f"{region.name}志愿服务团队（{year}年）",
        TEAM_HEADERS,
        [TEXT, TEXT, INT, INT, INT, DEC1],
    )
    for t in teams:
        table.rows.append(
            [t["name"], t["brand_name"] or "—", t["volunteers_n"], t["activities_n"], t["times_n"], t["hours_n"]]
        )
        table.links.append(f"{reverse('dashboard:afterglow_team', args=[t['id']])}?year={year}")
    return table


def region_detail(request, frame, region_id: int):
    region = frame.region(region_id)
    filters = frame.filters(region)
    search = request.GET.get("q", "").strip()
    teams = dashboard.region_teams(region_id=region.pk, year=filters.year, search=search)
    page = Paginator(teams, 50).get_page(request.GET.get("page"))
    return Drill(
        title=f"{region.name}志愿服务团队",
        filters=filters,
        brand="afterglow",
        brand_title="绿扬霞光 · 志愿服务",
        lead=f"{filters.year}年 · 点击团队名称查看其月度服务时长和近期活动。",
        tables=lambda: [teams_table(region, filters.year, teams)],
        template="volunteers/dashboard_region.html",
        context={"region": region, "page": page, "search": search},
        search=search,
        search_hint="如：银龄",
    )


def team_detail(request, frame, pk: int):
    team = get_scoped_or_404(Team.objects.select_related("region"), request.user, pk=pk)
    filters = frame.filters(team.region)
    figures = dashboard.team_figures(team=team, year=filters.year)
    region_url = f"{reverse('dashboard:afterglow_region', args=[team.region_id])}?year={filters.year}"

    def tables():
        summary = Table(
            "afterglow-team-figures",
            f"{team.name} · 主要指标（{filters.year}年）",
            ["指标", "数值"],
            [TEXT, INT],
            rows=[
                ["在队志愿者（年末，人）", figures["volunteers_n"]],
                ["服务活动（次）", figures["activities_n"]],
                ["服务人次", figures["times_n"]],
                ["已确认服务时长（小时）", figures["hours_n"]],
            ],
            row_kinds=[[TEXT, INT], [TEXT, INT], [TEXT, INT], [TEXT, DEC1]],
        )
        recent = Table(
            "afterglow-team-recent",
            f"{team.name} · 最近 20 次服务活动（{filters.year}年）",
            ["日期", "活动", "服务类别", "地点"],
            [TEXT, TEXT, TEXT, TEXT],
            rows=[
                [a["date"].isoformat(), a["title"], a["category_name"] or "—", a["place"]] for a in figures["recent"]
            ],
        )
        return [summary, figures["months"], recent]

    return Drill(
        title=team.name,
        filters=filters,
        brand="afterglow",
        brand_title="绿扬霞光 · 志愿服务",
        crumbs=((f"{team.region.name}志愿服务团队", region_url),),
        tables=tables,
        template="volunteers/dashboard_team.html",
        context={"team": team, "f": figures},
    )
