"""Every write of 草根内参, each in one transaction, checking permission, scope, state and
dates (no date in the future, none before the step it follows)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.core.scoping import check_writable
from apps.insights.choices import ReportStatus
from apps.insights.models import FeedbackRule, Informant, InsightCategory, Report, ReportNumber

CHANGE = "insights.change_report"
ADD = "insights.add_report"
NOT_FOUND = "内参不存在或不在您的数据权限范围内。"


def _today() -> datetime.date:
    return timezone.localdate()


def _require(user, permission: str, what: str) -> None:
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(f"您没有{what}的权限。")


def _date(value, field: str, label: str, *, not_before=None, before_label: str = "") -> None:
    if value is None:
        raise ValidationError({field: f"请填写{label}。"})
    if value > _today():
        raise ValidationError({field: f"{label}不能晚于今天。"})
    if not_before and value < not_before:
        raise ValidationError({field: f"{label}不能早于{before_label}（{not_before:%Y-%m-%d}）。"})


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}。"})
    return value


def _locked(user, report: Report) -> Report:
    queryset = Report.objects.all() if user is None else Report.objects.for_user(user)
    found = queryset.select_for_update().filter(pk=report.pk).first()
    if found is None:
        raise ValidationError(NOT_FOUND)
    return found


def _expect(report: Report, *statuses, action: str) -> None:
    if report.status not in statuses:
        allowed = "、".join(ReportStatus(s).label for s in statuses)
        raise ValidationError(f"这篇内参当前为“{report.get_status_display()}”，不能{action}（仅“{allowed}”的可以）。")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_submitted_on(informant: Informant, submitted_on) -> None:
    _date(submitted_on, "submitted_on", "报送日期", not_before=informant.joined_on, before_label="信息员聘任日期")


@transaction.atomic
def report_submit(
    *,
    user,
    informant: Informant,
    title: str,
    content: str,
    category: InsightCategory,
    submitted_on: datetime.date,
    place: str = "",
    anonymous: bool = False,
) -> Report:
    """An informant's report, as received (entered by staff)."""
    _require(user, ADD, "登记内参")
    errors = {}
    for field, value, label in (("title", title, "标题"), ("content", content, "内容")):
        if not (value or "").strip():
            errors[field] = [f"请填写{label}。"]
    if not category.active:
        errors["category"] = [f"类别“{category}”已停用。"]
    try:
        check_submitted_on(informant, submitted_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    check_writable(user, informant=informant)
    return Report.objects.create(
        informant=informant,
        title=title.strip(),
        content=content.strip(),
        category=category,
        place=(place or "").strip(),
        anonymous=anonymous,
        region=informant.region,
        submitted_on=submitted_on,
        created_by=user,
    )


def _next_number(year: int) -> str:
    """NC<year>-<sequence>, taken under the year's counter row lock (``ReportNumber``).

    The first number of a year creates the row, starting after the highest number already
    given that year (reports registered before the counter existed); when two registrations
    create it at once, the loser's INSERT waits for the winner and then reads its row."""
    prefix = f"NC{year}-"
    counter = ReportNumber.objects.filter(year=year).select_for_update().first()
    if counter is None:
        highest = Report.objects.filter(number__startswith=prefix).aggregate(last=Max("number"))["last"]
        start = int(highest.rsplit("-", 1)[1]) if highest else 0
        counter, _ = ReportNumber.objects.select_for_update().get_or_create(year=year, defaults={"last": start})
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:04d}"


@transaction.atomic
def report_register(*, user, report: Report, registered_on: datetime.date, adopted: bool = False) -> Report:
    """Give the report its number (NC<year>-<seq>); ``adopted``: taken up for 编报."""
    _require(user, CHANGE, "登记编号")
    report = _locked(user, report)
    _expect(report, ReportStatus.SUBMITTED, action="登记")
    _date(registered_on, "registered_on", "登记日期", not_before=report.submitted_on, before_label="报送日期")
    report.number = _next_number(registered_on.year)
    report.registered_on = registered_on
    report.adopted = report.adopted or adopted
    report.status = ReportStatus.REGISTERED
    report.save()
    return report


