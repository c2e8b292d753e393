"""四单's share of the benchmark city (``seed_city``): three years of orders in every state
of the loop (about 6,000 at scale 1: 110 per team), each with the steps it took, some
handed back once, refused or withdrawn, rated 1–5 once served.

Declared in ``apps/orders/brand.py`` after the volunteer teams (``ctx["teams"]``). Bulk
inserts, no history rows (a benchmark city, not a record of anyone's work); deterministic
from the shared ``rng``. The year's number counters (``OrderNumber``) are set past the last
number given, so orders entered afterwards continue the sequence.
"""

import contextlib
import datetime
import random

from django.utils import timezone

from apps.core.workdays import WorkingCalendar
from apps.orders.choices import DEFAULT_STEP_DAYS, EntrySource, EventKind, OrderStatus, Step

ORDERS_PER_TEAM = 110
YEARS = 3
SEED = "orders.city"
NEEDS = [
    ("家政清洁", "独居老人家中大扫除"),
    ("心理咨询", "希望有人上门谈心"),
    ("法律服务", "咨询房屋赠与手续"),
    ("权益保护", "保健品推销退货维权"),
    ("政策宣讲", "了解医保异地结算新政"),
    ("休闲旅游", "社区老人半日游需要陪同"),
    ("矛盾化解", "邻里漏水纠纷调解"),
    ("基层治理", "小区加装电梯意见征集"),
]
# Who serves a region's orders when it has no volunteer team (small cities).
PROVIDER = "居家养老服务中心"
ELDERS = ["王桂英", "李凤兰", "张秀珍", "陈德明", "刘玉梅", "周国华", "吴淑芬", "孙志强"]
# The share of orders that stop at each state, for orders old enough to have finished.
FINISHED = [(OrderStatus.EVALUATED, 80), (OrderStatus.DONE, 4), (OrderStatus.REFUSED, 8), (OrderStatus.CANCELLED, 8)]
# Orders of the last weeks are still on their way.
OPEN = [
    (OrderStatus.SUBMITTED, 25),
    (OrderStatus.DISPATCHED, 25),
    (OrderStatus.ACCEPTED, 25),
    (OrderStatus.DONE, 15),
    (OrderStatus.EVALUATED, 10),
]


@contextlib.contextmanager
def _dates_as_given(*fields):
    """Let ``bulk_create`` keep the dates the seed sets on ``auto_now_add`` fields."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _ in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


def _pick(rng, weighted):
    return rng.choices([s for s, _ in weighted], weights=[w for _, w in weighted])[0]


class _Walk:
    """One order's way through the loop: the steps it took, each a few days after the last
    (never after today), late when after the open step's deadline."""

    def __init__(self, rng, calendar, today, day, dispatch_days):
        self.rng, self.calendar, self.today = rng, calendar, today
        self.clock, self.late_any = day, False
        self.due = calendar.add_working_days(day, dispatch_days)
        self.events = [(EventKind.CREATE, None, day, None, "")]

    def next_due(self, working_days: int) -> None:
        self.due = self.calendar.add_working_days(self.clock, working_days)

    def step(self, kind, team=None, reason="", gap=(0, 1, 1, 2, 3)):
        self.clock = min(self.today, self.clock + datetime.timedelta(days=self.rng.choice(gap)))
        late = self.clock > self.due
        self.late_any = self.late_any or late
        self.events.append((kind, team, self.clock, self.due, reason, late))


