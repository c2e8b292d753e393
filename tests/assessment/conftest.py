"""Hand-built data for the assessment tests: branches, records, schemes through the services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.assessment import services
from apps.assessment.choices import Grade, IndicatorKind, UnitKind
from apps.party.models import (
    ActivityLog,
    DemonstrationPoint,
    EducationBase,
    EducationSession,
    OrganisationPost,
    StandardisationReview,
    TrainingAttendance,
    TrainingClass,
)
from apps.party.services import organisation_create
from tests import factories as f

YEAR = 2025


def aware(y, m, d, h=10):
    return timezone.make_aware(datetime.datetime(y, m, d, h))


class Builder:
    """Small helpers that write party records exactly as the tests describe them."""

    def branch(self, name, region="广陵区", **fields):
        return organisation_create(
            name=name, kind="branch", region=f.region(region), founded_on=datetime.date(2000, 1, 1), **fields
        )

    def log(self, org, activity_type, held_on, status="approved", submitted_at=None, reviewed_at=None):
        return ActivityLog.objects.create(
            organisation=org,
            activity_type=activity_type,
            held_on=held_on,
            theme="主题",
            status=status,
            submitted_at=submitted_at,
            reviewed_at=reviewed_at,
        )

    def members(self, org, n):
        return [f.MembershipFactory(organisation=org) for _ in range(n)]

    def secretary(self, org, trained_on=None):
        person = f.PersonFactory(region=org.region)
        OrganisationPost.objects.create(
            organisation=org, person=person, post="secretary", started_on=datetime.date(2020, 1, 1)
        )
        if trained_on:
            klass = TrainingClass.objects.create(
                name=f"培训班{trained_on}",
                training_type="business",
                organiser_level="city",
                region=org.region,
                start_on=trained_on,
                end_on=trained_on,
            )
            TrainingAttendance.objects.create(training_class=klass, person=person, organisation=org)
        return person

    def review(self, org, year, result="passed"):
        return StandardisationReview.objects.create(organisation=org, year=year, result=result)

    def demo_point(self, org, level, designated_year, recheck_passed=None, recheck_year=None):
        return DemonstrationPoint.objects.create(
            organisation=org,
            level=level,
            brand_name="示范",
            designated_year=designated_year,
            recheck_passed=recheck_passed,
            recheck_year=recheck_year,
        )

    def education(self, org, held_on, n=1):
        base = EducationBase.objects.get_or_create(name="测试教育基地", batch=3, region=org.region)[0]
        for _ in range(n):
            EducationSession.objects.create(base=base, organisation=org, held_on=held_on, topic="党性教育")

    def scheme(self, unit_kind=UnitKind.ORGANISATION, year=YEAR, indicators=None, rules=None, open_it=True):
        scheme = services.scheme_create(year=year, unit_kind=unit_kind, name=f"{year}年度综合考评")
        for order, spec in enumerate(indicators or [THEME_DAY], 1):
            services.indicator_add(scheme=scheme, order=order, **spec)
        for order, (grade, min_score, share) in enumerate(rules or DEFAULT_RULES, 1):
            services.grade_rule_add(scheme=scheme, grade=grade, min_score=min_score, max_share=share, order=order)
        if open_it:
            scheme = services.scheme_open(scheme=scheme)
        return scheme


THEME_DAY = {
    "code": "A1",
    "name": "主题党日开展率",
    "max_score": Decimal("10"),
    "kind": IndicatorKind.AUTOMATIC,
    "formula_key": "party.theme_day_compliance",
    "params": {"method": "linear", "target": 100},
}
MANUAL = {
    "code": "Z1",
    "name": "考评组评价",
    "max_score": Decimal("5"),
    "kind": IndicatorKind.MANUAL,
    "scorer_role": "bureau_staff",
}
DEFAULT_RULES = [
    (Grade.FIRST, Decimal("9"), Decimal("0.20")),
    (Grade.SECOND, Decimal("5"), Decimal("0.50")),
    (Grade.THIRD, Decimal("0"), None),
]


@pytest.fixture
def build(db):
    return Builder()


@pytest.fixture
def eager(settings):
    """Run tasks in-process even when REDIS_URL points at a broker (the services pass)."""
    from cadre_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
