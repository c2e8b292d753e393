"""Writes to 绿扬霞光 records: the one path the admin, the team leader's workspace, imports
and seeds use. Each write checks the user's scope (``user=None`` is the system itself),
runs in ``transaction.atomic`` and leaves a history record; a refused write leaves nothing.
"""

import datetime
import hashlib
import hmac
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from apps.accounts.roles import role_may
from apps.core.masking import mask_id_number
from apps.core.scoping import check_writable
from apps.volunteers.choices import (
    CertificateStatus,
    CorrectionChannel,
    CorrectionKind,
    CorrectionStatus,
    EvaluationKind,
    HealthDeclaration,
    Intensity,
    MemberStatus,
    ObjectionStatus,
    RecordSource,
    RecordStatus,
    RuleKind,
    SignUpStatus,
)
from apps.volunteers.models import (
    RECORD_DEADLINE_WORKING_DAYS,
    Activity,
    AllianceMember,
    Campaign,
    Certificate,
    CertificateObjection,
    CorrectionRequest,
    EvaluationRecord,
    FollowUpItem,
    JointMeeting,
    Position,
    RecordRule,
    ServiceRecord,
    SignUp,
    Team,
    TeamMember,
    TrainingRecord,
)

MAX_HOURS_PER_DAY = Decimal("24")
NOT_IN_SCOPE = "该记录不在您的数据权限范围内。"


def _in_scope(model, obj, user) -> None:
    if user is not None and not model.objects.for_user(user).filter(pk=obj.pk).exists():
        raise ValidationError(NOT_IN_SCOPE)


def _require(user, permission: str, what: str) -> None:
    """The role's permission (``roles.py``, no query); ``user=None`` is the system itself."""
    if user is not None and not role_may(user, permission):
        raise PermissionDenied(f"您没有{what}的权限。")


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


# ---------------------------------------------------------------------------
# Teams
# ---------------------------------------------------------------------------
@transaction.atomic
def team_save(*, team: Team, user=None) -> Team:
    check_writable(user, region=team.region, partner_branch=team.partner_branch)
    if team.pk:
        _in_scope(Team, team, user)
    team.full_clean()
    team.save()
    return team


# ---------------------------------------------------------------------------
# Volunteers
# ---------------------------------------------------------------------------
def volunteer_number_next(year: int) -> str:
    """``ZY`` + year + six digits: a public number that says nothing of the person's ID
    (MZ/T 061-2015). Called inside the joining transaction."""
    prefix = f"ZY{year}"
    last = (
        TeamMember.objects.select_for_update()
        .filter(volunteer_number__startswith=prefix)
        .aggregate(m=Max("volunteer_number"))["m"]
    )
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


@transaction.atomic
def member_join(
    *,
    team: Team,
    person,
    joined_on: datetime.date,
    consent_note: str,
    user=None,
    skills: str = "",
    service_types: str = "",
    availability: str = "",
    health_declaration: str = HealthDeclaration.GOOD,
) -> TeamMember:
    """A volunteer joins ``team``. Entered by the team or the bureau, so the volunteer's
    consent (67号令 art. 6) is recorded: how it was given, by whom and when."""
    check_writable(user, team=team)
    if not consent_note.strip():
        raise ValidationError({"consent_note": "由团队代为录入志愿者信息，须登记志愿者本人的同意方式（67号令第6条）。"})
    if TeamMember.objects.filter(team=team, person=person).exists():
        raise ValidationError({"person": f"{person.name}已是“{team.name}”的志愿者，请勿重复登记。"})
    member = TeamMember(
        team=team,
        person=person,
        joined_on=joined_on,
        skills=skills,
        service_types=service_types,
        availability=availability,
        health_declaration=health_declaration,
        consent_note=consent_note.strip(),
        consent_at=timezone.now(),
        consent_by=user if user is not None and user.is_authenticated else None,
        volunteer_number=volunteer_number_next(joined_on.year),
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_set_status(*, member: TeamMember, status: str, on: datetime.date, reason: str = "", user=None) -> TeamMember:
    """Pause, resume or leave. Leaving keeps the volunteer's records; none may be added after."""
    _in_scope(TeamMember, member, user)
    member = _lock(TeamMember, member.pk)
    if on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天。"})
    if on < member.joined_on:
        raise ValidationError({"on": "日期不能早于加入时间。"})
    if member.status == MemberStatus.LEFT:
        raise ValidationError("该志愿者已离队，不能再变更状态；如重新加入请重新登记。")
    if status == MemberStatus.LEFT:
        later = member.records.filter(date__gte=on).exists()
        if later:
            raise ValidationError({"on": "该志愿者在此日期之后还有服务记录，离队时间不能早于最后一次服务。"})
        if not reason.strip():
            raise ValidationError({"reason": "请填写离队原因。"})
        member.left_on = on
    elif status == MemberStatus.PAUSED:
        if not reason.strip():
            raise ValidationError({"reason": "请填写暂停原因。"})
        member.paused_on = on
    else:
        member.paused_on = None
    member.status = status
    member.status_reason = reason.strip()
    member.active = status == MemberStatus.ACTIVE
    member.save()
    return member


# ---------------------------------------------------------------------------
# Activities and sign-up
# ---------------------------------------------------------------------------
def record_due(day: datetime.date) -> datetime.date:
    """67号令 art. 11: records are due 10 working days after the activity (shared calendar)."""
    from apps.core.workdays import add_working_days

    return add_working_days(day, RECORD_DEADLINE_WORKING_DAYS)


ACTIVITY_FIELDS = (
    "project",
    "category",
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "content",
    "campaign",
    "intensity",
    "risk_notice",
    "needs_insurance",
    "person_in_charge",
)


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    positions: Sequence[tuple[str, int, str]] | None = None,
    user=None,
    client_token: uuid.UUID | None = None,
) -> Activity:
    """Create or change an activity (and, when given, replace its positions). A new activity
    sent with a ``client_token`` already used by its team is not made again: the first one
    is returned (the unique column settles two sent at the same moment)."""
    check_writable(user, team=activity.team)
    if activity.pk:
        _in_scope(Activity, activity, user)
    elif client_token:
        existing = Activity.objects.filter(client_token=client_token, team=activity.team).first()
        if existing:
            return existing
        activity.client_token = client_token
    if not (activity.risk_notice or "").strip():
        raise ValidationError({"risk_notice": "请填写风险提示（《志愿服务条例》第12条）。"})
    if activity.start_time and activity.end_time and activity.end_time <= activity.start_time:
        raise ValidationError({"end_time": "结束时间须晚于开始时间。"})
    if activity.project_id and activity.project.team_id != activity.team_id:
        raise ValidationError({"project": "服务项目须属于本团队。"})
    if activity.person_in_charge_id is None and activity.team.leader_id:
        activity.person_in_charge_id = activity.team.leader_id
    activity.record_due_on = record_due(activity.date)
    activity.full_clean(exclude=["client_token"])
    if activity.client_token and activity._state.adding:
        try:
            with transaction.atomic():
                activity.save()
        except IntegrityError:
            existing = Activity.objects.filter(client_token=activity.client_token, team=activity.team).first()
            if existing is None:
                raise
            return existing
    else:
        activity.save()
    if positions is not None:
        activity.positions.all().delete()
        for name, required, skill in positions:
            if not name.strip():
                continue
            if required < 1:
                raise ValidationError({"positions": f"岗位“{name}”的需要人数至少为 1。"})
            Position.objects.create(activity=activity, name=name.strip(), required=required, skill=skill)
    return activity


