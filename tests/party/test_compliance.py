"""One 三会一课 calculation: the compliance page, the secretary's home, the dashboard's heat
map and the tally's indicators give the same due/held/met — on the demo data, on an edge
case of each kind of rule, and when nothing is due (rate None, shown as 本期无应开会议)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext
from apps.core.figures import Filters
from apps.party import compliance, dashboard
from apps.party import selectors as party
from apps.party.choices import OrgKind, OrgStatus
from apps.party.indicators import _compliance
from apps.party.models import ActivityLog, ComplianceRule, Organisation
from apps.regions.models import Region
from tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def _branches():
    return Organisation.objects.filter(kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE)


def page_reader(year, until):
    """The compliance page's figures per branch: (met, due, rate)."""
    summary = party.compliance_summary(branches=_branches(), year=year, until=until)
    return {pk: (s["met"], s["due"], s["rate"]) for pk, s in summary.items()}


def dashboard_reader(year, until):
    """The dashboard heat map's rows per branch (each region drilled into)."""
    got = {}
    for region in Region.objects.filter(pk__in=_branches().values("region_id")):
        for row in dashboard.compliance_figures(Filters(year=year, region=region), today=until)["rows"]:
            got[row["id"]] = (row["met"], row["due"], row["rate"])
    return got


def tally_reader(year, until):
    """The tally's 三会一课 value per branch (percent, None for no data)."""
    ctx = TallyContext.build(year=year, unit_kind=UnitKind.ORGANISATION, until=until)
    types = set(ComplianceRule.objects.filter(active=True).values_list("activity_type", flat=True))
    return _compliance(ctx, types)


def home_reader(until):
    """The secretary's home: per branch, (type, period, held, done) of the running periods."""
    return {
        branch.pk: sorted(
            (o["activity_type"], o["period"], o["held_approved"], o["done"])
            for o in party.branch_obligations(branch=branch, year=until.year, month=until.month)
        )
        for branch in _branches()
    }


def assert_readers_agree(year, until):
    page = page_reader(year, until)
    heat = dashboard_reader(year, until)
    tally = tally_reader(year, until)
    assert page, "no branch to compare"
    for pk, (met, due, rate) in page.items():
        if due:
            assert rate == pytest.approx(met / due)
            assert heat[pk] == (met, due, met / due), pk
            # The tally keeps the rate exact; it is rounded once, at display (issue 14, item 6).
            assert tally[pk] == Decimal(met) * 100 / Decimal(due), pk
        else:
            assert rate is None
            assert heat.get(pk, (0, 0, None)) == (0, 0, None), pk
            assert tally[pk] is None, pk
    if year == until.year:
        # The home shows the running periods: the page's slots of those periods.
        rows = party.compliance_by_branch_period(branches=_branches(), year=year, until=until)
        expected = {pk: [] for pk in page}
        for row in rows:
            if row["period_index"] == compliance.period_index(row["period"], until.month):
                expected[row["organisation_id"]].append(
                    (row["activity_type"], row["period"], row["held"], row["held"] >= row["required"])
                )
        assert home_reader(until) == {pk: sorted(items) for pk, items in expected.items()}


