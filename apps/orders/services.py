"""Every write of the 四单 loop: one function per transition, each in one transaction,
checking the permission, the user's scope and the order's state first.

Deadlines: entering a step sets ``step_due_on`` = today + the step's working days
(``StepDeadline``, shared calendar); leaving it records whether it was late.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.choices import ScopeKind
from apps.core.scoping import check_writable
from apps.orders.choices import STEP_OF_STATUS, EntrySource, EventKind, OrderOrigin, OrderStatus, Step
from apps.orders.deadlines import add_working_days
from apps.orders.models import OrderEvent, OrderNumber, ServiceCategory, ServiceOrder, StepDeadline

ADD = "orders.add_serviceorder"
DISPATCH = "orders.dispatch_serviceorder"
ACCEPT = "orders.accept_serviceorder"
EVALUATE = "orders.evaluate_serviceorder"

NOT_FOUND = "工单不存在或不在您的数据权限范围内。"


def _today() -> datetime.date:
    return timezone.localdate()


def _require(user, permission: str, what: str) -> None:
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(f"您没有{what}的权限。")


def _reason(text: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reason": f"请填写{label}。"})
    if len(text) > 200:
        raise ValidationError({"reason": f"{label}不能超过200字。"})
    return text


def _locked(user, order: ServiceOrder) -> ServiceOrder:
    """The order re-read under a row lock, within ``user``'s scope."""
    queryset = ServiceOrder.objects.all() if user is None else ServiceOrder.objects.for_user(user)
    found = queryset.select_for_update().filter(pk=order.pk).first()
    if found is None:
        raise ValidationError(NOT_FOUND)
    return found


def _expect(order: ServiceOrder, *statuses: str, action: str) -> None:
    if order.status not in statuses:
        allowed = "、".join(OrderStatus(s).label for s in statuses)
        raise ValidationError(
            f"工单{order.number}当前为“{order.get_status_display()}”，不能{action}（仅“{allowed}”的工单可以）。"
        )


def _enter(order: ServiceOrder, status: str, today: datetime.date) -> None:
    """Move to ``status`` and start its step's clock."""
    order.status = status
    step = STEP_OF_STATUS.get(status)
    order.step_due_on = add_working_days(today, StepDeadline.days()[step]) if step else None


def _event(order: ServiceOrder, kind: str, user, today: datetime.date, *, team=None, reason: str = "") -> OrderEvent:
    """Record the step just taken; late when done after the open step's deadline."""
    due = order.step_due_on if kind != EventKind.CREATE else None
    return OrderEvent.objects.create(
        order=order,
        kind=kind,
        team=team,
        reason=reason,
        due_on=due,
        late=bool(due and today > due),
        actor=user,
    )


def _next_number(year: int) -> str:
    """SD<year><six-digit sequence>, taken under the year's row lock."""
    OrderNumber.objects.get_or_create(year=year)
    counter = OrderNumber.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"SD{year}{counter.last:06d}"


def _require_any_step(user, action: str) -> None:
    """Before anything is read: the user may take this step on some order (a team's, or a
    provider's recorded by the centre)."""
    if user is not None and not (user.has_perm(ACCEPT) or user.has_perm(DISPATCH)):
        raise PermissionDenied(f"您没有{action}的权限。")


def _require_provider_step(user, order: ServiceOrder, action: str) -> None:
    """Checked on the locked row (its current provider). A team's step on its own order needs the team's permission; on an order served by
    a provider outside the volunteer teams the centre records it (dispatch permission)."""
    if order.provider:
        _require(user, DISPATCH, f"代服务机构{action}")
    else:
        _require(user, ACCEPT, action)


def _own_team_only(user, order: ServiceOrder, action: str) -> None:
    """A team leader acts only on orders dispatched to his own team."""
    if user is not None and user.scope_kind == ScopeKind.TEAM and order.team_id != user.scope_team_id:
        raise ValidationError(f"工单{order.number}没有派给您的团队，不能{action}。")


