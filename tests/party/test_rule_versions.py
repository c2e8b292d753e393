"""Issue 14 item 8: 三会一课 rules carry effective dates; a year's figures use the rules in
force then, and changing a rule (a new version from a date) never rewrites the past."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import REGISTRY, TallyContext
from apps.core.figures import Filters
from apps.party import dashboard, selectors, services
from apps.party.models import RULES_IN_FORCE_SINCE, ComplianceRule
from tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
PAST = 2025


@pytest.fixture
def branch():
    org = f.OrganisationFactory(name="东关社区“常青藤”党支部", region=f.region("广陵区"), founded_on=D(2000, 1, 1))
    # One approved 主题党日 in every month of 2025: met under "once a month", not under "twice".
    for month in range(1, 13):
        f.ActivityLogFactory(organisation=org, activity_type="theme_day", held_on=D(PAST, month, 10), status="approved")
    return org


def theme_day_rule():
    return ComplianceRule.objects.get(activity_type="theme_day", period="month", valid_to__isnull=True)


def theme_met_due(org, year, until):
    slots = [
        s
        for s in selectors.compliance_by_branch_period(
            branches=type(org).objects.filter(pk=org.pk), year=year, until=until
        )
        if s["activity_type"] == "theme_day"
    ]
    return sum(s["held"] >= s["required"] for s in slots), len(slots)


def test_existing_rules_hold_from_the_beginning():
    """Migration 0007: the rules there were are valid from the beginning and still open."""
    assert ComplianceRule.objects.count() == 5
    assert set(ComplianceRule.objects.values_list("valid_from", "valid_to")) == {(RULES_IN_FORCE_SINCE, None)}


def test_each_period_is_judged_by_the_version_in_force_on_its_first_day(branch):
    rule = theme_day_rule()
    ComplianceRule.objects.filter(pk=rule.pk).update(valid_to=D(PAST, 6, 30))
    ComplianceRule.objects.create(
        activity_type="theme_day", period="month", org_kind="branch", required_count=2, valid_from=D(PAST, 7, 1)
    )
    assert theme_met_due(branch, PAST, D(PAST, 12, 31)) == (6, 12)  # Jan–Jun once, Jul–Dec twice (held once)
    assert theme_met_due(branch, PAST - 1, D(PAST - 1, 12, 31)) == (0, 12)  # no logs; still 12 months due


def test_revising_a_rule_leaves_past_figures_alone(branch):
    today = timezone.localdate()
    until = D(PAST, 12, 31)
    before_page = theme_met_due(branch, PAST, until)
    before_dashboard = dashboard.compliance_figures(Filters(year=PAST, region=branch.region), today=today)
    ctx = TallyContext.build(year=PAST, unit_kind=UnitKind.ORGANISATION, until=until)
    before_tally = REGISTRY["party.theme_day_compliance"].compute(ctx, {})[branch.pk]
    assert before_page == (12, 12) and before_tally == Decimal("100.0000")

    old = theme_day_rule()
    new = services.compliance_rule_revise(rule=old, valid_from=today, required_count=2, note="主题党日每月两次")

    old.refresh_from_db()
    assert old.valid_to == today - datetime.timedelta(days=1)
    assert (new.required_count, new.valid_from, new.valid_to) == (2, today, None)
    assert old.history.first().valid_to == old.valid_to  # the close is in the rule's history
    assert theme_met_due(branch, PAST, until) == before_page
    assert dashboard.compliance_figures(Filters(year=PAST, region=branch.region), today=today) == before_dashboard
    ctx = TallyContext.build(year=PAST, unit_kind=UnitKind.ORGANISATION, until=until)
    assert REGISTRY["party.theme_day_compliance"].compute(ctx, {})[branch.pk] == before_tally
    # The month that began under the old rule keeps it; the next one owes two.
    later = selectors.compliance_by_branch_period(
        branches=type(branch).objects.filter(pk=branch.pk), year=today.year, until=today
    )
    this_month = [s for s in later if s["activity_type"] == "theme_day" and s["period_index"] == today.month]
    assert [s["required"] for s in this_month] == [1 if today.day > 1 else 2]


def test_a_rule_cannot_be_changed_in_the_past_or_twice():
    old = theme_day_rule()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="只能自今日或以后生效"):
        services.compliance_rule_revise(rule=old, valid_from=yesterday, required_count=2)
    with pytest.raises(ValidationError, match="已有在该日期有效的规则"):
        services.compliance_rule_create(activity_type="theme_day", period="month", required_count=3)
    services.compliance_rule_close(rule=old, valid_to=timezone.localdate())
    with pytest.raises(ValidationError, match="已停止执行"):
        services.compliance_rule_revise(
            rule=old, valid_from=timezone.localdate() + datetime.timedelta(days=5), required_count=2
        )
    assert ComplianceRule.objects.filter(activity_type="theme_day").count() == 1


def test_the_admin_changes_a_rule_only_by_a_new_version(client):
    from apps.accounts.choices import Role
    from tests.conftest import make_user

    staff = make_user("staff", Role.BUREAU_STAFF)
    client.force_login(staff)
    rule = theme_day_rule()
    change_url = f"/admin/party/compliancerule/{rule.pk}/change/"
    client.post(
        change_url, {"activity_type": "theme_day", "period": "month", "required_count": 5, "org_kind": "branch"}
    )
    rule.refresh_from_db()
    assert rule.required_count == 1  # read-only in place
    assert client.get(f"/admin/party/compliancerule/{rule.pk}/delete/").status_code == 403

    today = timezone.localdate()
    response = client.post(
        f"/admin/party/compliancerule/{rule.pk}/revise/",
        {"valid_from": today.isoformat(), "required_count": 2, "note": "每月两次"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.valid_to == today - datetime.timedelta(days=1)
    assert theme_day_rule().required_count == 2
    # A date in the past is refused with the service's message, nothing written.
    response = client.post(
        f"/admin/party/compliancerule/{theme_day_rule().pk}/revise/",
        {"valid_from": (today - datetime.timedelta(days=30)).isoformat(), "required_count": 3, "note": ""},
    )
    assert response.status_code == 200
    assert "只能自今日或以后生效" in response.content.decode()
    assert ComplianceRule.objects.filter(activity_type="theme_day").count() == 2
