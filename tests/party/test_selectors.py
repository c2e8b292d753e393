"""三会一课 compliance and 领头雁 coverage on hand-built data with fixed expected numbers.

The default rules (migration 0002) apply: 主题党日, 支委会, 党小组会 monthly; 支部党员大会
and 党课 quarterly — five rules, three monthly and two quarterly.
"""

import datetime

import pytest

from apps.party import selectors
from apps.party.models import Organisation, OrganisationPost, TrainingAttendance, TrainingClass
from apps.regions.models import Region
from tests import factories as f
from tests.party.people import make_person

pytestmark = pytest.mark.django_db

D = datetime.date
UNTIL = D(2026, 5, 15)  # months 1–5 and quarters 1–2 have begun; months 1–4 and Q1 ended
# Held logs are counted per month (apps.party.compliance), so a log held later in ``until``'s
# month counts (an approved log cannot be dated after the day it was submitted).


def log(org, activity_type, held_on, status="approved"):
    return f.ActivityLogFactory(organisation=org, activity_type=activity_type, held_on=held_on, status=status)


@pytest.fixture
def branches():
    gl, hj = f.region("广陵区"), f.region("邗江区")
    busy = f.OrganisationFactory(name="东关社区“常青藤”党支部", region=gl, founded_on=D(2015, 1, 1))
    idle = f.OrganisationFactory(name="蒋王社区“晚晴”党支部", region=hj)
    late = f.OrganisationFactory(name="新城社区“金秋”党支部", region=gl, founded_on=D(2026, 4, 10))
    # busy: 主题党日 in Jan, Feb, Apr and 党课 in March approved; the rest does not count.
    for day in (D(2026, 1, 20), D(2026, 2, 18), D(2026, 4, 22)):
        log(busy, "theme_day", day)
    log(busy, "lecture", D(2026, 3, 5))
    log(busy, "theme_day", D(2026, 3, 20), status="submitted")
    log(busy, "committee_meeting", D(2026, 1, 8), status="draft")
    log(busy, "committee_meeting", D(2026, 2, 8), status="returned")
    log(busy, "theme_day", D(2025, 12, 20))  # last year
    log(busy, "group_meeting", D(2026, 6, 20))  # after ``until``'s month
    log(idle, "theme_day", D(2026, 1, 20))  # but only the idle branch's, not busy's
    return {"busy": busy, "idle": idle, "late": late}


def test_rows_count_approved_logs_per_period(branches):
    rows = selectors.compliance_by_branch_period(
        branches=Organisation.objects.filter(pk=branches["busy"].pk), year=2026, until=UNTIL
    )
    assert len(rows) == 19  # 3 monthly rules × 5 months + 2 quarterly rules × 2 quarters
    theme = {r["period_index"]: r["held"] for r in rows if r["activity_type"] == "theme_day"}
    assert theme == {1: 1, 2: 1, 3: 0, 4: 1, 5: 0}
    lecture = {r["period_index"]: r["held"] for r in rows if r["activity_type"] == "lecture"}
    assert lecture == {1: 1, 2: 0}
    assert {r["period"] for r in rows if r["activity_type"] == "member_meeting"} == {"quarter"}
    assert all(r["held"] == 0 for r in rows if r["activity_type"] in ("committee_meeting", "group_meeting"))
    may = [r for r in rows if r["period"] == "month" and r["period_index"] == 5]
    assert all(not r["ended"] for r in may)


def test_summary_counts_due_met_and_overdue(branches):
    summary = selectors.compliance_summary(branches=Organisation.objects.all(), year=2026, until=UNTIL)
    busy, idle, late = (summary[branches[k].pk] for k in ("busy", "idle", "late"))
    assert (busy["due"], busy["met"], busy["overdue"]) == (19, 4, 10)
    assert busy["rate"] == pytest.approx(4 / 19)
    assert (idle["due"], idle["met"], idle["overdue"]) == (19, 1, 13)
    # Founded 10 April: only April and May, and the second quarter, are owed.
    assert (late["due"], late["met"], late["overdue"]) == (8, 0, 3)


