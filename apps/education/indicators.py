"""牵手夕阳 · 老年教育's assessment indicators, for region schemes (a branch scheme gets no
value: education is counted by district). Registered at brand discovery."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext, formula
from apps.education.choices import SEATED
from apps.education.models import Course, DistrictBase, Enrolment


def _terms_q(ctx: TallyContext, prefix: str = "") -> Q:
    """The terms that started in the scheme's year, up to its date."""
    return Q(**{f"{prefix}term__starts_on__year": ctx.year, f"{prefix}term__starts_on__lte": ctx.last_day})


def _region_only(ctx: TallyContext) -> bool:
    return ctx.unit_kind == UnitKind.REGION


def _evidence(model: str, region_lookup: str):
    """The back-office list of a district's records behind the figure (region units only)."""

    def evidence(unit_kind, result, year, params):
        if unit_kind != UnitKind.REGION:
            return None
        return f"{reverse(f'admin:education_{model}_changelist')}?{urlencode({region_lookup: result.region_id})}"

    return evidence


@formula(
    "education.venue_coverage",
    label="老年教育办学网络覆盖达标率",
    description="规划四项比例（县区建有老年大学、乡镇（街道）老年学校、村（居）学习点、经常性参与率）中达到规划目标的项数占比；目标值在“覆盖率规划目标”中维护。",
    evidence=_evidence("venue", "region__id__exact"),
)
def venue_coverage(ctx: TallyContext, params: dict) -> dict:
    if not _region_only(ctx):
        return {}
    from apps.education.selectors import coverage

    result = {}
    # The network as it stood on the scheme's day (a past year reads its own venues).
    for row in coverage(list(ctx.units), as_of=ctx.last_day):
        measured = [m for m in row["measures"] if m["value"] is not None]
        result[row["region"].pk] = (
            Decimal(sum(m["met"] for m in measured)) * 100 / len(row["measures"]) if measured else None
        )
    return result


@formula(
    "education.seats_per_thousand",
    label="每千名老年人老年大学学位数",
    description="年度内开课学期的招生名额合计 ÷ 60岁以上老年人数 × 1000。",
    unit="个",
    evidence=_evidence("course", "venue__region__id__exact"),
)
def seats_per_thousand(ctx: TallyContext, params: dict) -> dict:
    if not _region_only(ctx):
        return {}
    seats = dict(
        Course.objects.filter(_terms_q(ctx))
        .values("venue__region")
        .annotate(s=Sum("seats"))
        .values_list("venue__region", "s")
    )
    elders = dict(DistrictBase.objects.values_list("region", "elders"))
    return {u: Decimal(seats.get(u, 0)) * 1000 / elders[u] if elders.get(u) else None for u in ctx.units}


@formula(
    "education.demand_satisfaction",
    label="报名需求满足率",
    description="年度内开课学期的招生名额 ÷ 报名人数（每人计一次），封顶 100%。",
    evidence=_evidence("enrolment", "course__venue__region__id__exact"),
)
def demand_satisfaction(ctx: TallyContext, params: dict) -> dict:
    if not _region_only(ctx):
        return {}
    seats = dict(
        Course.objects.filter(_terms_q(ctx))
        .values("venue__region")
        .annotate(s=Sum("seats"))
        .values_list("venue__region", "s")
    )
    applicants = dict(
        Enrolment.objects.filter(_terms_q(ctx))
        .values("course__venue__region")
        .annotate(n=Count("person", distinct=True))
        .values_list("course__venue__region", "n")
    )
    return {
        u: min(Decimal(100), Decimal(seats.get(u, 0)) * 100 / applicants[u]) if applicants.get(u) else None
        for u in ctx.units
    }


@formula(
    "education.waitlist_days",
    label="候补递补平均等待天数",
    description="年度内经候补递补录取的学员，从报名到获得递补名额的平均天数。",
    unit="天",
    evidence=_evidence("enrolment", "course__venue__region__id__exact"),
)
def waitlist_days(ctx: TallyContext, params: dict) -> dict:
    if not _region_only(ctx):
        return {}
    rows = (
        Enrolment.objects.filter(_terms_q(ctx), offered_at__isnull=False, status__in=SEATED)
        .annotate(wait=F("offered_at") - F("created_at"))
        .values_list("course__venue__region", "wait")
    )
    total, count = {}, {}
    for region, wait in rows:
        total[region] = total.get(region, 0) + wait.total_seconds()
        count[region] = count.get(region, 0) + 1
    return {u: Decimal(total[u]) / count[u] / 86400 if count.get(u) else None for u in ctx.units}
