"""A small hand-built city for the dashboard tests, with every expected figure written down.

The year under test is 2025 (fully past, so no figure depends on today's date), compared
with 2024. Besides the cast's two branches (``cast.branch`` in 广陵区 and
``cast.other_branch`` in 邗江区, both without a founding date) the world holds:

广陵区: committee C1 (2010) → branches B1 (2012) and B2 (founded 2025-06-01); a dissolved
branch D (never counted). 邗江区: branch H1 (2015).
"""

import datetime
import itertools
from dataclasses import dataclass, field

import pytest

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
from tests import factories as f

YEAR = 2025
D = datetime.date


@dataclass
class World:
    cast: object
    orgs: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


_born = itertools.count()


def person(**fields):
    """A person with a birth date of their own: generated ID numbers then cannot collide."""
    n = next(_born)
    born = D(1930 + n % 30, 1 + n // 30 % 12, 1 + n // 360 % 28)
    return f.PersonFactory(birth_date=born, **fields)


def _member(org, joined, left=None):
    return f.MembershipFactory(person=person(), organisation=org, joined_on=joined, left_on=left)


def _logs(org, activity_type, dates, status="approved"):
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(organisation=org, activity_type=activity_type, held_on=day, theme="测试活动", status=status)
            for day in dates
        ]
    )


def _monthly(year, months, day=10):
    return [D(year, m, day) for m in months]


def build_world(cast) -> World:
    gl, hj = f.region("广陵区"), f.region("邗江区")
    w = World(cast=cast)
    c1 = f.OrganisationFactory(name="广陵区离退休干部党委", kind="committee", region=gl, founded_on=D(2010, 1, 1))
    b1 = f.OrganisationFactory(name="东关街道“银铃”党支部", parent=c1, region=gl, founded_on=D(2012, 3, 1))
    b2 = f.OrganisationFactory(name="湾头镇“新绿”党支部", parent=c1, region=gl, founded_on=D(2025, 6, 1))
    dissolved = f.OrganisationFactory(name="已撤销党支部", region=gl, founded_on=D(2011, 1, 1), status="dissolved")
    h1 = f.OrganisationFactory(name="邗江区“霞满邗城”党支部", region=hj, founded_on=D(2015, 5, 1))
    w.orgs = {"C1": c1, "B1": b1, "B2": b2, "D": dissolved, "H1": h1}

    # Members: 2025 → 广陵 5, 邗江 2; 2024 → 广陵 4, 邗江 2.
    for _ in range(3):
        _member(b1, D(2015, 1, 1))
    _member(b1, D(2015, 1, 1), left=D(2025, 3, 1))  # counted in 2024 only
    _member(b1, D(2026, 2, 1))  # joined after 2025: never counted
    for _ in range(2):
        _member(b2, D(2025, 7, 1))
    for _ in range(2):
        _member(h1, D(2020, 1, 1))

    # 六有一提升: passed by 2025 → B1, cast.branch, H1 (广陵 2, 邗江 1); by 2024 → B1.
    for org, year, result in [
        (b1, 2023, "passed"),
        (b1, 2025, "passed"),
        (cast.branch, 2025, "passed"),
        (h1, 2024, "rectify"),
        (h1, 2025, "passed"),
        (b2, 2025, "failed"),
    ]:
        StandardisationReview.objects.create(organisation=org, year=year, result=result)

    # Demonstration points: 2025 → B1, H1; 2024 → B1, cast.branch (failed its 2025 re-check).
    DemonstrationPoint.objects.create(organisation=b1, level="city", brand_name="银铃", designated_year=2021)
    DemonstrationPoint.objects.create(organisation=h1, level="province", brand_name="霞满邗城", designated_year=2025)
    DemonstrationPoint.objects.create(
        organisation=cast.branch,
        level="county",
        brand_name="常青藤",
        designated_year=2022,
        recheck_year=2025,
        recheck_passed=False,
    )

    # Secretaries: S1 (B1, since 2020, trained 2025), S2 (B2, since 2025-07, untrained),
    # S3 (H1, since 2018, trained 2024).
    s1, s2, s3 = person(name="王书记"), person(name="李书记"), person(name="张书记")
    OrganisationPost.objects.create(organisation=b1, person=s1, post="secretary", started_on=D(2020, 1, 1))
    OrganisationPost.objects.create(organisation=b2, person=s2, post="secretary", started_on=D(2025, 7, 1))
    OrganisationPost.objects.create(organisation=h1, person=s3, post="secretary", started_on=D(2018, 1, 1))
    w.people = {"S1": s1, "S2": s2, "S3": s3}

    # Training: 2025 → T1 (广陵, 3 attended + 1 absent), T2 (邗江, 2); 2024 → T0 (广陵, 2).
    def klass(name, region, start):
        return TrainingClass.objects.create(
            name=name,
            training_type="business",
            organiser_level="county",
            region=region,
            start_on=start,
            end_on=start + datetime.timedelta(days=2),
        )

    t1, t2, t0 = (
        klass("2025年支部书记业务培训", gl, D(2025, 4, 1)),
        klass("2025年政治理论大讲堂", hj, D(2025, 9, 1)),
        klass("2024年支部书记论坛", gl, D(2024, 5, 1)),
    )
    for who, org, attended in [
        (s1, b1, True),
        (person(), b1, True),
        (person(), b1, True),
        (person(), b1, False),
    ]:
        TrainingAttendance.objects.create(training_class=t1, person=who, organisation=org, attended=attended)
    for _ in range(2):
        TrainingAttendance.objects.create(training_class=t2, person=person(), organisation=h1)
    TrainingAttendance.objects.create(training_class=t0, person=s3, organisation=h1)
    TrainingAttendance.objects.create(training_class=t0, person=person(), organisation=b1)

    # Party-spirit education at the bases: 2025 → 3 (广陵 2, 邗江 1); 2024 → 1.
    base = EducationBase.objects.create(name="红色驿站实境课堂", batch=3, region=gl)
    for org, day in [(b1, D(2025, 5, 1)), (b1, D(2025, 5, 20)), (h1, D(2025, 6, 1)), (b1, D(2024, 7, 1))]:
        EducationSession.objects.create(base=base, organisation=org, held_on=day, topic="重温入党誓词", participants=20)

    # Activity logs (approved unless stated): 2025 → 40 (广陵 37, 邗江 3); 2024 → 4.
    _logs(b1, "theme_day", _monthly(2025, range(1, 13)))
    _logs(b1, "committee_meeting", _monthly(2025, range(1, 7)))
    _logs(b1, "group_meeting", _monthly(2025, range(1, 13), day=20))
    _logs(b1, "member_meeting", _monthly(2025, [3, 6, 9, 12], day=25))
    _logs(b1, "lecture", [D(2025, 2, 15), D(2025, 5, 15)])
    _logs(b1, "theme_day", [D(2025, 1, 5)], status="draft")
    _logs(b1, "study", [D(2025, 1, 6)], status="submitted")
    _logs(h1, "theme_day", [D(2025, 1, 8), D(2025, 2, 8)])
    _logs(h1, "education", [D(2025, 3, 8)])
    _logs(b2, "theme_day", [D(2025, 8, 8)])
    _logs(b1, "theme_day", _monthly(2024, [1, 2, 3]))
    _logs(h1, "forum", [D(2024, 4, 8)])
    return w


@pytest.fixture
def world(cast):
    return build_world(cast)


@pytest.fixture
def no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
