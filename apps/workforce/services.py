"""Writes of 丹心向党. Keyword-only, each in one transaction, refusing bad input with a
Chinese ``ValidationError`` before anything is written."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.scoping import check_writable
from apps.core.workdays import add_working_days
from apps.workforce import choices as c
from apps.workforce.models import (
    OPEN_STATUSES,
    ContactIssue,
    ContactPoint,
    ContactVisit,
    Enrolment,
    LeaveRecord,
    RectificationEvidence,
    RectificationItem,
    RectificationPolicy,
    RectificationProgress,
    RectificationRecheck,
    Rule,
    StaffMember,
    TrainingClass,
)

# Art. 15: leave in a full-time class beyond this share of its hours withdraws the trainee.
LEAVE_SHARE_LIMIT = Decimal(1) / Decimal(7)
WITHDRAWN_NOTE = "脱产培训请假超过总学时七分之一，按退学处理（干部教育培训工作条例第十五条）"


def _fmt(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------
def class_days(*, starts_on: datetime.date, ends_on: datetime.date, full_time: bool) -> Decimal:
    """Days a class counts towards art. 14's "days": its calendar days when full-time."""
    return Decimal((ends_on - starts_on).days + 1) if full_time else Decimal(0)


@transaction.atomic
def training_class_save(*, training_class: TrainingClass, user=None) -> TrainingClass:
    if training_class.starts_on and training_class.ends_on and training_class.ends_on < training_class.starts_on:
        raise ValidationError({"ends_on": "结业日期不能早于开班日期。"})
    if training_class.total_hours <= 0:
        raise ValidationError({"hours_offline": "线上、线下学时至少填写一项。"})
    check_writable(user, region=training_class.region)
    training_class.days = class_days(
        starts_on=training_class.starts_on, ends_on=training_class.ends_on, full_time=training_class.full_time
    )
    training_class.full_clean()
    training_class.save()
    return training_class


@transaction.atomic
def enrolment_create(*, training_class: TrainingClass, staff: StaffMember, user=None) -> Enrolment:
    if Enrolment.objects.filter(training_class=training_class, staff=staff).exists():
        raise ValidationError(f"{staff.name}已报名本班，不能重复报名。")
    if staff.left_on and staff.left_on < training_class.starts_on:
        raise ValidationError(f"{staff.name}已于{_fmt(staff.left_on)}离职，不能报名。")
    enrolment = Enrolment(training_class=training_class, staff=staff)
    enrolment.full_clean()
    enrolment.save()
    return enrolment


