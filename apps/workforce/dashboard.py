"""丹心向党's section of the data dashboard (declared in brand.py): its figures for a
year and a region, and the tables the page and the Excel export share.

The dashboard passes its ``Filters`` (``year``, ``region_id``, ``label``); the data returned
is plain (it is cached pickled). A fixed number of queries whatever the city's size.
"""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from apps.core.figures import DEC1, INT, PCT, TEXT, Table, Tally, figures_table, totals_on_days, year_to
from apps.workforce import choices as c
from apps.workforce import reminders, selectors
from apps.workforce.models import (
    ContactVisit,
    Enrolment,
    RectificationItem,
    ResearchReport,
    ResearchVisit,
    Rule,
    StaffMember,
    TrainingClass,
)


def _by_region(qs, path: str, region_id):
    return qs.filter(**{path: region_id}) if region_id else qs


def classes_to(day: datetime.date):
    """Training classes begun from 1 January up to ``day``."""
    return TrainingClass.objects.filter(year_to("starts_on", day))


def completions_to(day: datetime.date):
    """Completed places (参训人次, 已结业) of those classes."""
    return Enrolment.objects.filter(year_to("training_class__starts_on", day), status=c.EnrolmentStatus.COMPLETED)


def research_visits_to(day: datetime.date):
    return ResearchVisit.objects.filter(year_to("started_on", day))


def reports_to(day: datetime.date):
    return ResearchReport.objects.filter(year_to("submitted_on", day))


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """丹心向党's headline figures (Brand.key_figures) on each of ``days``, from the querysets
    the section reads. One query whatever the number of days."""
    return totals_on_days(
        region_id,
        days,
        {
            "classes": Tally(TrainingClass.objects.all(), "region", lambda day: year_to("starts_on", day)),
            "person_times": Tally(
                Enrolment.objects.filter(status=c.EnrolmentStatus.COMPLETED),
                "training_class__region",
                lambda day: year_to("training_class__starts_on", day),
            ),
            "research_visits": Tally(ResearchVisit.objects.all(), "region", lambda day: year_to("started_on", day)),
            "reports": Tally(ResearchReport.objects.all(), "region", lambda day: year_to("submitted_on", day)),
        },
    )


def section_data(filters) -> dict:
    year, region_id = filters.year, filters.region_id
    as_of = selectors.as_of(year)
    # The staff's figures by region and rank band (one query): the region table, and the
    # art. 14 rows per band (as selectors.training_summary counts them).
    by_band = unit_figures(year=year, by=(*REGION_KEYS, "rank_band"), region_id=region_id)
    bands = {row["rank_band"]: row for row in rollup(by_band, ("rank_band",))}
    training = {
        band: {"label": label, "total": bands.get(band, {}).get("staff", 0), "met": bands.get(band, {}).get("met", 0)}
        for band, label in c.RankBand.choices
    }
    training_counts = _by_region(classes_to(as_of), "region", region_id).aggregate(
        classes=Count("pk", distinct=True),
        person_times=Count("enrolments", filter=Q(enrolments__status=c.EnrolmentStatus.COMPLETED)),
    )

    rect = selectors.rectification_figures(_by_region(RectificationItem.objects.all(), "region", region_id), as_of)

    rules = _by_region(Rule.objects.filter(superseded_by__isnull=True), "region", region_id).aggregate(
        total=Count("pk"), review_overdue=Count("pk", filter=Q(review_due__lt=as_of))
    )

    points = [p for p in reminders.point_status(as_of) if not region_id or p.region_id == region_id]
    visits = _by_region(
        ContactVisit.objects.filter(visited_on__year=year, visited_on__lte=as_of), "point__region", region_id
    ).count()

    research = _by_region(research_visits_to(as_of), "region", region_id).aggregate(n=Count("pk"), days=Sum("days"))
    reports = _by_region(reports_to(as_of), "region", region_id)
    groups = list(
        reports.order_by()
        .values("award_level", "award_grade")
        .annotate(
            n=Count("pk"),
            instructed=Count("pk", filter=~Q(instruction="")),
            converted=Count("pk", filter=Q(conversion=c.ConversionStatus.CONVERTED)),
        )
    )
    awards = selectors.awards_from_counts({(g["award_level"], g["award_grade"]): g["n"] for g in groups})
    report_counts = {key: sum(g[key] for g in groups) for key in ("n", "instructed", "converted")}
    return {
        "year": year,
        "label": filters.label,
        "training": [
            {"band": row["label"], "total": row["total"], "met": row["met"], "short": row["total"] - row["met"]}
            for row in training.values()
        ],
        "classes": training_counts["classes"],
        "person_times": training_counts["person_times"],
        "rect": rect,
        "rules": rules,
        "points": len(points),
        "visits": visits,
        "points_overdue": sum(1 for p in points if p.next_due < as_of),
        "research_visits": research["n"],
        "research_days": float(research["days"] or 0),
        "reports": report_counts,
        "awards": awards,
        "regions": rollup(by_band, REGION_KEYS),
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }


def section_tables(data: dict) -> list[Table]:
    rect = data["rect"]
    figures = figures_table(
        "workforce",
        "丹心向党 · 队伍建设",
        [
            {"label": "培训班（个）", "value": data["classes"]},
            {"label": "参训人次（已结业）", "value": data["person_times"]},
            *[{"label": f"{t['band']}学时达标（人）", "value": t["met"]} for t in data["training"]],
            *[{"label": f"{t['band']}学时未达标（人）", "value": t["short"]} for t in data["training"]],
            {"label": "整改事项（项）", "value": rect["total"]},
            {"label": "已销号（项）", "value": rect["closed"]},
            {"label": "按期完成并销号（项）", "value": rect["closed_on_time"]},
            {"label": "待验收、待复签（项）", "value": rect["pending"]},
            {"label": "已逾期（项）", "value": rect["overdue"]},
            {"label": "逾期天数合计（天）", "value": rect["overdue_days"]},
            {"label": "在用内控制度（项）", "value": data["rules"]["total"]},
            {"label": "评估已逾期的制度（项）", "value": data["rules"]["review_overdue"]},
            {"label": "领导联系点（个）", "value": data["points"]},
            {"label": "联系点走访（次）", "value": data["visits"]},
            {"label": "逾期未走访联系点（个）", "value": data["points_overdue"]},
            {"label": "调研走访（次）", "value": data["research_visits"]},
            {"label": "调研成果（篇）", "value": data["reports"]["n"]},
            {"label": "获领导批示（篇）", "value": data["reports"]["instructed"]},
            {"label": "已转化（篇）", "value": data["reports"]["converted"]},
        ],
    )
    awards = Table(
        "workforce_awards",
        "调研成果获奖情况",
        ["级别", *c.AwardGrade.labels, "合计"],
        ["text", "int", "int", "int", "int"],
        rows=[[a["level"], *a["grades"], a["total"]] for a in data["awards"]],
    )
    regions = Table(
        "workforce_regions",
        "各区域队伍建设情况（按工作人员所属区域）",
        ["区域", *UNIT_HEADERS],
        [TEXT, *UNIT_KINDS],
        rows=[[r["region__name"], *unit_cells(r)] for r in data["regions"]],
        note=UNIT_NOTE,
        region_ids=[r["region"] for r in data["regions"]],
    )
    return [figures, awards, regions]