def test_a_past_year_is_wholly_due(branches):
    summary = selectors.compliance_summary(
        branches=Organisation.objects.filter(pk=branches["busy"].pk), year=2025, until=UNTIL
    )
    assert summary[branches["busy"].pk] == {"due": 44, "met": 1, "overdue": 43, "rate": pytest.approx(1 / 44)}


def test_a_future_year_owes_nothing(branches):
    summary = selectors.compliance_summary(
        branches=Organisation.objects.filter(pk=branches["busy"].pk), year=2027, until=UNTIL
    )
    # Nothing due is neither met nor missed: no rate at all (shown as 本期无应开会议).
    assert summary[branches["busy"].pk] == {"due": 0, "met": 0, "overdue": 0, "rate": None}


def test_rules_are_data(branches):
    from apps.party.models import ComplianceRule

    ComplianceRule.objects.filter(activity_type="group_meeting").update(active=False)
    ComplianceRule.objects.filter(activity_type="theme_day").update(required_count=2)
    summary = selectors.compliance_summary(
        branches=Organisation.objects.filter(pk=branches["busy"].pk), year=2026, until=UNTIL
    )
    assert summary[branches["busy"].pk]["due"] == 14
    assert summary[branches["busy"].pk]["met"] == 1  # only Q1's 党课; one 主题党日 a month is not two


def test_lagging_lists_branches_with_missed_periods_worst_first(branches):
    lagging = selectors.lagging_branches(branches=Organisation.objects.all(), year=2026, until=UNTIL)
    assert [(x["organisation"].name, x["overdue"]) for x in lagging] == [
        ("蒋王社区“晚晴”党支部", 13),
        ("东关社区“常青藤”党支部", 10),
        ("新城社区“金秋”党支部", 3),
    ]


def test_a_branch_that_kept_every_obligation_is_not_lagging(branches):
    late = branches["late"]
    for month in (4, 5):
        for kind in ("theme_day", "committee_meeting", "group_meeting"):
            log(late, kind, D(2026, month, 12))
    lagging = selectors.lagging_branches(branches=Organisation.objects.filter(pk=late.pk), year=2026, until=UNTIL)
    assert lagging == []


def test_compliance_queries_are_fixed(branches, django_assert_num_queries):
    for i in range(5):
        extra = f.OrganisationFactory(name=f"额外党支部{i}")
        log(extra, "theme_day", D(2026, 2, 1))
    with django_assert_num_queries(3):
        selectors.compliance_summary(branches=Organisation.objects.all(), year=2026, until=UNTIL)
    with django_assert_num_queries(4):
        selectors.lagging_branches(branches=Organisation.objects.all(), year=2026, until=UNTIL)
    with django_assert_num_queries(3):
        selectors.compliance_matrix(branches=Organisation.objects.all(), year=2026, until=UNTIL)


def test_branch_obligations_for_the_month(branches, django_assert_num_queries):
    busy = branches["busy"]
    log(busy, "theme_day", D(2026, 5, 3))
    log(busy, "committee_meeting", D(2026, 5, 5), status="submitted")
    log(busy, "member_meeting", D(2026, 4, 30), status="submitted")
    log(busy, "group_meeting", D(2026, 5, 20))
    with django_assert_num_queries(3):  # rules, approved counts (ActivityMonth), pending
        items = selectors.branch_obligations(branch=busy, year=2026, month=5)
    by_type = {i["activity_type"]: i for i in items}
    assert set(by_type) == {"theme_day", "committee_meeting", "group_meeting", "member_meeting", "lecture"}
    assert by_type["theme_day"] | {} == {
        "activity_type": "theme_day",
        "label": "主题党日",
        "period": "month",
        "period_label": "每月",
        "required": 1,
        "held_approved": 1,
        "pending": 0,
        "done": True,
    }
    assert (by_type["committee_meeting"]["pending"], by_type["committee_meeting"]["done"]) == (1, False)
    assert (by_type["member_meeting"]["pending"], by_type["member_meeting"]["period"]) == (1, "quarter")
    assert by_type["group_meeting"]["held_approved"] == 1  # the one held 20 May
    assert by_type["lecture"]["held_approved"] == 0  # the March lecture is Q1


