"""The annual assessment's published results, as the dashboard's sections show them.

Only schemes that are published (已公示) or locked (已锁定) are shown, and only their
current tally run: leadership never sees a draft score. The city view ranks the districts
(the region scheme); a region's view ranks its organisations (the organisation scheme).
Each function is one query; without a published result it returns ``None``.
"""

from apps.assessment.choices import Grade, SchemeStatus, UnitKind
from apps.assessment.models import Result

SHOWN = [SchemeStatus.PUBLISHED, SchemeStatus.LOCKED]
GRADE_LABELS = dict(Grade.choices)


def _current(year: int):
    return Result.objects.filter(run__is_current=True, run__scheme__year=year, run__scheme__status__in=SHOWN)


def results(filters) -> dict | None:
    """``{"scheme", "unit_kind", "grades": [{"grade", "label", "count"}], "ranking": [{"rank",
    "name", "score", "grade", "result_id"}]}`` for the year and the region in view."""
    rows = _current(filters.year)
    if filters.region_id:
        rows = rows.filter(run__scheme__unit_kind=UnitKind.ORGANISATION, region_id=filters.region_id)
    else:
        rows = rows.filter(run__scheme__unit_kind=UnitKind.REGION)
    rows = list(
        rows.order_by("rank", "unit_name").values("id", "rank", "unit_name", "total", "grade", "run__scheme__name")
    )
    if not rows:
        return None
    counts = {value: 0 for value in Grade.values}
    for row in rows:
        if row["grade"]:
            counts[row["grade"]] += 1
    return {
        "scheme": rows[0]["run__scheme__name"],
        "grades": [{"grade": value, "label": label, "count": counts[value]} for value, label in Grade.choices],
        "ranking": [
            {
                "rank": row["rank"],
                "name": row["unit_name"],
                "score": float(row["total"]),
                "grade": GRADE_LABELS.get(row["grade"], "—"),
                "result_id": row["id"],
            }
            for row in rows
        ],
    }


def scorecard(*, organisation, year: int) -> dict | None:
    """The organisation's line in the year's published organisation ranking."""
    row = (
        _current(year)
        .filter(run__scheme__unit_kind=UnitKind.ORGANISATION, organisation=organisation)
        .values("id", "rank", "total", "grade", "run__scheme__name")
        .first()
    )
    if row is None:
        return None
    return {
        "scheme": row["run__scheme__name"],
        "rank": row["rank"],
        "score": float(row["total"]),
        "grade": GRADE_LABELS.get(row["grade"], "—"),
        "result_id": row["id"],
    }
