"""Reads of the 四单 loop: figures (acceptance, on time, satisfaction), overdue ages."""

import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils import timezone

from apps.orders.choices import OPEN_STATUSES, EventKind, OrderStatus
from apps.orders.deadlines import WorkingCalendar, overdue_days
from apps.orders.models import OrderEvent, ServiceOrder


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def figures(orders, events=None) -> dict:
    """The loop's figures over ``orders`` (a queryset, already scoped): two queries.

    接单率 = accepts ÷ answered dispatches (accepts + hand-backs); 按时办结率 = orders
    served on time ÷ orders served; 满意度 = ratings of 4–5 stars ÷ ratings, and the
    average rating."""
    counts = orders.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        served=Count("pk", filter=Q(on_time__isnull=False)),
        on_time=Count("pk", filter=Q(on_time=True)),
        rated=Count("pk", filter=Q(satisfaction__isnull=False)),
        satisfied=Count("pk", filter=Q(satisfaction__gte=4)),
        average=Avg("satisfaction"),
        **{s.value: Count("pk", filter=Q(status=s)) for s in OrderStatus},
    )
    if events is None:
        events = OrderEvent.objects.filter(order__in=orders)
    answered = events.aggregate(
        accepted=Count("pk", filter=Q(kind=EventKind.ACCEPT)),
        handed_back=Count("pk", filter=Q(kind=EventKind.HAND_BACK)),
    )
    decided = answered["accepted"] + answered["handed_back"]
    average = counts["average"]
    return {
        **counts,
        **answered,
        "acceptance_rate": _pct(answered["accepted"], decided),
        "on_time_rate": _pct(counts["on_time"], counts["served"]),
        "satisfaction_rate": _pct(counts["satisfied"], counts["rated"]),
        "average": Decimal(average).quantize(Decimal("0.1")) if average is not None else None,
        "funnel": [(s.label, counts[s.value]) for s in OrderStatus],
    }


def calendar_for_lists(today: datetime.date | None = None) -> WorkingCalendar:
    """The calendar a list page reads every overdue age from (loaded once)."""
    today = today or timezone.localdate()
    return WorkingCalendar(today - datetime.timedelta(days=400), today)


def overdue_label(order, today: datetime.date, calendar=None) -> str:
    """ "逾期N个工作日" for an open order past its step's deadline, else ""."""
    if order.status not in OPEN_STATUSES:
        return ""
    days = overdue_days(order.step_due_on, today, calendar)
    return f"逾期{days}个工作日" if days else ""


def team_queue(user):
    """The team leader's orders: waiting for him to accept, then in service (oldest
    deadline first)."""
    return (
        ServiceOrder.objects.for_user(user)
        .filter(team_id=user.scope_team_id, status__in=[OrderStatus.DISPATCHED, OrderStatus.ACCEPTED])
        .select_related("category", "region", "requester_person")
        .order_by("step_due_on", "pk")
    )
