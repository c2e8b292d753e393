"""牵手夕阳 at city scale (``seed_city --scale 1``): the registry's ~3 % 离休 cadres raised to
~1,800, three years of visits (~50,000), aid, ~800 modification files and care visits."""

from django.utils import timezone

from apps.care.demo import build
from apps.people.choices import PersonStatus, RetirementType
from apps.people.models import Person


def promote_lixiu(target: int) -> int:
    """The city plan's registry keeps its size: the oldest living 退休 cadres are filed as
    离休 until there are ``target``."""
    have = Person.objects.filter(retirement_type=RetirementType.LIXIU, status=PersonStatus.LIVING).count()
    ids = list(
        Person.objects.filter(retirement_type=RetirementType.TUIXIU, status=PersonStatus.LIVING)
        .order_by("birth_date", "pk")
        .values_list("pk", flat=True)[: max(0, target - have)]
    )
    return Person.objects.filter(pk__in=ids).update(retirement_type=RetirementType.LIXIU)


def seed(rng, ctx):
    scale = ctx.get("scale", 1)
    promote_lixiu(int(1800 * scale))
    ctx["care"] = build(
        rng,
        today=timezone.localdate(),
        years=3,
        modification_files=int(800 * scale),
        care_plans=int(600 * scale),
        aid_count=int(1200 * scale),
        daily=(1, 2),
        served_per_point=max(3, round(40 * scale)),  # a small city's points serve someone too
    )


# ---------------------------------------------------------------------------
# Door services at city scale: orders of the one 四单 loop (apps.orders), origin 上门服务
# ---------------------------------------------------------------------------
DOOR_SEED = "care.city.door_orders"
DOOR_ORDERS = 3600  # three years at scale 1: about one a year for each 离休 cadre … and some 退休
# The door services and who serves them when not a volunteer team (about two in five).
DOOR_NEEDS = {
    "家政清洁": ("离休干部家中大扫除、擦洗门窗", "扬州市颐和家政服务有限公司"),
    "心理咨询": ("老伴去世后情绪低落，希望有人上门谈心", "扬州市心之源心理咨询中心"),
    "权益保护": ("保健品推销退货维权，需要上门了解情况", "江苏维扬律师事务所"),
    "休闲旅游": ("行动不便，希望有人陪同到瘦西湖半日游", "扬州市夕阳红旅行社"),
}
PROVIDER_SHARE = 0.4


def seed_door_orders(rng, ctx):
    """Door-service orders for the registry's cadres (mostly 离休) over three years, in
    every state of the loop, served by a volunteer team of their district or by a
    provider; numbers continue each year's counter after the 四单 orders. Its own
    stream (``DOOR_SEED``): the shared ``rng`` is left alone."""
    import datetime
    import random

    from apps.core.workdays import WorkingCalendar
    from apps.orders.choices import DEFAULT_STEP_DAYS, EntrySource, OrderOrigin, Step
    from apps.orders.city import FINISHED, OPEN, _at, _pick, continue_numbers, insert_orders, walk_order
    from apps.orders.models import OrderNumber, ServiceCategory, ServiceOrder

    rng = random.Random(DOOR_SEED)
    scale = ctx.get("scale", 1)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * 3)
    calendar = WorkingCalendar(start - datetime.timedelta(days=10), today + datetime.timedelta(days=120))
    days = {step: DEFAULT_STEP_DAYS[step] for step in Step}
    categories = dict(ServiceCategory.objects.filter(name__in=DOOR_NEEDS).values_list("name", "pk"))
    teams_by_region: dict[int, list] = {}
    for team in ctx["teams"]:
        teams_by_region.setdefault(team.region_id, []).append(team)
    living = Person.objects.filter(status=PersonStatus.LIVING).order_by("pk")
    lixiu = list(living.filter(retirement_type=RetirementType.LIXIU).values_list("pk", "region_id", "address"))
    others = list(living.exclude(retirement_type=RetirementType.LIXIU).values_list("pk", "region_id", "address"))
    count = max(40, round(DOOR_ORDERS * scale))
    # The orders of the last 30 days are still on their way (at least ten, every open state).
    recent = max(10, round(count * 30 / 1095))
    old_span = (today - start).days - 30
    plans = [(start + datetime.timedelta(days=rng.randrange(old_span)), None) for _ in range(count - recent)]
    plans += [(today - datetime.timedelta(days=rng.randrange(30)), OPEN[i % len(OPEN)][0]) for i in range(recent)]
    plans.sort(key=lambda plan: plan[0])  # stable: same-day orders keep their draw order
    seq = dict(OrderNumber.objects.values_list("year", "last"))
    orders, steps = [], []
    for day, open_status in plans:
        pool = lixiu if (lixiu and rng.random() < 0.85) or not others else others
        person, region_id, address = pool[rng.randrange(len(pool))]
        name = list(DOOR_NEEDS)[rng.randrange(len(DOOR_NEEDS))]
        content, provider = DOOR_NEEDS[name]
        status = open_status or _pick(rng, FINISHED)
        teams = teams_by_region.get(region_id) or ctx["teams"]
        team = None
        if rng.random() >= PROVIDER_SHARE:
            team, provider = teams[rng.randrange(len(teams))], ""
        seq[day.year] = seq.get(day.year, 0) + 1
        order = ServiceOrder(
            number=f"SD{day.year}{seq[day.year]:06d}",
            category_id=categories[name],
            requester_person_id=person,
            region_id=region_id,
            address=address or "家中",
            content=content,
            wanted_by=day + datetime.timedelta(days=rng.randint(5, 20)),
            source=EntrySource.STAFF,
            origin=OrderOrigin.DOOR,
            status=status,
            submitted_at=_at(day, 9),
        )
        steps.append(walk_order(rng, calendar, today, days, order, day, status, team=team, provider=provider))
        orders.append(order)
    events = insert_orders(orders, steps)
    continue_numbers(seq)
    ctx["door_orders"] = len(orders)
    ctx["door_order_events"] = events
    return {"door_orders": len(orders), "door_order_events": events}
