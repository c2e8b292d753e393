"""Reads that shape 银发先锋 data: 三会一课 compliance and 领头雁 training coverage.

Every function here runs a fixed number of aggregated queries, whatever the number of
branches, rules or logs: counts come from ``values()``/``annotate()`` or conditional
aggregation, and Python only arranges the aggregated rows. Callers pass querysets already
restricted to the user's scope (``Organisation.objects.for_user(user)``,
``Region.objects.workable_for(user)``); nothing here widens them.

The obligations themselves are data (:class:`~apps.party.models.ComplianceRule`): each
active rule requires ``required_count`` logs of one activity type per month, quarter or
year of organisations of its ``org_kind``. Only **approved** logs count as held; a log
waiting for review is reported as ``pending`` in the secretary's workspace.
"""

import calendar
import datetime
from collections import defaultdict

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from apps.party.choices import ActivityType, FundingKind, LogStatus, OrgKind, OrgStatus, Period, PostKind
from apps.party.models import (
    ActivityLog,
    ComplianceRule,
    Membership,
    Organisation,
    OrganisationPost,
    TrainingAttendance,
)

# How many periods each kind of period has in a year, and the months each one covers.
PERIODS_PER_YEAR = {Period.MONTH: 12, Period.QUARTER: 4, Period.YEAR: 1}
MONTHS_PER_PERIOD = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}

TRAINING_ROTATION_YEARS = 3


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------
def period_index(period: str, month: int) -> int:
    """The 1-based index of the ``period`` (month/quarter/year) that contains ``month``."""
    return (month - 1) // MONTHS_PER_PERIOD[period] + 1


