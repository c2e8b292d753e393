"""牵手夕阳 · 老年教育's part of the data dashboard (declared in brand.py): the section
(the courses of the last term begun in the year and the network, ``apps.education.selectors.dashboard_data``)
with the year's figures, and the headline figures of the overview and five-year trend
(``Brand.key_figures``) read by the same selector: the venues open on the day read, the courses of the terms begun from
1 January up to the day read, and their applications (报名人次, withdrawn ones excluded)."""

import datetime

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, Q, Value, When
from django.db.models.functions import ExtractMonth

from apps.core.figures import INT, TEXT, Table, Tally, as_of, totals_on_days, year_to
from apps.education.choices import Demonstration, VenueKind, VenueLevel
from apps.education.models import Course, Enrolment, Lesson, Term, Venue, open_on_q
from apps.education.selectors import APPLIED_STATUSES, dashboard_data, term_figures, term_of_year


def courses_to(day: datetime.date):
    return Course.objects.filter(year_to("term__starts_on", day))


def applications_to(day: datetime.date):
    return Enrolment.objects.filter(year_to("course__term__starts_on", day), status__in=APPLIED_STATUSES)


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """Venues open on each day (the network, a stock: the rule of ``venues_open``), and
    courses and applications of the terms begun in each day's year up to it. One query."""
    return totals_on_days(
        region_id,
        days,
        {
            "venues": Tally(Venue.objects.all(), "region", open_on_q),
            "courses": Tally(Course.objects.all(), "venue__region", lambda day: year_to("term__starts_on", day)),
            "applications": Tally(
                Enrolment.objects.filter(status__in=APPLIED_STATUSES),
                "course__venue__region",
                lambda day: year_to("course__term__starts_on", day),
            ),
        },
    )


REGION_HEADERS = ["区域", "办学点（在用）", "示范校（点）", "开设课程", "招生名额", "报名人次", "候补人次"]


def regions_table(data: dict) -> Table:
    """The tab's region table: each region's name leads to its venues
    (``dashboard:education_region``), whose rows add up to it."""
    term = data["term"] or "无学期"
    regions = data["regions"]
    return Table(
        "education-regions",
        f"各地办学与招生情况（办学点截至{data['network_on']:%Y年%-m月%-d日}；课程与报名：{term}）",
        REGION_HEADERS,
        [TEXT, INT, INT, INT, INT, INT, INT],
        rows=[
            [
                r["name"],
                r["venues_n"],
                r["demonstration_n"],
                r["courses_n"],
                r["seats_n"],
                r["applicants_n"],
                r["waiting_n"],
            ]
            for r in regions
        ],
        region_ids=[r["pk"] for r in regions],
        note="报名人次不含已退课；点击区域名称查看该区域各办学点。",
    )


def section_data(filters) -> dict:
    """The section's data, and the year's figures (one query more)."""
    year = key_figures(filters.region_id, [as_of(filters.year)])
    data = dashboard_data(filters)
    return data | {
        "year": filters.year,
        "year_courses": year["courses"][0],
        "year_applications": year["applications"][0],
        "regions_table": regions_table(data),
    }


def section_tables(data: dict) -> list[Table]:
    """The section's tables for the tab's Excel export: the tab's own figures, as shown."""
    on = f"截至{data['network_on']:%Y年%-m月%-d日}"
    levels = Table(
        "education-levels",
        f"办学点分层级统计（{on}）",
        ["层级", "办学点数"],
        [TEXT, INT],
        rows=[[label, n] for label, n in data["levels"]],
    )
    courses = Table(
        "education-courses",
        f"报名最踊跃的课程：报名人数与名额（{data['term'] or '无学期'}）",
        ["课程", "上课地点", "名额", "报名人数", "报名名额比", "候补人数"],
        [TEXT, TEXT, INT, INT, TEXT, INT],
        rows=[
            [
                c["name"],
                c["venue"],
                c["seats"],
                c["applicants"],
                f"{c['ratio']}∶1" if c["ratio"] is not None else "—",
                c["waiting"],
            ]
            for c in data["courses"]
        ],
    )
    measures = data["coverage"][0]["measures"] if data["coverage"] else []
    coverage = Table(
        "education-coverage",
        f"办学网络覆盖率（对照规划目标，{on}）",
        ["区域", *(f"{m['label']}（目标{m['target']}%）" for m in measures)],
        [TEXT] * (1 + len(measures)),
        rows=[
            [
                row["region"].name,
                *(
                    "—" if m["value"] is None else f"{m['value']}%（{'达标' if m['met'] else '未达标'}）"
                    for m in row["measures"]
                ),
            ]
            for row in data["coverage"]
        ],
    )
    return [data["regions_table"], levels, courses, coverage]