def _locked(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().select_related("training_class").get(pk=enrolment.pk)


@transaction.atomic
def enrolment_sign_in(*, enrolment: Enrolment, at: datetime.datetime) -> Enrolment:
    enrolment = _locked(enrolment)
    if enrolment.status == c.EnrolmentStatus.WITHDRAWN:
        raise ValidationError("该学员已退学，不能签到。")
    if enrolment.signed_in_at:
        raise ValidationError("该学员已签到，无需重复签到。")
    enrolment.signed_in_at = at
    enrolment.save(update_fields=["signed_in_at"])
    return enrolment


@transaction.atomic
def enrolment_sign_out(*, enrolment: Enrolment, at: datetime.datetime) -> Enrolment:
    """Sign-out completes the class: the credited hours are its hours less the leave."""
    enrolment = _locked(enrolment)
    if enrolment.status == c.EnrolmentStatus.WITHDRAWN:
        raise ValidationError("该学员已退学，不能签退。")
    if not enrolment.signed_in_at:
        raise ValidationError("该学员尚未签到，不能签退。")
    if at < enrolment.signed_in_at:
        raise ValidationError("签退时间不能早于签到时间。")
    cls = enrolment.training_class
    enrolment.signed_out_at = at
    enrolment.status = c.EnrolmentStatus.COMPLETED
    enrolment.credited_hours = cls.total_hours - enrolment.leave_hours
    enrolment.credited_days = cls.days
    enrolment.save(update_fields=["signed_out_at", "status", "credited_hours", "credited_days"])
    return enrolment


@transaction.atomic
def leave_record(*, enrolment: Enrolment, on: datetime.date, hours: Decimal, reason: str) -> LeaveRecord:
    """Record leave. Over 1/7 of a full-time class's hours, the trainee is withdrawn
    (干部教育培训工作条例 art. 15); leave beyond the class's hours is refused."""
    enrolment = _locked(enrolment)
    cls = enrolment.training_class
    hours = Decimal(hours)
    if enrolment.status == c.EnrolmentStatus.WITHDRAWN:
        raise ValidationError("该学员已退学，不能再登记请假。")
    if hours <= 0:
        raise ValidationError({"hours": "请假学时须大于0。"})
    if not (cls.starts_on <= on <= cls.ends_on):
        raise ValidationError({"on": f"请假日期须在培训期间（{_fmt(cls.starts_on)}至{_fmt(cls.ends_on)}）内。"})
    total = enrolment.leave_hours + hours
    if total > cls.total_hours:
        raise ValidationError({"hours": f"请假学时合计{total}超过本班总学时{cls.total_hours}，请核对后重新填写。"})
    leave = LeaveRecord(enrolment=enrolment, on=on, hours=hours, reason=reason)
    leave.full_clean()
    leave.save()
    enrolment.leave_hours = total
    fields = ["leave_hours"]
    if cls.full_time and total > cls.total_hours * LEAVE_SHARE_LIMIT:
        enrolment.status = c.EnrolmentStatus.WITHDRAWN
        enrolment.credited_hours = Decimal(0)
        enrolment.credited_days = Decimal(0)
        enrolment.note = WITHDRAWN_NOTE
        fields += ["status", "credited_hours", "credited_days", "note"]
    elif enrolment.status == c.EnrolmentStatus.COMPLETED:
        enrolment.credited_hours = cls.total_hours - total
        fields.append("credited_hours")
    enrolment.save(update_fields=fields)
    return leave


# ---------------------------------------------------------------------------
# Rectification ledger
# ---------------------------------------------------------------------------
def policy_for(rect_class: str) -> RectificationPolicy:
    try:
        return RectificationPolicy.objects.get(rect_class=rect_class)
    except RectificationPolicy.DoesNotExist as exc:
        raise ValidationError("尚未设置该整改类别的时限规则，请先在“整改时限规则”中设置。") from exc


def default_deadline(*, rect_class: str, start: datetime.date) -> datetime.date:
    return add_working_days(start, policy_for(rect_class).deadline_working_days)


@transaction.atomic
def rectification_create(*, user=None, deadline: datetime.date | None = None, **fields) -> RectificationItem:
    """A new item; without a deadline, the class's default in working days from today."""
    item = RectificationItem(**fields)
    if item.round_id and not item.source:
        item.source = item.round.name
    if not item.source:
        raise ValidationError({"source": "请选择巡察轮次或填写问题来源。"})
    check_writable(user, region=item.region)
    item.deadline = deadline or default_deadline(rect_class=item.rect_class, start=timezone.localdate())
    if item.owner_staff_id and not item.owner:
        item.owner = item.owner_staff.name
    item.full_clean()
    item.save()
    return item


def _lock_item(item: RectificationItem) -> RectificationItem:
    return RectificationItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def progress_add(*, item: RectificationItem, on: datetime.date, note: str, attachment=None, user=None):
    item = _lock_item(item)
    created = timezone.localdate(item.created_at)
    if on < created:
        raise ValidationError({"on": f"进展日期不能早于整改事项的建立日期（{_fmt(created)}）。"})
    if on > timezone.localdate():
        raise ValidationError({"on": "进展日期不能晚于今天。"})
    if item.status == c.RectificationStatus.CLOSED:
        raise ValidationError("该事项已销号；如问题反弹，请在“回头看”中登记。")
    if not note.strip():
        raise ValidationError({"note": "请填写进展情况。"})
    progress = RectificationProgress(item=item, on=on, note=note, created_by=user)
    if attachment:
        progress.attachment = attachment
    progress.full_clean()
    progress.save()
    if item.status == c.RectificationStatus.OPEN:
        item.status = c.RectificationStatus.IN_PROGRESS
        item.save(update_fields=["status"])
    return progress


@transaction.atomic
def evidence_add(*, item: RectificationItem, title: str, file, user=None) -> RectificationEvidence:
    item = _lock_item(item)
    if item.status == c.RectificationStatus.CLOSED:
        raise ValidationError("该事项已销号，佐证材料不能再更改。")
    if not file:
        raise ValidationError({"file": "请选择要上传的佐证材料文件。"})
    evidence = RectificationEvidence(item=item, title=title, file=file, uploaded_by=user)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def rectification_submit(*, item: RectificationItem, completed_on: datetime.date, outcome: str, user=None):
    """The owner reports the item done: only with evidence files and a stated outcome."""
    item = _lock_item(item)
    if item.status not in OPEN_STATUSES:
        raise ValidationError(f"当前状态为“{item.get_status_display()}”，不能报送完成。")
    if not item.files.exists():
        raise ValidationError("尚未上传佐证材料，不能报送完成；请先上传整改佐证材料。")
    if not outcome.strip():
        raise ValidationError({"outcome": "请填写整改成效说明。"})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "完成日期不能晚于今天。"})
    item.status = c.RectificationStatus.DONE
    item.completed_on = completed_on
    item.evidence = outcome
    item.save(update_fields=["status", "completed_on", "evidence"])
    return item


@transaction.atomic
def rectification_verify(*, item: RectificationItem, user) -> RectificationItem:
    """First sign-off (验收): by someone other than the item's owner."""
    item = _lock_item(item)
    if item.status != c.RectificationStatus.DONE:
        raise ValidationError(f"当前状态为“{item.get_status_display()}”，只有“已完成待验收”的事项可以验收。")
    if not item.files.exists():
        raise ValidationError("没有佐证材料，不能验收。")
    if item.owner_staff_id and item.owner_staff.user_id == user.pk:
        raise ValidationError("责任人不能验收自己负责的整改事项。")
    item.status = c.RectificationStatus.VERIFIED
    item.verifier = user
    item.verified_at = timezone.now()
    item.save(update_fields=["status", "verifier", "verified_at"])
    return item


