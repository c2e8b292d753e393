"""草根内参's section of the data dashboard, on the 绿扬霞光 tab (declared in ``brand.py``):
reports submitted, registered, forwarded, given a leader's 批示, adopted and fed back,
feedback overdue, by month and by region, for the reports submitted in the year.
``section_data(filters)`` takes two queries whatever the size of the city.

Adoption rate = adopted ÷ registered (as ``selectors.adoption_figures``); feedback overdue
as ``selectors.feedback_overdue_q`` (past its deadline, not yet fed back).
"""

from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from apps.core.figures import INT, PCT, TEXT, Table
from apps.insights.choices import ReportStatus
from apps.insights.models import Informant, Report
from apps.insights.selectors import feedback_overdue_q
from apps.regions.models import Region

_COUNTS = ("total", "registered", "forwarded", "instructed", "adopted", "fed_back", "overdue")


def _share(part, whole) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None


def _with_rate(row: dict) -> dict:
    return {**row, "adoption": _share(row["adopted"], row["registered"])}


def year_reports(year: int, region_id=None):
    """The reports the section counts: submitted in ``year`` (in ``region_id``)."""
    reports = Report.objects.filter(submitted_on__year=year)
    return reports.filter(region_id=region_id) if region_id else reports


def report_counts(reports, *keys, **named):
    """Every count the section shows over ``reports``, grouped by ``keys``/``named``."""
    return (
        reports.order_by()
        .values(*keys, **named)
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


def section_data(filters) -> dict:
    """Two queries: the year's reports by region and month (every count), and the regions."""
    year, region_id = filters.year, filters.region_id
    cells = report_counts(year_reports(year, region_id), "region_id", month=ExtractMonth("submitted_on"))
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
        "regions": [{"id": pk, "name": name, **_with_rate(by_region.get(pk, dict(empty)))} for pk, name in regions],
        "months": [(m, _with_rate(by_month[m])) for m in range(1, 13)],
    }


HEADERS = ["报送", "登记", "转办", "领导批示", "采用", "已反馈", "反馈逾期", "采用率"]
KINDS = [INT] * 7 + [PCT]


def cells(r: dict) -> list:
    return [r[k] for k in _COUNTS] + [r["adoption"]]


def figure_rows(t: dict, reported: str) -> list[list]:
    """The main figures of ``t`` (counts and adoption rate) as ``[label, value]`` rows, the
    reports counted labelled ``reported``: the tab's and an informant's page alike."""
    return [
        [reported, t["total"]],
        ["登记编号（篇）", t["registered"]],
        ["转办相关部门（篇）", t["forwarded"]],
        ["获领导批示（篇）", t["instructed"]],
        ["编报采用（篇）", t["adopted"]],
        ["已向作者反馈（篇）", t["fed_back"]],
        ["反馈逾期（篇）", t["overdue"]],
        ["采用率", t["adoption"]],
    ]


FIGURE_ROW_KINDS = [[TEXT, INT]] * 7 + [[TEXT, PCT]]


def section_tables(data: dict) -> list[Table]:
    year, t = data["year"], data["total"]
    figures = Table(
        "insights-figures",
        f"草根内参主要指标（{year}年报送）",
        ["指标", "数值"],
        [TEXT, INT],
        rows=figure_rows(t, "信息员报送（篇）"),
        row_kinds=FIGURE_ROW_KINDS,
        note="采用率 = 采用（编报采用或获领导批示）÷ 已登记；反馈逾期 = 已过反馈期限（转办后1个月，可调整）仍未反馈。",
    )
    regions = Table(
        "insights-regions",
        "各地草根内参",
        ["区域", *HEADERS],
        [TEXT, *KINDS],
        rows=[[r["name"], *cells(r)] for r in data["regions"]],
        # Each region's name leads to its informants (dashboard:afterglow_insights_region).
        region_ids=[r["id"] for r in data["regions"]] if all("id" in r for r in data["regions"]) else [],
    )
    months = Table(
        "insights-months",
        "草根内参月度情况（按报送月份）",
        ["月份", *HEADERS],
        [TEXT, *KINDS],
        rows=[[f"{m}月", *cells(r)] for m, r in data["months"]],
    )
    return [figures, regions, months]


# ---------------------------------------------------------------------------
# Drill-down (dashboard_views.py): a region's informants, one informant in the region
# ---------------------------------------------------------------------------
# Anonymous reports: counted in a row of their own, never under their author.
ANONYMOUS = "匿名报送（不显示作者）"


def region_units(*, region_id: int, year: int) -> list[dict]:
    """The region's reports of the year (the tab's region row) by informant: each
    informant of the region (and any other who signed one of its reports), then the
    anonymous reports in one row. The rows add up to the region's row; two queries.
    Rows carry ``id`` (None for the anonymous row), ``name`` (in full: mask to show)."""
    by_author: dict[int, dict] = {}
    anonymous = dict.fromkeys(_COUNTS, 0)
    for row in report_counts(year_reports(year, region_id), "informant_id", "anonymous"):
        target = anonymous if row["anonymous"] else by_author.setdefault(row["informant_id"], dict.fromkeys(_COUNTS, 0))
        for key in _COUNTS:
            target[key] += row[key]
    informants = (
        Informant.objects.filter(Q(region_id=region_id) | Q(pk__in=list(by_author)))
        .order_by("name", "pk")
        .values("id", "name", "active")
    )
    rows = [{**i, **_with_rate(by_author.get(i["id"], dict.fromkeys(_COUNTS, 0)))} for i in informants]
    if anonymous["total"]:
        rows.append({"id": None, "name": ANONYMOUS, "active": None, **_with_rate(anonymous)})
    return rows


def informant_figures(*, informant, region_id: int, year: int) -> dict:
    """An informant's page: the signed (not anonymous) reports of the year in the region,
    counted as the informant's row on the region page, by month (one query), and the
    latest 20 of them (one query)."""
    reports = year_reports(year, region_id).filter(informant=informant, anonymous=False)
    empty = dict.fromkeys(_COUNTS, 0)
    total, by_month = dict(empty), {m: dict(empty) for m in range(1, 13)}
    for row in report_counts(reports, month=ExtractMonth("submitted_on")):
        for target in (total, by_month[row["month"]]):
            for key in _COUNTS:
                target[key] += row[key]
    recent = list(
        reports.order_by("-submitted_on", "-pk").values(
            "number", "submitted_on", "title", "status", "adopted", category_name=F("category__name")
        )[:20]
    )
    return {
        "total": _with_rate(total),
        "months": [(m, _with_rate(by_month[m])) for m in range(1, 13)],
        "recent": recent,
    }