def fit_warning(member: TeamMember, activity: Activity) -> str:
    """★ 条例 art. 15: a warning when the volunteer's age or own health statement does not
    suit the task's intensity. A warning, not a refusal: the leader decides."""
    age = member.person.age
    reasons = []
    if activity.intensity == Intensity.STRENUOUS and age >= 75:
        reasons.append(f"年龄 {age} 岁，不宜参加较强体力的服务")
    if activity.intensity == Intensity.STRENUOUS and member.health_declaration == HealthDeclaration.LIGHT_ONLY:
        reasons.append("本人健康自述宜参加轻体力服务")
    if activity.intensity != Intensity.LIGHT and member.health_declaration == HealthDeclaration.LIMITED:
        reasons.append("本人健康自述仅宜参加室内、短时服务")
    return "；".join(reasons)


@transaction.atomic
def signup_create(*, activity: Activity, member: TeamMember, position: Position | None = None, user=None) -> SignUp:
    _in_scope(Activity, activity, user)
    activity = _lock(Activity, activity.pk)
    if member.team_id != activity.team_id:
        raise ValidationError({"member": "只有本团队的志愿者可以报名。"})
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"member": f"{member.person.name}当前状态为“{member.get_status_display()}”，不能报名。"})
    if activity.date < timezone.localdate():
        raise ValidationError("活动已结束，不能再报名。")
    if position is not None:
        if position.activity_id != activity.pk:
            raise ValidationError({"position": "岗位不属于该活动。"})
        taken = SignUp.objects.filter(position=position, status=SignUpStatus.SIGNED).count()
        if taken >= position.required:
            raise ValidationError({"position": f"岗位“{position.name}”已满（{position.required}人）。"})
    signup = SignUp.objects.filter(activity=activity, member=member).first()
    if signup and signup.status == SignUpStatus.SIGNED:
        raise ValidationError({"member": f"{member.person.name}已报名该活动。"})
    signup = signup or SignUp(activity=activity, member=member)
    signup.position = position
    signup.status = SignUpStatus.SIGNED
    signup.cancelled_at, signup.cancel_reason = None, ""
    signup.fit_warning = fit_warning(member, activity)
    signup.save()
    return signup


@transaction.atomic
def signup_cancel(*, signup: SignUp, reason: str, user=None) -> SignUp:
    """条例 art. 22: a volunteer who cannot serve says so in time, with a reason."""
    _in_scope(SignUp, signup, user)
    if not reason.strip():
        raise ValidationError({"reason": "请填写取消原因。"})
    signup = _lock(SignUp, signup.pk)
    if signup.status == SignUpStatus.CANCELLED:
        raise ValidationError("该报名已取消。")
    signup.status = SignUpStatus.CANCELLED
    signup.cancel_reason = reason.strip()
    signup.cancelled_at = timezone.now()
    signup.save()
    return signup


# ---------------------------------------------------------------------------
# Service records and hours
# ---------------------------------------------------------------------------
@dataclass
class HoursEntry:
    """One participant's hours: given as ``hours``, or from sign-in/sign-out times."""

    member: TeamMember
    hours: Decimal | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None


