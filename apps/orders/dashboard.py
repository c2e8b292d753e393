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


def year_orders(year: int, region_id=None):
    """The orders the section counts: placed in ``year`` (in ``region_id``)."""
    orders = ServiceOrder.objects.filter(submitted_at__year=year)
    return orders.filter(region_id=region_id) if region_id else orders


def order_counts(orders, *keys, **named):
    """Every count the section shows over ``orders``, grouped by ``keys``/``named``."""
    return (
        orders.order_by()
        .values(*keys, **named)
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


def step_counts(orders, *keys, team=None, **named):
    """The accept and hand-back steps taken on ``orders`` (by ``team``), grouped by
    ``keys``/``named``."""
    steps = OrderEvent.objects.filter(order__in=orders, kind__in=[EventKind.ACCEPT, EventKind.HAND_BACK])
    return (
        (steps.filter(team=team) if team else steps)
        .order_by()
        .values(*keys, **named)
        .annotate(
            accepts=Count("pk", filter=Q(kind=EventKind.ACCEPT)),
            hand_backs=Count("pk", filter=Q(kind=EventKind.HAND_BACK)),
        )
    )


def _add(target: dict, row: dict, skip=("region_id", "month", "team_id", "provider")) -> None:
    for key, value in row.items():
        if key not in skip:
            target[key] += value or 0


def section_data(filters) -> dict:
    """Three queries: the orders of the year by region and month (every count the section
    shows), the accept/hand-back steps of those orders by region, and the regions."""
    year, region_id = filters.year, filters.region_id
    orders = year_orders(year, region_id)
    cells = order_counts(orders, "region_id", month=ExtractMonth("submitted_at"))
    steps = step_counts(orders, region_id=F("order__region_id"), month=ExtractMonth("order__submitted_at"))
    total, by_region, by_month = _empty(), {}, {m: _empty() for m in range(1, 13)}
    for source in (cells, steps):
        for row in source:
            for target in (total, by_region.setdefault(row["region_id"], _empty()), by_month[row["month"]]):
                _add(target, row)
    regions = Region.objects.order_by("sort_order", "code").values_list("pk", "name")
    if region_id:
        regions = regions.filter(pk=region_id)
    return {
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "year": year,
        "total": _rates(total),
        "funnel": [(label, total[value]) for value, label in OrderStatus.choices],
        "regions": [{"id": pk, "name": name, **_rates(by_region.get(pk, _empty()))} for pk, name in regions],
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
        # Each region's name leads to its teams (dashboard:afterglow_orders_region).
        region_ids=[r["id"] for r in data["regions"]] if all("id" in r for r in data["regions"]) else [],
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


# ---------------------------------------------------------------------------
# Drill-down (dashboard_views.py): a region's serving teams, one team in the region
# ---------------------------------------------------------------------------
# The region's orders not served by a volunteer team: rows of their own, without a page.
PROVIDERS = "志愿团队以外的服务机构"
NOT_PLACED = "未派给团队或机构（待派单、已拒单或派出前撤单）"


def region_units(*, region_id: int, year: int, search: str = "") -> list[dict]:
    """The region's orders of the year (the tab's region row) by who serves them: each
    volunteer team (the order's current team; its accept and hand-back steps, even on
    orders since dispatched elsewhere), then providers outside the teams (steps the centre
    recorded, without a team) and the orders not dispatched. Teams of the region with no
    order are listed too. The rows add up to the region's row; three queries."""
    from apps.volunteers.models import Team

    orders = year_orders(year, region_id)
    units: dict[int, dict] = {}
    others = {PROVIDERS: _empty(), NOT_PLACED: _empty()}
    for row in order_counts(orders, "team_id", "provider"):
        if row["team_id"]:
            target = units.setdefault(row["team_id"], _empty())
        else:
            target = others[PROVIDERS if row["provider"] else NOT_PLACED]
        _add(target, row)
    for row in step_counts(orders, "team_id"):
        _add(units.setdefault(row["team_id"], _empty()) if row["team_id"] else others[PROVIDERS], row)
    teams = Team.objects.filter(Q(region_id=region_id) | Q(pk__in=list(units))).order_by("name").values("id", "name")
    if search:
        teams = teams.filter(name__icontains=search)
    rows = [{**team, **_rates(units.get(team["id"], _empty()))} for team in teams]
    if not search:
        rows += [
            {"id": None, "name": name, **_rates(row)}
            for name, row in others.items()
            if row["total"] or row["accepts"] or row["hand_backs"]
        ]
    return rows


def team_figures(*, team, region_id: int, year: int) -> dict:
    """A team's page: the region's orders of the year it serves, counted as its row on the
    region page, by month (order counts and its steps: two queries), and its latest 20
    orders (one query: no requester's name, phone or address)."""
    orders = year_orders(year, region_id)
    total, by_month = _empty(), {m: _empty() for m in range(1, 13)}
    for row in order_counts(orders.filter(team=team), month=ExtractMonth("submitted_at")):
        _add(total, row)
        _add(by_month[row["month"]], row)
    for row in step_counts(orders, team=team, month=ExtractMonth("order__submitted_at")):
        _add(total, row)
        _add(by_month[row["month"]], row)
    recent = list(
        orders.filter(team=team)
        .order_by("-submitted_at", "-pk")
        .values(
            "number",
            "submitted_at",
            "status",
            "served_on",
            "on_time",
            "satisfaction",
            category_name=F("category__name"),
        )[:20]
    )
    return {"total": _rates(total), "months": [(m, _rates(by_month[m])) for m in range(1, 13)], "recent": recent}
