"""Reads of the annual assessment: rankings, scorecards, year-on-year comparison, the matrix.

Every function takes the requesting user and applies their scope to results
(``Result.objects.for_user``): district staff see their region's rows, a secretary their
branch's, leadership and bureau staff everything. Fixed query counts throughout.
"""

from urllib.parse import urlsplit

from django.db.models import Prefetch, QuerySet
from django.urls import Resolver404, resolve

from apps.assessment.choices import Brand, RunStatus, UnitKind
from apps.assessment.indicators import REGISTRY, evidence_url
from apps.assessment.models import Indicator, IndicatorGroup, Result, ResultItem, Scheme, TallyRun
from apps.assessment.scoring import factors
from apps.core.figures import half_up

BRAND_LABELS = dict(Brand.choices)
# Brands in the order of the bureau's work: the four brands, then the assessors' own items.
BRAND_ORDER = {value: position for position, value in enumerate(Brand.values)}


def shown(value, places: int = 2) -> str:
    """A raw value, score or subtotal as shown and exported: rounded once, half-up; "—" for none."""
    return "—" if value is None else f"{half_up(value, places):.{places}f}"


def evidence_permission(url: str | None) -> str | None:
    """The view permission of the back-office list an evidence link opens (no query)."""
    if not url:
        return None
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None:
        return None
    opts = model_admin.model._meta
    return f"{opts.app_label}.view_{opts.model_name}"


def may_open(user, url: str | None) -> bool:
    """Whether ``user``'s role may open the evidence list (``role_may``: no query)."""
    from apps.accounts.roles import role_may

    permission = evidence_permission(url)
    return bool(permission) and user is not None and role_may(user, permission)


def scheme_groups(scheme: Scheme) -> list[IndicatorGroup]:
    return list(scheme.groups.order_by("order", "pk"))


def indicator_factors(indicators, groups) -> dict:
    """``{indicator id: points added to the total per point of the indicator}`` (exact)."""
    return factors([(i.pk, i.brand, i.max_score, i.weight) for i in indicators], {g.brand: g.weight for g in groups})


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


def scorecard(*, result: Result, scheme: Scheme, user=None, groups=None) -> list[dict]:
    """One unit's indicators: raw value, score, its points in the total, formula and
    evidence link (two queries: the items with their indicators, the scheme's groups).

    Values are exact; ``*_text`` are the shown figures, rounded once, half-up.
    ``evidence_open``: whether ``user``'s role may open the evidence list."""
    items = list(
        ResultItem.objects.filter(result=result).select_related("indicator").order_by("indicator__order", "pk")
    )
    groups = scheme_groups(scheme) if groups is None else groups
    factor_of = indicator_factors([item.indicator for item in items], groups)
    rows = []
    for item in items:
        indicator = item.indicator
        formula = REGISTRY.get(indicator.formula_key) if indicator.formula_key else None
        evidence = (
            evidence_url(indicator.formula_key, scheme.unit_kind, result, scheme.year, indicator.params)
            if formula
            else None
        )
        points = item.score * factor_of[indicator.pk]
        rows.append(
            {
                "indicator": indicator,
                "brand": indicator.brand,
                "raw_value": item.raw_value,
                "raw_text": shown(item.raw_value),
                "unit": formula.unit if formula else "",
                "formula": formula,
                "score": item.score,
                "score_text": shown(item.score),
                "weighted": points,
                "weighted_text": shown(points),
                "note": item.note,
                "evidence": evidence,
                "evidence_open": may_open(user, evidence),
            }
        )
    return rows