@transaction.atomic
def rectification_sign_off(*, item: RectificationItem, user) -> RectificationItem:
    """Second sign-off: closes the item (销号) and schedules its 回头看."""
    item = _lock_item(item)
    if item.status != c.RectificationStatus.VERIFIED:
        raise ValidationError("只有已验收的事项才能复签销号；销号须先上传佐证材料、完成验收。")
    if item.verifier_id == user.pk:
        raise ValidationError("复签人不能与验收人为同一人，请由另一位负责同志复签。")
    if item.owner_staff_id and item.owner_staff.user_id == user.pk:
        raise ValidationError("责任人不能为自己负责的整改事项复签销号。")
    now = timezone.now()
    item.status = c.RectificationStatus.CLOSED
    item.signed_off_by = user
    item.closed_at = now
    item.save(update_fields=["status", "signed_off_by", "closed_at"])
    days = policy_for(item.rect_class).recheck_after_days
    RectificationRecheck.objects.create(item=item, due_on=timezone.localdate(now) + datetime.timedelta(days=days))
    return item


@transaction.atomic
def recheck_record(*, recheck: RectificationRecheck, result: str, on: datetime.date, note: str, user=None):
    """回头看: a relapse reopens the item with a fresh default deadline."""
    recheck = RectificationRecheck.objects.select_for_update().select_related("item").get(pk=recheck.pk)
    if recheck.result != c.RecheckResult.SCHEDULED:
        raise ValidationError("该回头看已登记结果。")
    if result not in (c.RecheckResult.PASSED, c.RecheckResult.RELAPSED):
        raise ValidationError({"result": "请选择回头看结果。"})
    if on > timezone.localdate():
        raise ValidationError({"on": "检查日期不能晚于今天。"})
    if not note.strip():
        raise ValidationError({"note": "请填写检查情况。"})
    recheck.result, recheck.done_on, recheck.note, recheck.checked_by = result, on, note, user
    recheck.save()
    if result == c.RecheckResult.RELAPSED:
        item = _lock_item(recheck.item)
        item.status = c.RectificationStatus.IN_PROGRESS
        item.verifier = item.signed_off_by = None
        item.verified_at = item.closed_at = None
        item.escalation_level = 0
        item.deadline = default_deadline(rect_class=item.rect_class, start=on)
        item.save()
    return recheck


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------
def _add_months(d: datetime.date, months: int) -> datetime.date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def rule_review(*, rule: Rule, on: datetime.date, user=None) -> Rule:
    """A periodic review done on ``on``: the next one falls due a cycle after the intended
    date, not after the day it was done, so a late review does not shift the cycle."""
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    if on > timezone.localdate():
        raise ValidationError("评估日期不能晚于今天。")
    if rule.superseded_by_id:
        raise ValidationError("该制度已被替代，无需评估。")
    rule.last_reviewed_on = on
    due = rule.review_due
    while due <= on:
        due = _add_months(due, rule.review_every_months)
    rule.review_due = due
    rule.save(update_fields=["last_reviewed_on", "review_due"])
    return rule


# ---------------------------------------------------------------------------
# Contact points
# ---------------------------------------------------------------------------
@transaction.atomic
def contact_visit_log(
    *, point: ContactPoint, visited_on: datetime.date, visitors: str, summary: str = "", issues=(), user=None
) -> ContactVisit:
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": "走访日期不能晚于今天。"})
    if visited_on < point.since:
        raise ValidationError({"visited_on": f"走访日期不能早于联系点建立日期（{_fmt(point.since)}）。"})
    visit = ContactVisit(point=point, visited_on=visited_on, visitors=visitors, summary=summary)
    visit.full_clean()
    visit.save()
    for text in issues:
        if text.strip():
            ContactIssue.objects.create(visit=visit, description=text.strip())
    return visit


@transaction.atomic
def contact_issue_assign(*, issue: ContactIssue, task: str, assignee: str, due_on: datetime.date) -> ContactIssue:
    issue = ContactIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status == c.IssueStatus.CLOSED:
        raise ValidationError("该问题已办结。")
    if not task.strip() or not assignee.strip():
        raise ValidationError("请填写交办任务和承办单位。")
    issue.task, issue.assignee, issue.due_on, issue.status = task, assignee, due_on, c.IssueStatus.TASK
    issue.save()
    return issue


@transaction.atomic
def contact_issue_close(*, issue: ContactIssue, outcome: str, closed_on: datetime.date) -> ContactIssue:
    issue = ContactIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != c.IssueStatus.TASK:
        raise ValidationError("问题须先交办，才能办结。")
    if not outcome.strip():
        raise ValidationError({"outcome": "请填写办理结果。"})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "办结日期不能晚于今天。"})
    issue.outcome, issue.closed_on, issue.status = outcome, closed_on, c.IssueStatus.CLOSED
    issue.save()
    return issue