def _minutes(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


def hours_between(start: datetime.time, end: datetime.time) -> Decimal:
    """Hours from sign-in to sign-out, to the tenth of an hour."""
    return (Decimal(_minutes(end) - _minutes(start)) / 60).quantize(Decimal("0.1"))


@transaction.atomic
def records_enter(*, activity: Activity, entries: Sequence[HoursEntry], user=None, today=None) -> list[ServiceRecord]:
    """Record the participants' hours for ``activity``, all or none. Refused with the
    person's name: hours not in (0, 24], over 24 in a day with the volunteer's other
    records, times overlapping another record, a future date, a volunteer not in the team
    on the day (not yet joined, or left)."""
    _in_scope(Activity, activity, user)
    activity = _lock(Activity, activity.pk)
    today = today or timezone.localdate()
    if activity.date > today:
        raise ValidationError("活动日期在今天之后，不能登记服务时长。")
    if not entries:
        raise ValidationError("请至少登记一名志愿者的服务时长。")
    errors = []
    member_ids = [e.member.pk for e in entries]
    if len(set(member_ids)) != len(member_ids):
        errors.append("同一名志愿者在名单中出现了两次。")
    existing = set(
        ServiceRecord.objects.filter(activity=activity, member_id__in=member_ids).values_list("member_id", flat=True)
    )
    others = {}
    for r in ServiceRecord.objects.filter(member_id__in=member_ids, date=activity.date).exclude(activity=activity):
        others.setdefault(r.member_id, []).append(r)
    records = []
    for e in entries:
        name = e.member.person.name
        if e.member.team_id != activity.team_id:
            errors.append(f"{name}不是本团队的志愿者。")
            continue
        if not e.member.serving_on(activity.date):
            if e.member.left_on and activity.date >= e.member.left_on:
                errors.append(f"{name}已于 {e.member.left_on:%Y-%m-%d} 离队，不能登记离队之后的服务。")
            else:
                errors.append(f"{name}于 {e.member.joined_on:%Y-%m-%d} 加入团队，不能登记加入之前的服务。")
            continue
        if e.member.pk in existing:
            errors.append(f"{name}在该活动已有服务记录，请在原记录上修改。")
            continue
        start, end = e.start_time, e.end_time
        source = RecordSource.MANUAL
        hours = e.hours
        if start and end:
            if end <= start:
                errors.append(f"{name}的签退时间须晚于签到时间。")
                continue
            if hours is None:
                hours = hours_between(start, end)
                source = RecordSource.CHECKIN
        if hours is None:
            errors.append(f"请填写{name}的服务时长。")
            continue
        hours = Decimal(hours)
        if hours <= 0:
            errors.append(f"{name}的服务时长须大于 0。")
            continue
        if hours > MAX_HOURS_PER_DAY:
            errors.append(f"{name}的服务时长为 {hours} 小时，一天不能超过 24 小时。")
            continue
        same_day = others.get(e.member.pk, [])
        day_total = hours + sum((r.hours for r in same_day), Decimal("0"))
        if day_total > MAX_HOURS_PER_DAY:
            errors.append(f"{name}在 {activity.date:%Y-%m-%d} 的服务时长合计 {day_total} 小时，超过一天 24 小时。")
            continue
        if start and end:
            clash = next(
                (r for r in same_day if r.start_time and r.end_time and r.start_time < end and start < r.end_time),
                None,
            )
            if clash:
                errors.append(
                    f"{name}的服务时间 {start:%H:%M}–{end:%H:%M} 与其“{clash.activity.title}”的服务记录"
                    f"（{clash.start_time:%H:%M}–{clash.end_time:%H:%M}）重叠。"
                )
                continue
        records.append(
            ServiceRecord(
                activity=activity,
                member=e.member,
                date=activity.date,
                start_time=start,
                end_time=end,
                hours=hours,
                source=source,
            )
        )
    if errors:
        raise ValidationError(errors)
    for record in records:
        record.full_clean(exclude=["activity", "member"], validate_unique=False)
        record.save()
    if activity.records_done_at is None:
        activity.records_done_at = timezone.now()
        activity.save(update_fields=["records_done_at"])
    return records


def _check_reviewer(user, record: ServiceRecord) -> None:
    _in_scope(ServiceRecord, record, user)


@transaction.atomic
def records_confirm(*, records: Sequence[ServiceRecord], user) -> int:
    """The team leader (or staff) confirms pending hours: who and when are kept."""
    now = timezone.now()
    count = 0
    for record in records:
        _check_reviewer(user, record)
        record = _lock(ServiceRecord, record.pk)
        if record.status == RecordStatus.CONFIRMED:
            continue
        record.status = RecordStatus.CONFIRMED
        record.return_reason = ""
        record.reviewed_by, record.reviewed_at = user, now
        record.save()
        count += 1
    return count


@transaction.atomic
def record_return(*, record: ServiceRecord, reason: str, user) -> ServiceRecord:
    _check_reviewer(user, record)
    if not reason.strip():
        raise ValidationError({"reason": "退回时请填写原因。"})
    record = _lock(ServiceRecord, record.pk)
    if record.status != RecordStatus.PENDING:
        raise ValidationError(f"该记录状态为“{record.get_status_display()}”，只能退回待确认的记录。")
    record.status = RecordStatus.RETURNED
    record.return_reason = reason.strip()
    record.reviewed_by, record.reviewed_at = user, timezone.now()
    record.save()
    return record


@transaction.atomic
def record_correct(*, record: ServiceRecord, hours: Decimal, user) -> ServiceRecord:
    """A returned (or pending) record corrected (67号令 art. 13); it waits for confirmation again."""
    _check_reviewer(user, record)
    record = _lock(ServiceRecord, record.pk)
    if record.status == RecordStatus.CONFIRMED:
        raise ValidationError("已确认的记录不能直接修改。")
    hours = Decimal(hours)
    if hours <= 0 or hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": "服务时长须大于 0 且不超过 24 小时。"})
    others = (
        ServiceRecord.objects.filter(member=record.member, date=record.date)
        .exclude(pk=record.pk)
        .aggregate(s=Sum("hours"))["s"]
        or 0
    )
    if hours + others > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": f"当天服务时长合计 {hours + others} 小时，超过一天 24 小时。"})
    record.hours = hours
    record.status = RecordStatus.PENDING
    record.return_reason = ""
    record.save()
    return record


# ---------------------------------------------------------------------------
# Certificates (志愿服务记录证明)
# ---------------------------------------------------------------------------
def _check_code(serial: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"volunteer-certificate:{serial}".encode(), hashlib.sha256)
    return digest.hexdigest()[:6].upper()


def certificate_number(serial: str) -> str:
    """``serial`` with a keyed check code: a number made up or altered does not verify."""
    return f"{serial}-{_check_code(serial)}"


def certificate_number_valid(number: str) -> bool:
    serial, _, code = (number or "").strip().upper().rpartition("-")
    return bool(serial) and hmac.compare_digest(code, _check_code(serial))


@transaction.atomic
def certificate_request(
    *, member: TeamMember, period_start: datetime.date, period_end: datetime.date, purpose: str = "", user=None
) -> Certificate:
    _in_scope(TeamMember, member, user)
    if period_end < period_start:
        raise ValidationError({"period_end": "截止日期不能早于起始日期。"})
    if period_end > timezone.localdate():
        raise ValidationError({"period_end": "截止日期不能晚于今天。"})
    return Certificate.objects.create(
        member=member, period_start=period_start, period_end=period_end, purpose=purpose.strip()
    )


def _advance(cert: Certificate, user, *, expect: str | tuple[str, ...]) -> Certificate:
    _in_scope(Certificate, cert, user)
    cert = _lock(Certificate, cert.pk)
    if cert.status not in ((expect,) if isinstance(expect, str) else expect):
        raise ValidationError(f"该证明当前状态为“{cert.get_status_display()}”，不能办理此操作。")
    return cert


@transaction.atomic
def certificate_accept(*, certificate: Certificate, user) -> Certificate:
    cert = _advance(certificate, user, expect=CertificateStatus.REQUESTED)
    cert.status = CertificateStatus.ACCEPTED
    cert.accepted_at, cert.accepted_by = timezone.now(), user
    cert.save()
    return cert


@transaction.atomic
def certificate_issue(
    *, certificate: Certificate, person_in_charge: str, handler: str, contact: str, user
) -> Certificate:
    """Freeze the four parts (民发〔2015〕149号) from *confirmed* records only, number and
    register the certificate. Refused when the period holds hours not yet confirmed, or none."""
    cert = _advance(certificate, user, expect=CertificateStatus.ACCEPTED)
    if not (person_in_charge.strip() and handler.strip()):
        raise ValidationError("请填写出具单位负责人和经办人。")
    member = TeamMember.objects.select_related("person", "team").get(pk=cert.member_id)
    in_period = ServiceRecord.objects.filter(member=member, date__range=(cert.period_start, cert.period_end))
    unconfirmed = in_period.exclude(status=RecordStatus.CONFIRMED).count()
    if unconfirmed:
        raise ValidationError(f"该期间有 {unconfirmed} 条服务记录尚未确认，确认后才能开具证明。")
    confirmed = list(in_period.select_related("activity__category").order_by("date"))
    if not confirmed:
        raise ValidationError("该期间没有已确认的服务记录，不能开具证明。")
    categories = sorted({r.activity.category.name for r in confirmed})
    today = timezone.localdate()
    year_prefix = f"YZZM{today.year}"
    last = (
        Certificate.objects.select_for_update().filter(number__startswith=year_prefix).aggregate(m=Max("number"))["m"]
    )
    seq = int(last[len(year_prefix) : len(year_prefix) + 5]) + 1 if last else 1
    cert.number = certificate_number(f"{year_prefix}{seq:05d}")
    cert.holder_name = member.person.name
    cert.holder_id_masked = mask_id_number(member.person.id_number)
    cert.holder_volunteer_number = member.volunteer_number or ""
    cert.hours = sum((r.hours for r in confirmed), Decimal("0"))
    cert.activity_count = len(confirmed)
    cert.content = f"参加“{member.team.name}”志愿服务 {len(confirmed)} 次，服务类别：{'、'.join(categories)}。"
    cert.issuer = member.team.issuer
    cert.person_in_charge = person_in_charge.strip()
    cert.handler = handler.strip()
    cert.contact = contact.strip()
    cert.issued_on = today
    cert.issued_by = user
    cert.status = CertificateStatus.ISSUED
    # 民发〔2015〕149号: published inside the unit before it is registered (days as data).
    cert.notice_start = today
    cert.notice_end = today + datetime.timedelta(days=RecordRule.days_for(RuleKind.CERTIFICATE_NOTICE))
    cert.save()
    return cert


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, user) -> Certificate:
    cert = _advance(
        certificate, user, expect=(CertificateStatus.ISSUED, CertificateStatus.HELD, CertificateStatus.REGISTERED)
    )
    if not reason.strip():
        raise ValidationError({"reason": "撤销证明须填写原因。"})
    cert.status = CertificateStatus.REVOKED
    cert.revoke_reason = reason.strip()
    cert.revoked_at = timezone.now()
    cert.save()
    return cert


