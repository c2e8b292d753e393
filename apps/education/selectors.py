"""Reads that shape 牵手夕阳 · 老年教育 data: home card, coverage, dashboard, course list."""

import datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.education.choices import (
    SEATED,
    CoverageMeasure,
    Demonstration,
    EnrolmentStatus,
    TermStatus,
    VenueKind,
    VenueLevel,
)
from apps.education.models import Course, CoverageTarget, DistrictBase, Enrolment, Term, Venue

# The plan's ratios (国办《老年教育发展规划（2016—2020年）》), the defaults of CoverageTarget.
DEFAULT_TARGETS = {
    CoverageMeasure.UNIVERSITY_PER_COUNTY: Decimal("100"),
    CoverageMeasure.TOWNSHIP_SCHOOL: Decimal("50"),
    CoverageMeasure.VILLAGE_POINT: Decimal("30"),
    CoverageMeasure.PARTICIPATION: Decimal("20"),
}
APPLIED_STATUSES = [s for s in EnrolmentStatus.values if s not in (EnrolmentStatus.WITHDRAWN,)]


def venues_open(day: datetime.date):
    """The network as it stood on ``day`` (:meth:`VenueQuerySet.open_on`): the one read of
    the venue counts and coverage on the dashboard, the overview, the summary and the tally."""
    return Venue.objects.open_on(day)


def current_term() -> Term | None:
    return Term.objects.exclude(status=TermStatus.DRAFT).order_by("-starts_on").first()


def term_of_year(year: int) -> Term | None:
    """The last published term beginning in ``year``: the term a year's figures speak of
    (a past year's dashboard and summary never name a later year's term)."""
    return Term.objects.exclude(status=TermStatus.DRAFT).filter(starts_on__year=year).order_by("-starts_on").first()


def home_figures(user) -> list[tuple[str, int]]:
    venues = Venue.objects.for_user(user).open_on(timezone.localdate()).count()
    term = current_term()
    if term is None:
        return [("办学点", venues)]
    row = (
        Enrolment.objects.for_user(user)
        .filter(term=term)
        .aggregate(
            seated=Count("pk", filter=Q(status__in=SEATED)),
            waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
        )
    )
    # The term is named: between terms "本学期" would be the next one, not yet begun.
    return [("办学点", venues), (f"{term.name}在读", row["seated"]), (f"{term.name}候补", row["waiting"])]


def targets() -> dict[str, Decimal]:
    found = dict(CoverageTarget.objects.values_list("measure", "target"))
    return {m: found.get(m, DEFAULT_TARGETS[m]) for m in CoverageMeasure.values}


