"""牵手夕阳 · 老年教育's dashboard drill-down (issue 19): the tab's region table links to a
region's venues, each venue to its own page; their figures are the region row's, counted
by the same annotations; a fixed number of queries whatever the number of venues."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.figures import Filters
from apps.education import dashboard
from apps.education.models import Attendance, Enrolment, Lesson
from tests import factories as f
from tests.conftest import client_for
from tests.education.conftest import make_course, make_term, make_venue

pytestmark = pytest.mark.django_db
YEAR = 2026
# Session, user, the region, the term, then the venues' count and page (region page);
# session, user, the venue, the term, its figures, its courses, its months and its
# latest lessons (venue page).
REGION_QUERIES = 6
VENUE_QUERIES = 8


def _term():
    return make_term(
        "closed",
        name=f"{YEAR}年秋季学期",
        starts_on=datetime.date(YEAR, 9, 1),
        ends_on=datetime.date(YEAR + 0, 12, 31),
    )


def _enrol(course, status, name="张桂英"):
    person = f.PersonFactory(name=name, region=course.venue.region, birth_date=datetime.date(1950, 1, 1))
    return Enrolment.objects.create(term=course.term, course=course, person=person, status=status, channel="staff")


@pytest.fixture
def school(db):
    """广陵区: a university with two courses (3 applications, 1 withdrawn, 1 waiting), a
    demonstration learning point, a venue closed in June that held a course of the term
    (its course counts, the venue does not); 邗江区: one venue with one course."""
    term = _term()
    gl_uni = make_venue("广陵区", name="广陵区老年大学", demonstration="provincial")
    point = make_venue("广陵区", name="汶河街道学习点", level="community", kind="learning_point")
    closed = make_venue(
        "广陵区",
        name="东关街道老年学校",
        level="street",
        kind="teaching_point",
        opened_on=datetime.date(2020, 1, 1),
        closed_on=datetime.date(YEAR, 6, 1),
    )
    hj = make_venue("邗江区", name="邗江区老年大学")
    calligraphy = make_course(term, gl_uni, name="书法", seats=3)
    painting = make_course(term, gl_uni, name="国画", seats=2, weekday=3)
    old = make_course(term, closed, name="太极拳", seats=4)
    make_course(term, hj, name="摄影", seats=6)
    admitted = _enrol(calligraphy, "admitted", "张桂英")
    _enrol(calligraphy, "admitted", "李德明")
    _enrol(calligraphy, "withdrawn", "赵玉兰")
    _enrol(painting, "waitlisted", "孙秀英")
    _enrol(old, "admitted", "周建国")
    for day, present in ((datetime.date(YEAR, 9, 8), True), (datetime.date(YEAR, 10, 13), False)):
        lesson = Lesson.objects.create(course=calligraphy, date=day)
        Attendance.objects.create(lesson=lesson, enrolment=admitted, present=present)
    return {"term": term, "uni": gl_uni, "point": point, "closed": closed, "hj": hj}


def test_region_and_venue_pages_add_up_to_the_tabs_region_row(
    client, cast, school, django_assert_num_queries, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    region = school["uni"].region
    tab = leader.get(reverse("dashboard:index"), {"year": YEAR, "brand": "sunset_education"})
    region_url = reverse("dashboard:education_region", args=[region.pk])
    assert f'href="{region_url}?year={YEAR}"' in tab.content.decode()
    data = dashboard.section_data(Filters(year=YEAR))
    row = next(r for r in data["regions"] if r["pk"] == region.pk)
    assert (row["venues_n"], row["demonstration_n"]) == (2, 1)
    assert (row["courses_n"], row["seats_n"], row["applicants_n"], row["waiting_n"]) == (3, 9, 4, 1)
    # The tab's lead (the term's courses) and its region table agree.
    assert (data["seats"], data["applicants"], data["waiting"]) == (
        sum(r["seats_n"] for r in data["regions"]),
        sum(r["applicants_n"] for r in data["regions"]),
        sum(r["waiting_n"] for r in data["regions"]),
    )
    with CaptureQueriesContext(connection) as region_queries:
        page = leader.get(region_url, {"year": YEAR})
    html = page.content.decode()
    rows = page.context["rows"]
    assert [v["name"] for v in rows] == ["广陵区老年大学", "东关街道老年学校", "汶河街道学习点"]
    assert sum(v["open"] for v in rows) == row["venues_n"]
    assert sum(v["open"] and v["demonstration"] != "none" for v in rows) == row["demonstration_n"]
    for key in ("courses_n", "seats_n", "applicants_n", "waiting_n"):
        assert sum(v[key] for v in rows) == row[key], key
    assert "已停用" in html and "邗江区老年大学" not in html
    venue_url = reverse("dashboard:education_venue", args=[school["uni"].pk])
    assert f'href="{venue_url}?year={YEAR}"' in html
    with CaptureQueriesContext(connection) as venue_queries:
        venue = leader.get(venue_url, {"year": YEAR})
    assert (len(region_queries), len(venue_queries)) == (REGION_QUERIES, VENUE_QUERIES)
    figures = venue.context["f"]
    listed = next(v for v in rows if v["id"] == school["uni"].pk)
    for key in ("courses_n", "seats_n", "applicants_n", "waiting_n"):
        assert figures[key] == listed[key], key
    assert figures["months"].rows[8][1:] == [1, 1] and figures["months"].rows[9][1:] == [1, 0]
    assert [(x.present_n, x.marked_n) for x in figures["recent"]] == [(0, 1), (1, 1)]
    venue_html = venue.content.decode()
    assert "data-table-chart" in venue_html and "书法（初级班）" in venue_html
    # Elders' names are personal data: not on the page.
    assert "张桂英" not in venue_html and "张桂英" not in html
    # More venues: the same number of queries on both pages.
    term = school["term"]
    for i in range(4):
        extra = make_venue("广陵区", name=f"第{i}教学点", level="street", kind="teaching_point")
        _enrol(make_course(term, extra, name="声乐", seats=2), "admitted", f"学员{i}")
    with django_assert_num_queries(REGION_QUERIES):
        leader.get(region_url, {"year": YEAR})
    with django_assert_num_queries(VENUE_QUERIES):
        leader.get(venue_url, {"year": YEAR})


def test_the_tabs_export_carries_the_region_table(client, cast, school, settings):
    """The tab's Excel export (the section's tables): the region table's rows as the tab shows them."""
    from openpyxl import load_workbook

    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    response = leader.get(reverse("dashboard:export"), {"year": YEAR, "brand": "sunset_education"})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 4
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert next(r for r in rows if r[0] == "广陵区")[1:7] == (2, 1, 3, 9, 4, 1)
    assert next(r for r in rows if r[0] == "邗江区")[1:7] == (1, 0, 1, 6, 0, 0)
    courses = [r[0] for r in book.worksheets[2].iter_rows(values_only=True)]
    assert "书法（初级班）" in courses