# ---------------------------------------------------------------------------
# Star levels: notice, then award
# ---------------------------------------------------------------------------
STAR_NOTICE_WORKING_DAYS = 5


@transaction.atomic
def star_notices_open(*, team: Team, user=None, today=None) -> list:
    """Put on notice every volunteer of ``team`` whose confirmed hours reach a star level
    he has not been noticed for (the highest only), for 5 working days."""
    from apps.core.workdays import add_working_days
    from apps.volunteers.models import StarAward
    from apps.volunteers.selectors import member_stars

    check_writable(user, team=team)
    today = today or timezone.localdate()
    end = add_working_days(today, STAR_NOTICE_WORKING_DAYS)
    have = set(StarAward.objects.filter(member__team=team).values_list("member_id", "level_id"))
    created = []
    for member, hours, level in member_stars(TeamMember.objects.filter(team=team).exclude(status=MemberStatus.LEFT)):
        if level is None or (member.pk, level.pk) in have:
            continue
        created.append(
            StarAward.objects.create(member=member, level=level, hours=hours, notice_start=today, notice_end=end)
        )
    return created


@transaction.atomic
def star_award(*, award, user=None, today=None):
    """Award a star once its notice has run its 5 working days."""
    from apps.volunteers.models import StarAward

    _in_scope(StarAward, award, user)
    award = _lock(StarAward, award.pk)
    today = today or timezone.localdate()
    if award.status != StarAward.NOTICE:
        raise ValidationError(f"该星级评定当前为“{award.get_status_display()}”，不能评定。")
    if today <= award.notice_end:
        raise ValidationError(f"公示期至 {award.notice_end:%Y年%m月%d日}，公示期满后才能评定。")
    award.status, award.awarded_on = StarAward.AWARDED, today
    award.save()
    return award


