"""The records 67号令 asks for beyond hours: training (art. 8), evaluation (art. 10),
correction requests (art. 12–13); 涉老社团联盟 and 联席会议; special campaigns; the
certificate's notice (民发〔2015〕149号)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.volunteers import selectors
from apps.volunteers import services as s
from apps.volunteers.choices import (
    CertificateStatus,
    CorrectionStatus,
    EvaluationKind,
    RecordStatus,
    RuleKind,
)
from apps.volunteers.models import (
    AllianceMember,
    Campaign,
    Certificate,
    CorrectionRequest,
    EvaluationRecord,
    FollowUpItem,
    JointMeeting,
    RecordRule,
    TrainingRecord,
)
from tests.access.table_volunteers import _certificate
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 4)  # a Friday


def _confirmed(team, m, *, day=datetime.date(2026, 3, 2), hours=Decimal(3), **kwargs):
    a = activity(team, date=day, **kwargs)
    (record,) = s.records_enter(activity=a, entries=[s.HoursEntry(member=m, hours=hours)])
    s.records_confirm(records=[record], user=None)
    record.refresh_from_db()
    return record


# ---------------------------------------------------------------------------
# Training and evaluation
# ---------------------------------------------------------------------------
def test_a_training_record_keeps_the_five_fields_of_art_8(cast):
    m = member(cast.team)
    t = s.training_record(
        member=m,
        name="志愿服务骨干培训",
        content="志愿服务条例、应急救护",
        hours=Decimal("3.5"),
        organiser="扬州市委老干部局",
        date=datetime.date(2026, 4, 8),
        user=cast.district,
    )
    assert (t.name, t.hours, t.organiser, t.date) == (
        "志愿服务骨干培训",
        Decimal("3.5"),
        "扬州市委老干部局",
        datetime.date(2026, 4, 8),
    )
    assert t.history.count() == 1


@pytest.mark.parametrize(
    ("hours", "day", "message"),
    [
        (Decimal(30), datetime.date(2026, 4, 8), "不超过 24 小时"),
        (Decimal(0), datetime.date(2026, 4, 8), "须大于 0"),
        (Decimal(2), datetime.date(2099, 1, 1), "不能晚于今天"),
    ],
)
def test_bad_training_is_refused_in_chinese_and_nothing_saved(cast, hours, day, message):
    with pytest.raises(ValidationError, match=message):
        s.training_record(member=member(cast.team), name="培训", content="内容", hours=hours, organiser="局", date=day)
    assert not TrainingRecord.objects.exists()


def test_training_after_the_volunteer_left_is_refused(cast):
    m = member(cast.team, left_on=datetime.date(2026, 1, 10))
    with pytest.raises(ValidationError, match="已于 2026-01-10 离队"):
        s.training_record(
            member=m, name="培训", content="内容", hours=Decimal(2), organiser="局", date=datetime.date(2026, 2, 1)
        )


def test_training_of_another_district_is_refused(cast):
    with pytest.raises(ValidationError, match="数据权限"):
        s.training_record(
            member=member(cast.other_team),
            name="培训",
            content="内容",
            hours=Decimal(2),
            organiser="局",
            date=datetime.date(2026, 2, 1),
            user=cast.district,
        )


def test_an_evaluation_needs_a_rating_a_complaint_does_not(cast):
    m = member(cast.team)
    with pytest.raises(ValidationError, match="评价等级"):
        s.evaluation_record(
            member=m, kind=EvaluationKind.EVALUATION, evaluator="服务对象", date=TODAY, content="热情周到"
        )
    complaint = s.evaluation_record(
        member=m, kind=EvaluationKind.COMPLAINT, evaluator="社区居委会", date=TODAY, content="迟到半小时", today=TODAY
    )
    s.evaluation_resolve(evaluation=complaint, result="已核实，批评教育", user=cast.staff)
    complaint.refresh_from_db()
    assert complaint.result == "已核实，批评教育" and complaint.history.count() == 2


def test_an_evaluation_of_another_teams_activity_is_refused(cast):
    with pytest.raises(ValidationError, match="所在团队的活动"):
        s.evaluation_record(
            member=member(cast.team),
            kind=EvaluationKind.EVALUATION,
            evaluator="服务对象",
            date=TODAY,
            content="好",
            rating="good",
            activity=activity(cast.other_team),
            today=TODAY,
        )
    assert not EvaluationRecord.objects.exists()


# ---------------------------------------------------------------------------
# Correction requests
# ---------------------------------------------------------------------------
def test_a_correction_is_due_after_the_working_days_of_the_rule(cast):
    record = _confirmed(cast.team, member(cast.team))
    c = s.correction_request(
        record=record, channel="self", description="实际服务 4 小时", proposed_hours=Decimal(4), today=TODAY
    )
    # 10 working days after Friday 4 December 2026: Friday 18 December.
    assert c.due_on == datetime.date(2026, 12, 18)
    RecordRule.objects.filter(kind=RuleKind.CORRECTION).update(days=3)
    other = _confirmed(cast.team, member(cast.team))
    c2 = s.correction_request(record=other, channel="leader", description="漏记", today=TODAY)
    assert c2.due_on == datetime.date(2026, 12, 9)
    assert c2.overdue_on(datetime.date(2026, 12, 10)) and not c2.overdue_on(datetime.date(2026, 12, 9))


def test_accepting_a_correction_changes_the_record_through_the_service_and_keeps_history(cast):
    record = _confirmed(cast.team, member(cast.team))
    c = s.correction_request(record=record, channel="self", description="实际服务 4 小时", today=TODAY)
    with pytest.raises(ValidationError, match="已有待处理的更正申请"):
        s.correction_request(record=record, channel="self", description="再次申请", today=TODAY)
    s.correction_accept(correction=c, hours=Decimal(4), user=cast.team_leader, today=TODAY)
    record.refresh_from_db()
    c.refresh_from_db()
    assert record.hours == Decimal(4) and record.status == RecordStatus.CONFIRMED
    assert record.reviewed_by == cast.team_leader
    assert [h.hours for h in record.history.order_by("history_date")][-2:] == [Decimal(3), Decimal(4)]
    assert (c.status, c.old_hours, c.new_hours, c.handled_by) == (
        CorrectionStatus.ACCEPTED,
        Decimal(3),
        Decimal(4),
        cast.team_leader,
    )
    with pytest.raises(ValidationError, match="已办理"):
        s.correction_refuse(correction=c, reason="重复", user=cast.team_leader)


def test_a_correction_to_over_24_hours_a_day_is_refused_and_the_request_stays_open(cast):
    m = member(cast.team)
    record = _confirmed(cast.team, m, hours=Decimal(10))
    _confirmed(cast.team, m, hours=Decimal(10), title="同日另一活动")
    c = s.correction_request(record=record, channel="self", description="应为 20 小时", today=TODAY)
    with pytest.raises(ValidationError, match="超过一天 24 小时"):
        s.correction_accept(correction=c, hours=Decimal(20), user=cast.staff)
    c.refresh_from_db()
    record.refresh_from_db()
    assert c.status == CorrectionStatus.OPEN and record.hours == Decimal(10)


def test_refusing_needs_a_reason(cast):
    record = _confirmed(cast.team, member(cast.team))
    c = s.correction_request(record=record, channel="leader", description="多记一小时", today=TODAY)
    with pytest.raises(ValidationError, match="写明理由"):
        s.correction_refuse(correction=c, reason=" ", user=cast.staff)
    s.correction_refuse(correction=c, reason="与签到表一致", user=cast.staff, today=TODAY)
    c.refresh_from_db()
    assert c.status == CorrectionStatus.REFUSED and c.refuse_reason == "与签到表一致"


def test_a_team_leader_cannot_handle_another_teams_correction(cast):
    record = _confirmed(cast.other_team, member(cast.other_team))
    c = s.correction_request(record=record, channel="self", description="少记", today=TODAY)
    with pytest.raises(ValidationError, match="数据权限"):
        s.correction_accept(correction=c, hours=Decimal(5), user=cast.team_leader)
    assert CorrectionRequest.objects.get().status == CorrectionStatus.OPEN


# ---------------------------------------------------------------------------
# 涉老社团联盟 and 联席会议
# ---------------------------------------------------------------------------
def _alliance(name="扬州市老年人体育协会", region=None, joined=datetime.date(2020, 5, 1)):
    return s.alliance_member_save(
        member=AllianceMember(name=name, kind="association", region=region, contact_person="王主任", joined_on=joined)
    )


def test_meeting_items_fall_due_on_the_working_day_calendar(cast):
    a = _alliance()
    meeting = s.meeting_save(
        meeting=JointMeeting(
            title="第三次联席会议",
            held_on=datetime.date(2026, 9, 29),
            place="市委老干部局",
            topics="重阳节联合行动",
            decisions="各成员单位组织志愿服务",
        ),
        alliance_attendees=[a],
        staff_attendees=[cast.staff],
    )
    item = s.follow_up_save(
        item=FollowUpItem(meeting=meeting, task="报送活动方案", owner="市老年人体育协会", working_days=3)
    )
    # 29 September + 3 working days, over the National Day holiday (1–7 October 2026 off).
    assert item.due_on == datetime.date(2026, 10, 9)
    assert item.overdue_on(datetime.date(2026, 10, 12)) and not item.overdue_on(datetime.date(2026, 10, 9))
    assert list(meeting.alliance_attendees.all()) == [a] and list(meeting.staff_attendees.all()) == [cast.staff]
    assert meeting.history.count() >= 1


def test_a_member_not_in_the_alliance_on_the_day_cannot_attend(cast):
    late = _alliance("扬州市老年书画研究会", joined=datetime.date(2026, 10, 1))
    with pytest.raises(ValidationError, match="不是联盟成员"):
        s.meeting_save(
            meeting=JointMeeting(
                title="联席会议", held_on=datetime.date(2026, 9, 1), place="局", topics="议题", decisions="事项"
            ),
            alliance_attendees=[late],
        )
    assert not JointMeeting.objects.exists()


def test_a_district_writes_its_own_alliance_members_only(cast):
    with pytest.raises(ValidationError, match="数据权限"):
        s.alliance_member_save(
            member=AllianceMember(
                name="市级社团", kind="association", contact_person="李", joined_on=datetime.date(2021, 1, 1)
            ),
            user=cast.district,
        )
    own = s.alliance_member_save(
        member=AllianceMember(
            name="广陵区老年协会",
            kind="association",
            region=cast.team.region,
            contact_person="李",
            joined_on=datetime.date(2021, 1, 1),
        ),
        user=cast.district,
    )
    city = _alliance()
    visible = set(AllianceMember.objects.for_user(cast.district))
    assert visible == {own, city}
    assert set(AllianceMember.objects.for_user(cast.district_other)) == {city}


def test_leaving_the_alliance_is_recorded_once(cast):
    a = _alliance()
    s.alliance_member_leave(member=a, on=datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError, match="已于 2026-06-30 退出联盟"):
        s.alliance_member_leave(member=a, on=datetime.date(2026, 7, 1))


# ---------------------------------------------------------------------------
# Special campaigns
# ---------------------------------------------------------------------------
def test_a_campaign_counts_confirmed_person_times_and_hours_by_team_and_region(cast):
    campaign = s.campaign_save(campaign=Campaign(name="文明有我·银耀扬城"))
    a, b = member(cast.team), member(cast.team)
    act = activity(cast.team, campaign=campaign)
    r1, _pending = s.records_enter(
        activity=act, entries=[s.HoursEntry(member=a, hours=Decimal(2)), s.HoursEntry(member=b, hours=Decimal(3))]
    )
    s.records_confirm(records=[r1], user=None)  # b's record still pending: not a person-time
    other = activity(cast.other_team, campaign=campaign)
    c = member(cast.other_team)
    s.records_confirm(
        records=s.records_enter(activity=other, entries=[s.HoursEntry(member=c, hours=Decimal(4))]), user=None
    )
    activity(cast.team, title="专项行动之外的活动")
    figures = selectors.campaign_figures(campaign)
    assert (figures["activities"], figures["times"], figures["hours"]) == (2, 2, Decimal(6))
    assert {(r["team"], r["times"], r["hours"]) for r in figures["teams"]} == {
        (cast.team.name, 1, Decimal(2)),
        (cast.other_team.name, 1, Decimal(4)),
    }
    assert {r["region"] for r in figures["regions"]} == {"广陵区", "邗江区"}
    mine = selectors.campaign_figures(campaign, user=cast.district)
    assert (mine["times"], mine["hours"]) == (1, Decimal(2))
    totals = selectors.campaign_totals(year=2026)
    assert totals == [{"name": "文明有我·银耀扬城", "times": 2, "hours": Decimal(6), "activities": 2, "teams": 2}]
    assert selectors.campaign_totals(year=2026, region_id=cast.other_team.region_id)[0]["times"] == 1


# ---------------------------------------------------------------------------
# Certificate notice (公示)
# ---------------------------------------------------------------------------
def test_an_issued_certificate_is_on_notice_for_the_days_of_the_rule_then_registered(cast):
    cert = _certificate(cast.team, issued=True)
    assert cert.status == CertificateStatus.ISSUED
    assert (cert.notice_end - cert.notice_start).days == 7
    with pytest.raises(ValidationError, match="期满后才能登记"):
        s.certificate_register(certificate=cert, today=cert.notice_end)
    assert s.certificates_register_due(today=cert.notice_end + datetime.timedelta(days=1)) == 1
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REGISTERED and cert.registered_on is not None


def test_the_notice_cannot_be_set_under_seven_days(cast):
    rule = RecordRule.objects.get(kind=RuleKind.CERTIFICATE_NOTICE)
    rule.days = 5
    with pytest.raises(ValidationError, match="不得少于 7 日"):
        rule.full_clean()


def test_an_objection_holds_the_certificate_until_checked(cast):
    cert = _certificate(cast.team, issued=True)
    objection = s.certificate_object(
        certificate=cert, raised_by="队员张某", content="时长偏多", today=cert.notice_start
    )
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.HELD
    after = cert.notice_end + datetime.timedelta(days=1)
    assert s.certificates_register_due(today=after) == 0
    s.objection_resolve(objection=objection, upheld=False, resolution="经核对签到表无误", user=cast.staff)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.ISSUED
    assert s.certificates_register_due(today=after) == 1


def test_an_upheld_objection_revokes_the_certificate(cast):
    cert = _certificate(cast.team, issued=True)
    objection = s.certificate_object(certificate=cert, raised_by="服务对象", content="未参加", today=cert.notice_start)
    s.objection_resolve(objection=objection, upheld=True, resolution="该次服务未实际参加", user=cast.staff)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED and "该次服务未实际参加" in cert.revoke_reason


def test_no_objection_after_the_notice(cast):
    cert = _certificate(cast.team, issued=True)
    with pytest.raises(ValidationError, match="公示期已于"):
        s.certificate_object(
            certificate=cert, raised_by="某人", content="异议", today=cert.notice_end + datetime.timedelta(days=1)
        )
    assert Certificate.objects.get().status == CertificateStatus.ISSUED


def test_the_reference_rules_are_there(cast):
    assert dict(RecordRule.objects.values_list("kind", "days")) == {
        "correction": 10,
        "certificate_notice": 7,
        "omission": 90,
    }
    assert RecordRule.days_for(RuleKind.CORRECTION) == 10
    # A missing record may be asked for up to a year after the activity, no longer.
    rule = RecordRule.objects.get(kind=RuleKind.OMISSION)
    rule.days = 367
    with pytest.raises(ValidationError, match="1 至 366"):
        rule.full_clean()


def test_the_daily_task_registers_certificates_whose_notice_has_ended(cast):
    from apps.volunteers.tasks import register_certificates

    cert = _certificate(cast.team, issued=True)
    assert register_certificates() == 0  # still on notice
    Certificate.objects.filter(pk=cert.pk).update(
        notice_start=datetime.date(2026, 1, 1), notice_end=datetime.date(2026, 1, 8)
    )
    assert register_certificates() == 1
    assert Certificate.objects.get().status == CertificateStatus.REGISTERED
