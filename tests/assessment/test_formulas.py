"""Every registered formula on hand-built data, for branch units and for region units."""

import datetime
from decimal import Decimal as D

import pytest

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import REGISTRY, TallyContext
from apps.regions.models import Region
from tests.assessment.conftest import YEAR, aware

pytestmark = pytest.mark.django_db


def ctx(kind):
    return TallyContext.build(year=YEAR, unit_kind=kind, until=datetime.date(YEAR, 12, 31))


def compute(key, kind, params=None):
    return REGISTRY[key].compute(ctx(kind), params or {})


def region_id(name):
    return Region.objects.get(name=name).pk


@pytest.fixture
def three(build):
    """Two branches in 广陵区, one in 邗江区."""
    return build.branch("甲支部"), build.branch("乙支部"), build.branch("丙支部", region="邗江区")


def test_every_formula_is_registered_with_a_chinese_label():
    assert {
        "party.theme_day_compliance",
        "party.three_meetings_completion",
        "party.secretary_training_coverage",
        "party.log_review_timeliness",
        "party.standardisation_pass_rate",
        "party.demonstration_points",
        "party.education_sessions_per_100",
    } <= set(REGISTRY)
    for entry in REGISTRY.values():
        assert entry.label and entry.description


def test_theme_day_compliance_counts_months_with_an_approved_theme_day(build, three):
    a, b, c = three
    for month in range(1, 10):  # 9 months in 2025
        build.log(a, "theme_day", datetime.date(YEAR, month, 5))
    build.log(a, "theme_day", datetime.date(YEAR, 1, 20))  # a second one in January adds nothing
    build.log(a, "theme_day", datetime.date(YEAR, 11, 5), status="submitted")  # not approved
    build.log(a, "theme_day", datetime.date(YEAR - 1, 11, 5))  # last year
    build.log(a, "lecture", datetime.date(YEAR, 12, 5))  # another type
    for month in (3, 6, 9):
        build.log(b, "theme_day", datetime.date(YEAR, month, 1))

    by_branch = compute("party.theme_day_compliance", UnitKind.ORGANISATION)
    assert by_branch[a.pk] == D("75.0000")  # 9 of 12
    assert by_branch[b.pk] == D("25.0000")  # 3 of 12
    assert by_branch[c.pk] == D("0.0000")

    by_region = compute("party.theme_day_compliance", UnitKind.REGION)
    assert by_region[region_id("广陵区")] == D("50.0000")  # 12 of 24 branch-months
    assert by_region[region_id("邗江区")] == D("0.0000")
    assert by_region[region_id("仪征市")] is None  # no branches: nothing due


def test_three_meetings_completion_uses_the_monthly_and_quarterly_rules(build, three):
    a, _, _ = three
    # Due in a full year: committee 12 + group 12 + member meeting 4 + lecture 4 = 32.
    for month in range(1, 13):
        build.log(a, "committee_meeting", datetime.date(YEAR, month, 2))
    for month in range(1, 7):
        build.log(a, "group_meeting", datetime.date(YEAR, month, 3))
    build.log(a, "member_meeting", datetime.date(YEAR, 2, 1))  # Q1
    build.log(a, "member_meeting", datetime.date(YEAR, 3, 1))  # Q1 again: still one quarter
    build.log(a, "lecture", datetime.date(YEAR, 5, 1))  # Q2
    build.log(a, "theme_day", datetime.date(YEAR, 5, 1))  # not part of 三会一课
    result = compute("party.three_meetings_completion", UnitKind.ORGANISATION)
    assert result[a.pk] == D("62.5000")  # (12 + 6 + 1 + 1) / 32


def test_secretary_training_coverage_looks_back_three_years(build, three):
    a, b, c = three
    build.secretary(a, trained_on=datetime.date(YEAR - 1, 6, 1))  # within three years
    build.secretary(b, trained_on=datetime.date(YEAR - 4, 6, 1))  # too long ago
    build.secretary(c)  # never trained
    by_branch = compute("party.secretary_training_coverage", UnitKind.ORGANISATION)
    assert by_branch[a.pk] == D("100.0000")
    assert by_branch[b.pk] == D("0.0000")
    assert by_branch[c.pk] == D("0.0000")
    by_region = compute("party.secretary_training_coverage", UnitKind.REGION)
    assert by_region[region_id("广陵区")] == D("50.0000")
    assert by_region[region_id("邗江区")] == D("0.0000")
    assert by_region[region_id("仪征市")] is None  # nobody serving