# ---------------------------------------------------------------------------
# Training and evaluation records (67号令 art. 8, 10)
# ---------------------------------------------------------------------------
def _check_record_day(member: TeamMember, day: datetime.date, today: datetime.date, label: str) -> None:
    if day > today:
        raise ValidationError({"date": f"{label}不能晚于今天。"})
    if member.left_on and day >= member.left_on:
        raise ValidationError(
            {"date": f"{member.person.name}已于 {member.left_on:%Y-%m-%d} 离队，不能登记离队之后的{label[:2]}。"}
        )


def _check_training(member: TeamMember, day: datetime.date, hours, today: datetime.date) -> Decimal:
    """The date and the hours checked together, so a refusal names every wrong field."""
    errors = {}
    try:
        _check_record_day(member, day, today, "培训日期")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    hours = Decimal(hours)
    if hours <= 0 or hours > MAX_HOURS_PER_DAY:
        errors["hours"] = ["学习时长须大于 0 且不超过 24 小时（跨天培训请按天分别登记）。"]
    if errors:
        raise ValidationError(errors)
    return hours


def training_checked(
    *, member: TeamMember, name: str, content: str, hours, organiser: str, date: datetime.date, today=None
) -> TrainingRecord:
    """A training record built and checked as :func:`training_record` checks it, not saved
    and without a query (``member.person`` loaded): the rules of art. 8 and the fields' own
    (lengths, digits). The Excel import checks each row with it. Refused: a
    ``ValidationError`` naming every wrong field."""
    errors = {}
    try:
        hours = _check_training(member, date, hours, today or timezone.localdate())
    except ValidationError as exc:
        errors.update(exc.message_dict)
    record = TrainingRecord(
        member=member,
        name=(name or "").strip(),
        content=(content or "").strip(),
        hours=hours,
        organiser=(organiser or "").strip(),
        date=date,
    )
    try:
        record.clean_fields(exclude=["member", *errors])  # the member is given, not looked up
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return record


@transaction.atomic
def training_record(
    *,
    member: TeamMember,
    name: str,
    content: str,
    hours: Decimal,
    organiser: str,
    date: datetime.date,
    user=None,
    today=None,
) -> TrainingRecord:
    """A training the volunteer attended (67号令 art. 8): name, main content, hours,
    organiser, date. Refused: a future date, a date after he left, hours not in (0, 24]."""
    _require(user, "volunteers.add_trainingrecord", "登记培训记录")
    _in_scope(TeamMember, member, user)
    record = training_checked(
        member=member, name=name, content=content, hours=hours, organiser=organiser, date=date, today=today
    )
    record.full_clean()
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def training_update(*, record: TrainingRecord, user=None, today=None) -> TrainingRecord:
    """Save the corrections made to ``record`` (its form's values) with the checks of
    ``training_record``. The stored record and the volunteer it now names must both be in
    the user's scope: a district cannot move a record to another district's volunteer."""
    _require(user, "volunteers.change_trainingrecord", "修改培训记录")
    _in_scope(TrainingRecord, record, user)
    _in_scope(TeamMember, record.member, user)
    _lock(TrainingRecord, record.pk)
    record.hours = _check_training(record.member, record.date, record.hours, today or timezone.localdate())
    record.name, record.content = (record.name or "").strip(), (record.content or "").strip()
    record.organiser = (record.organiser or "").strip()
    record.full_clean()
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def training_delete(*, record: TrainingRecord, user=None) -> None:
    """Delete a training record entered in error; its history keeps the deletion and who made it."""
    _require(user, "volunteers.delete_trainingrecord", "删除培训记录")
    _in_scope(TrainingRecord, record, user)
    record._history_user = user
    record.delete()