# ---------------------------------------------------------------------------
# 群众点单
# ---------------------------------------------------------------------------
def order_check(
    *, category, address, content, wanted_by, requester_person=None, requester_name="", requester_phone=""
) -> tuple[dict, str]:
    """The need's own checks, field by field (shared by the add form): ``(errors, phone)``."""
    today = _today()
    errors = {}
    if requester_person is None and not (requester_name or "").strip():
        errors["requester_name"] = ["请从人员库选择点单人，或填写点单人姓名。"]
    if category is not None and not category.active:
        errors["category"] = [f"服务类别“{category}”已停用，请选择其他类别。"]
    if wanted_by is None:
        errors["wanted_by"] = ["请填写希望完成日期。"]
    elif wanted_by < today:
        errors["wanted_by"] = ["希望完成日期不能早于今天。"]
    if not (address or "").strip():
        errors["address"] = ["请填写服务地点。"]
    if not (content or "").strip():
        errors["content"] = ["请填写服务需求。"]
    if requester_phone:
        from apps.core.validators import normalize_phone, validate_phone

        requester_phone = normalize_phone(requester_phone)
        try:
            validate_phone(requester_phone)
        except ValidationError as exc:
            errors["requester_phone"] = exc.messages
    return errors, requester_phone


@transaction.atomic
def order_create(
    *,
    user,
    category: ServiceCategory,
    region,
    address: str,
    content: str,
    wanted_by: datetime.date,
    requester_person=None,
    requester_name: str = "",
    requester_phone: str = "",
    origin: str = OrderOrigin.FOUR_ORDERS,
) -> ServiceOrder:
    """Register a need, entered by staff or by a team for an elderly requester. ``origin``
    names the service it came through (another brand's door service feeds the same loop)."""
    _require(user, ADD, "登记群众点单")
    if origin not in OrderOrigin.values:
        raise ValidationError({"origin": "未知的业务来源。"})
    today = _today()
    errors, requester_phone = order_check(
        category=category,
        address=address,
        content=content,
        wanted_by=wanted_by,
        requester_person=requester_person,
        requester_name=requester_name,
        requester_phone=requester_phone,
    )
    if errors:
        raise ValidationError(errors)
    check_writable(user, region=region, requester_person=requester_person)
    team = None
    if user is not None and user.scope_kind == ScopeKind.TEAM:
        team = user.scope_team
    order = ServiceOrder(
        number=_next_number(today.year),
        category=category,
        region=region,
        address=address.strip(),
        content=content.strip(),
        wanted_by=wanted_by,
        requester_person=requester_person,
        requester_name="" if requester_person else requester_name.strip(),
        requester_phone=requester_phone,
        source=EntrySource.TEAM if team else EntrySource.STAFF,
        entered_by_team=team,
        origin=origin,
        created_by=user,
    )
    _enter(order, OrderStatus.SUBMITTED, today)
    order.save()
    _event(order, EventKind.CREATE, user, today, team=team)
    return order


# ---------------------------------------------------------------------------
# 中心派单 / 拒单 / 撤单
# ---------------------------------------------------------------------------
@transaction.atomic
def order_dispatch(*, user, order: ServiceOrder, team=None, provider: str = "") -> ServiceOrder:
    """Dispatch to a volunteer team, or to a provider outside the teams (``provider``, a
    name): one of the two."""
    _require(user, DISPATCH, "派单")
    order = _locked(user, order)
    _expect(order, OrderStatus.SUBMITTED, action="派单")
    provider = (provider or "").strip()
    if team is None and not provider:
        raise ValidationError({"team": "请选择承接的志愿团队，或填写承接服务机构。"})
    if team is not None and provider:
        raise ValidationError({"provider": "志愿团队和服务机构只能选择其一。"})
    if len(provider) > 80:
        raise ValidationError({"provider": "服务机构名称不能超过80字。"})
    check_writable(user, team=team)
    today = _today()
    _event(order, EventKind.DISPATCH, user, today, team=team, reason=provider and f"派给服务机构：{provider}")
    order.team = team
    order.provider = provider
    order.dispatched_at = timezone.now()
    _enter(order, OrderStatus.DISPATCHED, today)
    order.save()
    return order