def test_log_review_timeliness_is_the_share_reviewed_within_n_days(build, three):
    a, b, _ = three
    day = datetime.date(YEAR, 4, 1)
    build.log(a, "study", day, submitted_at=aware(YEAR, 4, 1), reviewed_at=aware(YEAR, 4, 5))  # 4 days
    build.log(a, "study", day, submitted_at=aware(YEAR, 4, 1), reviewed_at=aware(YEAR, 4, 8))  # 7 days
    build.log(
        a, "study", day, status="returned", submitted_at=aware(YEAR, 4, 1), reviewed_at=aware(YEAR, 4, 20)
    )  # 19 days
    build.log(a, "study", day, status="submitted", submitted_at=aware(YEAR, 4, 1))  # never reviewed
    build.log(a, "study", day, status="draft")  # never submitted: not counted
    build.log(b, "study", day, submitted_at=aware(YEAR, 4, 1), reviewed_at=aware(YEAR, 4, 2))
    result = compute("party.log_review_timeliness", UnitKind.ORGANISATION, {"days": 7})
    assert result[a.pk] == D("50.0000")  # 2 of 4 submitted
    assert result[b.pk] == D("100.0000")
    strict = compute("party.log_review_timeliness", UnitKind.ORGANISATION, {"days": 3})
    # 3 working days after Tue 1 April 2025 (清明 4–6 April off) end on 7 April: the
    # review of Saturday 5 April is in time, the one of 8 April is not.
    assert strict[a.pk] == D("25.0000")
    by_region = compute("party.log_review_timeliness", UnitKind.REGION, {"days": 7})
    assert by_region[region_id("广陵区")] == D("60.0000")  # 3 of 5


def test_standardisation_pass_rate_counts_branches_passed_by_the_year(build, three):
    a, b, c = three
    build.review(a, YEAR - 2)  # passed earlier: still standard
    build.review(b, YEAR, result="rectify")
    build.review(c, YEAR + 1)  # passed only after the assessed year
    by_region = compute("party.standardisation_pass_rate", UnitKind.REGION)
    assert by_region[region_id("广陵区")] == D("50.0000")
    assert by_region[region_id("邗江区")] == D("0.0000")
    by_branch = compute("party.standardisation_pass_rate", UnitKind.ORGANISATION)
    assert (by_branch[a.pk], by_branch[b.pk], by_branch[c.pk]) == (D("100.0000"), D("0.0000"), D("0.0000"))


def test_demonstration_points_are_weighted_by_level(build, three):
    a, b, c = three
    build.demo_point(a, "province", YEAR - 3)  # 3
    build.demo_point(a, "county", YEAR)  # 1
    build.demo_point(b, "city", YEAR - 1, recheck_passed=False, recheck_year=YEAR)  # revoked
    build.demo_point(b, "city", YEAR + 1)  # named later
    build.demo_point(c, "city", YEAR - 5, recheck_passed=True, recheck_year=YEAR)  # 2
    by_branch = compute("party.demonstration_points", UnitKind.ORGANISATION)
    assert (by_branch[a.pk], by_branch[b.pk], by_branch[c.pk]) == (D(4), D(0), D(2))
    custom = compute("party.demonstration_points", UnitKind.ORGANISATION, {"level_points": {"province": 5}})
    assert custom[a.pk] == D(6)
    by_region = compute("party.demonstration_points", UnitKind.REGION)
    assert by_region[region_id("广陵区")] == D(4)
    assert by_region[region_id("仪征市")] == D(0)


