"""A missing service record asked for (67号令 art. 13: 记录有误或者遗漏): filed by the
volunteer himself or his team leader for an activity of his team, within the rule's
period; accepting it creates the record through ``records_enter`` (every check of an
entered record), refusing keeps nothing; each bad input a Chinese error, nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.choices import Role
from apps.volunteers import services as s
from apps.volunteers.choices import CorrectionKind, CorrectionStatus, MemberStatus, RecordStatus, RuleKind
from apps.volunteers.models import CorrectionRequest, RecordRule, ServiceRecord
from tests.conftest import make_user
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 4)  # a Friday
DAY = datetime.date(2026, 11, 20)


def _ask(m, a, *, hours=Decimal("2.5"), user=None, today=TODAY, **kwargs):
    fields = {"channel": "self", "description": "当天签到参加了服务，记录中没有"} | kwargs
    return s.omission_request(member=m, activity=a, hours=hours, user=user, today=today, **fields)


def _nothing_saved():
    assert not ServiceRecord.objects.exists()


# ---------------------------------------------------------------------------
# Filing
# ---------------------------------------------------------------------------
def test_a_missing_record_is_asked_for_with_its_activity_and_a_working_day_deadline(cast):
    m = member(cast.team)
    a = activity(cast.team, date=DAY)
    c = _ask(m, a, user=cast.team_leader)
    assert (c.kind, c.member, c.activity, c.record, c.proposed_hours, c.status) == (
        CorrectionKind.OMITTED,
        m,
        a,
        None,
        Decimal("2.5"),
        CorrectionStatus.OPEN,
    )
    # 10 working days after Friday 4 December 2026: Friday 18 December.
    assert c.due_on == datetime.date(2026, 12, 18) and c.requested_by == cast.team_leader
    assert c.history.count() == 1
    _nothing_saved()


def test_the_volunteer_asks_himself_and_nobody_else_may_for_him(cast):
    m = member(cast.team)
    a = activity(cast.team, date=DAY)
    himself = make_user("wang", "", person=m.person)
    c = _ask(m, a, user=himself)
    assert c.requested_by == himself
    # Another elder account (no role, no scope) cannot ask for him.
    other = make_user("li", "", person=member(cast.team).person)
    with pytest.raises(ValidationError, match="数据权限"):
        _ask(m, activity(cast.team, date=DAY, title="另一次活动"), user=other)
    # Nor the team leader of another team.
    leader = make_user("leader2", Role.TEAM_LEADER, scope_team=cast.other_team)
    with pytest.raises(ValidationError, match="数据权限"):
        _ask(m, activity(cast.team, date=DAY, title="第三次活动"), user=leader)
    assert CorrectionRequest.objects.count() == 1


@pytest.mark.parametrize(
    "case, message",
    [
        ("other_team", "不是志愿者所在团队的活动"),
        ("future", "今天之后"),
        ("too_old", "超过补记期限（活动后 90 日内可申请）"),
        ("before_joining", "加入团队，不能补记加入之前的服务"),
        ("after_leaving", "离队，不能补记离队之后的服务"),
        ("recorded", "已有这名志愿者的服务记录"),
        ("no_hours", "请填写实际服务的时长"),
        ("zero_hours", "大于 0 且不超过 24 小时"),
        ("too_many_hours", "大于 0 且不超过 24 小时"),
        ("no_description", "请写明需要更正的内容"),
        ("bad_channel", "请选择申请方式"),
    ],
)
def test_every_bad_request_is_refused_in_chinese_and_nothing_is_saved(cast, case, message):
    m = member(cast.team, joined=datetime.date(2026, 1, 1))
    a = activity(cast.team, date=DAY)
    kwargs = {}
    if case == "other_team":
        a = activity(cast.other_team, date=DAY)
    elif case == "future":
        a = activity(cast.team, date=TODAY + datetime.timedelta(days=1))
    elif case == "too_old":
        a = activity(cast.team, date=TODAY - datetime.timedelta(days=91))
    elif case == "before_joining":
        a = activity(cast.team, date=datetime.date(2025, 12, 31))
        RecordRule.objects.filter(kind=RuleKind.OMISSION).update(days=366)
    elif case == "after_leaving":
        s.member_set_status(member=m, status=MemberStatus.LEFT, on=DAY, reason="搬家")
        m.refresh_from_db()
    elif case == "recorded":
        s.records_enter(activity=a, entries=[s.HoursEntry(member=m, hours=Decimal(2))])
    elif case == "no_hours":
        kwargs["hours"] = None
    elif case == "zero_hours":
        kwargs["hours"] = Decimal(0)
    elif case == "too_many_hours":
        kwargs["hours"] = Decimal(25)
    elif case == "no_description":
        kwargs["description"] = "  "
    elif case == "bad_channel":
        kwargs["channel"] = "phone"
    records_before = ServiceRecord.objects.count()
    with pytest.raises(ValidationError, match=message):
        _ask(m, a, **kwargs)
    assert not CorrectionRequest.objects.exists()
    assert ServiceRecord.objects.count() == records_before


def test_one_open_request_an_activity_and_the_period_is_data(cast):
    m = member(cast.team)
    a = activity(cast.team, date=DAY)
    _ask(m, a)
    with pytest.raises(ValidationError, match="已有待处理的补记申请"):
        _ask(m, a)
    RecordRule.objects.filter(kind=RuleKind.OMISSION).update(days=10)
    with pytest.raises(ValidationError, match="活动后 10 日内"):
        _ask(m, activity(cast.team, date=TODAY - datetime.timedelta(days=11), title="早先的活动"))
    assert CorrectionRequest.objects.count() == 1


def test_the_candidates_are_his_teams_past_activities_in_the_period_without_his_record(cast):
    m = member(cast.team)
    wanted = activity(cast.team, date=DAY, title="补记候选")
    recorded = activity(cast.team, date=DAY, title="已有记录")
    s.records_enter(activity=recorded, entries=[s.HoursEntry(member=m, hours=Decimal(1))])
    activity(cast.team, date=TODAY + datetime.timedelta(days=2), title="未来活动")
    activity(cast.team, date=TODAY - datetime.timedelta(days=120), title="太早的活动")
    activity(cast.other_team, date=DAY, title="别队活动")
    assert list(s.omission_candidates(m, today=TODAY)) == [wanted]


# ---------------------------------------------------------------------------
# Handling
# ---------------------------------------------------------------------------
def test_accepting_creates_exactly_one_confirmed_record_and_the_request_points_at_it(cast):
    m = member(cast.team)
    a = activity(cast.team, date=DAY)
    c = _ask(m, a)
    s.correction_accept(correction=c, hours=Decimal(3), user=cast.team_leader, today=TODAY)
    record = ServiceRecord.objects.get()
    c.refresh_from_db()
    assert (record.member, record.activity, record.date, record.hours, record.status) == (
        m,
        a,
        DAY,
        Decimal(3),
        RecordStatus.CONFIRMED,
    )
    assert record.reviewed_by == cast.team_leader
    assert (c.status, c.record, c.old_hours, c.new_hours, c.handled_by, c.handled_on) == (
        CorrectionStatus.ACCEPTED,
        record,
        None,
        Decimal(3),
        cast.team_leader,
        TODAY,
    )
    assert [h.status for h in c.history.order_by("history_date")] == ["open", "accepted"]
    with pytest.raises(ValidationError, match="已办理"):
        s.correction_accept(correction=c, hours=Decimal(3), user=cast.team_leader, today=TODAY)
    assert ServiceRecord.objects.count() == 1


def test_refusing_keeps_nothing_and_tells_the_reason(cast):
    c = _ask(member(cast.team), activity(cast.team, date=DAY))
    with pytest.raises(ValidationError, match="写明理由"):
        s.correction_refuse(correction=c, reason="", user=cast.team_leader)
    s.correction_refuse(correction=c, reason="签到表上没有本人签名", user=cast.team_leader, today=TODAY)
    c.refresh_from_db()
    assert (c.status, c.refuse_reason, c.record) == (CorrectionStatus.REFUSED, "签到表上没有本人签名", None)
    _nothing_saved()


@pytest.mark.parametrize(
    "case, message",
    [
        ("over_24_hours", "超过一天 24 小时"),
        ("overlap", "重叠"),
        ("left_since", "离队，不能登记离队之后的服务"),
        ("recorded_since", "在该活动已有服务记录"),
        ("future", "活动日期在今天之后"),
        ("other_team_leader", "数据权限"),
    ],
)
def test_accepting_runs_every_check_of_an_entered_record_and_saves_nothing_when_refused(cast, case, message):
    m = member(cast.team)
    a = activity(cast.team, date=DAY)
    c = _ask(m, a)
    kwargs = {"hours": Decimal(3), "user": cast.team_leader, "today": TODAY}
    if case == "over_24_hours":
        other = activity(cast.team, date=DAY, title="同日另一活动")
        s.records_enter(activity=other, entries=[s.HoursEntry(member=m, hours=Decimal(22))])
    elif case == "overlap":
        other = activity(cast.team, date=DAY, title="同时段活动")
        s.records_enter(
            activity=other,
            entries=[s.HoursEntry(member=m, start_time=datetime.time(9), end_time=datetime.time(11))],
        )
        kwargs |= {"start_time": datetime.time(10), "end_time": datetime.time(12), "hours": Decimal(2)}
    elif case == "left_since":
        # Left the team before the activity, after the request was made.
        from apps.volunteers.models import TeamMember

        TeamMember.objects.filter(pk=m.pk).update(status=MemberStatus.LEFT, left_on=DAY - datetime.timedelta(days=1))
    elif case == "recorded_since":
        s.records_enter(activity=a, entries=[s.HoursEntry(member=m, hours=Decimal(1))])
    elif case == "future":
        kwargs["today"] = DAY - datetime.timedelta(days=1)
    elif case == "other_team_leader":
        kwargs["user"] = make_user("leader2", Role.TEAM_LEADER, scope_team=cast.other_team)
    before = set(ServiceRecord.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match=message):
        s.correction_accept(correction=c, **kwargs)
    c.refresh_from_db()
    assert c.status == CorrectionStatus.OPEN and c.record is None
    assert set(ServiceRecord.objects.values_list("pk", flat=True)) == before


def test_a_wrong_records_request_now_names_its_volunteer(cast):
    m = member(cast.team)
    (record,) = s.records_enter(activity=activity(cast.team, date=DAY), entries=[s.HoursEntry(member=m, hours=2)])
    c = s.correction_request(record=record, channel="leader", description="多记", today=TODAY)
    assert (c.kind, c.member, c.subject) == (CorrectionKind.RECORD, m, record.activity)