def walk_order(rng, calendar, today, days, order, day, status, *, team=None, provider="") -> list:
    """Take ``order`` (submitted on ``day``) through the loop to ``status``: its fields set
    for each step taken, served by ``team`` or by ``provider`` (a service outside the
    volunteer teams, whose steps the centre records). Returns the steps as event tuples."""
    walk = _Walk(rng, calendar, today, day, days[Step.DISPATCH])
    by = None if provider else team
    if status == OrderStatus.REFUSED:
        walk.step(EventKind.REFUSE, reason="超出志愿服务范围，已转社区卫生服务中心。")
        order.refuse_reason, order.closed_at = walk.events[-1][4], _at(walk.clock, 16)
    elif status == OrderStatus.CANCELLED:
        walk.step(EventKind.CANCEL, reason="家属已自行安排。")
        order.closed_at = _at(walk.clock, 16)
    elif status != OrderStatus.SUBMITTED:
        sent = f"派给服务机构：{provider}" if provider else ""
        if rng.random() < 0.1:
            walk.step(EventKind.DISPATCH, by, sent)
            walk.next_due(days[Step.ACCEPT])
            walk.step(EventKind.HAND_BACK, by, "本周队员外出培训，人手不足。")
            order.hand_back_reason = walk.events[-1][4]
            walk.next_due(days[Step.DISPATCH])
        walk.step(EventKind.DISPATCH, by, sent)
        order.team_id = by.pk if by else None
        order.provider = provider
        order.dispatched_at = _at(walk.clock, 10)
        walk.next_due(days[Step.ACCEPT])
        if status != OrderStatus.DISPATCHED:
            walk.step(EventKind.ACCEPT, by)
            order.accepted_at = _at(walk.clock, 11)
            walk.next_due(days[Step.SERVE])
            if status != OrderStatus.ACCEPTED:
                walk.step(EventKind.COMPLETE, by, "已按约定上门服务。", gap=(1, 2, 3, 4, 6, 9))
                order.served_on, order.service_note = walk.clock, "已按约定上门服务。"
                order.on_time = not walk.late_any and walk.clock <= order.wanted_by
                walk.next_due(days[Step.EVALUATE])
                if status == OrderStatus.EVALUATED:
                    walk.step(EventKind.EVALUATE, by)
                    order.satisfaction = rng.choice((5, 5, 5, 5, 4, 4, 4, 3, 2, 1))
                    order.closed_at = _at(walk.clock, 17)
    if status in (OrderStatus.SUBMITTED, OrderStatus.DISPATCHED, OrderStatus.ACCEPTED, OrderStatus.DONE):
        order.step_due_on = walk.due
    return walk.events


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def insert_orders(orders, steps) -> int:
    """The orders and their steps in bulk, with the dates the seed gave them. Returns the
    number of step rows."""
    from apps.orders.models import OrderEvent, ServiceOrder

    with _dates_as_given(ServiceOrder._meta.get_field("submitted_at")):
        ServiceOrder.objects.bulk_create(orders, batch_size=2000)
    rows = []
    for order, events in zip(orders, steps, strict=True):
        for kind, team_, day, due, reason, *late in events:
            rows.append(
                OrderEvent(
                    order_id=order.pk,
                    kind=kind,
                    team_id=team_.pk if team_ else None,
                    reason=reason,
                    due_on=due,
                    late=bool(late and late[0]),
                    at=_at(day, 12),
                )
            )
    with _dates_as_given(OrderEvent._meta.get_field("at")):
        OrderEvent.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def continue_numbers(seq: dict[int, int]) -> None:
    """Move each year's number counter past the last number the seed gave."""
    from apps.orders.models import OrderNumber

    for year, last in seq.items():
        row, _ = OrderNumber.objects.get_or_create(year=year, defaults={"last": 0})
        if row.last < last:
            OrderNumber.objects.filter(year=year).update(last=last)


def seed_orders(rng, ctx):
    """Draws from its own stream (``SEED``): the shared ``rng`` is left untouched, so the
    steps after this one build the same city as before this step existed."""
    from apps.orders.models import ServiceCategory, ServiceOrder
    from apps.regions.models import Region

    rng = random.Random(SEED)

    teams = ctx["teams"]
    categories = {c.name: c.pk for c in ServiceCategory.objects.all()}
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * YEARS)
    calendar = WorkingCalendar(start - datetime.timedelta(days=10), today + datetime.timedelta(days=120))
    days = {step: DEFAULT_STEP_DAYS[step] for step in Step}
    plans = []
    for team in teams:
        for _ in range(ORDERS_PER_TEAM):
            plans.append((start + datetime.timedelta(days=rng.randrange((today - start).days + 1)), team))
    # A small city has fewer teams than regions: a region without one (a functional
    # district, last in order) has as many orders, served by its providers. None at scale 1.
    served = {team.region_id for team in teams}
    for region in ctx.get("regions", []):
        if region.pk not in served:
            for _ in range(ORDERS_PER_TEAM):
                plans.append((start + datetime.timedelta(days=rng.randrange((today - start).days + 1)), region))
    plans.sort(key=lambda p: p[0])
    seq: dict[int, int] = {}
    orders, steps = [], []
    for day, team in plans:
        region = team if isinstance(team, Region) else team.region
        name, content = NEEDS[rng.randrange(len(NEEDS))]
        status = _pick(rng, OPEN if (today - day).days < 30 else FINISHED)
        seq[day.year] = seq.get(day.year, 0) + 1
        order = ServiceOrder(
            number=f"SD{day.year}{seq[day.year]:06d}",
            category_id=categories.get(name) or next(iter(categories.values())),
            requester_name=ELDERS[rng.randrange(len(ELDERS))],
            region_id=region.pk,
            address=f"{region.name}社区{rng.randint(1, 40)}幢",
            content=content,
            wanted_by=day + datetime.timedelta(days=rng.randint(5, 20)),
            source=EntrySource.STAFF,
            status=status,
            submitted_at=_at(day, 9),
        )
        if region is team:
            events = walk_order(rng, calendar, today, days, order, day, status, provider=f"{region.name}{PROVIDER}")
        else:
            events = walk_order(rng, calendar, today, days, order, day, status, team=team)
        orders.append(order)
        steps.append(events)
    events = insert_orders(orders, steps)
    continue_numbers(seq)
    ctx["service_orders"] = len(orders)
    ctx["order_events"] = events
