"""丹心向党 at city scale (``seed_city --scale 1``'s step): three years of each record,
every rectification state; the dashboard section costs the same queries at demo and at
city scale, and the whole city's art. 14 compliance is one aggregated query."""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.brands import seed_steps
from apps.core.city import CITY_SEED
from apps.core.figures import Filters
from apps.regions.models import Region
from apps.workforce import city, dashboard, demo, selectors
from apps.workforce import models as m
from tests.workforce.test_training import actual_compliance, expected_compliance

pytestmark = pytest.mark.django_db

# The section's queries, whatever the size (pinned: a new figure must not add a query per row).
SECTION_QUERIES = 9


def _ctx(**extra) -> dict:
    return {"regions": list(Region.objects.order_by("sort_order")), **extra}


def _section(year: int, region=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        data = dashboard.section_data(Filters(year=year, region=region))
    return len(queries), data


def test_the_city_step_is_declared_after_the_accounts():
    step = next(s for s in seed_steps("city_steps") if s.name == "workforce.records")
    assert step.func == "apps.workforce.city.seed" and step.after == ("party.accounts",)


def test_the_demo_section_costs_the_pinned_queries():
    demo.seed(random.Random(1), _ctx())
    queries, data = _section(timezone.localdate().year)
    assert queries == SECTION_QUERIES
    assert data["classes"] == 30 and data["rect"]["total"] > 0


def test_the_demo_compliance_is_one_query_and_exact():
    demo.seed(random.Random(1), _ctx())
    year = timezone.localdate().year
    for y in (year - 1, year):
        with CaptureQueriesContext(connection) as queries:
            rows = actual_compliance(y)
        assert len(queries) == 1
        assert rows == expected_compliance(y), y
    assert {compliant for *_, compliant in rows.values()} == {True, False}


@pytest.fixture
def years():
    today = timezone.localdate()
    return [today.year - 2, today.year - 1, today.year]


def test_three_years_of_the_city_in_every_state(years):
    counts = city.seed(random.Random(CITY_SEED), _ctx(scale=1, years=years))
    assert 150 <= counts["staff"] <= 200
    # ~30 classes and ~1,000 person-times a year.
    per_year = dict(
        m.TrainingClass.objects.values_list("starts_on__year")
        .annotate(n=Count("pk"))
        .values_list("starts_on__year", "n")
    )
    assert per_year == dict.fromkeys(years, 30)
    for year in years:
        done = m.Enrolment.objects.filter(training_class__starts_on__year=year, status="completed").count()
        assert 800 <= done <= 1200, (year, done)
    assert m.Enrolment.objects.filter(status="withdrawn").exists() and m.LeaveRecord.objects.exists()
    # A round a year for the city bureau and each district, items in every state.
    assert counts["rectification_rounds"] == 3 * 10
    assert set(m.RectificationItem.objects.values_list("status", flat=True)) == {
        "open",
        "in_progress",
        "done",
        "verified",
        "closed",
    }
    today = timezone.localdate()
    assert m.RectificationItem.objects.overdue(today).filter(escalation_level=3).exists()
    closed = m.RectificationItem.objects.filter(status="closed")
    assert not closed.filter(Q(files__isnull=True) | Q(closed_at__isnull=True)).exists()
    assert set(m.RectificationRecheck.objects.values_list("result", flat=True)) == {"scheduled", "passed", "relapsed"}
    # 20+ rules of the city bureau, some superseded, some reviews overdue, some closing items.
    city_region = Region.objects.get(kind="city")
    assert m.Rule.objects.filter(region=city_region, superseded_by__isnull=True).count() >= 20
    assert m.Rule.objects.filter(superseded_by__isnull=False).exists()
    assert m.Rule.objects.filter(superseded_by__isnull=True, review_due__lt=today).exists()
    assert m.RuleClosure.objects.exists()
    # Contact points visited monthly for three years, issues raised.
    assert m.ContactVisit.objects.filter(visited_on__year=years[0]).count() >= 10 * m.ContactPoint.objects.count()
    assert (
        m.ContactIssue.objects.filter(status="closed").exists()
        and m.ContactIssue.objects.filter(status="open").exists()
    )
    # 50+ research visits and 20+ awarded outcomes a year.
    for year in years:
        assert m.ResearchVisit.objects.filter(started_on__year=year).count() >= 50
        assert m.ResearchReport.objects.filter(submitted_on__year=year).exclude(award_level="").count() >= 20
    assert set(m.ResearchQuota.objects.values_list("year", flat=True)) >= set(years)


def test_the_city_section_costs_what_the_demo_does_and_compliance_is_one_query(years):
    city.seed(random.Random(CITY_SEED), _ctx(scale=1, years=years))
    for year in years:
        queries, data = _section(year)
        assert queries == SECTION_QUERIES, year
        assert data["classes"] == 30
    queries, _ = _section(years[-1], Region.objects.get(name="广陵区"))
    assert queries == SECTION_QUERIES

    year = years[-1]
    in_post = (
        m.StaffMember.objects.filter(Q(joined_on__isnull=True) | Q(joined_on__year__lte=year))
        .filter(Q(left_on__isnull=True) | Q(left_on__year__gte=year))
        .count()
    )
    with CaptureQueriesContext(connection) as queries:
        rows = list(selectors.training_compliance(year=year))
    assert len(queries) == 1
    assert len(rows) == in_post
    assert {r.compliant for r in rows} == {True, False}  # some are short: the list is not empty
    for y in years:
        assert actual_compliance(y) == expected_compliance(y), y


def test_the_city_step_links_the_citys_accounts(years):
    from tests.conftest import make_user

    staff_user = make_user("city_staff", "bureau_staff")
    make_user("city_leader", "leadership")
    district = make_user("city_district_02", "district_staff", scope_region=Region.objects.get(name="广陵区"))
    city.seed(
        random.Random(CITY_SEED), _ctx(scale=0.1, years=years, district_users={district.scope_region_id: district.pk})
    )
    assert m.StaffMember.objects.get(user=staff_user).region.kind == "city"
    assert m.StaffMember.objects.get(user=district).region.name == "广陵区"
    signed = m.RectificationItem.objects.filter(status="closed")
    assert signed.exists() and not signed.exclude(verifier=staff_user).exists()
    assert not signed.filter(signed_off_by__isnull=True).exists()
    # Every state still present at a tenth of the city.
    assert m.RectificationItem.objects.values("status").distinct().count() == 5
    assert datetime.date(years[0], 1, 1) <= m.TrainingClass.objects.earliest("starts_on").starts_on


def _fingerprint() -> dict:
    """The city's workforce records by content (no ids), in insertion order."""
    return {
        "staff": list(
            m.StaffMember.objects.order_by("pk").values_list(
                "name", "region__name", "rank_band", "joined_on", "left_on"
            )
        ),
        "classes": list(
            m.TrainingClass.objects.order_by("pk").values_list("name", "region__name", "starts_on", "hours_offline")
        ),
        "enrolments": list(
            m.Enrolment.objects.order_by("pk").values_list(
                "training_class__name", "staff__name", "status", "leave_hours"
            )
        ),
        "items": list(
            m.RectificationItem.objects.order_by("pk").values_list(
                "round__name", "problem", "owner", "status", "deadline"
            )
        ),
        "rules": list(
            m.Rule.objects.order_by("pk").values_list("number", "title", "review_due", "superseded_by__number")
        ),
        "visits": list(m.ContactVisit.objects.order_by("pk").values_list("point__name", "visited_on", "visitors")),
        "research": list(m.ResearchReport.objects.order_by("pk").values_list("title", "award_level", "award_grade")),
    }


def _empty() -> None:
    for model in (
        m.RuleClosure,
        m.Rule,
        m.ResearchReport,
        m.ResearchVisit,
        m.ContactPoint,
        m.RectificationItem,
        m.RectificationRound,
        m.TrainingClass,
        m.OutsideTraining,
        m.StaffMember,
    ):
        model.objects.all().delete()


def test_the_same_seed_builds_the_same_records(years):
    city.seed(random.Random(CITY_SEED), _ctx(scale=0.2, years=years))
    first = _fingerprint()
    _empty()
    city.seed(random.Random(CITY_SEED), _ctx(scale=0.2, years=years))
    assert _fingerprint() == first
    assert first["items"] and first["enrolments"]