def test_education_sessions_per_100_members(build, three):
    a, b, _ = three
    build.members(a, 8)
    build.members(b, 2)
    build.education(a, datetime.date(YEAR, 5, 1), n=3)
    build.education(a, datetime.date(YEAR - 1, 5, 1), n=5)  # last year
    build.education(b, datetime.date(YEAR, 7, 1), n=1)
    by_branch = compute("party.education_sessions_per_100", UnitKind.ORGANISATION)
    assert by_branch[a.pk] == D("37.5000")  # 3 / 8 × 100
    assert by_branch[b.pk] == D("50.0000")  # 1 / 2 × 100
    by_region = compute("party.education_sessions_per_100", UnitKind.REGION)
    assert by_region[region_id("广陵区")] == D("40.0000")  # 4 / 10 × 100


def test_timeliness_from_the_shared_log_scan_matches_its_own_query(build, three):
    a, b, _ = three
    day = datetime.date(YEAR, 4, 1)
    build.log(a, "study", day, submitted_at=aware(YEAR, 4, 1), reviewed_at=aware(YEAR, 4, 5))
    build.log(a, "theme_day", day, submitted_at=aware(YEAR, 4, 1), reviewed_at=aware(YEAR, 4, 20))
    build.log(b, "study", day, status="submitted", submitted_at=aware(YEAR, 4, 1))
    shared = TallyContext.build(
        year=YEAR,
        unit_kind=UnitKind.ORGANISATION,
        until=datetime.date(YEAR, 12, 31),
        params_of={"party.log_review_timeliness": [{"days": 7}, {"days": 30}]},
    )
    formula = REGISTRY["party.log_review_timeliness"].compute
    assert formula(shared, {"days": 7})[a.pk] == D("50.0000")
    assert formula(shared, {"days": 30})[a.pk] == D("100.0000")
    assert formula(shared, {"days": 7})[b.pk] == D("0.0000")
    assert formula(shared, {"days": 7}) == compute("party.log_review_timeliness", UnitKind.ORGANISATION, {"days": 7})


def test_compliance_agrees_with_the_party_apps_summary(build, three):
    from apps.party.selectors import compliance_summary

    a, b, c = three
    b.founded_on = datetime.date(YEAR, 7, 15)  # founded mid-year: the first half is not due
    b.save()
    for month in (1, 2, 3, 8, 9):
        for kind in ("theme_day", "committee_meeting", "group_meeting"):
            build.log(a, kind, datetime.date(YEAR, month, 3))
            build.log(b, kind, datetime.date(YEAR, month, 3))
    build.log(a, "lecture", datetime.date(YEAR, 11, 3))
    build.log(c, "member_meeting", datetime.date(YEAR, 4, 3))
    ours = compute("party.theme_day_compliance", UnitKind.ORGANISATION)
    assert ours[b.pk] == D(2) * 100 / D(6)  # Aug and Sep of the six months Jul–Dec, exact
    all_types = {"theme_day", "committee_meeting", "group_meeting", "member_meeting", "lecture"}
    from apps.party.indicators import _compliance

    combined = _compliance(ctx(UnitKind.ORGANISATION), all_types)
    party = compliance_summary(branches=TallyContext.branches_queryset(), year=YEAR, until=datetime.date(YEAR, 12, 31))
    for branch in (a, b, c):
        assert combined[branch.pk] == D(party[branch.pk]["met"]) * 100 / D(party[branch.pk]["due"])


def test_the_shared_log_scan_puts_each_log_in_its_own_month(build, three):
    a, b, _ = three
    for day in (datetime.date(YEAR, 1, 31), datetime.date(YEAR, 2, 1), datetime.date(YEAR, 12, 31)):
        build.log(a, "theme_day", day)
    build.log(b, "member_meeting", datetime.date(YEAR, 3, 31))  # the last day of Q1
    build.log(b, "member_meeting", datetime.date(YEAR, 4, 1))  # the first day of Q2
    assert compute("party.theme_day_compliance", UnitKind.ORGANISATION)[a.pk] == D("25.0000")  # Jan, Feb, Dec
    from apps.party.indicators import _compliance

    quarters = _compliance(ctx(UnitKind.ORGANISATION), {"member_meeting"})
    assert quarters[b.pk] == D("50.0000")  # Q1 and Q2 of four quarters