def period_bounds(period: str, year: int, index: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of period ``index`` (1-based) of ``year``."""
    months = MONTHS_PER_PERIOD[period]
    first_month = (index - 1) * months + 1
    last_month = first_month + months - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def _subquery_ids(queryset: QuerySet) -> QuerySet:
    # Ordering inside an ``IN (SELECT …)`` is wasted work for the database.
    return queryset.order_by().values("pk")


# ---------------------------------------------------------------------------
# 三会一课 compliance
# ---------------------------------------------------------------------------
def compliance_by_branch_period(*, branches: QuerySet, year: int, until: datetime.date | None = None) -> list[dict]:
    """Due vs held for every organisation in ``branches``, rule and period of ``year``.

    One row per (organisation, active rule of the organisation's kind, period that is due):
    ``{"organisation_id", "rule_id", "activity_type", "period", "period_index",
    "required", "held", "ended"}``. ``held`` counts **approved** logs of the rule's
    activity type held in the period, on or before ``until``.

    A period is due once it has begun on or before ``until`` (default: today) and has not
    ended before the organisation was founded. ``ended`` is True when the period closed on
    or before ``until``: a period still running cannot yet have been missed.

    Three queries: the organisations, the rules, and the approved logs counted per
    organisation, activity type and month.
    """
    orgs = list(branches.order_by().values_list("pk", "kind", "founded_on"))
    return _compliance_rows(orgs, branches, year, until or timezone.localdate())


def _compliance_rows(orgs: list[tuple], branches: QuerySet, year: int, until: datetime.date) -> list[dict]:
    """The rows of :func:`compliance_by_branch_period` for ``orgs`` (pk, kind, founded_on)."""
    if year > until.year or not orgs:
        return []
    rules = list(ComplianceRule.objects.filter(active=True).order_by("period", "activity_type", "pk"))
    if not rules:
        return []

    held_by_month: dict[tuple[int, str, int], int] = {}
    logs = (
        ActivityLog.objects.filter(
            organisation__in=_subquery_ids(branches),
            status=LogStatus.APPROVED,
            activity_type__in={r.activity_type for r in rules},
            held_on__gte=datetime.date(year, 1, 1),
            held_on__lte=min(until, datetime.date(year, 12, 31)),
        )
        .annotate(month=ExtractMonth("held_on"))
        .order_by()
        .values_list("organisation_id", "activity_type", "month")
        .annotate(n=Count("id"))
    )
    for org_id, activity_type, month, n in logs:
        held_by_month[(org_id, activity_type, month)] = n

    # The due periods of each kind, with their bounds, computed once.
    due_periods: dict[str, list[tuple[int, datetime.date, datetime.date]]] = {}
    for period in {r.period for r in rules}:
        due_periods[period] = [
            (index, *period_bounds(period, year, index))
            for index in range(1, PERIODS_PER_YEAR[period] + 1)
            if period_bounds(period, year, index)[0] <= until
        ]

    rows = []
    for org_id, kind, founded_on in orgs:
        for rule in rules:
            if rule.org_kind != kind:
                continue
            span = MONTHS_PER_PERIOD[rule.period]
            for index, first_day, last_day in due_periods[rule.period]:
                if founded_on and last_day < founded_on:
                    continue
                first_month = first_day.month
                held = sum(
                    held_by_month.get((org_id, rule.activity_type, m), 0)
                    for m in range(first_month, first_month + span)
                )
                rows.append(
                    {
                        "organisation_id": org_id,
                        "rule_id": rule.pk,
                        "activity_type": rule.activity_type,
                        "period": rule.period,
                        "period_index": index,
                        "required": rule.required_count,
                        "held": held,
                        "ended": last_day <= until,
                    }
                )
    return rows


def _summarise(rows: list[dict], org_ids) -> dict[int, dict]:
    summary = {org_id: {"due": 0, "met": 0, "overdue": 0} for org_id in org_ids}
    for row in rows:
        entry = summary[row["organisation_id"]]
        entry["due"] += 1
        if row["held"] >= row["required"]:
            entry["met"] += 1
        elif row["ended"]:
            entry["overdue"] += 1
    for entry in summary.values():
        # Nothing owed yet counts as fully compliant.
        entry["rate"] = entry["met"] / entry["due"] if entry["due"] else 1.0
    return summary


def compliance_summary(*, branches: QuerySet, year: int, until: datetime.date | None = None) -> dict[int, dict]:
    """Per organisation id in ``branches``: ``{"due", "met", "overdue", "rate"}`` for ``year``.

    ``due`` counts the due (rule, period) pairs of :func:`compliance_by_branch_period`,
    ``met`` those where held ≥ required, ``overdue`` the unmet ones whose period has ended
    (missed, not merely not done yet), ``rate`` = met ÷ due (1.0 when nothing is due).
    Every organisation in ``branches`` has an entry. Same three queries.
    """
    orgs = list(branches.order_by().values_list("pk", "kind", "founded_on"))
    rows = _compliance_rows(orgs, branches, year, until or timezone.localdate())
    return _summarise(rows, [org[0] for org in orgs])


def compliance_matrix(*, branches: QuerySet, year: int, until: datetime.date | None = None) -> list[dict]:
    """The compliance page's table: one dict per organisation (name order) with its summary
    and, per rule, the held/required of each period, ready to render as a grid.

    ``{"organisation": Organisation, "due", "met", "overdue", "rate", "rules": [{"label",
    "period", "period_label", "cells": [{"index", "held", "required", "met", "ended"} …]} …]}``.
    Three queries (the organisations with their region, the rules, the counted logs).
    """
    orgs = list(branches.select_related("region").order_by("region__sort_order", "path"))
    rows = _compliance_rows([(o.pk, o.kind, o.founded_on) for o in orgs], branches, year, until or timezone.localdate())
    summary = _summarise(rows, [o.pk for o in orgs])
    grid: dict[int, dict[int, dict]] = defaultdict(dict)
    labels = dict(ActivityType.choices)
    period_labels = dict(Period.choices)
    for row in rows:
        rule_cells = grid[row["organisation_id"]].setdefault(
            row["rule_id"],
            {
                "label": labels.get(row["activity_type"], row["activity_type"]),
                "period": row["period"],
                "period_label": period_labels.get(row["period"], row["period"]),
                "cells": [],
            },
        )
        rule_cells["cells"].append(
            {
                "index": row["period_index"],
                "held": row["held"],
                "required": row["required"],
                "met": row["held"] >= row["required"],
                "ended": row["ended"],
            }
        )
    return [{"organisation": org, **summary[org.pk], "rules": list(grid[org.pk].values())} for org in orgs]


def lagging_branches(
    *, branches: QuerySet, year: int, until: datetime.date | None = None, limit: int | None = None
) -> list[dict]:
    """Organisations of ``branches`` that are behind: at least one obligation missed in a
    period that has already ended. Worst first (most overdue, then lowest rate).

    Each item: ``{"organisation": Organisation (region loaded), "due", "met", "overdue",
    "rate"}``. Four queries (the summary's three, then the lagging organisations).
    """
    summary = compliance_summary(branches=branches, year=year, until=until)
    return lagging_from_summary(summary, limit=limit)


def lagging_from_summary(summary: dict[int, dict], *, limit: int | None = None) -> list[dict]:
    """:func:`lagging_branches` from a :func:`compliance_summary` already computed (a page
    that shows both pays for the summary once). One query."""
    behind = {org_id: entry for org_id, entry in summary.items() if entry["overdue"]}
    ranked = sorted(behind, key=lambda org_id: (-behind[org_id]["overdue"], behind[org_id]["rate"], org_id))
    if limit is not None:
        ranked = ranked[:limit]
    orgs = Organisation.objects.select_related("region").in_bulk(ranked)
    return [{"organisation": orgs[org_id], **behind[org_id]} for org_id in ranked if org_id in orgs]


def branch_obligations(*, branch: Organisation, year: int, month: int) -> list[dict]:
    """What ``branch`` owes in the period containing ``year``/``month``, for its secretary.

    One item per active rule of the branch's kind: ``{"activity_type", "label", "period",
    "period_label", "required", "held_approved", "pending", "done"}``; ``held_approved``
    counts approved logs in the rule's period (the month, its quarter or its year),
    ``pending`` those submitted and awaiting review. Two queries.
    """
    rules = list(
        ComplianceRule.objects.filter(active=True, org_kind=branch.kind).order_by("period", "activity_type", "pk")
    )
    if not rules:
        return []
    bounds = {period: period_bounds(period, year, period_index(period, month)) for period in {r.period for r in rules}}
    aggregates = {}
    for period, (first, last) in bounds.items():
        in_period = Q(held_on__gte=first, held_on__lte=last)
        for rule in rules:
            if rule.period != period:
                continue
            key = f"{rule.activity_type}__{period}"
            same_type = Q(activity_type=rule.activity_type) & in_period
            aggregates[f"{key}__approved"] = Count("id", filter=same_type & Q(status=LogStatus.APPROVED))
            aggregates[f"{key}__pending"] = Count("id", filter=same_type & Q(status=LogStatus.SUBMITTED))
    widest = (min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values()))
    counts = ActivityLog.objects.filter(organisation=branch, held_on__range=widest).aggregate(**aggregates)
    labels = dict(ActivityType.choices)
    period_labels = dict(Period.choices)
    result = []
    for rule in rules:
        key = f"{rule.activity_type}__{rule.period}"
        held = counts[f"{key}__approved"]
        result.append(
            {
                "activity_type": rule.activity_type,
                "label": labels.get(rule.activity_type, rule.activity_type),
                "period": rule.period,
                "period_label": period_labels.get(rule.period, rule.period),
                "required": rule.required_count,
                "held_approved": held,
                "pending": counts[f"{key}__pending"],
                "done": held >= rule.required_count,
            }
        )
    return result


# ---------------------------------------------------------------------------
# 领头雁: three-year rotation of secretaries' training
# ---------------------------------------------------------------------------
def _rotation_window(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(exclusive start, inclusive end) of the rotation ending ``as_of``."""
    try:
        since = as_of.replace(year=as_of.year - TRAINING_ROTATION_YEARS)
    except ValueError:  # 29 February
        since = as_of.replace(year=as_of.year - TRAINING_ROTATION_YEARS, day=28)
    return since, as_of


def serving_secretaries(*, regions=None, as_of: datetime.date | None = None) -> QuerySet:
    """Current secretary posts of active branches (in ``regions`` when given), each
    annotated ``trained``: attended a training class that started within the rotation
    window (the three years up to ``as_of``)."""
    as_of = as_of or timezone.localdate()
    since, until = _rotation_window(as_of)
    trained = TrainingAttendance.objects.filter(
        person=OuterRef("person"),
        attended=True,
        training_class__start_on__gt=since,
        training_class__start_on__lte=until,
    )
    posts = OrganisationPost.objects.filter(
        post=PostKind.SECRETARY,
        ended_on__isnull=True,
        started_on__lte=as_of,
        organisation__kind=OrgKind.BRANCH,
        organisation__status=OrgStatus.ACTIVE,
    )
    if regions is not None:
        posts = posts.filter(organisation__region__in=_subquery_ids(regions))
    return posts.annotate(trained=Exists(trained))


def training_coverage(*, regions=None, as_of: datetime.date | None = None) -> dict:
    """Three-year rotation coverage: serving secretaries trained ÷ serving secretaries.

    ``regions`` (a Region queryset, e.g. ``Region.objects.workable_for(user)``) limits
    the count; ``None`` is the whole city. Returns::

        {"as_of", "since", "regions": [{"region_id", "region", "serving", "trained",
         "untrained", "rate"} …], "total": {"serving", "trained", "untrained", "rate"}}

    ``rate`` is a float 0..1, or None where nobody is serving. Regions with no serving
    secretary are listed with zeros when ``regions`` is given. Two queries.
    """
    from apps.regions.models import Region

    as_of = as_of or timezone.localdate()
    since, _ = _rotation_window(as_of)
    counted = (
        serving_secretaries(regions=regions, as_of=as_of)
        .order_by()
        .values("organisation__region_id")
        .annotate(serving=Count("id"), trained_n=Count("id", filter=Q(trained=True)))
    )
    by_region = {row["organisation__region_id"]: row for row in counted}
    region_qs = regions if regions is not None else Region.objects.all()
    region_rows = []
    for region_id, name in region_qs.order_by("sort_order", "pk").values_list("pk", "name"):
        row = by_region.get(region_id, {"serving": 0, "trained_n": 0})
        region_rows.append(_coverage_row(row["serving"], row["trained_n"], region_id=region_id, region=name))
    total = _coverage_row(sum(r["serving"] for r in region_rows), sum(r["trained"] for r in region_rows))
    return {"as_of": as_of, "since": since, "regions": region_rows, "total": total}


def _coverage_row(serving: int, trained: int, **extra) -> dict:
    return {
        **extra,
        "serving": serving,
        "trained": trained,
        "untrained": serving - trained,
        "rate": trained / serving if serving else None,
    }


def untrained_secretaries(*, regions=None, as_of: datetime.date | None = None) -> QuerySet:
    """Serving secretary posts (see :func:`training_coverage`) whose holder has not been
    trained within the rotation window, with person, organisation and region loaded."""
    return (
        serving_secretaries(regions=regions, as_of=as_of)
        .filter(trained=False)
        .select_related("person", "organisation", "organisation__region")
        .order_by("organisation__region__sort_order", "organisation__path")
    )


# ---------------------------------------------------------------------------
# Funding ledger
# ---------------------------------------------------------------------------
def funding_totals(*, entries: QuerySet, year: int | None = None) -> QuerySet:
    """Yearly totals per organisation and kind of fund, one row per (organisation, year):
    ``{"organisation_id", "organisation__name", "organisation__region__name", "year",
    "work_funds", "dues_refund", "allowance", "total"}`` (amounts in yuan, Decimal).
    ``entries`` is the scoped ``FundingEntry`` queryset. One query (plus counting when paginated).
    """
    if year is not None:
        entries = entries.filter(year=year)
    zero = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))

    def kind_sum(kind):
        return Coalesce(Sum("amount", filter=Q(kind=kind)), zero)

    return (
        entries.order_by()
        .values("organisation_id", "organisation__name", "organisation__region__name", "year")
        .annotate(
            work_funds=kind_sum(FundingKind.WORK_FUNDS),
            dues_refund=kind_sum(FundingKind.DUES_REFUND),
            allowance=kind_sum(FundingKind.SECRETARY_ALLOWANCE),
            total=Coalesce(Sum("amount"), zero),
        )
        .order_by("-year", "organisation__region__sort_order", "organisation__path")
    )


