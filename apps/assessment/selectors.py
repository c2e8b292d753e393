"""Reads of the annual assessment: rankings, scorecards, year-on-year comparison, the matrix.

Every function takes the requesting user and applies their scope to results
(``Result.objects.for_user``): district staff see their region's rows, a secretary their
branch's, leadership and bureau staff everything. Fixed query counts throughout.
"""

from django.db.models import Prefetch, QuerySet

from apps.assessment.choices import RunStatus, UnitKind
from apps.assessment.indicators import REGISTRY, evidence_url
from apps.assessment.models import Indicator, Result, ResultItem, Scheme, TallyRun


def scheme_list() -> QuerySet:
    """Schemes, newest year first, each with its current run (two queries)."""
    return Scheme.objects.order_by("-year", "unit_kind").prefetch_related(
        Prefetch("runs", queryset=TallyRun.objects.filter(is_current=True), to_attr="current_runs")
    )


def current_run(scheme: Scheme) -> TallyRun | None:
    return scheme.runs.filter(is_current=True).first()


def last_run(scheme: Scheme) -> TallyRun | None:
    return scheme.runs.select_related("started_by").order_by("-created_at", "-id").first()


def run_progress(run: TallyRun) -> dict:
    """What the progress bar polls."""
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "progress": run.progress,
        "duration": run.duration,
        "error": run.error,
        "done": run.status in (RunStatus.COMPLETED, RunStatus.FAILED),
    }


def ranking(*, scheme: Scheme, user) -> list[Result]:
    """The current results in the user's scope, best first (one query)."""
    return list(
        Result.objects.for_user(user)
        .filter(run__scheme=scheme, run__is_current=True)
        .select_related("region", "organisation")
        .order_by("rank", "unit_name")
    )


def previous_scheme(scheme: Scheme) -> Scheme | None:
    return Scheme.objects.filter(year=scheme.year - 1, unit_kind=scheme.unit_kind).first()


def year_on_year(*, scheme: Scheme, user, results: list[Result]) -> dict:
    """``{result.pk: {"rank", "total", "rank_change", "total_change"}}`` against last year's
    current results of the same units (two queries)."""
    previous = previous_scheme(scheme)
    if previous is None:
        return {}
    before = {
        (r["organisation_id"] if scheme.unit_kind == UnitKind.ORGANISATION else r["region_id"]): r
        for r in Result.objects.for_user(user)
        .filter(run__scheme=previous, run__is_current=True)
        .values("region_id", "organisation_id", "rank", "total")
    }
    comparison = {}
    for result in results:
        prior = before.get(result.unit_id)
        if prior is None:
            continue
        comparison[result.pk] = {
            "rank": prior["rank"],
            "total": prior["total"],
            # Positive: moved up the ranking / gained points.
            "rank_change": prior["rank"] - result.rank,
            "total_change": result.total - prior["total"],
        }
    return comparison


def scorecard(*, result: Result, scheme: Scheme) -> list[dict]:
    """One unit's indicators: raw value, score, weight, formula and evidence link (one query)."""
    items = ResultItem.objects.filter(result=result).select_related("indicator").order_by("indicator__order", "pk")
    rows = []
    for item in items:
        indicator = item.indicator
        formula = REGISTRY.get(indicator.formula_key) if indicator.formula_key else None
        rows.append(
            {
                "indicator": indicator,
                "raw_value": item.raw_value,
                "unit": formula.unit if formula else "",
                "formula": formula,
                "score": item.score,
                "weighted": (item.score * indicator.weight).quantize(item.score),
                "note": item.note,
                "evidence": evidence_url(indicator.formula_key, scheme.unit_kind, result, scheme.year, indicator.params)
                if formula
                else None,
            }
        )
    return rows


def result_matrix(*, scheme: Scheme, user) -> tuple[list[str], list[list]]:
    """The whole current result as a table: one row per unit, a raw and a score column per
    indicator (three queries: indicators, results, items)."""
    indicators = list(Indicator.objects.filter(scheme=scheme).order_by("order", "code"))
    results = ranking(scheme=scheme, user=user)
    cells = {}
    for result_id, indicator_id, raw, points in ResultItem.objects.filter(
        result__in=[r.pk for r in results]
    ).values_list("result_id", "indicator_id", "raw_value", "score"):
        cells[(result_id, indicator_id)] = (raw, points)
    headers = ["名次", "单位", "所属区域", "总分", "等次"]
    for indicator in indicators:
        headers += [f"{indicator.code} {indicator.name}（原始值）", f"{indicator.code} {indicator.name}（得分）"]
    rows = []
    for result in results:
        row = [result.rank, result.unit_name, result.region.name, result.total, result.get_grade_display()]
        for indicator in indicators:
            raw, points = cells.get((result.pk, indicator.pk), (None, None))
            row += [raw, points]
        rows.append(row)
    return headers, rows