def scorecard_groups(*, items: list[dict], scheme: Scheme, groups=None) -> list[dict]:
    """The scorecard's items by brand, in the groups' order (a scheme without groups: by
    brand in the brands' order), each with its subtotal — the exact sum of its items'
    points, rounded once — and its weight (None without groups). No query beyond the
    groups' (none when they are given)."""
    groups = scheme_groups(scheme) if groups is None else groups
    weight_of = {g.brand: g.weight for g in groups}
    position = {g.brand: n for n, g in enumerate(groups)} if groups else BRAND_ORDER
    by_brand: dict[str, list[dict]] = {}
    for item in items:
        by_brand.setdefault(item["brand"], []).append(item)
    result = []
    for brand in sorted(by_brand, key=lambda b: position.get(b, len(position))):
        rows = by_brand[brand]
        subtotal = sum((row["weighted"] for row in rows), start=rows[0]["weighted"] * 0)
        weight = weight_of.get(brand)
        result.append(
            {
                "brand": brand,
                "label": BRAND_LABELS.get(brand, brand),
                "weight": weight,
                "weight_text": shown(weight) if weight is not None else "",
                "items": rows,
                "subtotal": subtotal,
                "subtotal_text": shown(subtotal),
            }
        )
    return result


def _number(value):
    """A figure for the workbook: rounded once, half-up, to two places (None stays empty)."""
    return None if value is None else half_up(value, 2)


def result_matrix(*, scheme: Scheme, user) -> tuple[list[str], list[list]]:
    """The whole current result as a table: one row per unit, a raw and a score column per
    indicator, grouped by brand, and for a scheme with brand groups each group's subtotal
    (four queries: indicators, groups, results, items). Figures are rounded once, half-up,
    as on the scorecard; the total is the published one the ranking is decided on."""
    groups = scheme_groups(scheme)
    position = {g.brand: n for n, g in enumerate(groups)} if groups else BRAND_ORDER
    indicators = sorted(
        Indicator.objects.filter(scheme=scheme).order_by("order", "code"),
        key=lambda i: position.get(i.brand, len(position)),
    )
    factor_of = indicator_factors(indicators, groups)
    results = ranking(scheme=scheme, user=user)
    cells = {}
    for result_id, indicator_id, raw, points in ResultItem.objects.filter(
        result__in=[r.pk for r in results]
    ).values_list("result_id", "indicator_id", "raw_value", "score"):
        cells[(result_id, indicator_id)] = (raw, points)
    headers = ["名次", "单位", "所属区域", "总分", "等次"]
    headers += [f"{BRAND_LABELS.get(g.brand, g.brand)}小计（{shown(g.weight)}分）" for g in groups]
    for indicator in indicators:
        # A scheme with brand groups names each column's brand.
        label = f"{indicator.code} {indicator.name}"
        if groups:
            label = f"{BRAND_LABELS.get(indicator.brand, indicator.brand)}·{label}"
        headers += [f"{label}（原始值）", f"{label}（得分）"]
    rows = []
    for result in results:
        row = [result.rank, result.unit_name, result.region.name, result.total, result.get_grade_display()]
        subtotals = {g.brand: 0 for g in groups}
        values = []
        for indicator in indicators:
            raw, points = cells.get((result.pk, indicator.pk), (None, None))
            if points is not None and indicator.brand in subtotals:
                subtotals[indicator.brand] += points * factor_of[indicator.pk]
            values += [_number(raw), _number(points)]
        row += [half_up(subtotals[g.brand], 2) for g in groups]
        rows.append(row + values)
    return headers, rows


def scorecard_table(*, result: Result, scheme: Scheme, groups: list[dict]) -> tuple[list[str], list[list]]:
    """The scorecard as a workbook: its items by brand, each brand's subtotal and the
    total — the same figures as the page, rounded once, half-up (no query)."""
    headers = ["品牌", "指标", "原始值", "单位", "得分", "满分", "计入总分", "说明"]
    rows = []
    for group in groups:
        for item in group["items"]:
            indicator = item["indicator"]
            rows.append(
                [
                    group["label"],
                    f"{indicator.code} {indicator.name}",
                    _number(item["raw_value"]),
                    item["unit"],
                    _number(item["score"]),
                    indicator.max_score,
                    _number(item["weighted"]),
                    item["note"],
                ]
            )
        weight = f"（{group['weight_text']}分）" if group["weight"] is not None else ""
        rows.append(
            [group["label"], f"{group['label']}小计{weight}", None, "", None, None, _number(group["subtotal"]), ""]
        )
    rows.append(
        [
            "",
            "总分",
            None,
            "",
            None,
            None,
            result.total,
            f"第{result.rank}名 {result.get_grade_display() or ''}".strip(),
        ]
    )
    return headers, rows