# ---------------------------------------------------------------------------
# By region and by unit (the tab's region table, the drill-down pages)
# ---------------------------------------------------------------------------
# A record counts for its staff member's region and 单位 (the trainee, the leader who
# visited or wrote, the person responsible for a rectification).
REGION_KEYS = ("region__sort_order", "region", "region__name")
UNIT_FIGURES = ("staff", "met", "person_times", "visits", "days", "reports", "awarded", "rect", "closed", "overdue")
UNIT_HEADERS = [
    "在岗人员（人）",
    "学时达标（人）",
    "学时达标率",
    "参训人次（已结业）",
    "调研走访（次）",
    "调研天数（天）",
    "调研成果（篇）",
    "获奖成果（篇）",
    "整改事项（项）",
    "已销号（项）",
    "已逾期（项）",
]
UNIT_KINDS = [INT, INT, PCT, INT, INT, DEC1, INT, INT, INT, INT, INT]
UNIT_NOTE = (
    "按工作人员所属区域、单位计：参训人次计本单位人员已结业的，调研走访和调研成果计本单位领导的，"
    "整改事项计责任人为本单位人员的（未关联工作人员的事项不计入），均为1月1日至年末（本年至今日）；"
    "学时达标按《干部教育培训工作条例》第十四条。"
)


def _per_staff(queryset, path: str, value=None, output=None):
    """For each staff member (the outer row): the count (or ``value``'s sum) of ``queryset``'s
    rows whose ``path`` is them, 0 if none: a correlated subquery."""
    summed = (
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(v=Sum(value) if value else Count("pk"))
        .values("v")
    )
    output = output or IntegerField()
    return Coalesce(Subquery(summed, output_field=output), Value(0), output_field=output)


def unit_figures(*, year: int, by: tuple[str, ...], region_id=None, unit=None, search: str = "") -> list[dict]:
    """The staff's figures of ``year`` grouped by ``by`` (StaffMember fields: the region, or
    the 单位), for the region table of the tab and the drill-down pages alike — ONE query
    whatever the number of units or staff: each staff member's counts are subqueries over
    the tab's querysets as at the year's end, summed per group. Each row: ``by``'s values,
    then :data:`UNIT_FIGURES` and ``rate`` (学时达标率, None without staff)."""
    as_of = selectors.as_of(year)
    staff = StaffMember.objects.all()
    if region_id:
        staff = staff.filter(region_id=region_id)
    if unit is not None:
        staff = staff.filter(unit=unit)
    if search:
        staff = staff.filter(unit__icontains=search)
    in_post = selectors.in_post(StaffMember.objects.all(), year).values("pk")
    met = selectors.training_compliance(year=year, queryset=staff).filter(compliant=True).values("pk")
    items = RectificationItem.objects.filter(selectors.rect_registered(as_of))
    reports = reports_to(as_of)
    per = {
        "person_times": _per_staff(completions_to(as_of), "staff"),
        "visits": _per_staff(research_visits_to(as_of), "leader"),
        "days": _per_staff(research_visits_to(as_of), "leader", "days", selectors.HOURS),
        "reports": _per_staff(reports, "leader"),
        "awarded": _per_staff(reports.exclude(award_level=""), "leader"),
        "rect": _per_staff(items, "owner_staff"),
        "closed": _per_staff(items.filter(selectors.rect_closed(as_of)), "owner_staff"),
        "overdue": _per_staff(items.filter(selectors.rect_overdue(as_of)), "owner_staff"),
    }
    rows = list(
        staff.annotate(**{f"{key}_1": value for key, value in per.items()})
        .order_by()
        .values(*by)
        .annotate(
            staff_n=Count("pk", filter=Q(pk__in=in_post)),
            met_n=Count("pk", filter=Q(pk__in=met)),
            **{f"{key}_n": Sum(f"{key}_1") for key in per},
        )
    )
    rows.sort(key=lambda row: [row[key] for key in by])  # the same order on any database
    shown = []
    for row in rows:
        figures = {key: row.pop(f"{key}_n") or 0 for key in UNIT_FIGURES}
        figures["rate"] = figures["met"] / figures["staff"] if figures["staff"] else None
        shown.append({**row, **figures})
    return shown