def test_the_shared_log_scan_ignores_other_organisations_logs(build, three):
    """The scan reads the logs without joining the organisations: rows of a committee or a
    dissolved branch in the same region must still count for nobody."""
    from apps.party.services import organisation_create
    from tests import factories as f

    a, _, _ = three
    committee = organisation_create(name="区委老干部党委", kind="committee", region=f.region("广陵区"))
    dissolved = build.branch("已撤销支部", status="dissolved")
    late = {"submitted_at": aware(YEAR, 4, 1), "reviewed_at": aware(YEAR, 5, 1)}
    build.log(a, "study", datetime.date(YEAR, 4, 1), submitted_at=aware(YEAR, 4, 1), reviewed_at=aware(YEAR, 4, 2))
    for org in (committee, dissolved):
        build.log(org, "study", datetime.date(YEAR, 4, 1), **late)
        build.log(org, "theme_day", datetime.date(YEAR, 4, 1))
    shared = TallyContext.build(
        year=YEAR,
        unit_kind=UnitKind.REGION,
        until=datetime.date(YEAR, 12, 31),
        params_of={"party.log_review_timeliness": [{"days": 7}]},
    )
    assert REGISTRY["party.log_review_timeliness"].compute(shared, {"days": 7})[region_id("广陵区")] == D("100.0000")
    by_region = REGISTRY["party.theme_day_compliance"].compute(shared, {})
    assert by_region[region_id("广陵区")] == D("0.0000")  # a and b held none; the others' do not count
    assert dissolved.pk not in shared.branch_region and committee.pk not in shared.branch_region


def test_a_pending_log_is_late_only_once_its_review_deadline_has_passed(build, three):
    """Issue 14 item 4: a log submitted minutes ago and not yet reviewed is not late."""
    from django.utils import timezone

    a, b, _ = three
    now = timezone.now()
    today = timezone.localdate()
    build.log(a, "study", today, status="submitted", submitted_at=now - datetime.timedelta(minutes=5))  # not due
    build.log(a, "study", today, submitted_at=now - datetime.timedelta(days=1), reviewed_at=now)  # timely
    build.log(b, "study", today, status="submitted", submitted_at=now - datetime.timedelta(days=20))  # overdue
    for params_of in ({}, {"party.log_review_timeliness": [{"days": 7}]}):  # own query, shared scan
        live = TallyContext.build(year=today.year, unit_kind=UnitKind.ORGANISATION, until=today, params_of=params_of)
        result = REGISTRY["party.log_review_timeliness"].compute(live, {"days": 7})
        assert result[a.pk] == D("100.0000")  # 1 of the 1 whose deadline has come
        assert result[b.pk] == D("0.0000")  # 20 days pending: past 7 working days, late


def test_a_pending_log_is_judged_as_of_the_schemes_until(build, three):
    """The tally is as of ``until``: a log pending on that day with its deadline still ahead is not late."""
    a, _, _ = three
    until = datetime.date(YEAR, 6, 30)
    build.log(a, "study", datetime.date(YEAR, 6, 28), status="submitted", submitted_at=aware(YEAR, 6, 28))
    build.log(a, "study", datetime.date(YEAR, 6, 1), status="submitted", submitted_at=aware(YEAR, 6, 1))  # late
    build.log(a, "study", datetime.date(YEAR, 6, 1), submitted_at=aware(YEAR, 6, 1), reviewed_at=aware(YEAR, 6, 2))
    for params_of in ({}, {"party.log_review_timeliness": [{"days": 7}]}):
        as_of = TallyContext.build(year=YEAR, unit_kind=UnitKind.ORGANISATION, until=until, params_of=params_of)
        assert REGISTRY["party.log_review_timeliness"].compute(as_of, {"days": 7})[a.pk] == D("50.0000")


