"""丹心向党's assessment indicators: per region (the city bureau is 市直), for the bureau's
own scheme and the districts'. A branch scheme has no workforce data: every unit None.

Registered with :func:`apps.assessment.indicators.formula`; imported at brand discovery.
"""

from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import BooleanField, Case, Count, Q, When
from django.urls import reverse

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext, formula
from apps.workforce import choices as c
from apps.workforce import selectors
from apps.workforce.models import ContactPoint, RectificationItem, ResearchReport, Rule


def _evidence(model: str, *, year_lookup: str = "", **filters):
    """The back-office list of a region's records behind the figure (region units only)."""

    def evidence(unit_kind, result, year, params):
        if unit_kind != UnitKind.REGION:
            return None
        query = {"region__id__exact": result.region_id, **filters}
        if year_lookup:
            query[year_lookup] = year
        return f"{reverse(f'admin:workforce_{model}_changelist')}?{urlencode(query)}"

    return evidence


def _per_region(ctx: TallyContext, values: dict) -> dict:
    if ctx.unit_kind != UnitKind.REGION:
        return dict.fromkeys(ctx.units)
    return {unit: values.get(unit) for unit in ctx.units}


@formula(
    "workforce.training_compliance",
    label="干部教育培训学时达标率",
    description="在岗工作人员中，按《干部教育培训工作条例》第十四条达到学时（或天数）要求的比例。",
    evidence=_evidence("staffmember"),
)
def training_compliance(ctx: TallyContext, params: dict) -> dict:
    if ctx.unit_kind != UnitKind.REGION:
        return dict.fromkeys(ctx.units)
    rows = selectors.training_counts(year=ctx.year, by="region")
    return ctx.share({r["region"]: r["met"] for r in rows}, {r["region"]: r["total"] for r in rows})


def _rect_rows(ctx: TallyContext) -> list[dict]:
    """Items due this year by the scoring day, with whether each was closed, and still open,
    at that day (the selectors the dashboard section reads)."""
    day = ctx.until
    return ctx.memo(
        "workforce_rect",
        lambda: list(
            RectificationItem.objects.filter(deadline__lte=day, deadline__year=ctx.year)
            .annotate(
                closed=Case(When(selectors.rect_closed(day), then=True), default=False, output_field=BooleanField()),
                unfinished=Case(When(selectors.rect_open(day), then=True), default=False, output_field=BooleanField()),
            )
            .values("region", "closed", "unfinished", "deadline", "completed_on")
        ),
    )


@formula(
    "workforce.rectification_on_time",
    label="巡察整改按期销号率",
    description="年度内到期的整改事项中，按期完成（完成日期不晚于整改时限）并已销号的比例。",
    evidence=_evidence("rectificationitem", year_lookup="deadline__year"),
)
def rectification_on_time(ctx: TallyContext, params: dict) -> dict:
    due, met = defaultdict(int), defaultdict(int)
    for row in _rect_rows(ctx):
        due[row["region"]] += 1
        met[row["region"]] += (
            row["closed"] and row["completed_on"] is not None and row["completed_on"] <= row["deadline"]
        )
    return ctx.share(met, due) if ctx.unit_kind == UnitKind.REGION else dict.fromkeys(ctx.units)


@formula(
    "workforce.rectification_overdue_days",
    label="整改逾期天数",
    description="截至计分日仍未完成的逾期整改事项，逾期天数合计（越少越好）。",
    unit="天",
    evidence=_evidence("rectificationitem"),
)
def rectification_overdue_days(ctx: TallyContext, params: dict) -> dict:
    days = defaultdict(int)
    for row in _rect_rows(ctx):
        if row["unfinished"] and row["deadline"] < ctx.until:
            days[row["region"]] += (ctx.until - row["deadline"]).days
    return _per_region(ctx, {unit: days.get(unit, 0) for unit in ctx.units})


@formula(
    "workforce.rules_reviewed",
    label="内控制度按期评估率",
    description="在用内控制度中，截至计分日未超过评估日期的比例。",
    evidence=_evidence("rule"),
)
def rules_reviewed(ctx: TallyContext, params: dict) -> dict:
    rows = (
        Rule.objects.filter(superseded_by__isnull=True, issued_on__lte=ctx.until)
        .values("region")
        .annotate(total=Count("pk"), ok=Count("pk", filter=Q(review_due__gte=ctx.until)))
    )
    if ctx.unit_kind != UnitKind.REGION:
        return dict.fromkeys(ctx.units)
    return ctx.share({r["region"]: r["ok"] for r in rows}, {r["region"]: r["total"] for r in rows})


@formula(
    "workforce.contact_visits_on_time",
    label="联系点按期走访率",
    description="在用联系点中，截至计分日没有逾期未走访的比例。",
    evidence=_evidence("contactpoint", active__exact=1),
)
def contact_visits_on_time(ctx: TallyContext, params: dict) -> dict:
    from apps.workforce.reminders import overdue_points

    if ctx.unit_kind != UnitKind.REGION:
        return dict.fromkeys(ctx.units)
    total = dict(ContactPoint.objects.filter(active=True).values_list("region").annotate(n=Count("pk")))
    late = defaultdict(int)
    for point in overdue_points(ctx.until):
        late[point.region_id] += 1
    return ctx.share({u: total.get(u, 0) - late.get(u, 0) for u in total}, total)


AWARD_POINTS = {c.AwardLevel.NATIONAL: 5, c.AwardLevel.PROVINCIAL: 3, c.AwardLevel.MUNICIPAL: 1}


@formula(
    "workforce.research_awards",
    label="调研成果获奖折算分",
    description="年度内调研成果获奖，按国家级5分、省级3分、市级1分折算合计。",
    unit="分",
    evidence=_evidence("researchreport", year_lookup="submitted_on__year"),
)
def research_awards(ctx: TallyContext, params: dict) -> dict:
    rows = (
        ResearchReport.objects.filter(submitted_on__year=ctx.year, submitted_on__lte=ctx.until)
        .exclude(award_level="")
        .values("region", "award_level")
        .annotate(n=Count("pk"))
    )
    points = defaultdict(Decimal)
    for row in rows:
        points[row["region"]] += AWARD_POINTS[row["award_level"]] * row["n"]
    return _per_region(ctx, {unit: points.get(unit, Decimal(0)) for unit in ctx.units})
