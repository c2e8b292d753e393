"""Demo 四单 orders: every state of the loop, some past their step's deadline, several
waiting for the showcase team (``demo_team``) to accept. Written through the services."""

import datetime

from django.utils import timezone

from apps.orders import services
from apps.orders.choices import OrderStatus
from apps.orders.models import ServiceCategory, ServiceOrder

NEEDS = [
    ("家政清洁", "独居老人家中大扫除，需两三名志愿者"),
    ("心理咨询", "老伴去世后情绪低落，希望有人上门谈心"),
    ("法律服务", "咨询房屋赠与子女的手续和风险"),
    ("权益保护", "遭遇保健品推销，想退货维权"),
    ("政策宣讲", "小区老年人想了解医保异地结算新政"),
    ("休闲旅游", "组织社区老人赴瘦西湖半日游，需要陪同"),
    ("助餐助行", "腿脚不便，每周两次陪同去医院复查"),
    ("矛盾化解", "楼上楼下漏水纠纷，请老干部帮助调解"),
]
ELDERS = ["王桂英", "李凤兰", "张秀珍", "陈德明", "刘玉梅", "周国华", "吴淑芬", "孙志强"]
# How far each demo order goes: (status, count); counts add up to 40.
PLAN = [
    (OrderStatus.SUBMITTED, 6),
    (OrderStatus.DISPATCHED, 7),
    (OrderStatus.ACCEPTED, 6),
    (OrderStatus.DONE, 5),
    (OrderStatus.EVALUATED, 10),
    (OrderStatus.REFUSED, 3),
    (OrderStatus.CANCELLED, 3),
]


def seed(rng, ctx):
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    teams = ctx["teams"]
    showcase = ctx["showcase_team"]
    people = ctx["people"]
    today = timezone.localdate()
    made = 0
    for status, count in PLAN:
        for index in range(count):
            category_name, content = NEEDS[(made + index) % len(NEEDS)]
            # The showcase team serves half the orders that reach a team, so demo_team has work.
            team = showcase if index % 2 == 0 else rng.choice(teams)
            person = rng.choice(people) if index % 3 == 0 else None
            order = services.order_create(
                user=None,
                category=categories[category_name],
                region=team.region,
                address=f"{team.region.name}{rng.choice(['文昌', '汶河', '东关', '梅岭', '琼花'])}社区{rng.randint(1, 40)}幢",
                content=content,
                wanted_by=today + datetime.timedelta(days=rng.randint(3, 20)),
                requester_person=person,
                requester_name="" if person else rng.choice(ELDERS),
                requester_phone=f"139{rng.randint(10000000, 99999999)}",
            )
            _walk(order, status, team, rng, today)
            made += 1
    # A few open orders past their deadline, so the lists show overdue ages.
    late = ServiceOrder.objects.filter(status__in=[OrderStatus.SUBMITTED, OrderStatus.DISPATCHED]).order_by("pk")[:4]
    for order in late:
        ServiceOrder.objects.filter(pk=order.pk).update(step_due_on=today - datetime.timedelta(days=rng.randint(3, 9)))
    ctx["service_orders"] = made


def _walk(order, status, team, rng, today):
    if status == OrderStatus.SUBMITTED:
        return
    if status == OrderStatus.REFUSED:
        services.order_refuse(
            user=None, order=order, reason="该需求属于医疗护理，超出志愿服务范围，已转社区卫生服务中心。"
        )
        return
    if status == OrderStatus.CANCELLED:
        services.order_cancel(user=None, order=order, reason="点单人家属已自行安排，申请撤单。")
        return
    if rng.random() < 0.3:
        # Handed back once by another team, then dispatched again.
        services.order_dispatch(user=None, order=order, team=team)
        services.order_hand_back(user=None, order=order, reason="本周队员外出培训，人手不足。")
    services.order_dispatch(user=None, order=order, team=team)
    if status == OrderStatus.DISPATCHED:
        return
    services.order_accept(user=None, order=order)
    if status == OrderStatus.ACCEPTED:
        return
    services.order_complete(user=None, order=order, served_on=today, note="已按约定上门服务，老人表示感谢。")
    if status == OrderStatus.DONE:
        return
    services.order_evaluate(
        user=None, order=order, satisfaction=rng.choice([5, 5, 5, 4, 4, 3]), comment="志愿者热情周到。"
    )
