"""草根内参's section of the data dashboard, on the 绿扬霞光 tab (declared in ``brand.py``):
reports submitted, registered, forwarded, given a leader's 批示, adopted and fed back,
feedback overdue, by month and by region, for the reports submitted in the year.
``section_data(filters)`` takes two queries whatever the size of the city.

Adoption rate = adopted ÷ registered (as ``selectors.adoption_figures``); feedback overdue
as ``selectors.feedback_overdue_q`` (past its deadline, not yet fed back).
"""

from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from apps.core.figures import INT, PCT, TEXT, Table
from apps.insights.choices import ReportStatus
from apps.insights.models import Report
from apps.insights.selectors import feedback_overdue_q
from apps.regions.models import Region

_COUNTS = ("total", "registered", "forwarded", "instructed", "adopted", "fed_back", "overdue")


def _share(part, whole) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None


def _with_rate(row: dict) -> dict:
    return {**row, "adoption": _share(row["adopted"], row["registered"])}


def section_data(filters) -> dict:
    """Two queries: the year's reports by region and month (every count), and the regions."""
    year, region_id = filters.year, filters.region_id
    reports = Report.objects.filter(submitted_on__year=year)
    if region_id:
        reports = reports.filter(region_id=region_id)
    cells = (
        reports.order_by()
        .annotate(month=ExtractMonth("submitted_on"))
        .values("region_id", "month")
        .annotate(
            total=Count("pk"),
            registered=Count("pk", filter=Q(number__isnull=False)),
            forwarded=Count("pk", filter=Q(forwarded_on__isnull=False)),
            instructed=Count("pk", filter=Q(instructed_on__isnull=False)),
            adopted=Count("pk", filter=Q(adopted=True)),
            fed_back=Count("pk", filter=Q(status=ReportStatus.FED_BACK)),
            overdue=Count("pk", filter=feedback_overdue_q()),
        )
    )
    empty = dict.fromkeys(_COUNTS, 0)
    total, by_region, by_month = dict(empty), {}, {m: dict(empty) for m in range(1, 13)}
    for row in cells:
        for target in (total, by_region.setdefault(row["region_id"], dict(empty)), by_month[row["month"]]):
            for key in _COUNTS:
                target[key] += row[key]
    regions = Region.objects.order_by("sort_order", "code").values_list("pk", "name")
    if region_id:
        regions = regions.filter(pk=region_id)
    return {
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "year": year,
        "total": _with_rate(total),
        "regions": [{"name": name, **_with_rate(by_region.get(pk, dict(empty)))} for pk, name in regions],
        "months": [(m, _with_rate(by_month[m])) for m in range(1, 13)],
    }


_HEADERS = ["报送", "登记", "转办", "领导批示", "采用", "已反馈", "反馈逾期", "采用率"]
_KINDS = [INT] * 7 + [PCT]


def _cells(r: dict) -> list:
    return [r[k] for k in _COUNTS] + [r["adoption"]]


def section_tables(data: dict) -> list[Table]:
    year, t = data["year"], data["total"]
    figures = Table(
        "insights-figures",
        f"草根内参主要指标（{year}年报送）",
        ["指标", "数值"],
        [TEXT, INT],
        rows=[
            ["信息员报送（篇）", t["total"]],
            ["登记编号（篇）", t["registered"]],
            ["转办相关部门（篇）", t["forwarded"]],
            ["获领导批示（篇）", t["instructed"]],
            ["编报采用（篇）", t["adopted"]],
            ["已向作者反馈（篇）", t["fed_back"]],
            ["反馈逾期（篇）", t["overdue"]],
            ["采用率", t["adoption"]],
        ],
        row_kinds=[[TEXT, INT]] * 7 + [[TEXT, PCT]],
        note="采用率 = 采用（编报采用或获领导批示）÷ 已登记；反馈逾期 = 已过反馈期限（转办后1个月，可调整）仍未反馈。",
    )
    regions = Table(
        "insights-regions",
        "各地草根内参",
        ["区域", *_HEADERS],
        [TEXT, *_KINDS],
        rows=[[r["name"], *_cells(r)] for r in data["regions"]],
    )
    months = Table(
        "insights-months",
        "草根内参月度情况（按报送月份）",
        ["月份", *_HEADERS],
        [TEXT, *_KINDS],
        rows=[[f"{m}月", *_cells(r)] for m, r in data["months"]],
    )
    return [figures, regions, months]
