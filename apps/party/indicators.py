"""银发先锋's assessment indicators: the Party formulas of the indicator registry.

Each is registered with :func:`apps.assessment.indicators.formula`, and the branches that
schemes assess are declared here; the module is imported by
:meth:`apps.party.apps.PartyConfig.ready`, before any tally runs.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import Branches, TallyContext, branches_register, formula
from apps.assessment.params import params_register
from apps.party import review_terms
from apps.party.choices import ActivityType, DemoLevel, LogStatus, OrgKind, OrgStatus, ReviewResult
from apps.party.models import (
    ActivityLog,
    DemonstrationPoint,
    EducationSession,
    Organisation,
    StandardisationReview,
)
from apps.party.review_terms import REVIEW_WORKING_DAYS


# ---------------------------------------------------------------------------
# The assessed units
# ---------------------------------------------------------------------------
def active_branches():
    """The branches a scheme assesses: active ones, in tree order."""
    return Organisation.objects.filter(kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE).order_by("path")


def active_branch_q(to_organisation: str) -> Q:
    """Rows whose organisation (reached by ``to_organisation``) is an active branch."""
    return Q(**{f"{to_organisation}__kind": OrgKind.BRANCH, f"{to_organisation}__status": OrgStatus.ACTIVE})


branches_register(Branches(queryset=active_branches, q=active_branch_q))
params_register("days", "审核时限（工作日）")
params_register("level_points", "各级折算点数", nested=dict(DemoLevel.choices))


def _admin_list(model_name: str, unit_kind: str, result, by_region: str | None, by_org: str, **filters) -> str | None:
    """The party admin changelist of ``model_name`` filtered to one unit's records.

    ``by_region``/``by_org`` are the changelist lookups that select the unit (the admin
    only accepts lookups it lists as filters; None where it has none for regions).
    """
    if unit_kind == UnitKind.REGION:
        if by_region is None:
            return None
        filters[by_region] = result.region_id
    else:
        filters[by_org] = result.organisation_id
    return f"{reverse(f'admin:party_{model_name}_changelist')}?{urlencode(filters)}"


# ---------------------------------------------------------------------------
# 银发先锋: Party building
# ---------------------------------------------------------------------------
def _review_days(params: dict) -> int:
    return int(params.get("days", REVIEW_WORKING_DAYS))


def _review_moment(ctx: TallyContext) -> datetime.datetime:
    """The moment review timeliness is judged at: the end of ``until``, or now if that is earlier."""
    end_of_until = timezone.make_aware(
        datetime.datetime.combine(ctx.until + datetime.timedelta(days=1), datetime.time())
    )
    return min(timezone.now(), end_of_until)


def _timeliness_days(ctx: TallyContext) -> list[int]:
    return sorted({_review_days(p) for p in ctx.params_of.get("party.log_review_timeliness", [])})


def _log_counts(ctx: TallyContext, days: int) -> tuple[dict[int, int], dict[int, int]]:
    """``(decided, timely)`` per branch for a review deadline of ``days`` working days
    (:mod:`apps.party.review_terms`), judged at :func:`_review_moment`.

    A log reviewed by then is decided, and timely when reviewed by the end of its deadline
    day; a log still waiting is late only once its deadline day is over (one submitted
    minutes ago is not counted yet).

    One scan of the year's submitted logs for every deadline the scheme uses (one row per
    branch): the deadlines are worked out in memory on the working calendar for each day a
    log could have been submitted, and joined to the logs as a ``VALUES`` table keyed by
    the submission day. Rows of organisations that are not active branches are dropped
    here (a join to check them cost more than it saved).
    """
    wanted = sorted({days, *_timeliness_days(ctx)})
    counts = ctx.memo("log_counts", lambda: _scan(ctx, wanted))
    if days not in counts:  # asked for a deadline the scheme did not declare
        counts.update(_scan(ctx, [days]))
    return counts[days]


def _scan(ctx: TallyContext, days_list: list[int]) -> dict[int, tuple[dict, dict]]:
    ops = connection.ops
    moment = _review_moment(ctx)
    moment_day = timezone.localtime(moment).date()
    # A log is submitted on or after the day it was held (a month's grace for corrected
    # dates), and a submission after the moment cannot be decided at it.
    first, last = ctx.first_day - datetime.timedelta(days=31), moment_day
    deadlines = {d: review_terms.review_deadlines(first, last, d) for d in days_list}
    # Per submission day, the moment each deadline is over (the start of the next day).
    table, table_params = [], []
    one_day = datetime.timedelta(days=1)
    for day in deadlines[days_list[0]]:
        table.append("(" + ", ".join(["%s"] * (1 + len(days_list))) + ")")
        table_params.append(ops.adapt_datefield_value(day))
        for d in days_list:
            table_params.append(ops.adapt_datetimefield_value(review_terms.day_start(deadlines[d][day] + one_day)))
    logs = (
        ActivityLog.objects.filter(held_on__gte=ctx.first_day, held_on__lte=ctx.last_day, submitted_at__isnull=False)
        .order_by()
        .annotate(sub=TruncDate("submitted_at"))
        .values_list("organisation_id", "sub", "reviewed_at")
    )
    logs_sql, logs_params = logs.query.sql_with_params()
    at_moment = ops.adapt_datetimefield_value(moment)
    known = "t.reviewed_at IS NOT NULL AND t.reviewed_at <= %s"  # reviewed by the moment
    columns, column_params = [], []
    for position, _ in enumerate(days_list, start=2):
        over = f"d.column{position}"
        columns.append(f"SUM(CASE WHEN {known} THEN 1 WHEN {over} <= %s THEN 1 ELSE 0 END)")
        columns.append(f"SUM(CASE WHEN {known} AND t.reviewed_at < {over} THEN 1 ELSE 0 END)")
        column_params += [at_moment, at_moment, at_moment]
    sql = (
        f"SELECT t.organisation_id, {', '.join(columns)} FROM ({logs_sql}) t "
        f"JOIN (VALUES {', '.join(table)}) d ON d.column1 = t.sub GROUP BY t.organisation_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*column_params, *logs_params, *table_params])
        rows = cursor.fetchall()
    branches = ctx.branch_region
    result = {d: (defaultdict(int), defaultdict(int)) for d in days_list}
    for org_id, *values in rows:
        if org_id not in branches:
            continue
        for index, d in enumerate(days_list):
            decided, timely = result[d]
            decided[org_id] += int(values[2 * index] or 0)
            timely[org_id] += int(values[2 * index + 1] or 0)
    return result


def _compliance(ctx: TallyContext, activity_types: set[str]) -> dict:
    """met ÷ due (as %) of the 三会一课 rules of ``activity_types``, over the unit's branches.

    The slots are ``apps.party.compliance``'s, the same the compliance page, the dashboard
    and the secretary's home show (read once per run for every rule: two queries). A unit
    with nothing due has no data (None), not 100 %.
    """
    from apps.party import compliance

    found = ctx.memo(
        "compliance_slots",
        lambda: compliance.branch_slots(
            branches=ctx.branches_queryset(),
            years=[ctx.year],
            until=ctx.until,
            organisations=[(pk, OrgKind.BRANCH, founded) for pk, founded in ctx.branch_founded.items()],
        ),
    )
    due: dict[int, int] = defaultdict(int)
    met: dict[int, int] = defaultdict(int)
    for slot in found:
        unit = ctx.unit_of_branch(slot.organisation_id) if slot.activity_type in activity_types else None
        if unit is not None:
            due[unit] += 1
            met[unit] += slot.held >= slot.required
    return ctx.share(met, due)


def _logs_evidence(activity_types):
    def evidence(unit_kind, result, year, params):
        extra = {"activity_type__exact": activity_types[0]} if len(activity_types) == 1 else {}
        return _admin_list(
            "activitylog",
            unit_kind,
            result,
            "organisation__region__id__exact",
            "organisation__id__exact",
            held_on__year=year,
            status__exact=LogStatus.APPROVED,
            **extra,
        )

    return evidence


@formula(
    "party.theme_day_compliance",
    label="主题党日开展率",
    description="按三会一课规则应开展主题党日的月份中，已开展（审核通过）的比例；县区为所辖支部合计。",
    evidence=_logs_evidence([ActivityType.THEME_DAY]),
)
def theme_day_compliance(ctx: TallyContext, params: dict) -> dict:
    return _compliance(ctx, {ActivityType.THEME_DAY})


THREE_MEETINGS_ONE_LECTURE = {
    ActivityType.MEMBER_MEETING,
    ActivityType.COMMITTEE_MEETING,
    ActivityType.GROUP_MEETING,
    ActivityType.LECTURE,
}


@formula(
    "party.three_meetings_completion",
    label="三会一课完成率",
    description="支部党员大会、支委会、党小组会、党课按规则应开展的周期中，已完成（审核通过）的比例。",
    evidence=_logs_evidence(sorted(THREE_MEETINGS_ONE_LECTURE)),
)
def three_meetings_completion(ctx: TallyContext, params: dict) -> dict:
    return _compliance(ctx, THREE_MEETINGS_ONE_LECTURE)


def _training_evidence(unit_kind, result, year, params):
    if unit_kind == UnitKind.REGION:
        return f"{reverse('admin:party_trainingclass_changelist')}?{urlencode({'region__id__exact': result.region_id})}"
    return _admin_list("trainingattendance", unit_kind, result, None, "organisation__id__exact")


@formula(
    "party.secretary_training_coverage",
    label="支部书记三年轮训覆盖率",
    description="在任支部书记中，近三年内参加过“领头雁”培训的比例。",
    evidence=_training_evidence,
)
def secretary_training_coverage(ctx: TallyContext, params: dict) -> dict:
    from apps.party.selectors import serving_secretaries

    rows = (
        serving_secretaries(as_of=ctx.last_day)
        .order_by()
        .values(unit=F(ctx.unit_path("organisation")))
        .annotate(serving=Count("id"), trained_n=Count("id", filter=Q(trained=True)))
    )
    serving, trained = {}, {}
    for row in rows:
        serving[row["unit"]] = row["serving"]
        trained[row["unit"]] = row["trained_n"]
    return ctx.share(trained, serving)


@formula(
    "party.log_review_timeliness",
    label="组织生活记录审核及时率",
    description="年度内已提交的组织生活记录中，在提交后 N 个工作日内（按工作日历，节假日不计）完成审核（通过或退回）的比例；待审核的记录在审核期限届满后才计为超时，未届满的不计入；参数“审核时限（工作日）”，默认 7。",
    evidence=lambda unit_kind, result, year, params: _admin_list(
        "activitylog",
        unit_kind,
        result,
        "organisation__region__id__exact",
        "organisation__id__exact",
        held_on__year=year,
    ),
)
def log_review_timeliness(ctx: TallyContext, params: dict) -> dict:
    decided, timely = _log_counts(ctx, _review_days(params))
    submitted: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    for branch, n in decided.items():
        unit = ctx.unit_of_branch(branch)
        if unit is not None:
            submitted[unit] += n
            on_time[unit] += timely.get(branch, 0)
    return ctx.share(on_time, submitted)


@formula(
    "party.standardisation_pass_rate",
    label="“六有一提升”达标率",
    description="所辖支部中，截至考评年度已通过“六有一提升”复核的比例。",
    evidence=lambda unit_kind, result, year, params: _admin_list(
        "standardisationreview",
        unit_kind,
        result,
        "organisation__region__id__exact",
        "organisation__id__exact",
        result__exact=ReviewResult.PASSED,
    ),
)
def standardisation_pass_rate(ctx: TallyContext, params: dict) -> dict:
    rows = (
        StandardisationReview.objects.filter(
            ctx.branch_q("organisation"), year__lte=ctx.year, result=ReviewResult.PASSED
        )
        .order_by()
        .values(unit=F(ctx.unit_path("organisation")))
        .annotate(passed=Count("organisation", distinct=True))
    )
    passed = {row["unit"]: row["passed"] for row in rows}
    return ctx.share(passed, ctx.branches_per_unit)


DEFAULT_LEVEL_POINTS = {"province": 3, "city": 2, "county": 1}


@formula(
    "party.demonstration_points",
    label="党建示范点",
    description="截至考评年度命名且未被复查撤销的示范点，按级别折算点数（省级 3、市级 2、县级 1，参数“各级折算点数”可调）。",
    unit="点",
    evidence=lambda unit_kind, result, year, params: _admin_list(
        "demonstrationpoint", unit_kind, result, "organisation__region__id__exact", "organisation__id__exact"
    ),
)
def demonstration_points(ctx: TallyContext, params: dict) -> dict:
    points = {**DEFAULT_LEVEL_POINTS, **(params.get("level_points") or {})}
    weight = Case(
        *[When(level=level, then=Value(int(p))) for level, p in sorted(points.items())],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        DemonstrationPoint.objects.filter(ctx.branch_q("organisation"), designated_year__lte=ctx.year)
        .exclude(recheck_passed=False, recheck_year__lte=ctx.year)
        .order_by()
        .values(unit=F(ctx.unit_path("organisation")))
        .annotate(points=Sum(weight))
    )
    found = {row["unit"]: Decimal(row["points"] or 0) for row in rows}
    return {unit: found.get(unit, Decimal(0)) for unit in ctx.units}


@formula(
    "party.education_sessions_per_100",
    label="党性教育活动（每百名党员）",
    description="年度内在正能量教育基地开展的党性教育活动次数 ÷ 考评日（年末，年度未结束时为计算当日）在册党员数 × 100。",
    unit="次/百人",
    evidence=lambda unit_kind, result, year, params: _admin_list(
        "educationsession",
        unit_kind,
        result,
        "organisation__region__id__exact",
        "organisation__id__exact",
        held_on__year=year,
    ),
)
def education_sessions_per_100(ctx: TallyContext, params: dict) -> dict:
    sessions = {
        row["unit"]: row["n"]
        for row in EducationSession.objects.filter(
            ctx.branch_q("organisation"), held_on__gte=ctx.first_day, held_on__lte=ctx.last_day
        )
        .order_by()
        .values(unit=F(ctx.unit_path("organisation")))
        .annotate(n=Count("id"))
    }
    from apps.party.selectors import members_on

    # The roll on the tally's date (the year's last day, or the day it runs at): members
    # who died or left later still count, a transfer dated later is not applied yet.
    members = {
        row["unit"]: row["n"]
        for row in members_on(ctx.last_day)
        .filter(ctx.branch_q("organisation"))
        .order_by()
        .values(unit=F(ctx.unit_path("organisation")))
        .annotate(n=Count("id"))
    }
    return ctx.share(sessions, members)
