"""Demo 四单 history: the orders of 2022–2025, all in their final states (evaluated, a few
refused or cancelled), with the steps' events on their dates. More orders every year and,
as a district's teams get practised, fewer hand-backs and late completions.

Bulk writes with one history row each; ``submitted_at`` and the events' ``at`` are set
after the insert (they are ``auto_now_add``). Numbers SD<year><sequence> continue each
year's counter. The shared ``rng`` is read, not advanced.
"""

import datetime
import random

from django.utils import timezone

from apps.core.excel.bulk import bulk_insert
from apps.orders.choices import EventKind, OrderStatus
from apps.orders.demo import ELDERS, NEEDS
from apps.orders.models import OrderEvent, OrderNumber, ServiceCategory, ServiceOrder

FIRST_YEAR = 2022


def local_rng(rng: random.Random, name: str) -> random.Random:
    copy = random.Random()
    copy.setstate(rng.getstate())
    return random.Random(f"{name}:{copy.getrandbits(64)}")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def seed(rng, ctx):
    rng = local_rng(rng, "orders.history")
    today = timezone.localdate()
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    teams = ctx["teams"]
    strength = {r.pk: rng.random() for r in ctx["regions"]}
    orders, plans = [], []
    for year in range(FIRST_YEAR, today.year):
        count = 16 + 8 * (year - FIRST_YEAR)
        for seq in range(1, count + 1):
            team = rng.choice(teams)
            level = min(1.0, 0.3 + 0.4 * strength[team.region_id] + 0.1 * (year - FIRST_YEAR))
            order, plan = _past_order(rng, categories, year, seq, team, level)
            orders.append(order)
            plans.append(plan)
    _insert(orders, plans)
    for year in range(FIRST_YEAR, today.year):
        last = sum(1 for o in orders if o.number.startswith(f"SD{year}"))
        OrderNumber.objects.update_or_create(year=year, defaults={"last": last})
    ctx["service_orders_history"] = len(orders)


def _past_order(rng, categories, year, seq, team, level):
    """A past year's order (number ``seq`` of ``year``) for ``team``, in its final state, and
    its steps: (submitted, [(kind, team, day, reason), …])."""
    category_name, content = NEEDS[seq % len(NEEDS)]
    submitted = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 340))
    wanted = submitted + datetime.timedelta(days=rng.randint(5, 20))
    roll = rng.random()
    status = OrderStatus.REFUSED if roll < 0.04 else OrderStatus.CANCELLED if roll < 0.08 else OrderStatus.EVALUATED
    order = ServiceOrder(
        number=f"SD{year}{seq:06d}",
        category=categories[category_name],
        region=team.region,
        address=f"{team.region.name}{rng.choice(['文昌', '汶河', '东关', '梅岭', '琼花'])}社区{rng.randint(1, 40)}幢",
        content=content,
        wanted_by=wanted,
        requester_name=rng.choice(ELDERS),
        requester_phone=f"139{rng.randint(10000000, 99999999)}",
        status=status,
    )
    events = [(EventKind.CREATE, None, submitted, "")]
    if status == OrderStatus.REFUSED:
        order.refuse_reason = "该需求属于医疗护理，超出志愿服务范围，已转社区卫生服务中心。"
        order.closed_at = _at(submitted + datetime.timedelta(days=1), 10)
        events.append((EventKind.REFUSE, None, submitted + datetime.timedelta(days=1), order.refuse_reason))
    elif status == OrderStatus.CANCELLED:
        order.closed_at = _at(submitted + datetime.timedelta(days=2), 10)
        events.append((EventKind.CANCEL, None, submitted + datetime.timedelta(days=2), "点单人家属已自行安排"))
    else:
        day = submitted + datetime.timedelta(days=rng.randint(0, 1))
        if rng.random() > 0.55 + 0.4 * level:
            events.append((EventKind.DISPATCH, team, day, ""))
            events.append((EventKind.HAND_BACK, team, day + datetime.timedelta(days=1), "人手不足"))
            order.hand_back_reason = "人手不足"
            day += datetime.timedelta(days=2)
        events.append((EventKind.DISPATCH, team, day, ""))
        accepted = day + datetime.timedelta(days=rng.randint(0, 1))
        events.append((EventKind.ACCEPT, team, accepted, ""))
        on_time = rng.random() < 0.6 + 0.38 * level
        served = (
            accepted + datetime.timedelta(days=rng.randint(1, max(1, (wanted - accepted).days)))
            if on_time
            else wanted + datetime.timedelta(days=rng.randint(1, 6))
        )
        events.append((EventKind.COMPLETE, team, served, "已按约定上门服务"))
        evaluated = served + datetime.timedelta(days=rng.randint(1, 3))
        events.append((EventKind.EVALUATE, None, evaluated, ""))
        order.team = team
        order.dispatched_at, order.accepted_at = _at(day, 9), _at(accepted, 11)
        order.served_on, order.on_time = served, on_time and served <= wanted
        order.service_note = "已按约定上门服务，老人表示感谢。"
        order.satisfaction = rng.choice([5, 5, 5, 4, 4, 3] if level > 0.5 else [5, 4, 4, 3, 3])
        order.evaluation_comment = "志愿者热情周到。"
        order.closed_at = _at(evaluated, 16)
    return order, (submitted, events)


