"""草根内参's dashboard drill-down (issue 19): the tab's region table links to a region's
informants, each to their page in that region; the rows add up to the tab's region row
(the same grouped query); anonymous reports in a row of their own, never under their
author; names masked; a fixed number of queries whatever the number of informants; print
view and Excel export; a district reads only its own region."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.figures import Filters
from apps.core.masking import can_view_sensitive
from apps.insights import dashboard, services
from apps.insights.models import Informant, InsightCategory, Report
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
# Session, user, the region, the region's reports by informant, the informants, and the
# user's permissions (user's and groups': may names be shown in full?).
REGION_QUERIES = 7
# Session, user, the region, the informant (with its link to the region), the user's
# permissions (2), the reports by month, the latest reports.
INFORMANT_QUERIES = 8


def _day():
    today = timezone.localdate()
    return today.replace(day=1) if today.day > 1 else today


def _informant(region, name):
    return Informant.objects.create(name=name, region=region, joined_on=datetime.date(2024, 1, 1))


def _report(cast, informant, stage=0, *, anonymous=False, title="建议简化审批"):
    day = _day()
    r = services.report_submit(
        user=cast.staff,
        informant=informant,
        title=title,
        content="内容",
        category=InsightCategory.objects.get(name="政策建议"),
        submitted_on=day,
        anonymous=anonymous,
    )
    if stage >= 1:
        r = services.report_register(user=cast.staff, report=r, registered_on=day)
    if stage >= 2:
        r = services.report_forward(user=cast.staff, report=r, department="市民政局", forwarded_on=day)
    if stage >= 3:
        r = services.report_instruct(
            user=cast.staff, report=r, instruction="请办理", instructed_by="市领导", instructed_on=day
        )
    return r


@pytest.fixture
def world(cast):
    region = cast.team.region
    here = _informant(region, "周建国")
    _informant(region, "吴凤英")  # no report this year
    there = _informant(cast.other_team.region, "钱秀兰")
    for stage in (0, 1, 3):
        _report(cast, here, stage)
    _report(cast, here, 3, anonymous=True, title="匿名反映保健品推销")
    _report(cast, there, 2)
    # 钱秀兰 (邗江区) signs one of 广陵区's reports.
    Report.objects.create(
        informant=there,
        title="公园器材老化",
        content="内容",
        category=InsightCategory.objects.get(name="其他"),
        region=region,
        submitted_on=_day(),
    )
    return region


def _rows(page):
    return page.context["drill"].all_tables()[0].rows


def test_the_region_rows_add_up_to_the_tabs_region_row(client, cast, world, settings, django_assert_num_queries):
    settings.DASHBOARD_CACHE_SECONDS = 0
    year = _day().year
    leader = client_for(client, cast, "leader")
    assert not can_view_sensitive(cast.leader)
    tab = leader.get(reverse("dashboard:index"), {"year": year, "brand": "afterglow_insights"}).content.decode()
    region_url = reverse("dashboard:afterglow_insights_region", args=[world.pk])
    assert f'href="{region_url}?year={year}"' in tab
    with CaptureQueriesContext(connection) as queries:
        page = leader.get(region_url, {"year": year})
    assert len(queries) == REGION_QUERIES
    assert sum("permission" in q["sql"] for q in queries.captured_queries) == 2
    units = dashboard.region_units(region_id=world.pk, year=year)
    tab_row = next(r for r in dashboard.section_data(Filters(year=year))["regions"] if r["id"] == world.pk)
    for key in ("total", "registered", "forwarded", "instructed", "adopted", "fed_back", "overdue"):
        assert sum(u[key] for u in units) == tab_row[key], key
    assert tab_row["total"] == 5
    by_name = {u["name"]: u for u in units}
    # 周建国's three signed reports; the anonymous one only in its own row.
    assert (by_name["周建国"]["total"], by_name["周建国"]["adopted"]) == (3, 1)
    assert by_name[dashboard.ANONYMOUS]["total"] == 1 and by_name["钱秀兰"]["total"] == 1
    assert by_name["吴凤英"]["total"] == 0
    assert units[-1]["id"] is None
    html = page.content.decode()
    assert "周*国" in html and "周建国" not in html and "吴*英" in html
    informant_url = reverse("dashboard:afterglow_insights_informant", args=[world.pk, by_name["周建国"]["id"]])
    assert f'href="{informant_url}?year={year}"' in html
    # More informants and reports: the same number of queries.
    for i in range(4):
        _report(cast, _informant(world, f"新{i}号"), 1)
    with django_assert_num_queries(REGION_QUERIES):
        assert len(_rows(leader.get(region_url, {"year": year}))) == 8


def test_the_search_box_finds_informants_as_shown(client, cast, world):
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:afterglow_insights_region", args=[world.pk])
    assert [r[0] for r in _rows(leader.get(url, {"q": "周"}))] == ["周*国"]
    # The hidden middle character finds nothing.
    assert "没有姓名包含“建”的信息员" in leader.get(url, {"q": "建"}).content.decode()


def test_a_region_without_informants_says_so(client, cast):
    leader = client_for(client, cast, "leader")
    region = f.region("宝应县")
    html = leader.get(reverse("dashboard:afterglow_insights_region", args=[region.pk])).content.decode()
    assert "本区域暂无信息员" in html


def test_the_informant_page_counts_the_signed_reports(client, cast, world, settings, django_assert_num_queries):
    settings.DASHBOARD_CACHE_SECONDS = 0
    year = _day().year
    leader = client_for(client, cast, "leader")
    here = Informant.objects.get(name="周建国")
    url = reverse("dashboard:afterglow_insights_informant", args=[world.pk, here.pk])
    with CaptureQueriesContext(connection) as queries:
        page = leader.get(url, {"year": year})
    assert len(queries) == INFORMANT_QUERIES
    summary, months, recent = page.context["drill"].all_tables()
    assert summary.rows[0][1] == 3 and summary.rows[4][1] == 1
    assert months.rows[_day().month - 1][1] == 3 and sum(r[1] for r in months.rows) == 3
    html = page.content.decode()
    assert len(recent.rows) == 3 and "匿名反映保健品推销" not in html
    assert "data-table-chart" in html and "周建国" not in html and "周*国" in html
    # 钱秀兰 has a page in 广陵区 (she signed one of its reports): that report only.
    there = Informant.objects.get(name="钱秀兰")
    other = leader.get(reverse("dashboard:afterglow_insights_informant", args=[world.pk, there.pk]))
    assert other.context["drill"].all_tables()[0].rows[0][1] == 1
    for _ in range(3):
        _report(cast, here, 2)
        _informant(world, "又一人")
    with django_assert_num_queries(INFORMANT_QUERIES):
        leader.get(url, {"year": year})


def test_an_anonymous_report_does_not_tie_its_author_to_a_region(client, cast, world):
    leader = client_for(client, cast, "leader")
    stranger = _informant(cast.other_team.region, "郑德明")
    Report.objects.create(
        informant=stranger,
        anonymous=True,
        title="匿名",
        content="内容",
        category=InsightCategory.objects.get(name="其他"),
        region=world,
        submitted_on=_day(),
    )
    url = reverse("dashboard:afterglow_insights_informant", args=[world.pk, stranger.pk])
    assert leader.get(url).status_code == 404
    names = [u["name"] for u in dashboard.region_units(region_id=world.pk, year=_day().year)]
    assert "郑德明" not in names


def test_a_district_reads_only_its_own_region(client, cast, world):
    district = client_for(client, cast, "district")
    here, there = Informant.objects.get(name="周建国"), Informant.objects.get(name="钱秀兰")
    own, other = world.pk, cast.other_team.region_id
    assert district.get(reverse("dashboard:afterglow_insights_region", args=[own])).status_code == 200
    assert district.get(reverse("dashboard:afterglow_insights_informant", args=[own, here.pk])).status_code == 200
    assert district.get(reverse("dashboard:afterglow_insights_region", args=[other])).status_code == 404
    for pk in (here.pk, there.pk):
        url = reverse("dashboard:afterglow_insights_informant", args=[other, pk])
        assert district.get(url).status_code == 404
        assert district.get(url, {"format": "print"}).status_code == 404


def test_both_pages_print_and_export(client, cast, world, settings):
    from apps.audit.models import AuditEvent

    settings.DASHBOARD_CACHE_SECONDS = 0
    year = _day().year
    leader = client_for(client, cast, "leader")
    here = Informant.objects.get(name="周建国")
    region_url = reverse("dashboard:afterglow_insights_region", args=[world.pk])
    informant_url = reverse("dashboard:afterglow_insights_informant", args=[world.pk, here.pk])
    html = leader.get(region_url, {"year": year}).content.decode()
    assert f"?year={year}&amp;format=xlsx" in html and f"?year={year}&amp;format=print" in html
    printed = leader.get(region_url, {"year": year, "format": "print"}).content.decode()
    assert "周*国" in printed and dashboard.ANONYMOUS in printed and "打印时间" in printed
    assert informant_url not in printed and "周建国" not in printed
    response = leader.get(region_url, {"year": year, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = list(sheet.iter_rows(values_only=True))
    assert next(r for r in cells if r[0] == "周*国")[1] == 3
    assert not any("周建国" in str(c) for r in cells for c in r)
    assert AuditEvent.objects.filter(object_type="dashboard", detail__contains="草根内参").exists()
    book = load_workbook(io.BytesIO(leader.get(informant_url, {"year": year, "format": "xlsx"}).content))
    assert len(book.worksheets) == 3
    printed = leader.get(informant_url, {"year": year, "format": "print"}).content.decode()
    assert "草根内参月度报送" in printed and "匿名反映保健品推销" not in printed
