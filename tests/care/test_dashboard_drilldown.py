"""牵手夕阳's dashboard drill-down (issue 19): the tab's region table (三有一落实 by region)
links to a region's 四就近 service points, each point to its own page; their figures are
counted by the tab's own querysets and rule; a fixed number of queries whatever the number
of points; print view and Excel export of every row; districts kept to their region."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.care import dashboard, services
from apps.care.choices import PointKind, VisitType
from apps.care.models import AidApplication, AidReason, CareProfile, ServedCadre, ServicePoint, Visit
from apps.care.selectors import section_data
from apps.care.tables import section_tables
from apps.core.figures import Filters
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
YEAR = 2026
# Session, user, the region, the points' count and page, the rule and the page's
# 三有一落实 counts (region page); session, user, the point, its figures, the rule, its
# 三有一落实 counts, its months and its latest visits (point page).
REGION_QUERIES = 7
POINT_QUERIES = 8


def _point(region="广陵区", name="东关街道老干部活动室", kind="activity"):
    return ServicePoint.objects.create(
        region=f.region(region), name=name, address="东关街88号", kind=kind, offers="棋牌"
    )


def _serve(point, *people):
    for person in people:
        ServedCadre.objects.create(point=point, person=person)


def _lixiu(region="广陵区", name=None, **profile):
    person = f.PersonFactory(
        region=f.region(region),
        retirement_type="lixiu",
        birth_date=datetime.date(1930, 1, 1),
        **({"name": name} if name else {}),
    )
    CareProfile.objects.create(person=person, **profile)
    return person


def _visit(person, day):
    services.visit_record(visit=Visit(person=person, visit_type=VisitType.DAILY, visited_on=day, visitors="张科长"))


def _aid(person, day=datetime.date(YEAR, 4, 1)):
    return AidApplication.objects.create(
        person=person,
        reason=AidReason.objects.first() or AidReason.objects.create(name="因病致困"),
        applied_on=day,
        monthly_income=Decimal(1500),
        amount_requested=Decimal("4321.00"),
    )


FULL = {
    "green_channel_hospital": "苏北人民医院",
    "family_doctor_signed": True,
    "medical_hardship_covered": True,
    "medical_policy_done": True,
}


@pytest.fixture
def city(db):
    """广陵区: two living 离休 cadres (one with all four items), a 退休 cadre; an activity
    room serving all three, a study point serving one; visits and an aid application of
    the year. 邗江区: a point and a cadre of its own."""
    full = _lixiu(name="张三丰", **FULL)
    bare = _lixiu(name="李四光")
    retired = f.PersonFactory(region=f.region("广陵区"), retirement_type="tuixiu")
    room = _point()
    study = _point(name="汶河街道老年学习点", kind="study")
    _serve(room, full, bare, retired)
    _serve(study, bare)
    _visit(full, datetime.date(YEAR, 3, 2))
    _visit(bare, datetime.date(YEAR, 5, 9))
    _visit(bare, datetime.date(YEAR - 1, 5, 9))  # another year: not counted
    _aid(bare)
    elsewhere = _point("邗江区", name="邗江区老干部活动室")
    _serve(elsewhere, _lixiu("邗江区"))
    return {"room": room, "study": study, "elsewhere": elsewhere, "full": full, "bare": bare}


def test_the_tabs_region_table_links_each_region_to_its_points(client, cast, city, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    html = leader.get(reverse("dashboard:index"), {"year": YEAR, "brand": "sunset"}).content.decode()
    region_url = reverse("dashboard:sunset_region", args=[city["room"].region_id])
    assert f'href="{region_url}?year={YEAR}"' in html


def test_the_region_page_agrees_with_the_tabs_region_figures(client, cast, city, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    region = city["room"].region
    tab = section_data(Filters(year=YEAR, region=region))
    rows = {
        p["id"]: p for p in dashboard.with_coverage(dashboard.region_points(region_id=region.pk, year=YEAR), year=YEAR)
    }
    assert set(rows) == {city["room"].pk, city["study"].pk}
    # The tab's 四就近 table for the region: points and cadres served by kind.
    by_kind = {}
    for p in rows.values():
        n, served = by_kind.get(p["kind_label"], (0, 0))
        by_kind[p["kind_label"]] = (n + 1, served + p["served_n"])
    assert {label: (n, served) for label, n, served in tab["points"] if n} == by_kind
    # The activity room serves every 离休 cadre of the region: its 三有一落实 row is the
    # region's row on the tab, its visits and aid applications the region's.
    room = rows[city["room"].pk]
    (region_row,) = tab["coverage"]
    keys = ("cadres", "green", "doctor", "doctor_base", "hardship", "policy", "complete")
    assert (
        {k: room[k] for k in keys}
        == {k: region_row[k] for k in keys}
        == {"cadres": 2, "green": 1, "doctor": 1, "doctor_base": 2, "hardship": 1, "policy": 1, "complete": 1}
    )
    assert room["visits_n"] == sum(n for _, n in tab["by_month"]) == 2
    assert room["aid_n"] == sum(n for _, n in tab["aid"]) == 1
    assert (rows[city["study"].pk]["served_n"], rows[city["study"].pk]["visits_n"]) == (1, 1)
    # The page shows those rows, rounded by the tab's rule (四项全覆盖率 1/2 → 50.0%).
    leader = client_for(client, cast, "leader")
    page = leader.get(reverse("dashboard:sunset_region", args=[region.pk]), {"year": YEAR})
    shown = page.context["table"]
    coverage = next(t for t in section_tables(tab) if t.key == "care-coverage")
    room_row = shown.rows[[r[0] for r in shown.rows].index(city["room"].name)]
    assert room_row[3:9] == coverage.rows[0][1:] and room_row[8] == 0.5
    html = page.content.decode()
    assert "50.0%" in html and f'href="{reverse("dashboard:sunset_point", args=[city["room"].pk])}?year={YEAR}"' in html
    assert "dash-table-wrap" in html and 'name="q"' in html


def test_both_pages_take_the_same_queries_whatever_the_number_of_points(
    client, cast, city, django_assert_num_queries, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:sunset_region", args=[city["room"].region_id])
    point_url = reverse("dashboard:sunset_point", args=[city["room"].pk])
    with CaptureQueriesContext(connection) as region_queries:
        leader.get(region_url, {"year": YEAR})
    with CaptureQueriesContext(connection) as point_queries:
        leader.get(point_url, {"year": YEAR})
    assert (len(region_queries), len(point_queries)) == (REGION_QUERIES, POINT_QUERIES)
    for i in range(4):
        point = _point(name=f"第{i}居家养老服务站", kind="care")
        cadres = [_lixiu(**FULL) for _ in range(3)]
        _serve(point, *cadres)
        _serve(city["room"], *cadres)
        for person in cadres:
            _visit(person, datetime.date(YEAR, 6, 1 + i))
            _aid(person)
    with django_assert_num_queries(REGION_QUERIES):
        page = leader.get(region_url, {"year": YEAR})
    assert page.context["page"].paginator.count == 6
    with django_assert_num_queries(POINT_QUERIES):
        leader.get(point_url, {"year": YEAR})


def test_the_point_page_shows_its_figures_months_and_masked_latest_visits(client, cast, city, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    page = leader.get(reverse("dashboard:sunset_point", args=[city["room"].pk]), {"year": YEAR})
    summary, months, recent = page.context["summary"], page.context["months"], page.context["recent"]
    values = dict((row[0], row[1]) for row in summary.rows)
    assert (values["服务老干部（人）"], values["其中在世离休干部（人）"], values["走访慰问（次）"]) == (3, 2, 2)
    assert values["三有一落实四项全覆盖率"] == 0.5 and values["困难帮扶申请（件）"] == 1
    assert months.rows[2] == ["3月", 1] and months.rows[4] == ["5月", 1] and sum(r[1] for r in months.rows) == 2
    assert [r[2] for r in recent.rows] == ["李*光", "张*丰"]
    html = page.content.decode()
    assert "data-table-chart" in html and "李*光" in html
    # Personal data: names masked; aid amounts are money, never shown.
    assert "李四光" not in html and "张三丰" not in html and "4321" not in html and "4,321" not in html
    assert f'href="{reverse("dashboard:sunset_region", args=[city["room"].region_id])}?year={YEAR}"' in html


def test_clear_empty_states(client, cast, city, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    empty_region = f.region("宝应县")
    html = leader.get(reverse("dashboard:sunset_region", args=[empty_region.pk]), {"year": YEAR}).content.decode()
    assert "本区域暂无在用的四就近服务点。" in html
    region_url = reverse("dashboard:sunset_region", args=[city["room"].region_id])
    html = leader.get(region_url, {"year": YEAR, "q": "不存在"}).content.decode()
    assert "没有名称包含“不存在”的四就近服务点。" in html
    found = leader.get(region_url, {"year": YEAR, "q": "学习"})
    assert [p["name"] for p in found.context["page"].object_list] == ["汶河街道老年学习点"]
    lonely = _point(name="湾头居家养老服务站", kind="care")
    html = leader.get(reverse("dashboard:sunset_point", args=[lonely.pk]), {"year": YEAR}).content.decode()
    assert "本服务点暂无结对服务的老干部。" in html
    html = leader.get(reverse("dashboard:sunset_point", args=[city["room"].pk]), {"year": YEAR - 2}).content.decode()
    assert "本服务点结对的老干部本年度暂无走访慰问记录。" in html


def test_a_district_reads_only_its_own_regions_points(client, cast, city):
    district = client_for(client, cast, "district")
    assert district.get(reverse("dashboard:sunset_region", args=[city["room"].region_id])).status_code == 200
    assert district.get(reverse("dashboard:sunset_point", args=[city["room"].pk])).status_code == 200
    assert district.get(reverse("dashboard:sunset_region", args=[city["elsewhere"].region_id])).status_code == 404
    assert district.get(reverse("dashboard:sunset_point", args=[city["elsewhere"].pk])).status_code == 404


def test_the_drill_down_pages_print_and_export_every_row(client, cast, city, settings):
    """The frame's print view and Excel workbook: all the region's points (not one page of
    them), the export audited; out of region stays a 404 in every format."""
    from openpyxl import load_workbook

    from apps.audit.models import AuditEvent

    settings.DASHBOARD_CACHE_SECONDS = 0
    for i in range(55):
        _point(name=f"分页{i:02d}老干部活动室")
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:sunset_region", args=[city["room"].region_id])
    page = leader.get(region_url, {"year": YEAR})
    assert len(page.context["page"].object_list) == 50
    html = page.content.decode()
    assert f"?year={YEAR}&amp;format=xlsx" in html and f"?year={YEAR}&amp;format=print" in html
    assert "下一页" in html and f"?year={YEAR}&amp;page=2" in html
    printed = leader.get(region_url, {"year": YEAR, "format": "print"}).content.decode()
    assert "分页54老干部活动室" in printed and "分页00老干部活动室" in printed and "打印时间" in printed
    assert reverse("dashboard:sunset_point", args=[city["room"].pk]) not in printed  # no links on paper
    response = leader.get(region_url, {"year": YEAR, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert "分页54老干部活动室" in rows and "汶河街道老年学习点" in rows
    assert rows[city["room"].name][2] == 3 and rows[city["room"].name][9] == 2
    assert AuditEvent.objects.filter(object_type="dashboard", detail__contains="四就近服务点").exists()
    point_url = reverse("dashboard:sunset_point", args=[city["room"].pk])
    book = load_workbook(io.BytesIO(leader.get(point_url, {"year": YEAR, "format": "xlsx"}).content))
    assert len(book.worksheets) == 3
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "李*光" in cells and "李四光" not in cells and not any("4321" in str(c) for c in cells)
    printed = leader.get(point_url, {"year": YEAR, "format": "print"}).content.decode()
    assert "走访慰问（按月" in printed and "李*光" in printed
    district = client_for(client, cast, "district")
    other = reverse("dashboard:sunset_region", args=[city["elsewhere"].region_id])
    assert district.get(other, {"format": "xlsx"}).status_code == 404
    other_point = reverse("dashboard:sunset_point", args=[city["elsewhere"].pk])
    assert district.get(other_point, {"format": "print"}).status_code == 404


def test_a_pairing_counts_from_its_date_on_the_tab_and_both_pages(client, cast, city, settings):
    """A cadre paired with a point in June 2026 is not among its served cadres of 2025:
    the tab's 四就近 table, the region page and the point page read the year's end."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    room, region = city["room"], city["room"].region
    later = _lixiu(name="王五一", **FULL)
    ServedCadre.objects.create(point=room, person=later, since=datetime.date(YEAR, 6, 1))
    _visit(later, datetime.date(YEAR - 1, 3, 1))  # before the pairing: not the point's in 2025
    for year, served, cadres, visits in ((YEAR - 1, 3, 2, 1), (YEAR, 4, 3, 2)):
        tab = section_data(Filters(year=year, region=region))
        assert {label: s for label, n, s in tab["points"] if n}[PointKind.ACTIVITY.label] == served
        (row,) = [
            p
            for p in dashboard.with_coverage(dashboard.region_points(region_id=region.pk, year=year), year=year)
            if p["id"] == room.pk
        ]
        assert (row["served_n"], row["cadres"], row["visits_n"]) == (served, cadres, visits)
        point = dashboard.point_figures(point=room, year=year)
        assert (point["served_n"], point["cadres"], sum(n for _, n in point["by_month"])) == (served, cadres, visits)
