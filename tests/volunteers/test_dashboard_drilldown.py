"""绿扬霞光's dashboard drill-down (issue 19): the tab's region table links to a region's
teams, each team to its own page; their figures are the region table's, counted the same
way; a fixed number of queries whatever the number of teams."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.volunteers import services as s
from tests import factories as f
from tests.conftest import client_for
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db
YEAR = 2026
# Session, user, the region, then the teams' count and page (region page); session, user,
# the team, its figures, its months and its activities (team page).
REGION_QUERIES = 5
TEAM_QUERIES = 6


def _serve(team, hours, day=datetime.date(YEAR, 3, 2)):
    volunteer = member(team)
    records = s.records_enter(activity=activity(team, date=day), entries=[s.HoursEntry(member=volunteer, hours=hours)])
    s.records_confirm(records=records, user=None)


def test_region_and_team_pages_show_the_region_tables_figures(client, cast, django_assert_num_queries, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    _serve(cast.team, Decimal(3))
    _serve(cast.team, Decimal("1.5"), day=datetime.date(YEAR, 5, 9))
    leader = client_for(client, cast, "leader")
    tab = leader.get(reverse("dashboard:index"), {"year": YEAR, "brand": "afterglow"})
    region_url = reverse("dashboard:afterglow_region", args=[cast.team.region_id])
    assert f'href="{region_url}?year={YEAR}"' in tab.content.decode()
    with CaptureQueriesContext(connection) as region_queries:
        page = leader.get(region_url, {"year": YEAR})
    html = page.content.decode()
    team_url = reverse("dashboard:afterglow_team", args=[cast.team.pk])
    assert f'href="{team_url}?year={YEAR}"' in html and cast.team.name in html
    listed = next(t for t in page.context["page"].object_list if t["id"] == cast.team.pk)
    assert (listed["activities_n"], listed["times_n"], listed["hours_n"]) == (2, 2, Decimal("4.5"))
    with CaptureQueriesContext(connection) as team_queries:
        team = leader.get(team_url, {"year": YEAR})
    assert (len(region_queries), len(team_queries)) == (REGION_QUERIES, TEAM_QUERIES)
    figures = team.context["f"]
    assert figures["hours_n"] == Decimal("4.5") and figures["volunteers_n"] == listed["volunteers_n"]
    assert figures["months"].rows[2][1:] == [Decimal(3), 1] and figures["months"].rows[4][1:] == [Decimal("1.5"), 1]
    assert "data-table-chart" in team.content.decode()
    # More teams: the same number of queries.
    for i in range(3):
        _serve(f.TeamFactory(name=f"第{i}志愿服务队", region=cast.team.region), Decimal(1))
    with django_assert_num_queries(REGION_QUERIES):
        leader.get(region_url, {"year": YEAR})


def test_a_district_reads_only_its_own_regions_teams(client, cast):
    district = client_for(client, cast, "district")
    assert district.get(reverse("dashboard:afterglow_region", args=[cast.team.region_id])).status_code == 200
    assert district.get(reverse("dashboard:afterglow_region", args=[cast.other_team.region_id])).status_code == 404
    assert district.get(reverse("dashboard:afterglow_team", args=[cast.other_team.pk])).status_code == 404


def test_the_drill_down_pages_print_and_export_every_row(client, cast, settings):
    """The frame's print view and Excel workbook of a drill-down page: all the region's
    teams (not one page of them), the export audited; out of region stays a 404."""
    from openpyxl import load_workbook

    from apps.audit.models import AuditEvent

    settings.DASHBOARD_CACHE_SECONDS = 0
    _serve(cast.team, Decimal("2.5"))
    for i in range(55):
        f.TeamFactory(name=f"分页{i:02d}志愿服务队", region=cast.team.region)
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:afterglow_region", args=[cast.team.region_id])
    page = leader.get(region_url, {"year": YEAR})
    assert len(page.context["page"].object_list) == 50
    html = page.content.decode()
    assert f"?year={YEAR}&amp;format=xlsx" in html and f"?year={YEAR}&amp;format=print" in html
    printed = leader.get(region_url, {"year": YEAR, "format": "print"}).content.decode()
    assert "分页54志愿服务队" in printed and "分页00志愿服务队" in printed and "打印时间" in printed
    assert reverse("dashboard:afterglow_team", args=[cast.team.pk]) not in printed  # no links on paper
    response = leader.get(region_url, {"year": YEAR, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "分页54志愿服务队" in names and cast.team.name in names
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == cast.team.name)
    assert row[5] == 2.5
    assert AuditEvent.objects.filter(object_type="dashboard", detail__contains="志愿服务团队").exists()
    team_url = reverse("dashboard:afterglow_team", args=[cast.team.pk])
    book = load_workbook(io.BytesIO(leader.get(team_url, {"year": YEAR, "format": "xlsx"}).content))
    assert len(book.worksheets) == 3
    printed = leader.get(team_url, {"year": YEAR, "format": "print"}).content.decode()
    assert "服务时长月度分布" in printed
    assert 'data-table-chart="chart-data-afterglow-team-months"' in printed  # the page's chart, on paper too
    district = client_for(client, cast, "district")
    other = reverse("dashboard:afterglow_region", args=[cast.other_team.region_id])
    assert district.get(other, {"format": "xlsx"}).status_code == 404
    assert (
        district.get(reverse("dashboard:afterglow_team", args=[cast.other_team.pk]), {"format": "print"}).status_code
        == 404
    )