@transaction.atomic
def evaluation_record(
    *,
    member: TeamMember,
    kind: str,
    evaluator: str,
    date: datetime.date,
    content: str,
    rating: str = "",
    result: str = "",
    activity: Activity | None = None,
    user=None,
    today=None,
) -> EvaluationRecord:
    """An evaluation of the volunteer's service (67号令 art. 10: quality and date) or a
    complaint, with who made it and the result. An evaluation needs a rating."""
    _in_scope(TeamMember, member, user)
    today = today or timezone.localdate()
    _check_record_day(member, date, today, "评价日期")
    if kind == EvaluationKind.EVALUATION and not rating:
        raise ValidationError({"rating": "服务评价须选择评价等级。"})
    if activity is not None and activity.team_id != member.team_id:
        raise ValidationError({"activity": "所涉活动须是该志愿者所在团队的活动。"})
    record = EvaluationRecord(
        member=member,
        kind=kind,
        evaluator=evaluator.strip(),
        date=date,
        content=content.strip(),
        rating=rating,
        result=result.strip(),
        activity=activity,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def evaluation_resolve(*, evaluation: EvaluationRecord, result: str, user=None) -> EvaluationRecord:
    """Record what came of a complaint."""
    _in_scope(EvaluationRecord, evaluation, user)
    if not result.strip():
        raise ValidationError({"result": "请填写处理结果。"})
    evaluation = _lock(EvaluationRecord, evaluation.pk)
    evaluation.result = result.strip()
    evaluation.save()
    return evaluation


# ---------------------------------------------------------------------------
# 涉老社团联盟 and 联席会议
# ---------------------------------------------------------------------------
def _check_region(user, region) -> None:
    """A district writes its own region's rows only; the city's rows are the bureau's."""
    from apps.accounts.choices import ScopeKind

    if user is None or user.scope_kind == ScopeKind.CITY:
        return
    if user.scope_kind != ScopeKind.REGION or region is None or region.pk != user.scope_region_id:
        raise ValidationError(NOT_IN_SCOPE)


@transaction.atomic
def alliance_member_save(*, member: AllianceMember, user=None) -> AllianceMember:
    _check_region(user, member.region)
    if member.pk:
        _in_scope(AllianceMember, member, user)
        _check_region(user, AllianceMember.objects.get(pk=member.pk).region)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def alliance_member_leave(*, member: AllianceMember, on: datetime.date, user=None) -> AllianceMember:
    _check_region(user, member.region)
    member = _lock(AllianceMember, member.pk)
    if member.left_on:
        raise ValidationError(f"“{member.name}”已于 {member.left_on:%Y-%m-%d} 退出联盟。")
    member.left_on = on
    member.full_clean()
    member.save()
    return member


def follow_up_due(meeting_day: datetime.date, working_days: int) -> datetime.date:
    from apps.core.workdays import add_working_days

    return add_working_days(meeting_day, working_days)


@transaction.atomic
def meeting_save(
    *,
    meeting: JointMeeting,
    alliance_attendees: Sequence[AllianceMember] | None = None,
    staff_attendees: Sequence | None = None,
    user=None,
) -> JointMeeting:
    """Save a meeting's minutes and, when given, its attendees. An alliance member who had
    not joined, or had left, on the meeting day is refused; follow-up deadlines move with
    the meeting's date."""
    _check_region(user, meeting.region)
    if meeting.pk:
        _in_scope(JointMeeting, meeting, user)
    meeting.full_clean()
    meeting.save()
    if alliance_attendees is not None:
        absent = [m.name for m in alliance_attendees if not m.member_on(meeting.held_on)]
        if absent:
            raise ValidationError(
                {"alliance_attendees": f"{'、'.join(absent)}在 {meeting.held_on:%Y-%m-%d} 不是联盟成员。"}
            )
        meeting.alliance_attendees.set(alliance_attendees)
    if staff_attendees is not None:
        not_staff = [str(u) for u in staff_attendees if not u.is_staff]
        if not_staff:
            raise ValidationError({"staff_attendees": f"{'、'.join(not_staff)}不是工作人员。"})
        meeting.staff_attendees.set(staff_attendees)
    for item in meeting.items.all():
        due = follow_up_due(meeting.held_on, item.working_days)
        if item.due_on != due:
            item.due_on = due
            item.save(update_fields=["due_on"])
    return meeting


@transaction.atomic
def follow_up_save(*, item: FollowUpItem, user=None) -> FollowUpItem:
    """A follow-up item with its owner; due ``working_days`` after the meeting on the
    shared working-day calendar."""
    _in_scope(JointMeeting, item.meeting, user)
    _check_region(user, item.meeting.region)
    if not 1 <= (item.working_days or 0) <= 120:
        raise ValidationError({"working_days": "办理时限须在 1 至 120 个工作日之间。"})
    if item.done_on and item.done_on < item.meeting.held_on:
        raise ValidationError({"done_on": "办结日期不能早于会议日期。"})
    if item.done_on and item.done_on > timezone.localdate():
        raise ValidationError({"done_on": "办结日期不能晚于今天。"})
    item.due_on = follow_up_due(item.meeting.held_on, item.working_days)
    item.full_clean()
    item.save()
    return item


# ---------------------------------------------------------------------------
# Special campaigns
# ---------------------------------------------------------------------------
@transaction.atomic
def campaign_save(*, campaign: Campaign, user=None) -> Campaign:
    _check_region(user, campaign.region)
    if campaign.pk:
        _in_scope(Campaign, campaign, user)
    campaign.full_clean()
    campaign.save()
    return campaign


# ---------------------------------------------------------------------------
# Correction requests (67号令 art. 12–13)
# ---------------------------------------------------------------------------
def _check_asker(member: TeamMember, user) -> None:
    """Who may ask for a volunteer's record to be corrected: the volunteer himself (his
    account's person), or whoever has the volunteer in scope (his team leader, staff)."""
    if user is None or (user.is_authenticated and user.person_id and user.person_id == member.person_id):
        return
    _in_scope(TeamMember, member, user)


def _correction_due(today: datetime.date) -> datetime.date:
    from apps.core.workdays import add_working_days

    return add_working_days(today, RecordRule.days_for(RuleKind.CORRECTION))


def _check_request_text(channel: str, description: str) -> None:
    if channel not in CorrectionChannel.values:
        raise ValidationError({"channel": "请选择申请方式。"})
    if not description.strip():
        raise ValidationError({"description": "请写明需要更正的内容。"})


@transaction.atomic
def correction_request(
    *,
    record: ServiceRecord,
    channel: str,
    description: str,
    proposed_hours: Decimal | None = None,
    user=None,
    today=None,
) -> CorrectionRequest:
    """The volunteer (or his team leader for him) asks to correct a service record; due
    ``RecordRule`` working days later on the shared calendar. One open request a record."""
    _check_asker(record.member, user)
    today = today or timezone.localdate()
    _check_request_text(channel, description)
    if proposed_hours is not None:
        proposed_hours = Decimal(proposed_hours)
        if proposed_hours <= 0 or proposed_hours > MAX_HOURS_PER_DAY:
            raise ValidationError({"proposed_hours": "申请更正的时长须大于 0 且不超过 24 小时。"})
    if CorrectionRequest.objects.filter(record=record, status=CorrectionStatus.OPEN).exists():
        raise ValidationError("该服务记录已有待处理的更正申请，请勿重复提交。")
    request = CorrectionRequest(
        kind=CorrectionKind.RECORD,
        member=record.member,
        record=record,
        channel=channel,
        description=description.strip(),
        proposed_hours=proposed_hours,
        requested_on=today,
        due_on=_correction_due(today),
        requested_by=user if user is not None and user.is_authenticated else None,
    )
    request.full_clean()
    request.save()
    return request


def omission_window_start(today: datetime.date) -> datetime.date:
    """The first activity date a missing record may still be asked for (``RecordRule``)."""
    return today - datetime.timedelta(days=RecordRule.days_for(RuleKind.OMISSION))


def omission_candidates(member: TeamMember, *, today=None):
    """The activities of the volunteer's team a missing record may be asked for: held
    (not in the future) within the rule's period, while he was in the team, with no
    record of his. A queryset; two queries with the rule."""
    today = today or timezone.localdate()
    activities = Activity.objects.filter(
        team_id=member.team_id, date__lte=today, date__gte=max(omission_window_start(today), member.joined_on)
    ).exclude(records__member=member)
    if member.left_on:
        activities = activities.filter(date__lt=member.left_on)
    return activities.order_by("-date", "-pk")


@transaction.atomic
def omission_request(
    *,
    member: TeamMember,
    activity: Activity,
    hours: Decimal | None,
    channel: str,
    description: str,
    user=None,
    today=None,
) -> CorrectionRequest:
    """The volunteer (or his team leader for him) says he served at ``activity`` for
    ``hours`` and no record exists (67号令 art. 13: 遗漏). Refused: an activity of another
    team, in the future or before the rule's period, one he was not in the team for, one
    he already has a record of or an open request for; hours not in (0, 24]. Accepting it
    creates the record (:func:`correction_accept`)."""
    _check_asker(member, user)
    today = today or timezone.localdate()
    _check_request_text(channel, description)
    if hours is None:
        raise ValidationError({"proposed_hours": "请填写实际服务的时长。"})
    hours = Decimal(hours)
    if hours <= 0 or hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"proposed_hours": "服务时长须大于 0 且不超过 24 小时。"})
    if activity.team_id != member.team_id:
        raise ValidationError({"activity": "该活动不是志愿者所在团队的活动。"})
    if activity.date > today:
        raise ValidationError({"activity": "活动日期在今天之后，不能申请补记。"})
    start = omission_window_start(today)
    if activity.date < start:
        days = RecordRule.days_for(RuleKind.OMISSION)
        raise ValidationError({"activity": f"活动已超过补记期限（活动后 {days} 日内可申请），不能申请补记。"})
    if not member.serving_on(activity.date):
        if member.left_on and activity.date >= member.left_on:
            raise ValidationError({"activity": f"志愿者已于 {member.left_on:%Y-%m-%d} 离队，不能补记离队之后的服务。"})
        raise ValidationError({"activity": f"志愿者于 {member.joined_on:%Y-%m-%d} 加入团队，不能补记加入之前的服务。"})
    if ServiceRecord.objects.filter(activity=activity, member=member).exists():
        raise ValidationError({"activity": "该活动已有这名志愿者的服务记录，请对该记录申请更正。"})
    if CorrectionRequest.objects.filter(
        member=member, activity=activity, kind=CorrectionKind.OMITTED, status=CorrectionStatus.OPEN
    ).exists():
        raise ValidationError("该活动已有待处理的补记申请，请勿重复提交。")
    request = CorrectionRequest(
        kind=CorrectionKind.OMITTED,
        member=member,
        activity=activity,
        channel=channel,
        description=description.strip(),
        proposed_hours=hours,
        requested_on=today,
        due_on=_correction_due(today),
        requested_by=user if user is not None and user.is_authenticated else None,
    )
    request.full_clean()
    request.save()
    return request