def _insert(orders, plans) -> None:
    """The orders and their steps, with the dates of the plan."""
    bulk_insert(ServiceOrder, orders)
    for order, (submitted, _) in zip(orders, plans, strict=True):
        order.submitted_at = _at(submitted, 8)
    ServiceOrder.objects.bulk_update(orders, ["submitted_at"], batch_size=500)

    events, times = [], []
    for order, (_, steps) in zip(orders, plans, strict=True):
        for hour, (kind, team, day, reason) in enumerate(steps, 8):
            events.append(OrderEvent(order=order, kind=kind, team=team, reason=reason))
            times.append(_at(day, min(hour, 17)))
    bulk_insert(OrderEvent, events)
    for event, at in zip(events, times, strict=True):
        event.at = at
    OrderEvent.objects.bulk_update(events, ["at"], batch_size=500)


# The functional districts' teams' orders this year, through the services: (status, count).
DISTRICT_PLAN = [
    (OrderStatus.SUBMITTED, 1),
    (OrderStatus.DISPATCHED, 1),
    (OrderStatus.ACCEPTED, 1),
    (OrderStatus.DONE, 1),
    (OrderStatus.EVALUATED, 3),
]


def seed_district_teams(rng, ctx):
    """Orders for the teams of the functional districts (``ctx["district_teams"]``, made
    last by the volunteers' history and outside ``ctx["teams"]``), as the other teams have
    them: past years' orders in their final states (more each year) numbered after each
    year's last, and this year's in every state of the loop through the services. Its own
    generator: the shared ``rng`` is left alone."""
    from apps.orders import services
    from apps.orders.demo import _walk

    rng = random.Random("orders.district-teams")
    today = timezone.localdate()
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    teams = ctx.get("district_teams", [])
    strength = {team.pk: rng.random() for team in teams}
    last = dict(OrderNumber.objects.values_list("year", "last"))
    orders, plans = [], []
    for year in range(FIRST_YEAR, today.year):
        seq = last.get(year, 0)
        for team in teams:
            if team.founded_on.year > year:
                continue
            level = min(1.0, 0.3 + 0.4 * strength[team.pk] + 0.1 * (year - FIRST_YEAR))
            for _ in range(2 + year - FIRST_YEAR):
                seq += 1
                order, plan = _past_order(rng, categories, year, seq, team, level)
                orders.append(order)
                plans.append(plan)
        if seq:
            OrderNumber.objects.update_or_create(year=year, defaults={"last": seq})
    _insert(orders, plans)
    made = 0
    for team in teams:
        for status, count in DISTRICT_PLAN:
            for _ in range(count):
                category_name, content = NEEDS[made % len(NEEDS)]
                order = services.order_create(
                    user=None,
                    category=categories[category_name],
                    region=team.region,
                    address=f"{team.region.name}{rng.choice(['文昌', '汶河', '梅岭', '双桥'])}社区{rng.randint(1, 40)}幢",
                    content=content,
                    wanted_by=today + datetime.timedelta(days=rng.randint(3, 20)),
                    requester_name=rng.choice(ELDERS),
                    requester_phone=f"139{rng.randint(10000000, 99999999)}",
                )
                _walk(order, status, team, rng, today)
                made += 1
    ctx["service_orders_districts"] = len(orders) + made
