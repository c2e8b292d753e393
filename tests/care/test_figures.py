"""Indicators, the dashboard section (page, export, query count) and the seeds."""

import datetime
import random

import pytest
from django.urls import reverse

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext, evidence_url, formula_choices
from apps.care import indicators, services
from apps.care.choices import VisitType
from apps.care.models import CareProfile, HospitalStay, Visit, VisitTask
from apps.care.selectors import section_data
from apps.care.tables import section_tables
from apps.core.figures import Filters
from tests import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2026


def _ctx():
    return TallyContext.build(year=YEAR, unit_kind=UnitKind.REGION, until=datetime.date(YEAR, 12, 31))


def _admit_and_visit(person, admitted, visited):
    stay = services.stay_save(stay=HospitalStay(person=person, hospital="苏北人民医院", admitted_on=admitted))
    if visited:
        services.visit_record(
            visit=Visit(person=person, visit_type=VisitType.HOSPITAL, visited_on=visited, visitors="甲")
        )
    return stay


def test_five_care_indicators_are_registered():
    keys = {key for key, _ in formula_choices()}
    assert {
        "care.sanyou_coverage",
        "care.visits_on_time",
        "care.aid_processed_on_time",
        "care.modification_completion",
        "care.homecare_on_time",
    } <= keys


def test_visits_on_time_per_district(lixiu, other_lixiu):
    _admit_and_visit(lixiu, datetime.date(YEAR, 3, 2), datetime.date(YEAR, 3, 3))
    _admit_and_visit(other_lixiu, datetime.date(YEAR, 3, 2), datetime.date(YEAR, 3, 30))
    ctx = _ctx()
    result = indicators.visits_on_time(ctx, {})
    assert result[lixiu.region_id] == 100
    assert result[other_lixiu.region_id] == 0
    assert "person__region__id__exact" in evidence_url(
        "care.visits_on_time", UnitKind.REGION, _Result(lixiu.region_id), YEAR, {}
    )


class _Result:
    def __init__(self, region_id):
        self.region_id = region_id


def test_sanyou_coverage_indicator(lixiu, other_lixiu):
    CareProfile.objects.create(
        person=lixiu,
        green_channel_hospital="苏北人民医院",
        family_doctor_signed=True,
        family_doctor="王医生",
        medical_hardship_covered=True,
        medical_policy_done=True,
    )
    CareProfile.objects.create(person=other_lixiu, family_doctor_signed=True, family_doctor="李医生")
    result = indicators.sanyou_coverage(_ctx(), {})
    assert result[lixiu.region_id] == 100 and result[other_lixiu.region_id] == 0


def test_branch_schemes_get_no_care_values(lixiu):
    f.OrganisationFactory()
    ctx = TallyContext.build(year=YEAR, unit_kind=UnitKind.ORGANISATION, until=datetime.date(YEAR, 12, 31))
    assert set(indicators.visits_on_time(ctx, {}).values()) <= {None}


def test_the_section_counts_visits_and_overdue_tasks(lixiu, other_lixiu):
    _admit_and_visit(lixiu, datetime.date(YEAR, 3, 2), datetime.date(YEAR, 3, 3))
    _admit_and_visit(other_lixiu, datetime.date(YEAR, 3, 2), None)
    data = section_data(Filters(year=YEAR))
    assert dict(data["by_type"])["住院看望"] == 1
    assert data["tasks"] == {"due": 2, "on_time": 1, "overdue": 1}
    tables = {t.key: t for t in section_tables(data)}
    assert tables["care-tasks"].rows == [[2, 1, 0.5, 1, data["alerts"]]]
    region = f.region("广陵区")
    assert section_data(Filters(year=YEAR, region=region))["tasks"]["due"] == 1


