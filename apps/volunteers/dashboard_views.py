"""绿扬霞光's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's
teams and one team. The frame (``apps.dashboard.views.page_view``) has checked the
dashboard permission; ``frame`` gives the year and the user's region rule."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from apps.core.scoping import get_scoped_or_404
from apps.volunteers import dashboard
from apps.volunteers.models import Team


def region_detail(request, frame, region_id: int):
    region = frame.region_for(region_id)
    if region is None:
        raise Http404("区域不存在。")
    filters = frame.filters(region)
    search = request.GET.get("q", "").strip()
    teams = dashboard.region_teams(region_id=region.pk, year=filters.year, search=search)
    page = Paginator(teams, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/dashboard_region.html",
        {"filters": filters, "region": region, "page": page, "search": search},
    )


def team_detail(request, frame, pk: int):
    team = get_scoped_or_404(Team.objects.select_related("region"), request.user, pk=pk)
    filters = frame.filters(team.region)
    figures = dashboard.team_figures(team=team, year=filters.year)
    return render(request, "volunteers/dashboard_team.html", {"filters": filters, "team": team, "f": figures})