def _open_correction(correction: CorrectionRequest, user) -> CorrectionRequest:
    _in_scope(CorrectionRequest, correction, user)
    correction = _lock(CorrectionRequest, correction.pk)
    if correction.status != CorrectionStatus.OPEN:
        raise ValidationError(f"该更正申请已办理（{correction.get_status_display()}），不能重复办理。")
    return correction


@transaction.atomic
def record_amend(*, record: ServiceRecord, hours: Decimal, user) -> ServiceRecord:
    """Change the hours of a record, confirmed or not, after the team checked a correction
    request: the team confirms the corrected record (who and when kept; history keeps the
    old value). Over 24 hours in the day with the volunteer's other records is refused."""
    _check_reviewer(user, record)
    record = _lock(ServiceRecord, record.pk)
    hours = Decimal(hours)
    if hours <= 0 or hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": "服务时长须大于 0 且不超过 24 小时。"})
    others = (
        ServiceRecord.objects.filter(member=record.member_id, date=record.date)
        .exclude(pk=record.pk)
        .aggregate(s=Sum("hours"))["s"]
        or 0
    )
    if hours + others > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": f"当天服务时长合计 {hours + others} 小时，超过一天 24 小时。"})
    record.hours = hours
    record.status = RecordStatus.CONFIRMED
    record.return_reason = ""
    record.reviewed_by = user if user is not None and user.is_authenticated else None
    record.reviewed_at = timezone.now()
    record.save()
    return record


