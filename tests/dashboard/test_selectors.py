"""Every dashboard figure against the numbers counted by hand in ``conftest.build_world``."""

import pytest

from apps.core.figures import Filters
from apps.party import compliance
from apps.party import dashboard as selectors
from tests import factories as f
from tests.dashboard.conftest import YEAR

pytestmark = pytest.mark.django_db


def figures(data):
    return {fig["key"]: (fig["value"], fig["previous"], fig["change"]) for fig in data["figures"]}


def test_city_figures_equal_the_hand_counts(world):
    data = selectors.dashboard_data(Filters(year=YEAR))
    got = figures(data)
    # Organisations: 广陵 C1, B1, B2, cast.branch + 邗江 H1, cast.other_branch; B2 is new in 2025.
    assert got["organisations"] == (6, 5, 1)
    assert got["members"] == (7, 6, 1)
    assert got["passed"] == (3, 1, 2)
    assert got["demo_points"] == (2, 2, 0)
    assert got["classes"] == (2, 1, 1)
    assert got["person_times"] == (5, 2, 3)
    assert got["coverage"] == (2 / 3, 0.5, 2 / 3 - 0.5)
    assert got["activities"] == (40, 4, 36)
    assert got["theme_days"] == (15, 3, 12)
    assert got["compliance"] == (
        39 / 203,
        3 / 176,
        39 / 203 - 3 / 176,
    )
    assert got["education"] == (3, 1, 2)