@transaction.atomic
def report_forward(*, user, report: Report, department: str, forwarded_on: datetime.date) -> Report:
    _require(user, CHANGE, "转办")
    department = _text(department, "department", "转办部门")
    report = _locked(user, report)
    _expect(report, ReportStatus.REGISTERED, action="转办")
    _date(forwarded_on, "forwarded_on", "转办日期", not_before=report.registered_on, before_label="登记日期")
    report.department = department
    report.forwarded_on = forwarded_on
    report.feedback_due = add_months(forwarded_on, FeedbackRule.current_months())
    report.status = ReportStatus.FORWARDED
    report.save()
    return report


@transaction.atomic
def report_instruct(*, user, report: Report, instruction: str, instructed_by: str, instructed_on) -> Report:
    """The leader's 批示: counts the report as adopted."""
    _require(user, CHANGE, "登记领导批示")
    instruction = _text(instruction, "instruction", "批示内容")
    instructed_by = _text(instructed_by, "instructed_by", "批示领导")
    report = _locked(user, report)
    _expect(report, ReportStatus.REGISTERED, ReportStatus.FORWARDED, ReportStatus.ANSWERED, action="登记批示")
    _date(instructed_on, "instructed_on", "批示日期", not_before=report.registered_on, before_label="登记日期")
    report.instruction, report.instructed_by, report.instructed_on = instruction, instructed_by, instructed_on
    report.adopted = True
    report.save()
    return report


@transaction.atomic
def report_answer(*, user, report: Report, answer: str, answered_on) -> Report:
    _require(user, CHANGE, "登记办理答复")
    answer = _text(answer, "answer", "答复内容")
    report = _locked(user, report)
    _expect(report, ReportStatus.FORWARDED, action="登记答复")
    _date(answered_on, "answered_on", "答复日期", not_before=report.forwarded_on, before_label="转办日期")
    report.answer, report.answered_on = answer, answered_on
    report.status = ReportStatus.ANSWERED
    report.save()
    return report


@transaction.atomic
def report_feedback(*, user, report: Report, feedback: str, fed_back_on) -> Report:
    _require(user, CHANGE, "登记反馈")
    feedback = _text(feedback, "feedback", "反馈内容")
    report = _locked(user, report)
    _expect(report, ReportStatus.ANSWERED, action="反馈")
    _date(fed_back_on, "fed_back_on", "反馈日期", not_before=report.answered_on, before_label="答复日期")
    report.feedback, report.fed_back_on = feedback, fed_back_on
    report.status = ReportStatus.FED_BACK
    report.save()
    return report


# ---------------------------------------------------------------------------
# Reference data: the report categories and the feedback deadline (bureau staff)
# ---------------------------------------------------------------------------
def _reference_save(user, row, model_name: str, what: str):
    """Check the add/change permission, validate the row and save it with its history
    version (its author: ``user``)."""
    _require(user, f"insights.{'change' if row.pk else 'add'}_{model_name}", f"{'修改' if row.pk else '新增'}{what}")
    row.full_clean()
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def category_save(*, user, category: InsightCategory) -> InsightCategory:
    """Add or change a report category; one in use is retired with 启用 off."""
    category.name = (category.name or "").strip()
    if not category.name:
        raise ValidationError({"name": "请填写内参类别名称。"})
    if InsightCategory.objects.filter(name=category.name).exclude(pk=category.pk).exists():
        raise ValidationError({"name": f"内参类别“{category.name}”已存在。"})
    return _reference_save(user, category, "insightcategory", "内参类别")


@transaction.atomic
def category_delete(*, user, category: InsightCategory) -> None:
    _require(user, "insights.delete_insightcategory", "删除内参类别")
    if Report.objects.filter(category=category).exists():
        raise ValidationError(f"已有内参使用类别“{category}”，不能删除；如不再使用，请取消“启用”。")
    category._history_user = user
    category.delete()


@transaction.atomic
def feedback_rule_save(*, user, rule: FeedbackRule) -> FeedbackRule:
    """Change the feedback deadline (1–12 months after forwarding). Reports already
    forwarded keep the deadline they were given. One rule is in force: the latest."""
    try:
        months = int(rule.months)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= 12:
        raise ValidationError({"months": "反馈时限须在1至12个月之间。"})
    rule.months = months
    rule.note = (rule.note or "").strip()
    return _reference_save(user, rule, "feedbackrule", "反馈时限")
