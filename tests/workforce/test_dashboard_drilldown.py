"""丹心向党's dashboard drill-down (issue 19): the tab's region table links to a region's
units (the 单位 its staff belong to), each unit to its own page; the units' rows add up to
the region's row on the tab (one selector); a fixed number of queries whatever the number
of units; print view and Excel export; a district sees its own region only."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.workforce import choices as c
from apps.workforce import dashboard, selectors, services
from apps.workforce.models import OutsideTraining, RectificationItem, StaffMember
from tests import factories as f
from tests.conftest import client_for
from tests.workforce.factories import (
    ResearchReportFactory,
    ResearchVisitFactory,
    StaffFactory,
    TrainingClassFactory,
    item,
)

pytestmark = pytest.mark.django_db
YEAR = 2026
BUREAU, COLLEGE = "广陵区委老干部局", "广陵区老年大学"
# Session, user, the region, the units' figures (one query) — region page; and the same
# plus the unit's months (three) and latest records (three) — unit page.
REGION_QUERIES = 4
UNIT_QUERIES = 10


def _completed(staff, starts_on=datetime.date(YEAR, 5, 11), name="双讲双升专题培训班"):
    cls = TrainingClassFactory(name=f"{name}{staff.pk}", region=staff.region, starts_on=starts_on, ends_on=starts_on)
    enrolment = services.enrolment_create(training_class=cls, staff=staff)
    at = timezone.make_aware(datetime.datetime(starts_on.year, starts_on.month, starts_on.day, 9))
    services.enrolment_sign_in(enrolment=enrolment, at=at)
    services.enrolment_sign_out(enrolment=enrolment, at=at + datetime.timedelta(hours=3))


def _met(staff):
    OutsideTraining.objects.create(
        staff=staff,
        kind="upper",
        title="进修",
        starts_on=datetime.date(YEAR, 3, 1),
        ends_on=datetime.date(YEAR, 3, 1),
        hours_offline=Decimal(95),
        graduated=True,
    )


def _unit(unit, region="广陵区", n=2):
    """A unit of ``n`` staff: one trained to the standard and completing a class, a leader
    with a research visit and an awarded report, an overdue and a closed rectification."""
    staff = [StaffFactory(unit=unit, region=f.region(region), name=f"{unit}干部{i}") for i in range(n)]
    leader = StaffFactory(unit=unit, region=f.region(region), is_leader=True, rank_band="county", name=f"{unit}领导")
    _met(staff[0])
    _completed(staff[0])
    where = f.region(region)
    ResearchVisitFactory(
        leader=leader, region=where, started_on=datetime.date(YEAR, 4, 1), days=Decimal("1.5"), topic=f"{unit}调研"
    )
    ResearchReportFactory(
        leader=leader,
        region=where,
        submitted_on=datetime.date(YEAR, 6, 1),
        award_level="provincial",
        award_grade="first",
    )
    ResearchReportFactory(
        leader=leader, region=where, submitted_on=datetime.date(YEAR - 1, 6, 1)
    )  # last year: not counted
    item(region=f.region(region), owner_staff=staff[1], deadline=datetime.date(YEAR, 1, 31))  # overdue
    done = item(region=f.region(region), owner_staff=staff[1], deadline=datetime.date(YEAR, 12, 31))
    closed_at = timezone.make_aware(datetime.datetime(YEAR, 2, 3, 10))
    RectificationItem.objects.filter(pk=done.pk).update(
        status=c.RectificationStatus.CLOSED, completed_on=datetime.date(YEAR, 2, 1), closed_at=closed_at
    )
    return [*staff, leader]


def _region_row(region_name):
    gl = f.region(region_name)
    data = dashboard.section_data(SimpleNamespace(year=YEAR, region_id=gl.pk, label=""))
    return data, next(r for r in data["regions"] if r["region"] == gl.pk)


def test_the_units_add_up_to_the_regions_row_on_the_tab(client, cast, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    _unit(BUREAU)
    _unit(COLLEGE, n=3)
    _unit("邗江区委老干部局", region="邗江区")
    gl = f.region("广陵区")
    leader = client_for(client, cast, "leader")
    tab = leader.get(reverse("dashboard:index"), {"year": YEAR, "brand": "loyal"}).content.decode()
    region_url = reverse("dashboard:loyal_region", args=[gl.pk])
    assert f'href="{region_url}?year={YEAR}"' in tab and "各区域队伍建设情况" in tab
    printed = leader.get(reverse("dashboard:print"), {"year": YEAR, "brand": "loyal"}).content.decode()
    assert "各区域队伍建设情况" in printed and "广陵区" in printed
    data, row = _region_row("广陵区")
    page = leader.get(region_url, {"year": YEAR})
    units = page.context["tables"][0]
    assert [r[0] for r in units.rows] == [BUREAU, COLLEGE]
    # Every column of the units adds up to the region's row on the tab (the rate agrees).
    region_cells = dashboard.unit_cells(row)
    for column in (0, 1, 3, 4, 5, 6, 7, 8, 9, 10):
        assert sum(r[1 + column] for r in units.rows) == region_cells[column], dashboard.UNIT_HEADERS[column]
    assert region_cells == [7, 2, 2 / 7, 2, 2, Decimal(3), 2, 2, 4, 2, 2]
    # And with the tab's own figures: staff meeting art. 14, awarded reports, and the
    # person-times and research visits (the tab counts the class's and the visited region;
    # here each trains and visits in its own region).
    assert row["met"] == sum(t["met"] for t in data["training"]) and row["staff"] == sum(
        t["total"] for t in data["training"]
    )
    bands = selectors.training_summary(year=YEAR, queryset=StaffMember.objects.filter(region=gl)).values()
    assert [(t["total"], t["met"]) for t in data["training"]] == [(b["total"], b["met"]) for b in bands]
    assert row["visits"] == data["research_visits"] and row["reports"] == data["reports"]["n"]
    assert row["person_times"] == data["person_times"] and row["awarded"] == sum(a["total"] for a in data["awards"])
    html = page.content.decode()
    unit_url = reverse("dashboard:loyal_unit", args=[gl.pk, COLLEGE])
    assert f'href="{unit_url}?year={YEAR}"' in html and "dash-table-wrap" in html
    unit = leader.get(unit_url, {"year": YEAR})
    figures, months, recent = unit.context["tables"]
    # The unit's page: its row of the region page, by the same selector.
    assert [r[1] for r in figures.rows] == units.rows[1][1:] == dashboard.unit_cells(_units(gl, COLLEGE))
    assert months.rows[4][1:] == [1, 0, 0] and months.rows[3][1:] == [0, 1, 0] and months.rows[5][1:] == [0, 0, 1]
    assert [r[1] for r in recent.rows] == ["调研成果", "参加培训", "调研走访"]
    text = unit.content.decode()
    assert "data-table-chart" in text and "获省级一等奖" in text
    assert f"{COLLEGE}干部0" not in text and f"{COLLEGE}领导" not in text  # no staff names


def _units(region, unit):
    return dashboard.unit_figures(year=YEAR, by=("unit",), region_id=region.pk, unit=unit)[0]


def test_the_pages_take_a_fixed_number_of_queries_whatever_the_units(client, cast, django_assert_num_queries):
    gl = f.region("广陵区")
    _unit(BUREAU)
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:loyal_region", args=[gl.pk])
    unit_url = reverse("dashboard:loyal_unit", args=[gl.pk, BUREAU])
    leader.get(region_url, {"year": YEAR})  # the session warmed
    with CaptureQueriesContext(connection) as region_queries:
        leader.get(region_url, {"year": YEAR})
    with CaptureQueriesContext(connection) as unit_queries:
        leader.get(unit_url, {"year": YEAR})
    assert (len(region_queries), len(unit_queries)) == (REGION_QUERIES, UNIT_QUERIES)
    for i in range(4):  # more units, more staff and records: the same queries
        _unit(f"第{i}单位", n=3)
    _completed(StaffFactory(unit=BUREAU), name="又一期")
    with django_assert_num_queries(REGION_QUERIES):
        page = leader.get(region_url, {"year": YEAR})
    assert len(page.context["tables"][0].rows) == 5
    with django_assert_num_queries(UNIT_QUERIES):
        leader.get(unit_url, {"year": YEAR})


def test_a_district_reads_only_its_own_regions_units(client, cast):
    _unit(BUREAU)
    _unit("邗江区委老干部局", region="邗江区")
    gl, hj = f.region("广陵区"), f.region("邗江区")
    district = client_for(client, cast, "district")
    assert district.get(reverse("dashboard:loyal_region", args=[gl.pk])).status_code == 200
    assert district.get(reverse("dashboard:loyal_unit", args=[gl.pk, BUREAU])).status_code == 200
    assert district.get(reverse("dashboard:loyal_region", args=[hj.pk])).status_code == 404
    assert district.get(reverse("dashboard:loyal_unit", args=[hj.pk, "邗江区委老干部局"])).status_code == 404
    # Its own region, a unit of another region: nobody there.
    assert district.get(reverse("dashboard:loyal_unit", args=[gl.pk, "邗江区委老干部局"])).status_code == 404
    assert district.get(reverse("dashboard:loyal_unit", args=[hj.pk, BUREAU]), {"format": "xlsx"}).status_code == 404
    assert district.get(reverse("dashboard:loyal_region", args=[hj.pk]), {"format": "print"}).status_code == 404


def test_the_region_page_searches_and_says_when_empty(client, cast):
    _unit(BUREAU)
    _unit(COLLEGE)
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:loyal_region", args=[f.region("广陵区").pk])
    found = leader.get(url, {"year": YEAR, "q": "大学"})
    assert [r[0] for r in found.context["tables"][0].rows] == [COLLEGE]
    assert 'name="q"' in found.content.decode()
    assert "没有名称包含“党校”的单位。" in leader.get(url, {"year": YEAR, "q": "党校"}).content.decode()
    empty = leader.get(reverse("dashboard:loyal_region", args=[f.region("宝应县").pk]), {"year": YEAR})
    assert "本区域暂无工作人员所在单位。" in empty.content.decode()


def test_the_drill_down_pages_print_and_export(client, cast, settings):
    from openpyxl import load_workbook

    from apps.audit.models import AuditEvent

    settings.DASHBOARD_CACHE_SECONDS = 0
    _unit(BUREAU)
    _unit(COLLEGE)
    gl = f.region("广陵区")
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:loyal_region", args=[gl.pk])
    unit_url = reverse("dashboard:loyal_unit", args=[gl.pk, BUREAU])
    html = leader.get(region_url, {"year": YEAR}).content.decode()
    assert f"?year={YEAR}&amp;format=xlsx" in html and f"?year={YEAR}&amp;format=print" in html
    printed = leader.get(region_url, {"year": YEAR, "format": "print"}).content.decode()
    assert BUREAU in printed and COLLEGE in printed and "打印时间" in printed
    assert unit_url not in printed  # no links on paper
    response = leader.get(region_url, {"year": YEAR, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == BUREAU)
    assert row[1:3] == (3, 1) and row[6] == 1.5
    assert AuditEvent.objects.filter(object_type="dashboard", detail__contains="广陵区队伍建设").exists()
    book = load_workbook(io.BytesIO(leader.get(unit_url, {"year": YEAR, "format": "xlsx"}).content))
    assert len(book.worksheets) == 3
    printed = leader.get(unit_url, {"year": YEAR, "format": "print"}).content.decode()
    assert "月度情况" in printed and "最近 20 条记录" in printed


def test_at_city_scale_every_regions_units_add_up_to_its_row(django_assert_num_queries):
    """Three years of the city (``seed_city``'s step): for every region, the units of its
    page add up to its row on the tab, each column; one query per table whatever the size."""
    import random
    import time

    from apps.core.city import CITY_SEED
    from apps.regions.models import Region
    from apps.workforce import city

    year = timezone.localdate().year
    regions = list(Region.objects.order_by("sort_order"))
    city.seed(random.Random(CITY_SEED), {"regions": regions, "scale": 1, "years": [year - 2, year - 1, year]})
    data = dashboard.section_data(SimpleNamespace(year=year, region_id=None, label=""))
    assert len(data["regions"]) == len(regions)
    started = time.perf_counter()
    for row in data["regions"]:
        with django_assert_num_queries(1):
            units = dashboard.unit_figures(year=year, by=("unit",), region_id=row["region"])
        for column, figure in enumerate(dashboard.UNIT_FIGURES):
            assert sum(u[figure] for u in units) == row[figure], (row["region__name"], column)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, elapsed  # ten regions' pages; measured well under a second
    assert sum(r["visits"] for r in data["regions"]) > 50 and sum(r["awarded"] for r in data["regions"]) > 20
    assert sum(r["met"] for r in data["regions"]) == sum(t["met"] for t in data["training"])