def funding_grand_totals(*, entries: QuerySet, year: int | None = None) -> dict:
    """The sums of :func:`funding_totals` over every organisation: one query."""
    if year is not None:
        entries = entries.filter(year=year)
    return entries.aggregate(
        work_funds=Sum("amount", filter=Q(kind=FundingKind.WORK_FUNDS)),
        dues_refund=Sum("amount", filter=Q(kind=FundingKind.DUES_REFUND)),
        allowance=Sum("amount", filter=Q(kind=FundingKind.SECRETARY_ALLOWANCE)),
        total=Sum("amount"),
    )


# ---------------------------------------------------------------------------
# Attendance of one log (wherever it is reviewed)
# ---------------------------------------------------------------------------
def attendance_summary(log: ActivityLog) -> dict:
    """应到 / 实到 of ``log``: ``expected`` counts the members of its organisation (and the
    Party groups below it) on the activity's date, ``present`` those ticked present, and
    ``absent`` names the expected members not ticked present (marked absent or left out),
    by pinyin. Three queries."""
    from apps.party.models import Attendance, Membership

    day = log.held_on
    expected = Membership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day),
        organisation__path__startswith=log.organisation.path,
        joined_on__lte=day,
    )
    present = Attendance.objects.filter(log=log, present=True)
    absent = (
        expected.exclude(person_id__in=present.values("person_id"))
        .order_by("person__name_pinyin", "person_id")
        .values_list("person__name", flat=True)
    )
    return {
        "expected": expected.values("person_id").distinct().count(),
        "present": present.count(),
        "absent": list(absent),
    }


# ---------------------------------------------------------------------------
# Home page card (declared in apps/party/brand.py)
# ---------------------------------------------------------------------------
def home_figures(user) -> list[tuple[str, int]]:
    """银发先锋's live counts in the user's scope, for the home page and the start page."""
    orgs = (
        Organisation.objects.for_user(user)
        .active()
        .aggregate(total=Count("id"), branches=Count("id", filter=Q(kind=OrgKind.BRANCH)))
    )
    members = Membership.objects.for_user(user).current().count()
    # This year's, as on the secretary's 工作台 (本支部N年情况): a count over all years
    # next to it would read as a contradiction.
    year = timezone.localdate().year
    logs = (
        ActivityLog.objects.for_user(user)
        .filter(status=LogStatus.APPROVED, held_on__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        .count()
    )
    return [
        ("党组织", orgs["total"]),
        ("党支部", orgs["branches"]),
        ("在册党员", members),
        (f"{year}年已通过组织生活", logs),
    ]
