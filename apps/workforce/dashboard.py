"""丹心向党's section of the data dashboard (declared in brand.py): its figures for a
year and a region, and the tables the page and the Excel export share.

The dashboard passes its ``Filters`` (``year``, ``region_id``, ``label``); the data returned
is plain (it is cached pickled). A fixed number of queries whatever the city's size.
"""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from apps.core.figures import Table, Tally, figures_table, totals_on_days, year_to
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
    staff = _by_region(StaffMember.objects.all(), "region", region_id)

    training = selectors.training_summary(year=year, queryset=staff)
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
    return [figures, awards]