@transaction.atomic
def order_refuse(*, user, order: ServiceOrder, reason: str) -> ServiceOrder:
    """Refuse a need; the reason is what the requester is told."""
    _require(user, DISPATCH, "拒单")
    reason = _reason(reason, "拒单理由")
    order = _locked(user, order)
    _expect(order, OrderStatus.SUBMITTED, action="拒单")
    today = _today()
    _event(order, EventKind.REFUSE, user, today, reason=reason)
    order.refuse_reason = reason
    order.closed_at = timezone.now()
    _enter(order, OrderStatus.REFUSED, today)
    order.save()
    return order


@transaction.atomic
def order_cancel(*, user, order: ServiceOrder, reason: str) -> ServiceOrder:
    """The requester withdraws the need (recorded by staff) before service starts."""
    _require(user, DISPATCH, "撤单")
    reason = _reason(reason, "撤单原因")
    order = _locked(user, order)
    _expect(order, OrderStatus.SUBMITTED, OrderStatus.DISPATCHED, action="撤单")
    today = _today()
    _event(order, EventKind.CANCEL, user, today, team=order.team, reason=reason)
    order.closed_at = timezone.now()
    _enter(order, OrderStatus.CANCELLED, today)
    order.save()
    return order


# ---------------------------------------------------------------------------
# 队伍接单 / 退单 / 完成服务
# ---------------------------------------------------------------------------
@transaction.atomic
def order_accept(*, user, order: ServiceOrder) -> ServiceOrder:
    _require_any_step(user, "接单")
    order = _locked(user, order)
    _require_provider_step(user, order, "接单")
    _expect(order, OrderStatus.DISPATCHED, action="接单")
    _own_team_only(user, order, "接单")
    today = _today()
    _event(order, EventKind.ACCEPT, user, today, team=order.team)
    order.accepted_at = timezone.now()
    _enter(order, OrderStatus.ACCEPTED, today)
    order.save()
    return order


@transaction.atomic
def order_hand_back(*, user, order: ServiceOrder, reason: str) -> ServiceOrder:
    """The team cannot take it: back to the centre, to be dispatched again."""
    _require_any_step(user, "退单")
    reason = _reason(reason, "退单理由")
    order = _locked(user, order)
    _require_provider_step(user, order, "退单")
    _expect(order, OrderStatus.DISPATCHED, action="退单")
    _own_team_only(user, order, "退单")
    today = _today()
    _event(order, EventKind.HAND_BACK, user, today, team=order.team, reason=reason)
    order.team = None
    order.provider = ""
    order.hand_back_reason = reason
    _enter(order, OrderStatus.SUBMITTED, today)
    order.save()
    return order


@transaction.atomic
def order_complete(*, user, order: ServiceOrder, served_on: datetime.date, note: str) -> ServiceOrder:
    """The service is done. On time: every step within its deadline and served by the
    date the requester asked for."""
    _require_any_step(user, "登记服务完成")
    order = _locked(user, order)
    _require_provider_step(user, order, "登记服务完成")
    _expect(order, OrderStatus.ACCEPTED, action="登记服务完成")
    _own_team_only(user, order, "登记服务完成")
    today = _today()
    note = (note or "").strip()
    errors = {}
    if served_on is None:
        errors["served_on"] = ["请填写服务完成日期。"]
    elif served_on > today:
        errors["served_on"] = ["服务完成日期不能晚于今天。"]
    elif order.accepted_at and served_on < timezone.localdate(order.accepted_at):
        errors["served_on"] = [f"服务完成日期不能早于接单日期（{timezone.localdate(order.accepted_at):%Y-%m-%d}）。"]
    if not note:
        errors["note"] = ["请简要填写服务情况。"]
    if errors:
        raise ValidationError(errors)
    event = _event(order, EventKind.COMPLETE, user, today, team=order.team, reason=note[:300])
    steps_late = OrderEvent.objects.filter(order=order, late=True).exists() or event.late
    order.served_on = served_on
    order.service_note = note
    order.on_time = not steps_late and served_on <= order.wanted_by
    _enter(order, OrderStatus.DONE, today)
    order.save()
    return order


