"""The demo has five years for every brand (issues 19 and 14): 绿扬霞光, 牵手夕阳 and 丹心向党
have records in 2022–2025 as well as in the demo's own year, so the trend over years, the
same-period comparison of this year with last year, the 2025 summary and the 2024/2025
region 综合考评 find data — and the region grades are not all one grade."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from apps.assessment.choices import RunStatus, UnitKind
from apps.assessment.models import Result, Scheme
from apps.core.figures import Filters, comparison_days, year_to

pytestmark = pytest.mark.django_db

YEARS = range(2022, 2027)


def _headline(year: int) -> dict:
    """Each brand's headline figures for ``year``, read through the brands' own dashboard
    selectors where they have them."""
    from apps.care.selectors import section_data as care_section
    from apps.education.models import Enrolment as Student
    from apps.insights.models import Report
    from apps.orders.models import ServiceOrder
    from apps.volunteers.dashboard import section_data as volunteer_section
    from apps.workforce.dashboard import section_data as workforce_section
    from apps.workforce.models import ResearchReport

    filters = Filters(year=year)
    volunteers = volunteer_section(filters)
    care = care_section(filters)
    workforce = workforce_section(filters)
    return {
        "志愿服务活动": volunteers["total"]["activities"],
        "志愿服务时长": volunteers["total"]["hours"],
        "四单服务办结": ServiceOrder.objects.filter(served_on__year=year).count(),
        "草根内参采用": Report.objects.filter(submitted_on__year=year, adopted=True).count(),
        "看望慰问": sum(n for _, n in care["by_type"]),
        "困难帮扶发放": care["aid_paid"],
        "老年教育学员": Student.objects.filter(term__starts_on__year=year).count(),
        "干部培训班次": workforce["classes"],
        "干部培训人次": workforce["person_times"],
        "调研走访": workforce["research_visits"],
        "调研成果": ResearchReport.objects.filter(submitted_on__year=year).count(),
    }


def _same_period(day: datetime.date) -> dict:
    """The flows of 1 January … ``day`` (与上年同期口径比较)."""
    from apps.care.models import Visit
    from apps.orders.models import ServiceOrder
    from apps.volunteers.models import ServiceRecord
    from apps.workforce.models import Enrolment

    return {
        "志愿服务时长": ServiceRecord.objects.filter(year_to("date", day), status="confirmed").aggregate(
            h=Sum("hours")
        )["h"],
        "四单服务办结": ServiceOrder.objects.filter(year_to("served_on", day)).count(),
        "看望慰问": Visit.objects.filter(year_to("visited_on", day)).count(),
        "干部培训人次": Enrolment.objects.filter(year_to("training_class__starts_on", day)).count(),
    }


def test_every_brand_has_five_years_of_demo_records_and_a_spread_of_region_grades():
    call_command("seed_demo", quiet_accounts=True, stdout=open("/dev/null", "w"))  # noqa: SIM115

    figures = {year: _headline(year) for year in YEARS}
    empty = [(year, name) for year, row in figures.items() for name, value in row.items() if not value]
    assert empty == []
    # The bureau improves year on year (the lighter past): more of the main flows each year.
    for name in ("志愿服务活动", "四单服务办结", "干部培训班次", "老年教育学员"):
        series = [figures[year][name] for year in range(2022, 2026)]
        assert series == sorted(series), (name, series)

    day, before = comparison_days(2026, timezone.localdate())
    now, last = _same_period(day), _same_period(before)
    assert all(last[name] for name in now), last
    assert all(now[name] for name in now), now

    # The region 综合考评: 2024 and 2025 as tallied by the demo, 2026 as demo_staff's walk
    # through tallies it (a copy of 2025's scheme). Every brand's items have values in every
    # district for the finished years, the share caps hold, 2024 and 2025 have districts in
    # all three grades and 2026 (a year still running) spreads over more than one.
    from apps.assessment import services

    region_2025 = Scheme.objects.get(year=2025, unit_kind=UnitKind.REGION)
    copy = services.scheme_open(scheme=services.scheme_copy(scheme=region_2025))
    run = services.tally_execute(run_id=services._run_create(scheme=copy, by=None, trigger="manual").pk)
    assert run.status == RunStatus.COMPLETED, run.error
    mixes = {}
    for year in (2024, 2025, 2026):
        scheme = Scheme.objects.get(year=year, unit_kind=UnitKind.REGION)
        results = Result.objects.filter(run__scheme=scheme, run__is_current=True, run__status=RunStatus.COMPLETED)
        if year == 2026:
            results = Result.objects.filter(run=run)
        grades = Counter(results.values_list("grade", flat=True))
        assert sum(grades.values()) == 10, (year, grades)
        assert grades["first"] <= Decimal("0.2") * 10, (year, grades)
        mixes[year] = grades
        if year < 2026:
            missing = Counter(
                item.indicator.code
                for result in results.prefetch_related("items__indicator")
                for item in result.items.all()
                if item.indicator.kind == "automatic" and item.raw_value is None
            )
            assert not any(missing[code] for code in ("C1", "C2", "C3", "D1", "D2")), (year, missing)
    assert set(mixes[2024]) == set(mixes[2025]) == {"first", "second", "third"}, mixes
    assert len(mixes[2026]) >= 2, mixes

    # The functional districts' teams serve 四单 orders every year, as the other teams do.
    from apps.orders.models import ServiceOrder
    from apps.regions.models import Region

    for zone in Region.objects.filter(kind="zone"):
        years = set(ServiceOrder.objects.filter(team__region=zone).values_list("submitted_at__year", flat=True))
        assert years >= set(YEARS), (zone.name, years)

    # Star levels awarded through the services: each at the level the volunteer's confirmed
    # hours reach, two of the showcase team's noticed and waiting for demo_team's award.
    from apps.accounts.models import User
    from apps.volunteers.models import StarAward, TeamMember
    from apps.volunteers.selectors import member_stars

    awards = list(StarAward.objects.select_related("member"))
    reached = {m.pk: level for m, _hours, level in member_stars(TeamMember.objects.all())}
    assert awards and all(a.level_id == reached[a.member_id].pk for a in awards)
    assert Counter(a.status for a in awards)[StarAward.NOTICE] == 2
    waiting = [a for a in awards if a.status == StarAward.NOTICE]
    team = User.objects.get(username="demo_team").scope_team_id
    assert all(a.member.team_id == team and a.notice_end < timezone.localdate() for a in waiting)
