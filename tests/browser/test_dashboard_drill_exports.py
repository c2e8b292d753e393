"""A drill-down page's Excel export and print view in Chromium (issue 19): from 绿扬霞光's
tab the leader opens a region, downloads its teams as Excel and opens the print view —
both hold every team of the region, not the page of 50 on screen — then a team's page,
whose print view draws its chart."""

import datetime
import io
import os
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.volunteers import services as s
from tests import factories as f
from tests.browser import test_dashboard
from tests.browser.test_dashboard import _console_errors, _signed_in
from tests.volunteers.conftest import activity, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

reference_data = test_dashboard.reference_data

YEAR = 2026
# With the cast's 红马甲义工队, 52 teams in 广陵区, more than a page's 50; named to sort after
# it, so the last of them is on the second page.
EXTRA_TEAMS = 51


def _serve(team, hours, day):
    records = s.records_enter(
        activity=activity(team, date=day), entries=[s.HoursEntry(member=member(team), hours=hours)]
    )
    s.records_confirm(records=records, user=None)


def _follow(page, locator, url_part):
    with page.expect_navigation():
        locator.click()
    assert url_part in page.url, (url_part, page.url)


def test_a_region_page_exports_and_prints_all_its_teams(page, live_server, client, cast, settings, artifacts_dir):
    settings.DASHBOARD_CACHE_SECONDS = 0
    _serve(cast.team, Decimal(3), datetime.date(YEAR, 3, 2))
    _serve(cast.team, Decimal("1.5"), datetime.date(YEAR, 5, 9))
    for i in range(EXTRA_TEAMS):
        f.TeamFactory(name=f"霞光第{i:02d}志愿服务队", brand_name="银龄", region=cast.team.region)
    errors = _console_errors(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    _signed_in(page, client, live_server, cast.leader)
    page.goto(f"{live_server.url}{reverse('dashboard:index')}?year={YEAR}&brand=afterglow&part=afterglow")

    # The tab's region table leads to the region's teams, 50 on a page.
    region = page.locator('.dash-table a[href*="/afterglow/regions/"]', has_text="广陵区").first
    _follow(page, region, f"/afterglow/regions/{cast.team.region_id}/")
    assert "共 52 个志愿服务团队" in page.locator(".dash-table caption").inner_text()
    assert page.locator(".dash-table tbody tr").count() == 50
    assert page.locator(".dash-table tbody tr", has_text="霞光第50志愿服务队").count() == 0
    row = page.locator(".dash-table tbody tr", has_text=cast.team.name)
    assert row.locator("td").all_inner_texts() == ["测试品牌", "2", "2", "2", "4.5"]

    # Excel: every team, the cast's with the figures on screen; nothing of 邗江区.
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as fh:
        sheet = load_workbook(io.BytesIO(fh.read())).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert "广陵区志愿服务团队" in rows[0][0] and f"{YEAR}" in rows[0][0]
    header = rows.index(["团队", "服务品牌", "在队志愿者（年末）", "服务活动", "服务人次", "确认时长（小时）"])
    teams = {r[0]: r[1:] for r in rows[header + 1 :]}
    assert len(teams) == 52 and cast.other_team.name not in teams
    assert teams[cast.team.name] == ["测试品牌", 2, 2, 2, Decimal("4.5")]
    assert teams["霞光第50志愿服务队"] == ["银龄", 0, 0, 0, 0]

    # The print view: the whole list on one page, no pagination, the site's header hidden in print.
    _follow(page, page.get_by_role("link", name="打印视图"), "format=print")
    printed = page.locator(".print-page .dash-table tbody tr")
    assert printed.count() == 52
    assert printed.filter(has_text="霞光第50志愿服务队").count() == 1
    assert cast.other_team.name not in page.content()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.screenshot(path=os.path.join(artifacts_dir, "drill-region-print.png"), full_page=True)
    page.emulate_media(media="screen")

    # A team's page, then its print view: its monthly chart drawn.
    _follow(page, page.get_by_role("link", name="返回"), f"/afterglow/regions/{cast.team.region_id}/")
    _follow(page, page.get_by_role("link", name=cast.team.name), "/afterglow/teams/")
    _follow(page, page.get_by_role("link", name="打印视图"), "format=print")
    page.wait_for_selector("[data-table-chart] svg")
    for chart in page.locator("[data-table-chart] svg").all():
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150, box
    assert page.locator("[data-table-chart] svg path").count() > 0
    page.screenshot(path=os.path.join(artifacts_dir, "drill-team-print.png"), full_page=True)
    assert errors == []
