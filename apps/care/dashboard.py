"""牵手夕阳 · 服务保障's headline figures on the dashboard's overview and five-year trend
(``Brand.key_figures`` in brand.py). Its section (``apps.care.selectors.section_data``)
counts the same rows: visits by their date, aid applications by the day they were made,
aid paid by the day it was paid, each from 1 January up to the day read. Below, the
figures of its drill-down pages (``dashboard_views.py``): a region's 四就近 points and one
point, counted by the section's own querysets and 三有一落实 rule."""

import datetime

from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from apps.care.choices import AidStatus, PointKind
from apps.care.models import AidApplication, CareRule, ServedCadre, ServicePoint, Visit
from apps.care.selectors import active_points, applied_in, as_of_day, sanyou_counts, served_on, year_visits
from apps.core.figures import Tally, totals_on_days, year_to


def visits_to(day: datetime.date):
    return Visit.objects.filter(year_to("visited_on", day))


def aid_applied_to(day: datetime.date):
    return AidApplication.objects.filter(year_to("applied_on", day))


def aid_paid_to(day: datetime.date):
    return AidApplication.objects.filter(year_to("paid_on", day), status=AidStatus.PAID)


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """Visits, aid applications and aid paid (元) on each of ``days``. One query."""
    return totals_on_days(
        region_id,
        days,
        {
            "visits": Tally(Visit.objects.all(), "person__region", lambda day: year_to("visited_on", day)),
            "aid": Tally(AidApplication.objects.all(), "person__region", lambda day: year_to("applied_on", day)),
            "aid_paid": Tally(
                AidApplication.objects.filter(status=AidStatus.PAID),
                "person__region",
                lambda day: year_to("paid_on", day),
                total="paid_amount",
            ),
        },
    )


# ---------------------------------------------------------------------------
# Drill-down (dashboard_views.py): a region's 四就近 service points, one point
# ---------------------------------------------------------------------------
def _served_by(point_ref, day: datetime.date):
    """The people a point serves on ``day`` (``point_ref``: the point, or an outer
    reference to it)."""
    return ServedCadre.objects.filter(served_on(day), point=point_ref).values("person")


def _count_of(queryset):
    """A scalar subquery: how many rows ``queryset`` has (no GROUP BY: COUNT over the rows)."""
    return Coalesce(Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


def _point_annotations(year: int, today: datetime.date) -> dict:
    """A point's figures of ``year``: the cadres it serves (as the tab's 四就近 table counts
    them), and the year's visits and aid applications of those cadres (the section's own
    querysets; a cadre served by two points counts at both)."""
    as_of = as_of_day(year, today)
    served = _served_by(OuterRef(OuterRef("pk")), as_of)
    return {
        "served_n": _count_of(ServedCadre.objects.filter(served_on(as_of), point=OuterRef("pk"))),
        "visits_n": _count_of(year_visits(year, as_of).filter(person__in=served)),
        "aid_n": _count_of(AidApplication.objects.filter(applied_in(year), person__in=served)),
    }


POINT_FIELDS = ("id", "name", "kind", "served_n", "visits_n", "aid_n")


def region_points(*, region_id: int, year: int, search: str = "", today: datetime.date | None = None):
    """The 四就近 points of a region in use (the tab's ``active_points``), each with its
    figures of ``year`` — a values queryset (one query per page, plus the paginator's count)."""
    today = today or timezone.localdate()
    points = active_points().filter(region_id=region_id)
    if search:
        points = points.filter(name__icontains=search)
    return points.annotate(**_point_annotations(year, today)).order_by("name", "pk").values(*POINT_FIELDS)


def with_coverage(points, *, year: int, today: datetime.date | None = None, rule: CareRule | None = None) -> list:
    """``points`` (rows of :func:`region_points`) each with the 三有一落实 counts of the
    living 离休 cadres it serves, counted by the tab's rule (:func:`sanyou_counts`). One
    query for the rows given, and the rule's."""
    points = list(points)
    today = today or timezone.localdate()
    rule = rule or CareRule.current()
    counts = {
        row["point"]: row
        for row in sanyou_counts(
            ServedCadre.objects.filter(served_on(as_of_day(year, today)), point__in=[p["id"] for p in points]),
            "point",
            profile="person__care_profile__",
            today=as_of_day(year, today),
            rule=rule,
        )
    }
    empty = dict.fromkeys(("cadres", "green", "doctor", "doctor_base", "hardship", "policy", "complete"), 0)
    return [p | {"kind_label": PointKind(p["kind"]).label} | counts.get(p["id"], empty) for p in points]


def point_figures(*, point: ServicePoint, year: int, today: datetime.date | None = None) -> dict:
    """A point's page: its figures of ``year`` (as the region page counts them), the visits
    of the cadres it serves by month, and the latest of those visits (names masked by the
    view). Five queries."""
    today = today or timezone.localdate()
    counts = (
        ServicePoint.objects.filter(pk=point.pk).annotate(**_point_annotations(year, today)).values(*POINT_FIELDS).get()
    )
    (figures,) = with_coverage([counts], year=year, today=today)
    as_of = as_of_day(year, today)
    visits = year_visits(year, as_of).filter(person__in=_served_by(point, as_of))
    by_month = dict(visits.order_by().values_list(ExtractMonth("visited_on")).annotate(n=Count("pk")))
    recent = list(visits.order_by("-visited_on", "-pk").values("visited_on", "visit_type", "person__name")[:20])
    return figures | {"by_month": [(m, by_month.get(m, 0)) for m in range(1, 13)], "recent": recent}
