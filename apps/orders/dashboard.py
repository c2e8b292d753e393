"""四单's section of the data dashboard, on the 绿扬霞光 tab (declared in ``brand.py``):
the orders funnel, acceptance rate, on-time rate and satisfaction, by month and by region,
for the orders placed in the year. ``section_data(filters)`` takes three queries whatever
the size of the city; ``section_tables(data)`` gives the tables the page, the print view
and the Excel export show.

The rates are those of ``selectors.figures`` (one definition): 接单率 = accepts ÷ answered
dispatches (accepts + hand-backs); 按时办结率 = orders served on time ÷ orders served;
满意率 = ratings of 4–5 stars ÷ ratings; 平均满意度 = the average rating.
"""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from apps.core.figures import DEC, INT, PCT, TEXT, Table
from apps.orders.choices import EventKind, OrderStatus
from apps.orders.models import OrderEvent, ServiceOrder
from apps.regions.models import Region

# (``accepts``/``hand_backs``: steps taken, apart from the statuses of the same names.)
_COUNTS = ("total", "served", "on_time", "rated", "satisfied", "stars", "accepts", "hand_backs")


def _share(part, whole) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None


def _rates(row: dict) -> dict:
    decided = row["accepts"] + row["hand_backs"]
    return {
        **row,
        "acceptance": _share(row["accepts"], decided),
        "on_time_rate": _share(row["on_time"], row["served"]),
        "satisfaction": _share(row["satisfied"], row["rated"]),
        "average": (Decimal(row["stars"]) / row["rated"]) if row["rated"] else None,
    }


def _empty() -> dict:
    return dict.fromkeys((*_COUNTS, *OrderStatus.values), 0)


def section_data(filters) -> dict:
    """Three queries: the orders of the year by region and month (every count the section
    shows), the accept/hand-back steps of those orders by region, and the regions."""
    year, region_id = filters.year, filters.region_id
    orders = ServiceOrder.objects.filter(submitted_at__year=year)
    if region_id:
        orders = orders.filter(region_id=region_id)
    cells = (
        orders.order_by()
        .annotate(month=ExtractMonth("submitted_at"))
        .values("region_id", "month")
        .annotate(
            total=Count("pk"),
            served=Count("pk", filter=Q(on_time__isnull=False)),
            on_time=Count("pk", filter=Q(on_time=True)),
            rated=Count("pk", filter=Q(satisfaction__isnull=False)),
            satisfied=Count("pk", filter=Q(satisfaction__gte=4)),
            stars=Sum("satisfaction", default=0),
            **{status: Count("pk", filter=Q(status=status)) for status in OrderStatus.values},
        )
    )
    steps = (
        OrderEvent.objects.filter(order__in=orders, kind__in=[EventKind.ACCEPT, EventKind.HAND_BACK])
        .order_by()
        .values(region_id=F("order__region_id"), month=ExtractMonth("order__submitted_at"))
        .annotate(
            accepts=Count("pk", filter=Q(kind=EventKind.ACCEPT)),
            hand_backs=Count("pk", filter=Q(kind=EventKind.HAND_BACK)),
        )
    )
    total, by_region, by_month = _empty(), {}, {m: _empty() for m in range(1, 13)}
    for source in (cells, steps):
        for row in source:
            for target in (total, by_region.setdefault(row["region_id"], _empty()), by_month[row["month"]]):
                for key, value in row.items():
                    if key not in ("region_id", "month"):
                        target[key] += value or 0
    regions = Region.objects.order_by("sort_order", "code").values_list("pk", "name")
    if region_id:
        regions = regions.filter(pk=region_id)
    return {
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "year": year,
        "total": _rates(total),
        "funnel": [(label, total[value]) for value, label in OrderStatus.choices],
        "regions": [{"name": name, **_rates(by_region.get(pk, _empty()))} for pk, name in regions],
        "months": [(m, _rates(by_month[m])) for m in range(1, 13)],
    }


def section_tables(data: dict) -> list[Table]:
    year, t = data["year"], data["total"]
    figures = Table(
        "orders-figures",
        f"四单服务主要指标（{year}年点单）",
        ["指标", "数值"],
        [TEXT, INT],
        rows=[
            ["群众点单（单）", t["total"]],
            ["接单率", t["acceptance"]],
            ["按时办结率", t["on_time_rate"]],
            ["满意率（4–5星）", t["satisfaction"]],
            ["平均满意度（星）", t["average"]],
        ],
        row_kinds=[[TEXT, INT], [TEXT, PCT], [TEXT, PCT], [TEXT, PCT], [TEXT, DEC]],
        note="接单率 = 接单 ÷（接单 + 退单）；按时办结率 = 按时办结 ÷ 已完成服务；满意率 = 4–5 星评价 ÷ 已评单。",
    )
    funnel = Table(
        "orders-funnel",
        "工单状态（点单 → 派单 → 接单 → 服务 → 评单）",
        ["状态", "工单（单）"],
        [TEXT, INT],
        rows=[[label, n] for label, n in data["funnel"]],
    )
    regions = Table(
        "orders-regions",
        "各地四单服务",
        ["区域", "点单", "已评单", "接单率", "按时办结率", "满意率"],
        [TEXT, INT, INT, PCT, PCT, PCT],
        rows=[
            [r["name"], r["total"], r[OrderStatus.EVALUATED], r["acceptance"], r["on_time_rate"], r["satisfaction"]]
            for r in data["regions"]
        ],
    )
    months = Table(
        "orders-months",
        "四单服务月度情况（按点单月份）",
        ["月份", "点单", "已评单", "接单率", "按时办结率", "满意率"],
        [TEXT, INT, INT, PCT, PCT, PCT],
        rows=[
            [f"{m}月", r["total"], r[OrderStatus.EVALUATED], r["acceptance"], r["on_time_rate"], r["satisfaction"]]
            for m, r in data["months"]
        ],
    )
    return [figures, funnel, regions, months]