# ---------------------------------------------------------------------------
# 群众评单
# ---------------------------------------------------------------------------
@transaction.atomic
def order_evaluate(*, user, order: ServiceOrder, satisfaction: int, comment: str = "") -> ServiceOrder:
    """The requester's rating (1–5) and comment, recorded by staff."""
    _require(user, EVALUATE, "登记群众评单")
    try:
        satisfaction = int(satisfaction)
    except (TypeError, ValueError):
        satisfaction = 0
    if not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": "满意度请在1至5星之间选择。"})
    order = _locked(user, order)
    _expect(order, OrderStatus.DONE, action="评单")
    today = _today()
    _event(order, EventKind.EVALUATE, user, today, team=order.team, reason=(comment or "").strip()[:300])
    order.satisfaction = satisfaction
    order.evaluation_comment = (comment or "").strip()[:300]
    order.closed_at = timezone.now()
    _enter(order, OrderStatus.EVALUATED, today)
    order.save()
    return order


# ---------------------------------------------------------------------------
# Reference data: the service menu and the steps' deadlines (bureau staff, back office)
# ---------------------------------------------------------------------------
def _reference_save(user, row, model_name: str, what: str):
    """Check the add/change permission, validate the row and save it with its history
    version (its author: ``user``)."""
    verb = "change" if row.pk else "add"
    _require(user, f"orders.{verb}_{model_name}", f"{'修改' if row.pk else '新增'}{what}")
    row.full_clean()
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def category_save(*, user, category: ServiceCategory) -> ServiceCategory:
    """Add or change a service category. A category in use is retired with 启用 off, so the
    orders that name it keep it; its name cannot become empty or a duplicate."""
    category.name = (category.name or "").strip()
    category.description = (category.description or "").strip()
    if not category.name:
        raise ValidationError({"name": "请填写服务类别名称。"})
    clash = ServiceCategory.objects.filter(name=category.name).exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": f"服务类别“{category.name}”已存在。"})
    return _reference_save(user, category, "servicecategory", "服务类别")


@transaction.atomic
def category_delete(*, user, category: ServiceCategory) -> None:
    """Delete a category no order names; one in use is refused (停用 it instead)."""
    _require(user, "orders.delete_servicecategory", "删除服务类别")
    if ServiceOrder.objects.filter(category=category).exists():
        raise ValidationError(f"已有工单使用服务类别“{category}”，不能删除；如不再使用，请取消“启用”。")
    category._history_user = user
    category.delete()


@transaction.atomic
def step_deadline_save(*, user, row: StepDeadline) -> StepDeadline:
    """Change a step's deadline (1–60 working days). Orders already in the step keep the
    deadline they were given; the new one applies from the next order entering it."""
    if row.step not in Step.values:
        raise ValidationError({"step": "未知的环节。"})
    try:
        days = int(row.working_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 60:
        raise ValidationError({"working_days": "时限须在1至60个工作日之间。"})
    row.working_days = days
    existing = StepDeadline.objects.filter(step=row.step).exclude(pk=row.pk).first()
    if existing is not None:
        raise ValidationError({"step": f"“{row.get_step_display()}”的时限已设置，请修改原记录。"})
    return _reference_save(user, row, "stepdeadline", "环节时限")


def step_deadline_set(*, user, step: str, working_days: int) -> StepDeadline:
    """Set ``step``'s deadline, adding its row when missing."""
    row = StepDeadline.objects.filter(step=step).first() or StepDeadline(step=step)
    row.working_days = working_days
    return step_deadline_save(user=user, row=row)