# ---------------------------------------------------------------------------
# Training coverage
# ---------------------------------------------------------------------------
AS_OF = D(2026, 5, 15)  # rotation window: 2023-05-16 … 2026-05-15


def _secretary(org, *, post="secretary", ended_on=None):
    person = make_person(region=org.region)
    OrganisationPost.objects.create(
        organisation=org, person=person, post=post, started_on=D(2020, 1, 1), ended_on=ended_on
    )
    return person


def _class(start_on, region_name="广陵区"):
    return TrainingClass.objects.create(
        name=f"{start_on.year}年支部书记业务培训班",
        training_type="business",
        organiser_level="city",
        region=f.region(region_name),
        start_on=start_on,
        end_on=start_on,
    )


@pytest.fixture
def secretaries():
    gl, hj = f.region("广陵区"), f.region("邗江区")
    gl_a = f.OrganisationFactory(name="广陵甲支部", region=gl)
    gl_b = f.OrganisationFactory(name="广陵乙支部", region=gl)
    gl_c = f.OrganisationFactory(name="广陵丙支部", region=gl)
    gone = f.OrganisationFactory(name="广陵已撤销支部", region=gl, status="dissolved")
    hj_a = f.OrganisationFactory(name="邗江甲支部", region=hj)
    recent, old, absent, hj_class = (
        _class(D(2024, 6, 1)),
        _class(D(2022, 1, 10)),
        _class(D(2025, 3, 1)),
        _class(D(2026, 3, 1), "邗江区"),
    )
    a, b, c, d = _secretary(gl_a), _secretary(gl_b), _secretary(gl_c), _secretary(hj_a)
    former = _secretary(gl_a, ended_on=D(2023, 12, 31))
    deputy = _secretary(gl_b, post="deputy")
    dissolved = _secretary(gone)
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(training_class=recent, person=a),
            TrainingAttendance(training_class=old, person=b),  # outside the three years
            TrainingAttendance(training_class=absent, person=c, attended=False),
            TrainingAttendance(training_class=hj_class, person=d),
            TrainingAttendance(training_class=recent, person=former),
            TrainingAttendance(training_class=recent, person=deputy),
            TrainingAttendance(training_class=recent, person=dissolved),
        ]
    )
    return {"a": a, "b": b, "c": c, "d": d}


def test_coverage_per_region_and_city(secretaries, django_assert_num_queries):
    with django_assert_num_queries(2):
        coverage = selectors.training_coverage(as_of=AS_OF)
    rows = {r["region"]: r for r in coverage["regions"]}
    assert (rows["广陵区"]["serving"], rows["广陵区"]["trained"], rows["广陵区"]["untrained"]) == (3, 1, 2)
    assert rows["广陵区"]["rate"] == pytest.approx(1 / 3)
    assert (rows["邗江区"]["serving"], rows["邗江区"]["trained"], rows["邗江区"]["rate"]) == (1, 1, 1.0)
    assert rows["市直"]["rate"] is None
    assert coverage["total"] == {"serving": 4, "trained": 2, "untrained": 2, "rate": 0.5}
    assert coverage["since"] == D(2023, 5, 15)


def test_coverage_limited_to_regions(secretaries):
    coverage = selectors.training_coverage(regions=Region.objects.filter(name="邗江区"), as_of=AS_OF)
    assert [r["region"] for r in coverage["regions"]] == ["邗江区"]
    assert coverage["total"]["serving"] == 1


def test_untrained_list(secretaries):
    names = list(selectors.untrained_secretaries(as_of=AS_OF).values_list("person_id", flat=True))
    assert sorted(names) == sorted([secretaries["b"].pk, secretaries["c"].pk])
    # Three years on from the 2024 class, the first secretary is due again.
    later = selectors.untrained_secretaries(as_of=D(2027, 6, 2))
    assert secretaries["a"].pk in set(later.values_list("person_id", flat=True))