def test_a_past_year_reads_that_years_term_and_network(client, cast, school, settings):
    """2025: no term began that year (the 2026 term is not read back), and the venue closed
    in 2026 was open at the end of 2025."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:education_region", args=[school["uni"].region_id])
    page = leader.get(region_url, {"year": YEAR - 1})
    rows = page.context["rows"]
    assert all(v["open"] for v in rows) and len(rows) == 3
    assert all(v["courses_n"] == 0 and v["applicants_n"] == 0 for v in rows)
    assert "该年无已发布学期" in page.content.decode()
    venue = leader.get(reverse("dashboard:education_venue", args=[school["uni"].pk]), {"year": YEAR - 1})
    assert "2025年暂无已发布的学期" in venue.content.decode()
    assert "本办学点该年暂无课程" in venue.content.decode()


def test_search_and_empty_states(client, cast, school, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:education_region", args=[school["uni"].region_id])
    found = leader.get(region_url, {"year": YEAR, "q": "学习点"})
    assert [v["name"] for v in found.context["rows"]] == ["汶河街道学习点"]
    missing = leader.get(region_url, {"year": YEAR, "q": "不存在"}).content.decode()
    assert "没有名称包含“不存在”的办学点" in missing
    empty = leader.get(reverse("dashboard:education_region", args=[f.region("仪征市").pk]), {"year": YEAR})
    assert "本区域暂无老年教育办学点" in empty.content.decode()
    point = leader.get(reverse("dashboard:education_venue", args=[school["point"].pk]), {"year": YEAR})
    html = point.content.decode()
    assert "本办学点本学期暂无课程" in html and "本办学点本年度暂无课堂点名记录" in html


def test_a_district_reads_only_its_own_regions_venues(client, cast, school):
    district = client_for(client, cast, "district")
    assert district.get(reverse("dashboard:education_region", args=[school["uni"].region_id])).status_code == 200
    assert district.get(reverse("dashboard:education_venue", args=[school["uni"].pk])).status_code == 200
    assert district.get(reverse("dashboard:education_region", args=[school["hj"].region_id])).status_code == 404
    assert district.get(reverse("dashboard:education_venue", args=[school["hj"].pk])).status_code == 404


def test_the_drill_down_pages_print_and_export_every_row(client, cast, school, settings):
    """The frame's print view and Excel workbook: all the region's venues (not one page of
    them), the export audited; out of region stays a 404."""
    from openpyxl import load_workbook

    from apps.audit.models import AuditEvent

    settings.DASHBOARD_CACHE_SECONDS = 0
    for i in range(55):
        make_venue("广陵区", name=f"分页{i:02d}学习点", level="community", kind="learning_point")
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:education_region", args=[school["uni"].region_id])
    page = leader.get(region_url, {"year": YEAR})
    assert len(page.context["rows"]) == 50 and "第 1 / 2 页" in page.content.decode()
    html = page.content.decode()
    assert f"?year={YEAR}&amp;page=2" in html  # the shared pager (templates/dashboard/_drill_pager.html)
    assert f"?year={YEAR}&amp;format=xlsx" in html and f"?year={YEAR}&amp;format=print" in html
    printed = leader.get(region_url, {"year": YEAR, "format": "print"}).content.decode()
    assert "分页54学习点" in printed and "分页00学习点" in printed and "打印时间" in printed
    assert "“已停用”的办学点不计入办学点数" in printed  # the page's note, on paper too
    assert reverse("dashboard:education_venue", args=[school["uni"].pk]) not in printed  # no links on paper
    response = leader.get(region_url, {"year": YEAR, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    names = [r[0] for r in values]
    assert "分页54学习点" in names and "广陵区老年大学" in names
    uni = next(r for r in values if r[0] == "广陵区老年大学")
    assert list(uni[5:9]) == [2, 5, 3, 1]
    assert AuditEvent.objects.filter(object_type="dashboard", detail__contains="老年教育办学点").exists()
    venue_url = reverse("dashboard:education_venue", args=[school["uni"].pk])
    book = load_workbook(io.BytesIO(leader.get(venue_url, {"year": YEAR, "format": "xlsx"}).content))
    assert len(book.worksheets) == 4
    printed_venue = leader.get(venue_url, {"year": YEAR, "format": "print"}).content.decode()
    assert "上课与出勤月度分布" in printed_venue and "张桂英" not in printed_venue
    district = client_for(client, cast, "district")
    other = reverse("dashboard:education_region", args=[school["hj"].region_id])
    assert district.get(other, {"format": "xlsx"}).status_code == 404
    other_venue = reverse("dashboard:education_venue", args=[school["hj"].pk])
    assert district.get(other_venue, {"format": "print"}).status_code == 404
