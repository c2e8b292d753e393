"""绿扬霞光's assessment indicators, registered with ``@formula`` (imported through
``BRAND.indicators``). A team counts for the region it belongs to, and in a branch scheme
for its partner Party branch (“党支部+志愿团队”), so its work shows on both sides."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.urls import reverse

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext, formula
from apps.assessment.params import params_register
from apps.volunteers.choices import Level, MemberStatus, RecordStatus
from apps.volunteers.models import Activity, Honour, MediaItem, ServiceRecord, Team, TeamMember

DEFAULT_LEVEL_POINTS = {Level.NATIONAL: 10, Level.PROVINCIAL: 5, Level.CITY: 3, Level.COUNTY: 1}
params_register("honour_points", "各级荣誉/报道折算点数", nested=dict(Level.choices))


def _unit_path(ctx: TallyContext, to_team: str) -> str:
    return f"{to_team}__region" if ctx.unit_kind == UnitKind.REGION else f"{to_team}__partner_branch"


def _by_unit(ctx: TallyContext, rows, key: str) -> dict:
    found = {row["unit"]: row[key] for row in rows if row["unit"] in ctx.units}
    return found


def _evidence(model_name: str, team_path: str, **filters):
    """The back-office list of a region's records (branch units: none, the admin lists
    filter by region)."""
    region_lookup = "region__id__exact" if team_path == "pk" else f"{team_path}__region__id__exact"

    def evidence(unit_kind, result, year, params):
        if unit_kind != UnitKind.REGION:
            return None
        query = urlencode({region_lookup: result.region_id, **filters})
        return f"{reverse(f'admin:volunteers_{model_name}_changelist')}?{query}"

    return evidence


def _active_volunteers(ctx: TallyContext) -> dict:
    rows = (
        TeamMember.objects.filter(joined_on__lte=ctx.last_day)
        .exclude(status=MemberStatus.LEFT, left_on__lte=ctx.first_day)
        .order_by()
        .values(unit=F(_unit_path(ctx, "team")))
        .annotate(n=Count("pk"))
    )
    return _by_unit(ctx, rows, "n")


def _confirmed(ctx: TallyContext):
    return ServiceRecord.objects.filter(
        status=RecordStatus.CONFIRMED, date__gte=ctx.first_day, date__lte=ctx.last_day
    ).order_by()


@formula(
    "volunteers.hours_per_volunteer",
    label="志愿者人均确认服务时长",
    description="年度内经团队负责人确认的服务时长合计，除以年内在队的志愿者人数（小时/人）。",
    unit="小时",
    evidence=_evidence("servicerecord", "activity__team", status__exact=RecordStatus.CONFIRMED),
)
def hours_per_volunteer(ctx: TallyContext, params: dict) -> dict:
    volunteers = ctx.memo("volunteers.active", lambda: _active_volunteers(ctx))
    hours = _by_unit(
        ctx, _confirmed(ctx).values(unit=F(_unit_path(ctx, "activity__team"))).annotate(h=Sum("hours")), "h"
    )
    result = {}
    for unit in ctx.units:
        n = volunteers.get(unit) or 0
        # Exact: rounded once where it is shown (issue 14, item 6).
        result[unit] = Decimal(hours.get(unit) or 0) / n if n else None
    return result


@formula(
    "volunteers.participation_rate",
    label="志愿者参与率",
    description="年内在队的志愿者中，至少有一条已确认服务记录的比例。",
    evidence=_evidence("teammember", "team"),
)
def participation_rate(ctx: TallyContext, params: dict) -> dict:
    volunteers = ctx.memo("volunteers.active", lambda: _active_volunteers(ctx))
    served = _by_unit(
        ctx,
        _confirmed(ctx).values(unit=F(_unit_path(ctx, "activity__team"))).annotate(n=Count("member", distinct=True)),
        "n",
    )
    return ctx.share(served, volunteers)


@formula(
    "volunteers.records_on_time",
    label="服务记录按时完成率",
    description="年度内记录期限（活动后 10 个工作日，67号令第11条）已到的活动中，在期限内完成服务记录的比例；"
    "期限已过仍未记录的计为逾期。",
    evidence=_evidence("activity", "team"),
)
def records_on_time(ctx: TallyContext, params: dict) -> dict:
    rows = (
        Activity.objects.filter(date__gte=ctx.first_day, record_due_on__lte=ctx.last_day)
        .order_by()
        .values(unit=F(_unit_path(ctx, "team")))
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(records_done_at__isnull=False, records_done_at__date__lte=F("record_due_on"))),
        )
    )
    return ctx.share(_by_unit(ctx, rows, "on_time"), _by_unit(ctx, rows, "due"))


def _points(params: dict):
    points = {**DEFAULT_LEVEL_POINTS, **(params.get("honour_points") or {})}
    return Case(
        *[When(level=level, then=Value(int(p))) for level, p in sorted(points.items())],
        default=Value(0),
        output_field=IntegerField(),
    )


@formula(
    "volunteers.honour_points",
    label="志愿服务荣誉折算点数",
    description="年度内团队及志愿者获得的荣誉，按级别折算点数合计（默认国家级10、省级5、市级3、县级1）。",
    unit="点",
    evidence=_evidence("honour", "team"),
)
def honour_points(ctx: TallyContext, params: dict) -> dict:
    rows = (
        Honour.objects.filter(awarded_on__year=ctx.year, awarded_on__lte=ctx.last_day)
        .order_by()
        .values(unit=F(_unit_path(ctx, "team")))
        .annotate(p=Sum(_points(params)))
    )
    found = _by_unit(ctx, rows, "p")
    return {unit: Decimal(found.get(unit) or 0) for unit in ctx.units}


@formula(
    "volunteers.media_points",
    label="志愿服务媒体报道折算点数",
    description="年度内《银潮》《中国老年报》、学习强国等媒体对团队的报道，按级别折算点数合计。",
    unit="点",
    evidence=_evidence("mediaitem", "team"),
)
def media_points(ctx: TallyContext, params: dict) -> dict:
    rows = (
        MediaItem.objects.filter(published_on__year=ctx.year, published_on__lte=ctx.last_day)
        .order_by()
        .values(unit=F(_unit_path(ctx, "team")))
        .annotate(p=Sum(_points(params)))
    )
    found = _by_unit(ctx, rows, "p")
    return {unit: Decimal(found.get(unit) or 0) for unit in ctx.units}


@formula(
    "volunteers.four_unified",
    label="团队“四个统一”完成度",
    description="各团队“四个统一”（活动内容、活动主题、活动标识、队伍建设）七项内容的平均完成度。",
    evidence=_evidence("team", "pk"),
)
def four_unified(ctx: TallyContext, params: dict) -> dict:
    path = "region" if ctx.unit_kind == UnitKind.REGION else "partner_branch"
    totals: dict[int, list[int]] = {}
    for team in Team.objects.filter(**{f"{path}__isnull": False}).only(
        "service_content", "theme", "emblem", "charter", "leader", "partner_branch", "annual_plan", "region"
    ):
        unit = getattr(team, f"{path}_id")
        if unit in ctx.units:
            totals.setdefault(unit, []).append(team.four_unified()["percent"])
    return {unit: Decimal(sum(v)) / len(v) if (v := totals.get(unit)) else None for unit in ctx.units}
