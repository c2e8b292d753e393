"""绿扬霞光 services: teams, volunteers, activities, hours, certificates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.volunteers import services as s
from apps.volunteers.choices import CertificateStatus, Intensity, MemberStatus, RecordStatus
from apps.volunteers.models import Certificate, ServiceRecord, TeamMember
from tests import factories as f
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Teams
# ---------------------------------------------------------------------------
def test_four_unified_card_counts_what_is_filled_in(cast):
    team = cast.team
    card = team.four_unified()
    assert card["total"] == 7
    assert card["percent"] == 0
    team.service_content, team.theme, team.charter = "政策宣讲", "银龄先锋", "第一条 ……"
    team.leader = f.PersonFactory()
    team.save()
    card = team.four_unified()
    assert card["filled"] == 4
    assert card["percent"] == 57
    titles = {g["title"]: g["complete"] for g in card["groups"]}
    assert titles == {"活动内容": True, "活动主题": True, "活动标识": False, "队伍建设": False}


def test_team_save_refuses_a_region_outside_the_district(cast):
    team = cast.other_team
    team.theme = "改名"
    with pytest.raises(ValidationError):
        s.team_save(team=team, user=cast.district)


# ---------------------------------------------------------------------------
# Volunteers
# ---------------------------------------------------------------------------
def test_joining_records_consent_and_gives_a_number_that_is_not_the_id(cast):
    person = f.PersonFactory()
    m = s.member_join(
        team=cast.team, person=person, joined_on=datetime.date(2024, 3, 1), consent_note="本人签字同意", user=cast.staff
    )
    assert m.volunteer_number == "ZY2024000001"
    assert person.id_number not in m.volunteer_number
    assert m.consent_by == cast.staff and m.consent_at is not None
    second = s.member_join(
        team=cast.team,
        person=f.PersonFactory(),
        joined_on=datetime.date(2024, 5, 1),
        consent_note="口头同意",
        user=cast.staff,
    )
    assert second.volunteer_number == "ZY2024000002"


def test_joining_without_consent_is_refused_in_chinese(cast):
    with pytest.raises(ValidationError, match="同意方式"):
        s.member_join(team=cast.team, person=f.PersonFactory(), joined_on=datetime.date(2024, 3, 1), consent_note=" ")
    assert not TeamMember.objects.exists()


def test_joining_a_team_outside_the_scope_is_refused(cast):
    with pytest.raises(ValidationError):
        s.member_join(
            team=cast.other_team,
            person=f.PersonFactory(),
            joined_on=datetime.date(2024, 3, 1),
            consent_note="同意",
            user=cast.district,
        )


def test_pause_resume_leave(cast):
    m = member(cast.team)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="暂停原因"):
        s.member_set_status(member=m, status=MemberStatus.PAUSED, on=today)
    m = s.member_set_status(member=m, status=MemberStatus.PAUSED, on=today, reason="住院")
    assert (m.status, m.active) == (MemberStatus.PAUSED, False)
    m = s.member_set_status(member=m, status=MemberStatus.ACTIVE, on=today)
    assert m.active and m.paused_on is None
    m = s.member_set_status(member=m, status=MemberStatus.LEFT, on=today, reason="迁居外地")
    assert m.left_on == today and not m.active
    with pytest.raises(ValidationError, match="已离队"):
        s.member_set_status(member=m, status=MemberStatus.ACTIVE, on=today)


# ---------------------------------------------------------------------------
# Activities and sign-up
# ---------------------------------------------------------------------------
def test_activity_gets_its_recording_deadline_ten_working_days_on(cast):
    a = activity(cast.team, date=datetime.date(2026, 3, 2))  # a Monday
    from apps.core.workdays import add_working_days

    assert a.record_due_on == add_working_days(datetime.date(2026, 3, 2), 10)
    assert a.record_due_on > datetime.date(2026, 3, 12)  # weekends never count


def test_activity_needs_a_risk_notice(cast):
    with pytest.raises(ValidationError, match="风险提示"):
        activity(cast.team, risk_notice="")


def test_fit_warning_for_an_old_volunteer_on_a_strenuous_task(cast):
    a = activity(cast.team, date=timezone.localdate() + datetime.timedelta(days=3), intensity=Intensity.STRENUOUS)
    old = member(cast.team, birth=datetime.date(1945, 1, 1))
    young = member(cast.team, birth=datetime.date(1962, 1, 1))
    assert "不宜参加较强体力" in s.signup_create(activity=a, member=old).fit_warning
    assert s.signup_create(activity=a, member=young).fit_warning == ""


def test_sign_up_is_refused_when_the_position_is_full_and_cancel_needs_a_reason(cast):
    a = s.activity_save(
        activity=activity(cast.team, date=timezone.localdate() + datetime.timedelta(days=3)),
        positions=[("引导员", 1, "")],
    )
    position = a.positions.get()
    first = s.signup_create(activity=a, member=member(cast.team), position=position)
    with pytest.raises(ValidationError, match="已满"):
        s.signup_create(activity=a, member=member(cast.team), position=position)
    with pytest.raises(ValidationError, match="取消原因"):
        s.signup_cancel(signup=first, reason="")
    cancelled = s.signup_cancel(signup=first, reason="身体不适")
    assert cancelled.cancelled_at is not None


# ---------------------------------------------------------------------------
# Hours
# ---------------------------------------------------------------------------
def test_hours_from_sign_in_and_out(cast):
    a = activity(cast.team)
    m = member(cast.team)
    (record,) = s.records_enter(
        activity=a, entries=[s.HoursEntry(member=m, start_time=datetime.time(8, 30), end_time=datetime.time(11, 0))]
    )
    assert record.hours == Decimal("2.5") and record.source == "checkin" and record.status == RecordStatus.PENDING
    a.refresh_from_db()
    assert a.records_done_at is not None


@pytest.mark.parametrize(
    "case, message",
    [
        ("over_24", "一天不能超过 24 小时"),
        ("day_total", "超过一天 24 小时"),
        ("overlap", "重叠"),
        ("left", "离队"),
        ("before_join", "加入之前"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_saved(cast, case, message):
    day = datetime.date(2026, 3, 2)
    a = activity(cast.team, date=day, title="上午巡查")
    good = member(cast.team)
    m = member(cast.team, joined=datetime.date(2026, 5, 1) if case == "before_join" else datetime.date(2020, 1, 1))
    entry = s.HoursEntry(member=m, hours=Decimal("3"))
    if case == "over_24":
        entry.hours = Decimal("25")
    if case in ("day_total", "overlap"):
        other = activity(cast.team, date=day, title="下午宣讲")
        s.records_enter(
            activity=other,
            entries=[
                s.HoursEntry(member=m, hours=Decimal("22"), start_time=datetime.time(8), end_time=datetime.time(10))
            ],
        )
        if case == "overlap":
            ServiceRecord.objects.filter(member=m).update(hours=Decimal("2"))
            entry = s.HoursEntry(member=m, start_time=datetime.time(9), end_time=datetime.time(11))
    if case == "left":
        TeamMember.objects.filter(pk=m.pk).update(left_on=day, status=MemberStatus.LEFT)
        m.refresh_from_db()
        entry.member = m
    before = ServiceRecord.objects.count()
    with pytest.raises(ValidationError, match=message):
        s.records_enter(activity=a, entries=[s.HoursEntry(member=good, hours=Decimal("2")), entry])
    assert ServiceRecord.objects.count() == before
    a.refresh_from_db()
    assert a.records_done_at is None


def test_hours_for_a_future_activity_are_refused(cast):
    a = activity(cast.team, date=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="今天之后"):
        s.records_enter(activity=a, entries=[s.HoursEntry(member=member(cast.team), hours=Decimal("2"))])


def test_confirm_and_return_keep_who_and_when(cast):
    a = activity(cast.team)
    r1, r2 = s.records_enter(
        activity=a,
        entries=[
            s.HoursEntry(member=member(cast.team), hours=Decimal(2)),
            s.HoursEntry(member=member(cast.team), hours=Decimal(3)),
        ],
    )
    assert s.records_confirm(records=[r1], user=cast.team_leader) == 1
    r1.refresh_from_db()
    assert (r1.status, r1.reviewed_by) == (RecordStatus.CONFIRMED, cast.team_leader)
    with pytest.raises(ValidationError, match="原因"):
        s.record_return(record=r2, reason="", user=cast.team_leader)
    r2 = s.record_return(record=r2, reason="时长与签到表不符", user=cast.team_leader)
    assert r2.status == RecordStatus.RETURNED and r2.reviewed_at is not None
    r2 = s.record_correct(record=r2, hours=Decimal("2.5"), user=cast.team_leader)
    assert r2.status == RecordStatus.PENDING


def test_a_leader_cannot_confirm_another_teams_hours(cast):
    a = activity(cast.other_team)
    (r,) = s.records_enter(activity=a, entries=[s.HoursEntry(member=member(cast.other_team), hours=Decimal(2))])
    with pytest.raises(ValidationError):
        s.records_confirm(records=[r], user=cast.team_leader)


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------
def _issued(cast):
    a = activity(cast.team)
    m = s.member_join(
        team=cast.team, person=f.PersonFactory(), joined_on=datetime.date(2024, 3, 1), consent_note="本人签字同意"
    )
    (r,) = s.records_enter(activity=a, entries=[s.HoursEntry(member=m, hours=Decimal("3.5"))])
    cert = s.certificate_request(
        member=m, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30)
    )
    cert = s.certificate_accept(certificate=cert, user=cast.staff)
    with pytest.raises(ValidationError, match="尚未确认"):
        s.certificate_issue(
            certificate=cert, person_in_charge="王局长", handler="李经办", contact="0514-1", user=cast.staff
        )
    s.records_confirm(records=[r], user=cast.staff)
    return s.certificate_issue(
        certificate=cert, person_in_charge="王局长", handler="李经办", contact="0514-1", user=cast.staff
    )


def test_certificate_freezes_the_four_parts_from_confirmed_hours(cast):
    cert = _issued(cast)
    assert cert.status == CertificateStatus.ISSUED
    assert cert.hours == Decimal("3.5") and cert.activity_count == 1
    assert "*" in cert.holder_id_masked and cert.holder_volunteer_number.startswith("ZY")
    assert cert.issuer == "扬州市委老干部局" and cert.handler == "李经办" and cert.issued_on
    assert s.certificate_number_valid(cert.number)


def test_forged_or_altered_numbers_do_not_verify(cast):
    cert = _issued(cast)
    serial, _, code = cert.number.rpartition("-")
    assert not s.certificate_number_valid(f"{serial}-000000")
    assert not s.certificate_number_valid(serial[:-1] + "9-" + code)
    assert not s.certificate_number_valid("随便写的")


def test_revoke_needs_a_reason(cast):
    cert = _issued(cast)
    with pytest.raises(ValidationError, match="原因"):
        s.certificate_revoke(certificate=cert, reason="", user=cast.staff)
    cert = s.certificate_revoke(certificate=cert, reason="时长登记有误", user=cast.staff)
    assert Certificate.objects.get().status == CertificateStatus.REVOKED


def test_the_team_page_shows_its_four_unified_card(cast):
    """The back office's ★ 四个统一 card: the completion line, then one line per group."""
    from apps.volunteers.admin import TeamAdmin
    from apps.volunteers.models import Team

    html = str(TeamAdmin(Team, None).four_unified_card(cast.team))
    assert html.startswith("<div>已完成 ") and html.count("<div><strong>") == 4