def test_the_four_readers_agree_on_the_demo_data():
    call_command("seed_demo", quiet_accounts=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ActivityLog.objects.filter(status="approved").exists()
    year = ActivityLog.objects.filter(status="approved").latest("held_on").held_on.year
    assert_readers_agree(year, D(year, 12, 31))
    assert_readers_agree(year, D(year, 8, 20))  # periods still running, some not begun
    assert_readers_agree(year - 1, D(year, 8, 20))


@pytest.fixture
def edge():
    """A branch per edge of each kind of rule (the default rules: 主题党日, 支委会, 党小组会
    monthly; 支部党员大会, 党课 quarterly; plus a yearly 党性教育 rule)."""
    ComplianceRule.objects.create(activity_type="education", period="year", required_count=1, org_kind="branch")

    def branch(name, founded_on=None):
        return f.OrganisationFactory(name=name, founded_on=founded_on or D(2000, 1, 1))

    def held(org, activity_type, day, status="approved"):
        return f.ActivityLogFactory(organisation=org, activity_type=activity_type, held_on=day, status=status)

    # Monthly: founded on the last day of a month, that month is due (and met on that day).
    monthly = branch("月末成立党支部", founded_on=D(2026, 3, 31))
    held(monthly, "theme_day", D(2026, 3, 31))
    held(monthly, "theme_day", D(2026, 4, 1), status="submitted")  # not approved: not held
    # Quarterly: the last day of a quarter counts for it, the first of the next for that one.
    quarterly = branch("季度边界党支部")
    held(quarterly, "member_meeting", D(2026, 3, 31))
    held(quarterly, "member_meeting", D(2026, 4, 1))
    held(quarterly, "lecture", D(2025, 12, 31))  # last year's
    # Yearly: one log in any month meets the year, once begun; two logs are still one slot.
    yearly = branch("年度规则党支部")
    held(yearly, "education", D(2026, 2, 1))
    held(yearly, "education", D(2026, 5, 1))
    # Nothing due in 2025: founded after every period of that year (the yearly one too).
    branch("新成立党支部", founded_on=D(2026, 1, 5))
    return {"monthly": monthly, "quarterly": quarterly, "yearly": yearly}


@pytest.mark.parametrize("until", [D(2026, 5, 15), D(2026, 6, 30), D(2026, 12, 31)])
def test_the_four_readers_agree_on_an_edge_of_each_kind_of_rule(edge, until):
    assert_readers_agree(2026, until)
    assert_readers_agree(2025, until)


def test_the_edges_are_counted_as_the_rules_say(edge):
    until = D(2026, 6, 30)
    rows = party.compliance_by_branch_period(branches=_branches(), year=2026, until=until)

    def slots(org, activity_type):
        return {
            r["period_index"]: (r["held"], r["ended"])
            for r in rows
            if r["organisation_id"] == edge[org].pk and r["activity_type"] == activity_type
        }

    assert slots("monthly", "theme_day") == {3: (1, True), 4: (0, True), 5: (0, True), 6: (0, True)}
    assert slots("quarterly", "member_meeting") == {1: (1, True), 2: (1, True)}
    assert slots("quarterly", "lecture") == {1: (0, True), 2: (0, True)}
    assert slots("yearly", "education") == {1: (2, False)}  # met, not yet ended


def test_nothing_due_is_no_rate_in_every_reader(edge):
    until = D(2026, 5, 15)
    new = Organisation.objects.get(name="新成立党支部")
    assert page_reader(2025, until)[new.pk] == (0, 0, None)
    assert tally_reader(2025, until)[new.pk] is None
    assert dashboard.compliance_figures(Filters(year=2025), organisation=new, today=until)["rate"] is None
    assert page_reader(2026, until)[new.pk][1] > 0  # but it owes 2026
    # A future year owes nothing to anybody.
    assert all(rate is None for _met, _due, rate in page_reader(2027, until).values())
    assert all(value is None for value in tally_reader(2027, until).values())


def test_nothing_due_is_said_in_chinese_on_the_pages(client, cast):
    from apps.party.dashboard import compliance_table, figures_table

    ComplianceRule.objects.update(active=False)  # no obligations at all
    # The compliance page.
    client.force_login(cast.users["staff"])
    html = client.get(reverse("admin:party_organisation_compliance")).content.decode()
    assert compliance.NOTHING_DUE in html
    # The secretary's home.
    client.force_login(cast.secretary)
    html = client.get(reverse("workspace:home")).content.decode()
    assert compliance.NOTHING_DUE in html
    # The dashboard: its KPI, its tables (page, print view and export) and a branch's page.
    data = dashboard.dashboard_data(Filters(year=datetime.date.today().year))
    assert data["compliance"]["rate"] is None
    assert [row[1] for row in figures_table(data).rows if row[0] == "“三会一课”达标率"] == [compliance.NOTHING_DUE]
    assert {row[-1] for row in compliance_table(data).rows} == {compliance.NOTHING_DUE}
    assert compliance.NOTHING_DUE in "".join(
        cell for row in compliance_table(data).display_rows() for cell in row["cells"]
    )
    client.force_login(cast.users["leader"])
    html = client.get(reverse("dashboard:organisation", args=[cast.branch.pk])).content.decode()
    assert compliance.NOTHING_DUE in html