def test_the_section_query_count_does_not_grow(lixiu, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        section_data(Filters(year=YEAR))
    for i in range(5):
        person = f.PersonFactory(retirement_type="lixiu")
        CareProfile.objects.create(person=person, lives_alone=True)
        _admit_and_visit(person, datetime.date(YEAR, 3, 2 + i), datetime.date(YEAR, 3, 9))
    with django_assert_max_num_queries(12):
        section_data(Filters(year=YEAR))


# The section uncached, measured: the frame's session, user and region list make the
# 服务保障 page's count (tests/dashboard/test_overview.py pins it).
SECTION_QUERIES = 9


def test_the_section_counts_the_modification_funnel_and_plans_in_one_query(lixiu, other_lixiu):
    """The cases by stage and the households planned (one UNION query; issue 19: every
    dashboard page within 12 queries): the city's, a region's, and none planned."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.care.choices import ModificationStage
    from apps.care.models import AbilityGrade, ModificationCase, ModificationPlan

    assert section_data(Filters(year=YEAR))["planned"] == 0
    guangling = f.region("广陵区")
    other = f.region("邗江区")
    ModificationPlan.objects.create(region=guangling, year=YEAR, households=7)
    ModificationPlan.objects.create(region=other, year=YEAR, households=5)
    ModificationPlan.objects.create(region=other, year=YEAR - 1, households=100)
    stages = [s for s, _ in ModificationStage.choices]
    for person, stage in ((lixiu, stages[0]), (other_lixiu, stages[-1])):
        ModificationCase.objects.create(
            person=person,
            year=YEAR,
            stage=stage,
            assessed_on=datetime.date(YEAR, 1, 6),
            assessor="能力评估中心",
            ability_grade=AbilityGrade.objects.get(level=2),
        )
    with CaptureQueriesContext(connection) as queries:
        city = section_data(Filters(year=YEAR))
    assert city["planned"] == 12 and dict(city["funnel"])[ModificationStage.choices[0][1]] == 2
    assert dict(city["funnel"])[ModificationStage.choices[-1][1]] == 1
    assert sum("care_modificationplan" in q["sql"] for q in queries.captured_queries) == 1
    assert len(queries) == SECTION_QUERIES, [q["sql"][:60] for q in queries.captured_queries]
    region = section_data(Filters(year=YEAR, region=lixiu.region))
    assert region["planned"] == (7 if lixiu.region == guangling else 5 if lixiu.region == other else 0)


def test_the_dashboard_shows_and_exports_the_section(client, cast, lixiu):
    _admit_and_visit(lixiu, datetime.date(YEAR, 3, 2), datetime.date(YEAR, 3, 3))
    client.force_login(cast.staff)
    page = client.get(reverse("dashboard:index"), {"year": YEAR, "brand": "sunset"}).content.decode()
    assert "牵手夕阳 · 服务保障" in page and "三有一落实覆盖情况" in page
    export = client.get(reverse("dashboard:export"), {"year": YEAR, "brand": "sunset"})
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_the_demo_seed_builds_every_state(db):
    from apps.care import demo
    from apps.care.choices import AidStatus, ModificationStage
    from apps.care.models import AidApplication, CarePlan, ModificationCase
    from apps.people.models import Person

    demo.ensure_lixiu(random.Random(1), 40)
    for _ in range(20):
        f.PersonFactory(birth_date=datetime.date(1940, 1, 1), is_disabled=True)
    counts = demo.build(
        random.Random(2), today=datetime.date.today(), years=1, modification_files=12, care_plans=5, aid_count=12
    )
    assert Person.objects.filter(retirement_type="lixiu").count() >= 40
    assert CareProfile.objects.count() == Person.objects.count()
    assert set(AidApplication.objects.values_list("status", flat=True)) == set(AidStatus.values)
    assert set(ModificationCase.objects.values_list("stage", flat=True)) == set(ModificationStage.values)
    assert counts["visits"] > 100 and CarePlan.objects.count() == 5
    # Visits done for a task are never before the admission, nor after a death.
    for task in VisitTask.objects.filter(stay__isnull=False, status="done").select_related("stay"):
        assert task.done_on >= task.stay.admitted_on


def test_totals_on_days_counts_every_day_in_one_query(lixiu, other_lixiu, django_assert_num_queries):
    """The headline figures' helper: a count per day (1 January … the day), of distinct
    values, in one region or the city, 0 where nothing is counted; one query."""
    from django.db.models import Q

    from apps.core.figures import Tally, totals_on_days, year_to

    for person, day in [
        (lixiu, datetime.date(YEAR - 1, 12, 31)),
        (lixiu, datetime.date(YEAR, 1, 1)),
        (lixiu, datetime.date(YEAR, 3, 1)),
        (other_lixiu, datetime.date(YEAR, 2, 1)),
    ]:
        Visit.objects.create(person=person, visit_type=VisitType.HOSPITAL, visited_on=day, visitors="甲")
    days = [datetime.date(YEAR - 1, 12, 31), datetime.date(YEAR, 1, 31), datetime.date(YEAR, 12, 31)]
    figures = {
        "visits": Tally(Visit.objects.all(), "person__region", lambda day: year_to("visited_on", day)),
        "visited": Tally(Visit.objects.all(), "person__region", lambda day: Q(visited_on__lte=day), distinct="person"),
        "none": Tally(Visit.objects.filter(visitors="乙"), "person__region", lambda day: Q()),
    }
    with django_assert_num_queries(1):
        city = totals_on_days(None, days, figures)
    assert city == {"visits": [1, 1, 3], "visited": [1, 1, 2], "none": [0, 0, 0]}
    assert totals_on_days(lixiu.region_id, days, figures) == {
        "visits": [1, 1, 2],
        "visited": [1, 1, 1],
        "none": [0, 0, 0],
    }