def rollup(rows: list[dict], by: tuple[str, ...]) -> list[dict]:
    """:func:`unit_figures`' rows summed over what is not in ``by`` (e.g. per region from per
    region and band), in ``by``'s order."""
    summed: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[k] for k in by)
        into = summed.setdefault(key, {**dict(zip(by, key, strict=True)), **dict.fromkeys(UNIT_FIGURES, 0)})
        for figure in UNIT_FIGURES:
            into[figure] += row[figure]
    for row in summed.values():
        row["rate"] = row["met"] / row["staff"] if row["staff"] else None
    return [summed[key] for key in sorted(summed)]


def unit_cells(row: dict) -> list:
    """A row's figures in :data:`UNIT_HEADERS`' order."""
    return [
        row["staff"],
        row["met"],
        row["rate"],
        row["person_times"],
        row["visits"],
        row["days"],
        row["reports"],
        row["awarded"],
        row["rect"],
        row["closed"],
        row["overdue"],
    ]


def unit_months(*, year: int, region_id: int, unit: str) -> Table:
    """A unit's 参训人次, 调研走访 and 调研成果 by month of ``year`` up to its end (today for
    this year), counted as :func:`unit_figures` counts them. Three queries."""
    as_of = selectors.as_of(year)
    where = {"region_id": region_id, "unit": unit}

    def by_month(queryset, path: str, field: str) -> dict:
        return dict(
            queryset.filter(**{f"{path}__{k}": v for k, v in where.items()})
            .order_by()
            .values_list(ExtractMonth(field))
            .annotate(n=Count("pk"))
        )

    trained = by_month(completions_to(as_of), "staff", "training_class__starts_on")
    visits = by_month(research_visits_to(as_of), "leader", "started_on")
    reports = by_month(reports_to(as_of), "leader", "submitted_on")
    table = Table(
        "loyal-unit-months",
        f"{unit} · 月度情况（{year}年）",
        ["月份", "参训人次（已结业）", "调研走访（次）", "调研成果（篇）"],
        [TEXT, INT, INT, INT],
        chart=("bar", 1, 2, 3),
    )
    table.rows = [[f"{m}月", trained.get(m, 0), visits.get(m, 0), reports.get(m, 0)] for m in range(1, 13)]
    return table


def unit_recent(*, year: int, region_id: int, unit: str, limit: int = 20) -> list[dict]:
    """A unit's latest records of ``year`` (training completed, research visits, reports),
    newest first, without the staff's names. Three queries."""
    as_of = selectors.as_of(year)
    trained = (
        completions_to(as_of)
        .filter(staff__region_id=region_id, staff__unit=unit)
        .order_by()
        .values("training_class__name", "training_class__starts_on", "training_class__organiser")
        .annotate(n=Count("pk"))
        .order_by("-training_class__starts_on", "training_class__name")[:limit]
    )
    visits = (
        research_visits_to(as_of)
        .filter(leader__region_id=region_id, leader__unit=unit)
        .order_by("-started_on", "-pk")
        .values("started_on", "topic", "place", "days")[:limit]
    )
    reports = (
        reports_to(as_of)
        .filter(leader__region_id=region_id, leader__unit=unit)
        .order_by("-submitted_on", "-pk")
        .values("submitted_on", "title", "award_level", "award_grade")[:limit]
    )
    levels, grades = dict(c.AwardLevel.choices), dict(c.AwardGrade.choices)
    records = [
        {
            "date": t["training_class__starts_on"],
            "kind": "参加培训",
            "what": t["training_class__name"],
            "detail": f"{t['training_class__organiser']}主办，已结业{t['n']}人",
        }
        for t in trained
    ]
    records += [
        {"date": v["started_on"], "kind": "调研走访", "what": v["topic"], "detail": f"{v['place']}，{v['days']}天"}
        for v in visits
    ]
    records += [
        {
            "date": r["submitted_on"],
            "kind": "调研成果",
            "what": r["title"],
            "detail": f"获{levels[r['award_level']]}{grades[r['award_grade']]}" if r["award_level"] else "—",
        }
        for r in reports
    ]
    records.sort(key=lambda r: r["date"], reverse=True)
    return records[:limit]
