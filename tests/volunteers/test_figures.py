"""绿扬霞光's indicators, dashboard section and star levels."""

import datetime
from decimal import Decimal

import pytest

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import REGISTRY, TallyContext
from apps.volunteers import services as s
from apps.volunteers.dashboard import section_data, section_tables
from apps.volunteers.models import Activity, Honour, ServiceRecord, StarLevel
from apps.volunteers.selectors import member_stars
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def world(cast):
    team = cast.team
    team.partner_branch = cast.branch
    team.save()
    a1 = activity(team, date=datetime.date(YEAR, 3, 2))
    a2 = activity(team, date=datetime.date(YEAR, 4, 6), title="法律咨询")
    m1, m2, idle = member(team), member(team), member(team)
    r = s.records_enter(
        activity=a1, entries=[s.HoursEntry(member=m1, hours=Decimal(3)), s.HoursEntry(member=m2, hours=Decimal(2))]
    )
    s.records_confirm(records=r, user=None)
    s.records_enter(activity=a2, entries=[s.HoursEntry(member=m1, hours=Decimal(4))])  # pending: not counted
    # a1 recorded on time, a2 late
    Activity.objects.filter(pk=a1.pk).update(records_done_at=datetime.datetime(YEAR, 3, 3, tzinfo=datetime.UTC))
    Activity.objects.filter(pk=a2.pk).update(records_done_at=datetime.datetime(YEAR, 6, 1, tzinfo=datetime.UTC))
    Honour.objects.create(
        name="最美志愿服务组织",
        level="national",
        awarded_on=datetime.date(YEAR, 5, 1),
        awarding_body="中央文明办",
        team=team,
    )
    Honour.objects.create(
        name="优秀团队", level="county", awarded_on=datetime.date(YEAR, 5, 2), awarding_body="区文明办", team=team
    )
    return {"team": team, "m1": m1, "idle": idle}


def _run(key, kind=UnitKind.REGION, params=None):
    ctx = TallyContext.build(year=YEAR, unit_kind=kind, until=datetime.date(YEAR, 12, 31))
    return ctx, REGISTRY[key].compute(ctx, params or {})


def test_at_least_five_volunteer_formulas_are_registered():
    assert len([k for k in REGISTRY if k.startswith("volunteers.")]) >= 5


def test_hours_per_volunteer_counts_confirmed_hours_only(world):
    _, result = _run("volunteers.hours_per_volunteer")
    # 5 confirmed hours / 3 volunteers, kept exact: the assessment rounds once, at display.
    assert result[world["team"].region_id] == Decimal(5) / Decimal(3)


def test_participation_rate(world):
    _, result = _run("volunteers.participation_rate")
    assert result[world["team"].region_id] == pytest.approx(Decimal("66.67"), abs=Decimal("0.1"))


def test_records_on_time_counts_late_recording(world):
    _, result = _run("volunteers.records_on_time")
    assert result[world["team"].region_id] == Decimal("50")


def test_honour_points_by_level_and_for_the_partner_branch(world, cast):
    _, result = _run("volunteers.honour_points")
    assert result[world["team"].region_id] == Decimal(11)
    _, by_branch = _run("volunteers.honour_points", UnitKind.ORGANISATION, {"honour_points": {"national": 20}})
    assert by_branch[cast.branch.pk] == Decimal(21)


def test_four_unified_average(world):
    _, result = _run("volunteers.four_unified")
    assert result[world["team"].region_id] == Decimal(world["team"].four_unified()["percent"])


def test_dashboard_section_figures_and_query_count(world, django_assert_num_queries):
    from types import SimpleNamespace

    from apps.volunteers.models import Campaign

    campaign = Campaign.objects.create(name="文明有我·银耀扬城")
    Activity.objects.filter(date=datetime.date(YEAR, 3, 2)).update(campaign=campaign)
    filters = SimpleNamespace(year=YEAR, region_id=None)
    # Ten: the records by region and by month are one grouped query (issue 19: every
    # dashboard tab within 12 queries with the session, the user and the region list), and
    # the campaigns' figures one more.
    with django_assert_num_queries(10):
        data = section_data(filters)
    assert data["total"]["hours"] == Decimal(5)
    assert data["total"]["times"] == 3
    assert data["on_time"] == Decimal("0.5")
    tables = {t.key: t for t in section_tables(data)}
    assert tables["afterglow-months"].rows[2] == ["3月", Decimal(5), 2]
    assert ["国家级", 1, 0] in tables["afterglow-honours"].rows
    # The campaign's two confirmed participations (5 hours); the pending one not counted.
    assert tables["afterglow-campaigns"].rows == [["文明有我·银耀扬城", 1, 1, 2, Decimal(5)]]


def test_star_levels_follow_the_thresholds_as_data(world):
    StarLevel.objects.filter(stars=1).update(min_hours=3)
    stars = {m.pk: level for m, _, level in member_stars(world["m1"].team.members.all())}
    assert stars[world["m1"].pk].stars == 1
    assert stars[world["idle"].pk] is None
    assert ServiceRecord.objects.filter(member=world["m1"]).count() == 2


def test_a_star_is_noticed_for_five_working_days_before_it_is_awarded(world):
    from django.core.exceptions import ValidationError

    from apps.core.workdays import add_working_days
    from apps.volunteers.models import StarAward

    StarLevel.objects.filter(stars=1).update(min_hours=3)
    monday = datetime.date(2026, 11, 2)
    (award,) = s.star_notices_open(team=world["team"], today=monday)
    assert award.member == world["m1"] and award.notice_end == add_working_days(monday, 5)
    assert s.star_notices_open(team=world["team"], today=monday) == []  # not noticed twice
    with pytest.raises(ValidationError, match="公示期满后"):
        s.star_award(award=award, today=award.notice_end)
    award = s.star_award(award=award, today=award.notice_end + datetime.timedelta(days=1))
    assert StarAward.objects.get().status == StarAward.AWARDED
