"""Rules (review cycle and reminders), contact points (cadence, overdue, issues → tasks →
closed) and research (days at the grassroots per leader against the quota)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.core.models import Notice
from apps.workforce import selectors, services
from apps.workforce.models import ContactIssue, ResearchQuota
from apps.workforce.reminders import overdue_points, reminders_send
from tests.conftest import make_user
from tests.workforce.factories import (
    ContactPointFactory,
    ResearchReportFactory,
    ResearchVisitFactory,
    RuleFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def test_a_late_review_keeps_the_cycle_from_the_intended_date():
    rule = RuleFactory(review_due=datetime.date(2025, 3, 1), review_every_months=12)
    services.rule_review(rule=rule, on=datetime.date(2025, 5, 20))
    rule.refresh_from_db()
    assert rule.review_due == datetime.date(2026, 3, 1)
    assert rule.last_reviewed_on == datetime.date(2025, 5, 20)


def test_a_superseded_rule_needs_no_review():
    new = RuleFactory(title="政府采购管理办法")
    old = RuleFactory(title="政府采购管理暂行办法", superseded_by=new)
    with pytest.raises(ValidationError, match="已被替代"):
        services.rule_review(rule=old, on=datetime.date(2025, 5, 20))


def test_the_rule_owner_is_reminded_once_the_review_is_within_thirty_days():
    owner = StaffFactory(user=make_user("rule_owner", "bureau_staff"))
    RuleFactory(owner=owner, review_due=datetime.date(2026, 11, 20))
    assert reminders_send(on=datetime.date(2026, 10, 1)) == 0
    assert reminders_send(on=datetime.date(2026, 10, 25)) == 1
    assert Notice.objects.get(user=owner.user).title == "内控制度即将到评估日期"


def test_a_point_is_overdue_a_cadence_after_its_last_visit():
    point = ContactPointFactory(since=datetime.date(2026, 1, 1), visit_every_months=1)
    assert [p.pk for p in overdue_points(datetime.date(2026, 2, 2))] == [point.pk]
    services.contact_visit_log(point=point, visited_on=datetime.date(2026, 1, 20), visitors="李局长")
    assert overdue_points(datetime.date(2026, 2, 19)) == []
    assert [p.pk for p in overdue_points(datetime.date(2026, 2, 21))] == [point.pk]
    point.visit_every_months = 2
    point.save()
    assert overdue_points(datetime.date(2026, 2, 21)) == []


def test_an_issue_runs_from_visit_to_task_to_closed():
    point = ContactPointFactory()
    visit = services.contact_visit_log(
        point=point,
        visited_on=datetime.date(2026, 3, 2),
        visitors="李局长等2人",
        issues=["活动室漏雨", "", "希望增加健康讲座"],
    )
    issue = ContactIssue.objects.get(visit=visit, description="活动室漏雨")
    assert visit.issues.count() == 2
    with pytest.raises(ValidationError, match="须先交办"):
        services.contact_issue_close(issue=issue, outcome="已修缮", closed_on=datetime.date(2026, 3, 20))
    services.contact_issue_assign(issue=issue, task="协调维修", assignee="活动中心", due_on=datetime.date(2026, 4, 1))
    issue = services.contact_issue_close(issue=issue, outcome="已修缮", closed_on=datetime.date(2026, 3, 20))
    assert issue.status == "closed"


def test_a_visit_before_the_point_existed_is_refused():
    point = ContactPointFactory(since=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="不能早于联系点建立日期"):
        services.contact_visit_log(point=point, visited_on=datetime.date(2025, 12, 31), visitors="李局长")


def test_days_at_the_grassroots_per_leader_against_the_quota():
    ResearchQuota.objects.create(year=2026, min_days=5, min_reports=1)
    busy = StaffFactory(name="下基层多", is_leader=True)
    idle = StaffFactory(name="下基层少", is_leader=True)
    ResearchVisitFactory(leader=busy, days=Decimal("3"))
    ResearchVisitFactory(leader=busy, days=Decimal("2"))
    ResearchVisitFactory(leader=busy, days=Decimal("9"), started_on=datetime.date(2025, 6, 1))
    ResearchReportFactory(leader=busy)
    ResearchVisitFactory(leader=idle, days=Decimal("6"))
    rows = {r.name: r for r in selectors.research_by_leader(year=2026)["rows"]}
    assert rows["下基层多"].days == 5 and rows["下基层多"].met
    assert rows["下基层少"].days == 6 and not rows["下基层少"].met  # no report


def test_awards_count_by_level_and_grade():
    ResearchReportFactory(award_level="national", award_grade="second")
    ResearchReportFactory(award_level="municipal", award_grade="first")
    ResearchReportFactory(award_level="municipal", award_grade="first")
    ResearchReportFactory()
    from apps.workforce.models import ResearchReport

    awards = selectors.awards_by_level(ResearchReport.objects.all())
    assert awards[0] == {"level": "国家级", "grades": [0, 1, 0], "total": 1}
    assert awards[2] == {"level": "市级", "grades": [2, 0, 0], "total": 2}


def test_awards_need_level_and_grade_together():
    report = ResearchReportFactory.build(leader=StaffFactory(), award_level="provincial")
    with pytest.raises(ValidationError, match="同时填写"):
        report.full_clean()
