"""草根内参's indicator: reports adopted (编报采用 or 领导批示) in the year, per region.

Reports belong to a region, not to a Party branch: a branch scheme has no data (None)."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext, formula
from apps.insights.models import Report


def _evidence(unit_kind, result, year, params):
    if unit_kind != UnitKind.REGION:
        return None
    query = {"region__id__exact": result.region_id, "adopted__exact": 1, "submitted_on__year": year}
    return f"{reverse('admin:insights_report_changelist')}?{urlencode(query)}"


@formula(
    "insights.adopted",
    label="草根内参采用数",
    description="年度内报送的草根内参中被编报采用或获领导批示的篇数（按信息员所属区域）。",
    unit="篇",
    evidence=_evidence,
)
def adopted(ctx: TallyContext, params: dict) -> dict:
    if ctx.unit_kind != UnitKind.REGION:
        return dict.fromkeys(ctx.units)
    rows = (
        Report.objects.filter(submitted_on__gte=ctx.first_day, submitted_on__lte=ctx.last_day, adopted=True)
        .order_by()
        .values_list("region")
        .annotate(n=Count("pk"))
    )
    found = dict(rows)
    return {unit: found.get(unit, 0) for unit in ctx.units}
