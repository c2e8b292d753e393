"""丹心向党's section of the data dashboard (declared in brand.py): its figures for a
year and a region, and the tables the page and the Excel export share.

The dashboard passes its ``Filters`` (``year``, ``region_id``, ``label``); the data returned
is plain (it is cached pickled). A fixed number of queries whatever the city's size.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.workforce import choices as c
from apps.workforce import reminders, selectors
from apps.workforce.models import (
    OPEN_STATUSES,
    ContactVisit,
    RectificationItem,
    ResearchReport,
    ResearchVisit,
    Rule,
    StaffMember,
    TrainingClass,
)


def _by_region(qs, path: str, region_id):
    return qs.filter(**{path: region_id}) if region_id else qs


def section_data(filters) -> dict:
    year, region_id = filters.year, filters.region_id
    as_of = selectors.as_of(year)
    staff = _by_region(StaffMember.objects.all(), "region", region_id)

    training = selectors.training_summary(year=year, queryset=staff)
    dated = Q(starts_on__year=year, starts_on__lte=as_of)
    training_counts = _by_region(TrainingClass.objects.filter(dated), "region", region_id).aggregate(
        classes=Count("pk", distinct=True),
        person_times=Count("enrolments", filter=Q(enrolments__status=c.EnrolmentStatus.COMPLETED)),
    )

    items = _by_region(RectificationItem.objects.all(), "region", region_id)
    overdue = Q(status__in=OPEN_STATUSES, deadline__lt=as_of)
    rect = items.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=c.RectificationStatus.CLOSED)),
        closed_on_time=Count("pk", filter=Q(status=c.RectificationStatus.CLOSED, completed_on__lte=F("deadline"))),
        pending=Count("pk", filter=Q(status__in=[c.RectificationStatus.DONE, c.RectificationStatus.VERIFIED])),
        overdue=Count("pk", filter=overdue),
    )
    overdue_deadlines = list(items.filter(overdue).values_list("deadline", flat=True))
    rect["overdue_days"] = sum((as_of - d).days for d in overdue_deadlines)

    rules = _by_region(Rule.objects.filter(superseded_by__isnull=True), "region", region_id).aggregate(
        total=Count("pk"), review_overdue=Count("pk", filter=Q(review_due__lt=as_of))
    )

    points = [p for p in reminders.point_status(as_of) if not region_id or p.region_id == region_id]
    visits = _by_region(
        ContactVisit.objects.filter(visited_on__year=year, visited_on__lte=as_of), "point__region", region_id
    ).count()

    research = _by_region(
        ResearchVisit.objects.filter(started_on__year=year, started_on__lte=as_of), "region", region_id
    ).aggregate(n=Count("pk"), days=Sum("days"))
    reports = _by_region(ResearchReport.objects.filter(submitted_on__year=year), "region", region_id)
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
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }


@dataclass
class Table:
    """The shape the dashboard's page and Excel export read (as ``apps.dashboard.tables.Table``)."""

    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    def kinds_of(self, index: int) -> list[str]:
        return self.kinds


def section_tables(data: dict) -> list[Table]:
    rect = data["rect"]
    figures = Table(
        "workforce",
        "丹心向党 · 队伍建设",
        ["指标", "数值"],
        ["text", "int"],
        rows=[
            ["培训班（个）", data["classes"]],
            ["参训人次（已结业）", data["person_times"]],
            *[[f"{t['band']}学时达标（人）", t["met"]] for t in data["training"]],
            *[[f"{t['band']}学时未达标（人）", t["short"]] for t in data["training"]],
            ["整改事项（项）", rect["total"]],
            ["已销号（项）", rect["closed"]],
            ["按期完成并销号（项）", rect["closed_on_time"]],
            ["待验收、待复签（项）", rect["pending"]],
            ["已逾期（项）", rect["overdue"]],
            ["逾期天数合计（天）", rect["overdue_days"]],
            ["在用内控制度（项）", data["rules"]["total"]],
            ["评估已逾期的制度（项）", data["rules"]["review_overdue"]],
            ["领导联系点（个）", data["points"]],
            ["联系点走访（次）", data["visits"]],
            ["逾期未走访联系点（个）", data["points_overdue"]],
            ["调研走访（次）", data["research_visits"]],
            ["调研成果（篇）", data["reports"]["n"]],
            ["获领导批示（篇）", data["reports"]["instructed"]],
            ["已转化（篇）", data["reports"]["converted"]],
        ],
    )
    awards = Table(
        "workforce_awards",
        "调研成果获奖情况",
        ["级别", *c.AwardGrade.labels, "合计"],
        ["text", "int", "int", "int", "int"],
        rows=[[a["level"], *a["grades"], a["total"]] for a in data["awards"]],
    )
    return [figures, awards]