def test_monthly_trend_and_type_mix(world):
    data = selectors.dashboard_data(Filters(year=YEAR))
    assert data["monthly"]["current"] == [4, 5, 5, 3, 4, 4, 2, 3, 3, 2, 2, 3]
    assert data["monthly"]["previous"] == [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    types = {t["type"]: (t["current"], t["previous"]) for t in data["types"]}
    assert types == {
        "theme_day": (15, 3),
        "lecture": (2, 0),
        "member_meeting": (4, 0),
        "committee_meeting": (6, 0),
        "group_meeting": (12, 0),
        "study": (0, 0),  # the submitted one is not approved
        "forum": (0, 1),
        "talk": (0, 0),
        "education": (1, 0),
    }


def test_figures_by_region(world):
    data = selectors.dashboard_data(Filters(year=YEAR))
    rows = {r["name"]: r for r in data["regions"]}
    assert len(rows) == 10  # every region is listed, with zeros where nothing happens
    gl, hj = rows["广陵区"], rows["邗江区"]
    assert (gl["organisations"], gl["branches"], gl["members"], gl["passed"]) == (4, 3, 5, 2)
    assert (hj["organisations"], hj["branches"], hj["members"], hj["passed"]) == (2, 2, 2, 1)
    assert (gl["activities"], gl["classes"], gl["person_times"], gl["education"]) == (37, 1, 3, 2)
    assert (hj["activities"], hj["classes"], hj["person_times"], hj["education"]) == (3, 1, 2, 1)
    assert gl["coverage"] == 0.5  # S1 trained, S2 not
    assert hj["coverage"] == 1.0  # S3 trained in 2024, inside the three years
    assert rows["仪征市"]["organisations"] == 0 and rows["仪征市"]["coverage"] is None


def test_compliance_heat_map_by_region_then_by_branch(world):
    city = selectors.compliance_figures(Filters(year=YEAR))
    assert city["level"] == "region"
    heat = {row["name"]: row for row in city["rows"]}
    # January, 广陵: B1 met 3 of 3 monthly rules, cast.branch 0 of 3, B2 not founded yet.
    assert heat["广陵区"]["months"][0] == 0.5
    # March closes Q1 too: B1 5 of 5, cast.branch 0 of 5.
    assert heat["广陵区"]["months"][2] == 0.5
    assert (heat["广陵区"]["met"], heat["广陵区"]["due"]) == (37, 115)
    # January, 邗江: H1 held its theme day (1 of 3), cast.other_branch nothing (0 of 3).
    assert heat["邗江区"]["months"][0] == 1 / 6
    assert (heat["邗江区"]["met"], heat["邗江区"]["due"]) == (2, 88)

    region = selectors.compliance_figures(Filters(year=YEAR, region=f.region("广陵区")))
    assert region["level"] == "branch"
    by_branch = {row["name"]: row for row in region["rows"]}
    assert set(by_branch) == {"东关街道“银铃”党支部", "湾头镇“新绿”党支部", "东关社区“常青藤”党支部"}
    b1 = by_branch["东关街道“银铃”党支部"]
    assert (b1["met"], b1["due"]) == (36, 44)
    assert b1["months"][6] == 2 / 3  # July: no committee meeting
    b2 = by_branch["湾头镇“新绿”党支部"]
    assert b2["months"][:5] == [None] * 5  # not founded before June
    assert (b2["met"], b2["due"]) == (1, 27)


def test_region_filter_limits_every_figure(world):
    data = selectors.dashboard_data(Filters(year=YEAR, region=f.region("邗江区")))
    got = figures(data)
    assert got["organisations"] == (2, 2, 0)
    assert got["members"] == (2, 2, 0)
    assert got["activities"] == (3, 1, 2)
    # 培训人次 by the trainee's organisation (issue 14 item 9): 2024's class in 广陵
    # had a trainee of 邗江 (S3).
    assert got["person_times"] == (2, 1, 1)
    assert got["compliance"][0] == 2 / 88
    assert [r["name"] for r in data["regions"]] == ["邗江区"]


def test_region_organisations_drill_down(world):
    rows = list(selectors.region_organisations(Filters(year=YEAR, region=f.region("广陵区"))))
    by_name = {r["name"]: r for r in rows}
    assert "已撤销党支部" not in by_name
    # The committee's figures are its whole subtree's.
    c1 = by_name["广陵区离退休干部党委"]
    assert (c1["members"], c1["activities"], c1["person_times"], c1["education"]) == (5, 37, 3, 2)
    b1 = by_name["东关街道“银铃”党支部"]
    assert (b1["members"], b1["activities"], b1["person_times"], b1["education"]) == (3, 36, 3, 2)
    found = list(selectors.region_organisations(Filters(year=YEAR, region=f.region("广陵区")), search="新绿"))
    assert [r["name"] for r in found] == ["湾头镇“新绿”党支部"]


def test_organisation_figures(world):
    b1 = world.orgs["B1"]
    data = selectors.organisation_figures(organisation=b1, year=YEAR)
    assert (data["members"], data["activities"], data["person_times"], data["education"]) == (3, 36, 3, 2)
    assert {t["label"]: t["count"] for t in data["types"]}["主题党日"] == 12
    assert len(data["recent"]) == 20
    assert len(data["training"]) == 3
    assert [r["year"] for r in data["reviews"]] == [2025, 2023]
    assert data["compliance"]["rate"] == 36 / 44


def test_branch_figures_for_a_secretary(world):
    data = selectors.branch_figures(branch=world.orgs["B1"], year=YEAR)
    assert data["members"] == 3
    assert (data["approved"], data["pending"], data["returned"]) == (36, 1, 0)
    assert data["trained"] == 3
    assert data["compliance_rate"] == 36 / 44
    assert [m["value"] for m in data["compliance_months"]][6] == 2 / 3
    assert {t["label"]: t["count"] for t in data["types"]} == {
        "主题党日": 12,
        "党课": 2,
        "支部党员大会": 4,
        "支委会": 6,
        "党小组会": 12,
    }


def test_compliance_agrees_with_the_party_apps_per_slot_rows(world):
    """The dashboard's counted compliance equals the party app's own definition, slot by
    slot, summed per branch and per month the period ends in."""
    import datetime

    from apps.party import selectors as party_selectors

    until = datetime.date(2026, 11, 27)
    filters = Filters(year=YEAR, region=f.region("广陵区"))
    branches = selectors._branches_in_view(filters, None)
    for year in (YEAR, YEAR - 1):
        expected = {}
        for row in party_selectors.compliance_by_branch_period(branches=branches, year=year, until=until):
            end_month = row["period_index"] * compliance.MONTHS_PER_PERIOD[row["period"]]
            cell = expected.setdefault(row["organisation_id"], [[0, 0] for _ in range(12)])[end_month - 1]
            cell[0] += row["held"] >= row["required"]
            cell[1] += 1
        comp = selectors.compliance_figures(Filters(year=year, region=filters.region), today=until)
        got = {row["id"]: (row["met"], row["due"]) for row in comp["rows"] if row["due"]}
        assert got == {pk: (sum(c[0] for c in months), sum(c[1] for c in months)) for pk, months in expected.items()}
        for row in comp["rows"]:
            months = expected.get(row["id"], [[0, 0]] * 12)
            assert row["months"] == [m / d if d else None for m, d in months]


def test_a_rule_asking_for_two_logs_counts_two(world):
    from apps.party.models import ComplianceRule

    # B1 held two group meetings in no month (one each month): with two required, none met.
    ComplianceRule.objects.filter(activity_type="group_meeting").update(required_count=2)
    comp = selectors.compliance_figures(Filters(year=YEAR, region=f.region("广陵区")))
    b1 = {row["name"]: row for row in comp["rows"]}["东关街道“银铃”党支部"]
    assert (b1["met"], b1["due"]) == (36 - 12, 44)


def test_the_city_heat_map_adds_up_its_branches_one_by_one(world):
    """Per region, the city view's met/due equal the party app's per-branch slots added up —
    also when two branches of a region share a founding date and both meet a quarterly rule
    (they are two met slots, not one)."""
    import datetime

    from apps.party import selectors as party_selectors
    from apps.party.models import ActivityLog, Organisation

    b1 = world.orgs["B1"]
    Organisation.objects.filter(pk=b1.pk).update(founded_on=None)  # like cast.branch
    copies = [
        ActivityLog(
            organisation=world.cast.branch, **{k: getattr(log, k) for k in ("activity_type", "held_on", "theme")}
        )
        for log in ActivityLog.objects.filter(organisation=b1, status="approved")
    ]
    for log in copies:
        log.status = "approved"
    ActivityLog.objects.bulk_create(copies)

    until = datetime.date(2026, 11, 27)
    branches = selectors._branches_in_view(Filters(year=YEAR), None)
    region_of = dict(branches.values_list("pk", "region_id"))
    for year in (YEAR, YEAR - 1):
        expected = {}
        for row in party_selectors.compliance_by_branch_period(branches=branches, year=year, until=until):
            end_month = row["period_index"] * compliance.MONTHS_PER_PERIOD[row["period"]]
            cell = expected.setdefault(region_of[row["organisation_id"]], [[0, 0] for _ in range(12)])[end_month - 1]
            cell[0] += row["held"] >= row["required"]
            cell[1] += 1
        comp = selectors.compliance_figures(Filters(year=year), today=until)
        got = {row["id"]: row["months"] for row in comp["rows"] if row["due"]}
        assert got == {k: [m / d if d else None for m, d in v] for k, v in expected.items()}
        met = sum(c[0] for v in expected.values() for c in v)
        assert (comp["met"], comp["due"]) == (met, sum(c[1] for v in expected.values() for c in v))


def test_records_dated_after_the_as_of_day_are_not_counted_yet(world):
    """Issue 14 item 5: a class or an education session dated next week counts once its date has come,
    as the tally and the coverage page count them."""
    import datetime

    from apps.party.models import EducationBase, EducationSession, TrainingAttendance, TrainingClass

    today = datetime.date(YEAR, 6, 15)  # the year is still running; T2 (1 Sep) lies ahead
    next_week = today + datetime.timedelta(days=7)
    b1, gl = world.orgs["B1"], f.region("广陵区")
    klass = TrainingClass.objects.create(
        name="下周开班",
        training_type="business",
        organiser_level="county",
        region=gl,
        start_on=next_week,
        end_on=next_week,
    )
    TrainingAttendance.objects.create(training_class=klass, person=f.PersonFactory(), organisation=b1)
    base = EducationBase.objects.get(name="红色驿站实境课堂")
    EducationSession.objects.create(base=base, organisation=b1, held_on=next_week, topic="下周的教育", participants=5)

    got = figures(selectors.dashboard_data(Filters(year=YEAR), today=today))
    assert got["classes"][0] == 1  # T1 only
    assert got["person_times"][0] == 3
    assert got["education"][0] == 3
    rows = {r["name"]: r for r in selectors.dashboard_data(Filters(year=YEAR), today=today)["regions"]}
    assert (rows["广陵区"]["classes"], rows["广陵区"]["person_times"], rows["广陵区"]["education"]) == (1, 3, 2)

    drill = {r["name"]: r for r in selectors.region_organisations(Filters(year=YEAR, region=gl), today=today)}
    assert (drill["东关街道“银铃”党支部"]["person_times"], drill["东关街道“银铃”党支部"]["education"]) == (3, 2)
    page = selectors.organisation_figures(organisation=b1, year=YEAR, today=today)
    assert (page["person_times"], page["education"], len(page["training"])) == (3, 2, 3)
    assert selectors.branch_figures(branch=b1, year=YEAR, today=today)["trained"] == 3