def test_a_review_after_the_schemes_until_is_not_known_on_that_day(build, three):
    """As of ``until``, a log reviewed only later was still pending: within its deadline it
    is not counted yet, past it it is late (not timely), whatever happened afterwards."""
    a, _, _ = three
    until = datetime.date(YEAR, 6, 30)
    # Pending on 30 June, deadline 5 July: not counted yet, though reviewed on 2 July.
    build.log(a, "study", datetime.date(YEAR, 6, 28), submitted_at=aware(YEAR, 6, 28), reviewed_at=aware(YEAR, 7, 2))
    # Reviewed in time, on 2 June: timely.
    build.log(a, "study", datetime.date(YEAR, 6, 1), submitted_at=aware(YEAR, 6, 1), reviewed_at=aware(YEAR, 6, 2))
    # Pending past its deadline on 30 June (reviewed only on 3 July): late.
    build.log(a, "study", datetime.date(YEAR, 6, 10), submitted_at=aware(YEAR, 6, 10), reviewed_at=aware(YEAR, 7, 3))
    for params_of in ({}, {"party.log_review_timeliness": [{"days": 7}]}):
        as_of = TallyContext.build(year=YEAR, unit_kind=UnitKind.ORGANISATION, until=until, params_of=params_of)
        assert REGISTRY["party.log_review_timeliness"].compute(as_of, {"days": 7})[a.pk] == D("50.0000")


def test_education_per_100_divides_by_the_roll_on_the_tally_date(build, three):
    """Issue 14 item 1: members who died the next year still count in the year's
    denominator, and a transfer dated after the tally's day is not applied."""
    from django.utils import timezone

    from apps.party import services

    a, b, _ = three
    build.members(a, 3)
    died = build.members(a, 1)[0]
    services.membership_mark_deceased(membership=died, on=datetime.date(YEAR + 1, 2, 1))
    build.education(a, datetime.date(YEAR, 5, 1), n=2)
    assert compute("party.education_sessions_per_100", UnitKind.ORGANISATION)[a.pk] == D("50.0000")  # 2 / 4
    assert compute("party.education_sessions_per_100", UnitKind.REGION)[region_id("广陵区")] == D("50.0000")

    today = timezone.localdate()
    moving = build.members(b, 1)[0]
    build.education(b, today, n=1)
    services.membership_transfer(membership=moving, on=today + datetime.timedelta(days=10), to_organisation=a)
    live = TallyContext.build(year=today.year, unit_kind=UnitKind.ORGANISATION, until=today)
    assert REGISTRY["party.education_sessions_per_100"].compute(live, {})[b.pk] == D("100.0000")  # 1 / 1


def test_a_handover_entered_ahead_keeps_the_branchs_coverage_item(build, three):
    """Issue 14 item 2: the outgoing secretary is in office until his term's last day."""
    from django.utils import timezone

    from apps.party import services
    from tests import factories as f

    a, _, _ = three
    today = timezone.localdate()
    build.secretary(a, trained_on=today - datetime.timedelta(days=30))
    services.post_appoint(
        organisation=a,
        person=f.PersonFactory(region=a.region),
        post="secretary",
        started_on=today + datetime.timedelta(days=21),
    )
    live = TallyContext.build(year=today.year, unit_kind=UnitKind.ORGANISATION, until=today)
    assert REGISTRY["party.secretary_training_coverage"].compute(live, {})[a.pk] == D("100.0000")


def test_the_review_deadline_counts_working_days_on_the_shared_calendar(build, three):
    """Review deadline: N working days (apps.core.workdays), holidays and 调休 included.
    Submitted Tue 30 Sep 2025, before 国庆 (1–8 Oct off, Sat 11 Oct worked): 7 working days
    end on Thu 16 Oct."""
    a, _, _ = three
    day = datetime.date(YEAR, 9, 30)
    build.log(a, "study", day, submitted_at=aware(YEAR, 9, 30), reviewed_at=aware(YEAR, 10, 16))  # in time
    build.log(a, "study", day, submitted_at=aware(YEAR, 9, 30), reviewed_at=aware(YEAR, 10, 17))  # a day late
    build.log(a, "study", day, status="submitted", submitted_at=aware(YEAR, 9, 30))  # pending
    # On 15 Oct nothing is decided yet (no data); by the end of 17 Oct one of three is in time.
    for until, expected in ((datetime.date(YEAR, 10, 15), None), (datetime.date(YEAR, 10, 17), D(100) / D(3))):
        for params_of in ({}, {"party.log_review_timeliness": [{"days": 7}]}):
            as_of = TallyContext.build(year=YEAR, unit_kind=UnitKind.ORGANISATION, until=until, params_of=params_of)
            assert REGISTRY["party.log_review_timeliness"].compute(as_of, {"days": 7})[a.pk] == expected
