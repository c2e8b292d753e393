"""Reads that shape 银发先锋 data: 三会一课 compliance and 领头雁 training coverage.

Every function here runs a fixed number of aggregated queries, whatever the number of
branches, rules or logs: counts come from ``values()``/``annotate()`` or conditional
aggregation, and Python only arranges the aggregated rows. Callers pass querysets already
restricted to the user's scope (``Organisation.objects.for_user(user)``,
``Region.objects.workable_for(user)``); nothing here widens them.

三会一课 is counted by :mod:`apps.party.compliance` (the one calculation; only **approved**
logs count as held, and nothing due means no rate); the functions here shape its slots for
the compliance page and the secretary's workspace, which also shows the logs waiting for
review as ``pending``.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.party import compliance
from apps.party.choices import ActivityType, FundingKind, LogStatus, OrgKind, OrgStatus, Period, PostKind
from apps.party.compliance import period_bounds
from apps.party.models import (
    ActivityLog,
    Membership,
    Organisation,
    OrganisationPost,
    TrainingAttendance,
)

TRAINING_ROTATION_YEARS = 3


def _subquery_ids(queryset: QuerySet) -> QuerySet:
    # Ordering inside an ``IN (SELECT …)`` is wasted work for the database.
    return queryset.order_by().values("pk")


# ---------------------------------------------------------------------------
# Members on a date: the one reading of the roll
# ---------------------------------------------------------------------------
def members_on(
    day: datetime.date,
    *,
    organisation: Organisation | None = None,
    region=None,
    memberships: QuerySet | None = None,
) -> QuerySet:
    """The memberships valid on ``day`` (the roll on that date), of ``organisation`` and
    the organisations below it, of ``region``, or of the whole city (neither given).

    Effective dates are respected both ways: a member counts once joined or transferred
    in (on or before ``day``) and until the day he left, was transferred out or died
    (after ``day``); a transfer entered with a future date is not applied yet. Statuses
    play no part, the dates decide. ``memberships`` is a base queryset (the user's scope,
    ``Membership.objects.for_user(user)``); nothing here widens it. Every figure "as of" a
    date (the tally, the dashboard, the workspace, the home cards) reads the roll here.
    """
    queryset = (memberships if memberships is not None else Membership.objects.all()).on(day)
    if organisation is not None:
        queryset = queryset.filter(organisation__path__startswith=organisation.path)
    if region is not None:
        queryset = queryset.filter(organisation__region=region)
    return queryset


def posts_on(day: datetime.date, *, posts: QuerySet | None = None) -> QuerySet:
    """The posts (在任书记 and the rest) held on ``day``: started by then and not ended
    before it. A handover entered ahead of time changes nothing before its date."""
    return (posts if posts is not None else OrganisationPost.objects.all()).on(day)


# ---------------------------------------------------------------------------
# 三会一课 compliance
# ---------------------------------------------------------------------------
def compliance_by_branch_period(*, branches: QuerySet, year: int, until: datetime.date | None = None) -> list[dict]:
    """Due vs held for every organisation in ``branches``, rule and period of ``year``, as
    :mod:`apps.party.compliance` defines them.

    One row per due slot: ``{"organisation_id", "rule_id", "activity_type", "period",
    "period_index", "required", "held", "ended"}``. Three queries.
    """
    return [_row(slot) for slot in compliance.branch_slots(branches=branches, years=[year], until=until)]


def _row(slot: compliance.Slot) -> dict:
    return {
        "organisation_id": slot.organisation_id,
        "rule_id": slot.rule_id,
        "activity_type": slot.activity_type,
        "period": slot.period,
        "period_index": slot.index,
        "required": slot.required,
        "held": slot.held,
        "ended": slot.ended,
    }


def _summarise(found: list, org_ids) -> dict[int, dict]:
    counted = compliance.totals(found)
    nothing = {"due": 0, "met": 0, "overdue": 0, "rate": None}
    return {org_id: counted.get(org_id, nothing) for org_id in org_ids}


def compliance_summary(*, branches: QuerySet, year: int, until: datetime.date | None = None) -> dict[int, dict]:
    """Per organisation id in ``branches``: ``{"due", "met", "overdue", "rate"}`` for ``year``.

    ``due`` counts the due slots, ``met`` those where held ≥ required, ``overdue`` the
    unmet ones whose period has ended (missed, not merely not done yet), ``rate`` = met ÷
    due, None when nothing is due (:data:`apps.party.compliance.NOTHING_DUE`). Every
    organisation in ``branches`` has an entry. Three queries.
    """
    orgs = list(branches.order_by().values_list("pk", "kind", "founded_on"))
    found = compliance.branch_slots(branches=branches, years=[year], until=until, organisations=orgs)
    return _summarise(found, [org[0] for org in orgs])


def compliance_matrix(*, branches: QuerySet, year: int, until: datetime.date | None = None) -> list[dict]:
    """The compliance page's table: one dict per organisation (name order) with its summary
    and, per rule, the held/required of each period, ready to render as a grid.

    ``{"organisation": Organisation, "due", "met", "overdue", "rate", "rules": [{"label",
    "period", "period_label", "cells": [{"index", "held", "required", "met", "ended"} …]} …]}``.
    Three queries (the organisations with their region, the rules, the counted logs).
    """
    orgs = list(branches.select_related("region").order_by("region__sort_order", "path"))
    found = compliance.branch_slots(
        branches=branches, years=[year], until=until, organisations=[(o.pk, o.kind, o.founded_on) for o in orgs]
    )
    summary = _summarise(found, [o.pk for o in orgs])
    rows = [_row(slot) for slot in found]
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
    """What ``branch`` owes in the periods containing ``year``/``month``, for its secretary.

    One item per due slot (:func:`apps.party.compliance.current_period`; none at all is
    :data:`~apps.party.compliance.NOTHING_DUE`): ``{"activity_type", "label", "period",
    "period_label", "required", "held_approved", "pending", "done"}``; ``held_approved``
    counts approved logs in the rule's period so far, ``pending`` those submitted and
    awaiting review. Three queries (the rules, the approved counts, the pending ones).
    """
    today = datetime.date(year, month, 1)  # the counts are per month
    due = compliance.current_period(branch=branch, today=today)
    if not due:
        return []
    bounds = {slot.period: period_bounds(slot.period, today.year, slot.index) for slot in due}
    pending = {
        f"{slot.activity_type}__{slot.period}": Count(
            "id",
            filter=Q(
                activity_type=slot.activity_type,
                held_on__gte=bounds[slot.period][0],
                held_on__lte=bounds[slot.period][1],
            ),
        )
        for slot in due
    }
    widest = (min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values()))
    counts = ActivityLog.objects.filter(
        organisation=branch, status=LogStatus.SUBMITTED, held_on__range=widest
    ).aggregate(**pending)
    labels = dict(ActivityType.choices)
    period_labels = dict(Period.choices)
    return [
        {
            "activity_type": slot.activity_type,
            "label": labels.get(slot.activity_type, slot.activity_type),
            "period": slot.period,
            "period_label": period_labels.get(slot.period, slot.period),
            "required": slot.required,
            "held_approved": slot.held,
            "pending": counts[f"{slot.activity_type}__{slot.period}"],
            "done": slot.met,
        }
        for slot in due
    ]


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
    """Secretary posts held on ``as_of`` (:func:`posts_on`) in active branches (in ``regions`` when given), each
    annotated ``trained``: attended a training class that started within the rotation
    window (the three years up to ``as_of``)."""
    as_of = as_of or timezone.localdate()
    posts = posts_on(as_of).filter(SECRETARY_POSTS)
    if regions is not None:
        posts = posts.filter(organisation__region__in=_subquery_ids(regions))
    return posts.annotate(trained=trained_in_rotation(as_of))


# The posts :func:`serving_secretaries` reads (held on a day: ``post_on_q``).
SECRETARY_POSTS = Q(post=PostKind.SECRETARY, organisation__kind=OrgKind.BRANCH, organisation__status=OrgStatus.ACTIVE)


def trained_in_rotation(as_of: datetime.date) -> Exists:
    """The post holder (``person`` of the outer query) attended a training class that
    started within the rotation window ending ``as_of`` (:func:`_rotation_window`)."""
    since, until = _rotation_window(as_of)
    return Exists(
        TrainingAttendance.objects.filter(
            person=OuterRef("person"),
            attended=True,
            training_class__start_on__gt=since,
            training_class__start_on__lte=until,
        )
    )


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
    from apps.party.models import Attendance

    expected = members_on(log.held_on, organisation=log.organisation)
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
    members = members_on(timezone.localdate(), memberships=Membership.objects.for_user(user)).count()
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


def people_in_organisation(org_path: str) -> Q:
    """The people of the shared registry a user scoped to the organisation at ``org_path``
    sees: members, current or past, of it or of an organisation beneath it
    (``person_scopes`` in apps/party/brand.py)."""
    return Q(Exists(Membership.objects.filter(person=OuterRef("pk"), organisation__path__startswith=org_path)))
