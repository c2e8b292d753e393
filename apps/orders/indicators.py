"""绿扬霞光 · 四单服务 indicators: 接单率, 按时办结率, 群众满意度.

A region scheme counts the orders served by the region's teams; a branch scheme those of
the teams paired with the branch (“党支部+志愿团队”). One query per formula.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext, formula
from apps.orders.choices import EventKind
from apps.orders.models import OrderEvent, ServiceOrder


def _unit(ctx: TallyContext, to_team: str) -> str:
    return f"{to_team}__region" if ctx.unit_kind == UnitKind.REGION else f"{to_team}__partner_branch"


def _period(ctx: TallyContext, field: str) -> Q:
    start = timezone.make_aware(datetime.datetime.combine(ctx.first_day, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(ctx.last_day + datetime.timedelta(days=1), datetime.time()))
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _shares(ctx: TallyContext, queryset, unit_path: str, *, part: Q, whole: Q) -> dict:
    rows = (
        queryset.order_by()
        .values(unit=F(unit_path))
        .annotate(part=Count("pk", filter=part), whole=Count("pk", filter=whole))
    )
    parts, wholes = {}, {}
    for row in rows:
        if row["unit"] in ctx.units:
            parts[row["unit"]], wholes[row["unit"]] = row["part"], row["whole"]
    return ctx.share(parts, wholes)


def _evidence(unit_kind, result, year, params):
    url = reverse("admin:orders_serviceorder_changelist")
    if unit_kind == UnitKind.REGION:
        return f"{url}?{urlencode({'region__id__exact': result.region_id, 'submitted_at__year': year})}"
    return None


@formula(
    "orders.acceptance_rate",
    label="四单服务接单率",
    description="年度内派给志愿团队的工单中，团队接单的比例（接单次数 ÷（接单 + 退单）次数）。",
    evidence=_evidence,
)
def acceptance_rate(ctx: TallyContext, params: dict) -> dict:
    events = OrderEvent.objects.filter(_period(ctx, "at"), kind__in=[EventKind.ACCEPT, EventKind.HAND_BACK])
    return _shares(ctx, events, _unit(ctx, "team"), part=Q(kind=EventKind.ACCEPT), whole=Q())


@formula(
    "orders.on_time_rate",
    label="四单服务按时办结率",
    description="年度内完成服务的工单中，各环节均在时限（工作日）内办理、且在点单人希望的日期前完成的比例。",
    evidence=_evidence,
)
def on_time_rate(ctx: TallyContext, params: dict) -> dict:
    orders = ServiceOrder.objects.filter(served_on__gte=ctx.first_day, served_on__lte=ctx.last_day)
    return _shares(ctx, orders, _unit(ctx, "team"), part=Q(on_time=True), whole=Q(on_time__isnull=False))


@formula(
    "orders.satisfaction",
    label="四单服务群众满意度",
    description="年度内群众评单中，评为4星或5星（满意、非常满意）的比例。",
    evidence=_evidence,
)
def satisfaction(ctx: TallyContext, params: dict) -> dict:
    orders = ServiceOrder.objects.filter(
        served_on__gte=ctx.first_day, served_on__lte=ctx.last_day, satisfaction__isnull=False
    )
    return _shares(ctx, orders, _unit(ctx, "team"), part=Q(satisfaction__gte=4), whole=Q())