@transaction.atomic
def correction_accept(
    *,
    correction: CorrectionRequest,
    hours: Decimal,
    user,
    today=None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
) -> CorrectionRequest:
    """Accept: a wrong record's hours become ``hours`` through ``record_amend``; a missing
    record is created through ``records_enter`` (every check of a record entered: 24 hours
    a day, overlapping times when given, not in the future, not after leaving the team) and
    confirmed, and the request then points at it. Refused by a check: nothing is saved."""
    correction = _open_correction(correction, user)
    today = today or timezone.localdate()
    if correction.kind == CorrectionKind.OMITTED:
        if hours is None:
            raise ValidationError({"hours": "同意补记须填写服务时长。"})
        member = TeamMember.objects.select_related("person").get(pk=correction.member_id)
        (record,) = records_enter(
            activity=correction.activity,
            entries=[HoursEntry(member=member, hours=Decimal(hours), start_time=start_time, end_time=end_time)],
            user=user,
            today=today,
        )
        records_confirm(records=[record], user=user)
        correction.record = record
        correction.old_hours = None
    else:
        record = ServiceRecord.objects.get(pk=correction.record_id)
        correction.old_hours = record.hours
        record_amend(record=record, hours=hours, user=user)
    correction.status = CorrectionStatus.ACCEPTED
    correction.new_hours = Decimal(hours)
    correction.handled_by = user if user is not None and user.is_authenticated else None
    correction.handled_on = today
    correction.save()
    return correction


@transaction.atomic
def correction_refuse(*, correction: CorrectionRequest, reason: str, user, today=None) -> CorrectionRequest:
    correction = _open_correction(correction, user)
    if not reason.strip():
        raise ValidationError({"reason": "不予更正须写明理由。"})
    correction.status = CorrectionStatus.REFUSED
    correction.refuse_reason = reason.strip()
    correction.handled_by = user if user is not None and user.is_authenticated else None
    correction.handled_on = today or timezone.localdate()
    correction.save()
    return correction


# ---------------------------------------------------------------------------
# Certificate notice (公示): objections and registration
# ---------------------------------------------------------------------------
@transaction.atomic
def certificate_object(
    *, certificate: Certificate, raised_by: str, content: str, user=None, today=None
) -> CertificateObjection:
    """An objection during the notice holds the certificate until it is checked."""
    cert = _advance(certificate, user, expect=(CertificateStatus.ISSUED, CertificateStatus.HELD))
    today = today or timezone.localdate()
    if today > cert.notice_end:
        raise ValidationError(f"公示期已于 {cert.notice_end:%Y年%m月%d日} 结束，不能再提出异议。")
    if not (raised_by.strip() and content.strip()):
        raise ValidationError("请填写异议人和异议内容。")
    objection = CertificateObjection.objects.create(
        certificate=cert, raised_on=today, raised_by=raised_by.strip(), content=content.strip()
    )
    cert.status = CertificateStatus.HELD
    cert.save()
    return objection


@transaction.atomic
def objection_resolve(
    *, objection: CertificateObjection, upheld: bool, resolution: str, user, today=None
) -> CertificateObjection:
    """Upheld: the certificate is revoked with the finding as the reason. Dismissed: once
    no objection is open, the certificate is back on notice (registered when it ends)."""
    _in_scope(CertificateObjection, objection, user)
    objection = _lock(CertificateObjection, objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError("该异议已核实办结。")
    if not resolution.strip():
        raise ValidationError({"resolution": "请填写核实结果。"})
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution = resolution.strip()
    objection.resolved_by = user if user is not None and user.is_authenticated else None
    objection.resolved_on = today or timezone.localdate()
    objection.save()
    cert = Certificate.objects.get(pk=objection.certificate_id)
    if upheld:
        certificate_revoke(certificate=cert, reason=f"公示异议成立：{objection.resolution}", user=user)
    elif not cert.objections.filter(status=ObjectionStatus.OPEN).exists():
        cert = _lock(Certificate, cert.pk)
        cert.status = CertificateStatus.ISSUED
        cert.save()
    return objection


@transaction.atomic
def certificate_register(*, certificate: Certificate, user=None, today=None) -> Certificate:
    """After the notice has run its days without an open objection, the certificate is
    registered (final)."""
    cert = _advance(certificate, user, expect=CertificateStatus.ISSUED)
    today = today or timezone.localdate()
    if today <= cert.notice_end:
        raise ValidationError(f"公示期至 {cert.notice_end:%Y年%m月%d日}，期满后才能登记。")
    cert.status = CertificateStatus.REGISTERED
    cert.registered_on = today
    cert.save()
    return cert


def certificates_register_due(*, user=None, today=None) -> int:
    """Register every certificate whose notice has ended without an open objection."""
    today = today or timezone.localdate()
    due = Certificate.objects.filter(status=CertificateStatus.ISSUED, notice_end__lt=today)
    if user is not None:
        due = due.for_user(user)
    count = 0
    for cert in due:
        certificate_register(certificate=cert, user=user, today=today)
        count += 1
    return count