# ---------------------------------------------------------------------------
# Drill-down (dashboard_views.py): a region's venues, one venue
# ---------------------------------------------------------------------------
LEVELS = dict(VenueLevel.choices)
KINDS = dict(VenueKind.choices)
DEMONSTRATIONS = dict(Demonstration.choices)
# The network's order: city, district, street, community.
LEVEL_RANK = Case(*(When(level=value, then=Value(i)) for i, value in enumerate(VenueLevel.values)), default=Value(9))
FIGURES = ("courses_n", "seats_n", "applicants_n", "waiting_n")


def region_venues(*, region_id: int, term: Term | None, day: datetime.date, search: str = ""):
    """A region's venues: those open on ``day`` (the region row's 办学点) and any other
    that holds a course of ``term`` (its courses are in the region row too), each with
    the term's figures counted as the region row counts them — a values queryset (one
    query per page, plus the paginator's count)."""
    shown = open_on_q(day)
    if term is not None:
        shown |= Q(pk__in=Course.objects.filter(term=term).values("venue"))
    venues = Venue.objects.filter(shown, region_id=region_id)
    if search:
        venues = venues.filter(name__icontains=search)
    return (
        venues.annotate(
            **term_figures(term, ""),
            rank=LEVEL_RANK,
            # Open on the day (the rule of ``venues_open``): counted in the region row's 办学点.
            open=ExpressionWrapper(open_on_q(day), output_field=BooleanField()),
        )
        .order_by("rank", "name", "pk")
        .values("id", "name", "level", "kind", "demonstration", "open", *FIGURES)
    )


def venue_row(venue: dict) -> dict:
    """A :func:`region_venues` row with its labels."""
    return venue | {
        "level_label": LEVELS.get(venue["level"], venue["level"]),
        "kind_label": KINDS.get(venue["kind"], venue["kind"]),
        "demonstration_label": "—"
        if venue["demonstration"] == Demonstration.NONE
        else DEMONSTRATIONS.get(venue["demonstration"], ""),
    }


def venue_figures(*, venue: Venue, year: int, today: datetime.date | None = None) -> dict:
    """A venue's page: the term of ``year`` and its figures (as the region page counts
    them), its courses of the term, its lessons and attendance by month from 1 January
    to the as-of day, and its latest lessons. Five queries."""
    day = as_of(year, today)
    term = term_of_year(year)
    counts = Venue.objects.filter(pk=venue.pk).annotate(**term_figures(term, "")).values(*FIGURES).get()
    courses = []
    if term is not None:
        from apps.education.selectors import course_rows

        courses = list(course_rows(term, Course.objects.filter(venue=venue)))
    lessons = Lesson.objects.filter(year_to("date", day), course__venue=venue)
    present = Count("marks", filter=Q(marks__present=True))
    by_month = {
        row["m"]: row
        for row in lessons.order_by()
        .values(m=ExtractMonth("date"))
        .annotate(lessons=Count("pk", distinct=True), present=present)
    }
    months = Table(
        "education-venue-months",
        f"上课与出勤月度分布（{year}年）",
        ["月份", "上课（次）", "出勤（人次）"],
        [TEXT, INT, INT],
        rows=[
            [f"{m}月", by_month.get(m, {}).get("lessons", 0), by_month.get(m, {}).get("present", 0)]
            for m in range(1, 13)
        ],
        chart=("bar", 1, 2),
    )
    recent = list(
        lessons.select_related("course")
        .annotate(present_n=present, marked_n=Count("marks"))
        .order_by("-date", "-pk")[:20]
    )
    return {**counts, "term": term, "day": day, "courses": courses, "months": months, "recent": recent}