def _pct(n, d):
    return None if not d else (Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1"))


def coverage(region_ids=None, *, as_of: datetime.date | None = None) -> list[dict]:
    """Per district: the plan's four ratios against their targets (as data), with the
    network as it stood on ``as_of`` (default today): venues opened by then and not yet
    closed. The one coverage read of the dashboard, the overview, the summary, the
    coverage page and the assessment indicator."""
    from apps.regions.models import Region

    day = as_of or timezone.localdate()
    regions = Region.objects.order_by("sort_order", "code")
    if region_ids is not None:
        regions = regions.filter(pk__in=region_ids)
    universities = dict(
        venues_open(day)
        .filter(kind=VenueKind.UNIVERSITY)
        .values("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    bases = {b.region_id: b for b in DistrictBase.objects.all()}
    goal = targets()
    rows = []
    for region in regions:
        base = bases.get(region.pk)
        uni = universities.get(region.pk, 0)
        values = {
            CoverageMeasure.UNIVERSITY_PER_COUNTY: Decimal(100) if uni else Decimal(0),
            CoverageMeasure.TOWNSHIP_SCHOOL: _pct(base.townships_with_school, base.townships) if base else None,
            CoverageMeasure.VILLAGE_POINT: _pct(base.villages_with_point, base.villages) if base else None,
            CoverageMeasure.PARTICIPATION: _pct(base.regular_learners, base.elders) if base else None,
        }
        rows.append(
            {
                "region": region,
                "universities": uni,
                "measures": [
                    {
                        "label": CoverageMeasure(m).label,
                        "value": v,
                        "target": goal[m],
                        "met": v is not None and v >= goal[m],
                    }
                    for m, v in values.items()
                ],
            }
        )
    return rows


def course_rows(term: Term, courses=None):
    """Courses of a term with their applicants and waiting, as a queryset: paginated by
    the portal's list, its queries stay the same in number whatever the courses (a count
    and a page), and the counts are subqueries evaluated for the rows shown, not a join
    of every enrolment of the term grouped by course."""
    qs = courses if courses is not None else Course.objects.filter(term=term)
    of_course = Enrolment.objects.filter(course=OuterRef("pk")).order_by().values("course")

    def counted(**where):
        return Coalesce(
            Subquery(of_course.filter(**where).annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        )

    return (
        qs.filter(term=term)
        .select_related("venue", "venue__region")
        .annotate(
            applicants=counted(status__in=APPLIED_STATUSES),
            waiting=counted(status=EnrolmentStatus.WAITLISTED),
        )
        .order_by("venue__region__sort_order", "venue__name", "weekday", "starts_at", "pk")
    )


def _count(queryset, path: str, total: str = ""):
    """A scalar subquery: the rows of ``queryset`` whose ``path`` is the outer row (a count,
    or the sum of ``total``), 0 when none."""
    value = Sum(total) if total else Count("pk")
    inner = queryset.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(n=value).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def term_figures(term: Term | None, to: str) -> dict:
    """The term's figures of a region (``to="__region"``) or a venue (``to=""``), as the
    tab's lead counts them for the term: its courses and their seats, applications
    (withdrawn ones excluded: ``course_rows``) and waiting. Annotations on Region or Venue."""
    if term is None:
        return {key: Value(0) for key in ("courses_n", "seats_n", "applicants_n", "waiting_n")}
    courses = Course.objects.filter(term=term)
    enrolments = Enrolment.objects.filter(course__term=term)
    return {
        "courses_n": _count(courses, f"venue{to}"),
        "seats_n": _count(courses, f"venue{to}", total="seats"),
        "applicants_n": _count(enrolments.filter(status__in=APPLIED_STATUSES), f"course__venue{to}"),
        "waiting_n": _count(enrolments.filter(status=EnrolmentStatus.WAITLISTED), f"course__venue{to}"),
    }


def region_rows(term: Term | None, day: datetime.date, region_id=None) -> list[dict]:
    """Per region (only ``region_id`` when given): the venues open on ``day`` and the
    demonstration ones among them, and the term's figures (:func:`term_figures`). One
    query; the tab's region table, which the drill-down's venues add up to."""
    from apps.regions.models import Region

    regions = Region.objects.order_by("sort_order", "code")
    if region_id:
        regions = regions.filter(pk=region_id)
    network = venues_open(day)
    return list(
        regions.annotate(
            venues_n=_count(network, "region"),
            demonstration_n=_count(network.exclude(demonstration=Demonstration.NONE), "region"),
            **term_figures(term, "__region"),
        ).values("pk", "name", "venues_n", "demonstration_n", "courses_n", "seats_n", "applicants_n", "waiting_n")
    )


def dashboard_data(filters) -> dict:
    """The section's data; the network (venues by level, coverage) as it stood at the end
    of ``filters.year`` (today while the year runs)."""
    from apps.core.figures import as_of

    day = as_of(filters.year)
    term = term_of_year(filters.year)
    venue_qs = venues_open(day)
    if filters.region_id:
        venue_qs = venue_qs.filter(region_id=filters.region_id)
    by_level = {row["level"]: row["n"] for row in venue_qs.values("level").annotate(n=Count("pk")).order_by()}
    regions = region_rows(term, day, filters.region_id)
    courses = []
    if term:
        qs = Course.objects.filter(term=term)
        if filters.region_id:
            qs = qs.filter(venue__region_id=filters.region_id)
        for c in course_rows(term, qs):
            ratio = (Decimal(c.applicants) / c.seats).quantize(Decimal("0.1")) if c.seats else None
            courses.append(
                {
                    "name": str(c),
                    "venue": c.venue.name,
                    "seats": c.seats,
                    "applicants": c.applicants,
                    "ratio": ratio,
                    "waiting": c.waiting,
                }
            )
        courses.sort(key=lambda r: -(r["ratio"] or 0))
    return {
        "term": str(term) if term else "",
        "levels": [(label, by_level.get(value, 0)) for value, label in VenueLevel.choices],
        # Summed from the region rows (every venue has one region): no query of its own.
        "demonstration": sum(r["demonstration_n"] for r in regions),
        "regions": regions,
        "courses": courses[:20],
        "seats": sum(r["seats"] for r in courses),
        "applicants": sum(r["applicants"] for r in courses),
        "waiting": sum(r["waiting"] for r in courses),
        "network_on": day,
        "coverage": coverage([filters.region_id] if filters.region_id else None, as_of=day),
    }


def seats_total(term, region_id=None) -> int:
    qs = Course.objects.filter(term=term)
    if region_id:
        qs = qs.filter(venue__region_id=region_id)
    return qs.aggregate(s=Sum("seats"))["s"] or 0
