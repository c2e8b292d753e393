"""银发先锋's section of the leadership dashboard (declared in ``apps/party/brand.py``):
its figures, table builders and drill-down data. The frame (``apps.dashboard``: filters,
layout, cache, export, print) loops over the brands' sections and imports none of this.

Aggregates only, a fixed number of queries.

Every selector returns plain data (dicts and lists, ready for JSON and the cache) built from
``annotate``/``values`` queries whose number does not depend on how many rows lie beneath:
the per-region figures are the regions and ONE query reading each table once, grouped by
region (``TALLIES``, :func:`apps.core.figures.totals_by_region`), the
activity logs one grouped query, 三会一课 compliance the party app's one calculation
(``apps.party.compliance``), the assessment one query. Python only arranges aggregated rows.

What each figure counts (the page's notes say the same in Chinese):

- organisations / members: as at 31 December of the year (active organisations founded by
  then; memberships joined by then and not left by then);
- 六有一提升: branches with a passed review in that year or earlier (cumulative);
- demonstration points: named in that year or earlier and not failed at a re-check since;
- dated records (classes, person-times, education sessions, logs) count once their date
  has come: dated in the year and on or before the as-of day (:func:`dated_by`);
- training: classes starting in the year held by the region, their attended person-times;
  three-year coverage as ``apps.party.selectors.serving_secretaries`` defines it, as at the
  year's end (today for the current year);
- activities: approved activity logs held in the year, by type and month;
- 三会一课: due (rule, period) slots met ÷ due, as ``apps.party.compliance`` defines it
  (nothing due: no rate, shown as 本期无应开会议);
- Party-spirit education: sessions at the education bases held in the year.
"""

import datetime
from collections import defaultdict

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.core.figures import (
    DEC,
    INT,
    PCT,
    TEXT,
    Filters,
    Table,
    Tally,
    as_of,
    comparison_days,
    comparison_note,
    dated_by,
    totals_by_region,
    totals_on_days,
    year_to,
)
from apps.core.figures import figures_table as core_figures_table
from apps.party import compliance
from apps.party import selectors as party_selectors
from apps.party.choices import ActivityType, LogStatus, OrgKind, OrgStatus
from apps.party.models import (
    ActivityLog,
    ActivityMonth,
    DemonstrationPoint,
    EducationSession,
    Membership,
    Organisation,
    OrganisationPost,
    StandardisationReview,
    TrainingAttendance,
    TrainingClass,
    membership_on_q,
    post_on_q,
)
from apps.regions.models import Region

MONTHS = list(range(1, 13))
# 培训人次 has one meaning in the region table, the drill-down and the organisation page:
# attended places counted where the trainee's organisation (所在党组织) is, not where the
# class was organised.
PERSON_TIMES_LABEL = "培训人次（按学员所在党组织）"
MONTH_LABELS = [f"{m}月" for m in MONTHS]
TYPE_LABELS = dict(ActivityType.choices)


# ---------------------------------------------------------------------------
# Per-region figures: one pass per table, grouped by region
# ---------------------------------------------------------------------------
def founded_by(day: datetime.date) -> Q:
    return Q(founded_on__isnull=True) | Q(founded_on__lte=day)


def members_at(day: datetime.date):
    return party_selectors.members_on(day)


def _demo_point_standing(day: datetime.date) -> Q:
    """Named by ``day``'s year and not failed at a re-check since."""
    year = day.year
    return Q(designated_year__lte=year) & ~Q(recheck_passed=False, recheck_year__lte=year)


# What each figure of the region table counts, and on which day a row counts: stocks on
# the day, flows from 1 January up to it (:func:`apps.core.figures.year_to`), the
# cumulative reviews and points by its year. Read by :func:`region_rows` (grouped by
# region) and :func:`key_figures` (the overview's headline figures).
TALLIES = {
    "organisations": Tally(Organisation.objects.filter(status=OrgStatus.ACTIVE), "region", founded_by),
    "branches": Tally(Organisation.objects.filter(status=OrgStatus.ACTIVE, kind=OrgKind.BRANCH), "region", founded_by),
    "members": Tally(Membership.objects.all(), "organisation__region", membership_on_q),
    "passed": Tally(
        StandardisationReview.objects.filter(result="passed", organisation__kind=OrgKind.BRANCH),
        "organisation__region",
        lambda day: Q(year__lte=day.year),
        distinct="organisation",
    ),
    "demo_points": Tally(DemonstrationPoint.objects.all(), "organisation__region", _demo_point_standing),
    "classes": Tally(TrainingClass.objects.all(), "region", lambda day: year_to("start_on", day)),
    "person_times": Tally(
        TrainingAttendance.objects.filter(attended=True),
        # By the trainee's organisation, as the drill-down counts (PERSON_TIMES_LABEL).
        "organisation__region",
        lambda day: year_to("training_class__start_on", day),
    ),
    # Serving secretaries as ``apps.party.selectors.serving_secretaries`` reads them.
    "secretaries": Tally(
        OrganisationPost.objects.filter(party_selectors.SECRETARY_POSTS), "organisation__region", post_on_q
    ),
    "trained": Tally(
        OrganisationPost.objects.filter(party_selectors.SECRETARY_POSTS),
        "organisation__region",
        lambda day: post_on_q(day) & Q(party_selectors.trained_in_rotation(day)),
    ),
    "education": Tally(EducationSession.objects.all(), "organisation__region", lambda day: year_to("held_on", day)),
}

MAX_REGIONS = 64

REGION_FIELDS = list(TALLIES)


def region_rows(filters: Filters, today: datetime.date | None = None) -> list[dict]:
    """One dict per region in view: ``id``, ``name`` and every figure of REGION_FIELDS
    suffixed ``_cur`` (the year up to its as-of day) and ``_prev`` (the year before, up to
    the same day: :func:`apps.core.figures.comparison_days`). Two queries: the regions,
    then each table read once, grouped by region, a conditional count per day
    (:func:`apps.core.figures.totals_by_region`)."""
    day, before = comparison_days(filters.year, today)
    regions = Region.objects.order_by("sort_order", "code")
    if filters.region_id:
        regions = regions.filter(pk=filters.region_id)
    totals = totals_by_region(filters.region_id, [day, before], TALLIES)
    rows = []
    for region in regions.values("id", "name")[:MAX_REGIONS]:
        row = dict(region)
        for field in REGION_FIELDS:
            row[f"{field}_cur"], row[f"{field}_prev"] = totals[field].get(region["id"], (0, 0))
        rows.append(row)
    return rows


# The headline figures of the dashboard's overview and five-year trend (Brand.key_figures
# in brand.py): the region table's own figures, read on any number of days in one query.
KEY_FIELDS = ("organisations", "members", "passed", "classes", "person_times", "education")


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """``{figure: [value on each of days]}`` for KEY_FIELDS: the rows the section's region
    table counts (:data:`TALLIES`), each table read once with a conditional count per day
    (:func:`apps.core.figures.totals_on_days`). One query whatever the number of days."""
    return totals_on_days(region_id, days, {key: TALLIES[key] for key in KEY_FIELDS})


# ---------------------------------------------------------------------------
# Activity logs: one grouped query (region × year × month, a count per type)
# ---------------------------------------------------------------------------
def activity_rows(filters: Filters) -> list[dict]:
    """Approved logs of the year and the year before, counted by region, year and month,
    one column per activity type (``type_<value>``).

    Read from ``ActivityMonth`` (approved logs per organisation, month and type, kept by
    triggers) instead of ~140,000 logs.
    """
    months = ActivityMonth.objects.filter(year__in=(filters.year - 1, filters.year))
    if filters.region_id:
        months = months.filter(organisation__region_id=filters.region_id)
    rows = (
        months.order_by()
        .values("organisation__region_id", "year", "month")
        .annotate(
            **{f"type_{value}": Sum("count", filter=Q(activity_type=value), default=0) for value in ActivityType.values}
        )
    )
    return [
        {"organisation__region_id": r["organisation__region_id"], "y": r["year"], "m": r["month"]}
        | {f"type_{value}": r[f"type_{value}"] for value in ActivityType.values}
        for r in rows
    ]


def month_to_day(filters: Filters, day: datetime.date) -> dict[str, int]:
    """Approved logs per type held from the first of ``day``'s month up to ``day``: the
    part of a month ``ActivityMonth`` (whole months) cannot give, for a same-period
    comparison. One query."""
    logs = ActivityLog.objects.filter(status=LogStatus.APPROVED, held_on__gte=day.replace(day=1), held_on__lte=day)
    if filters.region_id:
        logs = logs.filter(organisation__region_id=filters.region_id)
    return dict(logs.order_by().values_list("activity_type").annotate(n=Count("id")))


# ---------------------------------------------------------------------------
# 三会一课 compliance (the calculation: apps.party.compliance)
# ---------------------------------------------------------------------------
def _rate(met: int, due: int):
    return compliance.rate(met, due)  # full precision: rounded once, to show


def _branches_in_view(filters: Filters, organisation: Organisation | None):
    branches = Organisation.objects.filter(kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE)
    if organisation is not None:  # the organisation's own branches (itself, if a branch)
        return branches.filter(path__startswith=organisation.path)
    if filters.region_id:
        return branches.filter(region_id=filters.region_id)
    return branches


def compliance_figures(
    filters: Filters, *, organisation: Organisation | None = None, today: datetime.date | None = None
) -> dict:
    """The year's 三会一课 compliance of the active branches in view, and last year's rate
    over the same period (1 January up to the same day: slots begun by then), as
    ``apps.party.compliance`` counts it (nothing due: rate None, "本期无应开会议").

    ``rows``: the heat map — one row per region (city view) or per branch (one region, or
    one ``organisation``), each ``{"id", "name", "months": [12 × share met or None],
    "met", "due", "rate"}``; a month's cell covers the periods that end in it (monthly
    rules every month, quarterly ones in months 3/6/9/12, yearly ones in December).
    Three queries: the branches, the rules, the counted logs.
    """
    until = today or timezone.localdate()
    branches = _branches_in_view(filters, organisation)
    by_branch = filters.region_id is not None or organisation is not None
    fields = ("pk", "name") if by_branch else ("region_id", "region__name")
    order = ("path",) if by_branch else ("region__sort_order", "path")
    names, organisations, group_of = {}, [], {}
    for key, name, pk, kind, founded in branches.order_by(*order).values_list(*fields, "pk", "kind", "founded_on"):
        names.setdefault(key, name)
        organisations.append((pk, kind, founded))
        group_of[pk] = key
    years = [filters.year, filters.year - 1]
    day, before = comparison_days(filters.year, until)
    counted = compliance.met_due(
        branches=branches,
        organisations=organisations,
        group_of=group_of,
        years=years,
        until={filters.year: day, filters.year - 1: before},
    )
    cells = {
        year: {key: [counted.get((key, year, month), [0, 0]) for month in MONTHS] for key in names} for year in years
    }
    current, previous = cells[filters.year], cells[filters.year - 1]

    heat = []
    for key, name in names.items():
        months = current[key]
        met, due = sum(c[0] for c in months), sum(c[1] for c in months)
        if not due and filters.year > until.year:
            continue
        heat.append(
            {
                "id": key,
                "name": name,
                "months": [_rate(m, d) for m, d in months],
                "met": met,
                "due": due,
                "rate": _rate(met, due),
            }
        )
    met_cur, due_cur = sum(r["met"] for r in heat), sum(r["due"] for r in heat)
    met_prev = sum(c[0] for months in previous.values() for c in months)
    due_prev = sum(c[1] for months in previous.values() for c in months)
    return {
        "level": "branch" if by_branch else "region",
        "rows": heat,
        "rate": _rate(met_cur, due_cur),
        "rate_prev": _rate(met_prev, due_prev),
        "met": met_cur,
        "due": due_cur,
        "nothing_due": compliance.NOTHING_DUE,
    }


# ---------------------------------------------------------------------------
# 年度综合考评 (only when the assessment app is installed and has a result)
# ---------------------------------------------------------------------------
def assessment_figures(filters: Filters) -> dict | None:
    """The latest published results of the year's scheme: grade distribution and ranking.

    ``None`` when the assessment app is not installed or has no result for the year; the
    dashboard then says so instead of showing a number.
    """
    if not apps.is_installed("apps.assessment"):
        return None
    from apps.assessment import published

    return published.results(filters)


# ---------------------------------------------------------------------------
# The whole dashboard
# ---------------------------------------------------------------------------
def _change(current, previous):
    if current is None or previous is None:
        return None
    return current - previous


def _figure(key, label, current, previous, unit="", percent=False, note=""):
    return {
        "key": key,
        "label": label,
        "value": current,
        "previous": previous,
        "change": _change(current, previous),
        "unit": unit,
        "percent": percent,
        "note": note,
    }


def dashboard_data(filters: Filters, today: datetime.date | None = None) -> dict:
    """Everything the dashboard, its export and its print view show, as plain data."""
    today = today or timezone.localdate()
    regions = region_rows(filters, today)
    activities = activity_rows(filters)
    day, before = comparison_days(filters.year, today)
    # Last year to the same day: whole months before ``before``'s month, then its days.
    partial = month_to_day(filters, before)
    comp = compliance_figures(filters, today=today)
    assessment = assessment_figures(filters)

    def total(field):
        return sum(r[field] for r in regions)

    year, prev = filters.year, filters.year - 1
    logs_by_year = {year: 0, prev: 0}
    by_type = defaultdict(lambda: {year: 0, prev: 0})
    by_month = {year: [0] * 12, prev: [0] * 12}
    by_region = defaultdict(int)
    for row in activities:
        for value in ActivityType.values:
            n = row[f"type_{value}"]
            by_month[row["y"]][row["m"] - 1] += n
            if row["y"] == year:
                logs_by_year[year] += n
                by_type[value][year] += n
                by_region[row["organisation__region_id"]] += n
            elif row["m"] < before.month:
                logs_by_year[prev] += n
                by_type[value][prev] += n
    for value, n in partial.items():
        logs_by_year[prev] += n
        by_type[value][prev] += n

    coverage = _rate(total("trained_cur"), total("secretaries_cur"))
    coverage_prev = _rate(total("trained_prev"), total("secretaries_prev"))
    figures = [
        _figure("organisations", "党组织", total("organisations_cur"), total("organisations_prev"), "个"),
        _figure("members", "党员", total("members_cur"), total("members_prev"), "人"),
        _figure("passed", "通过“六有一提升”的党支部", total("passed_cur"), total("passed_prev"), "个"),
        _figure("demo_points", "党建示范点", total("demo_points_cur"), total("demo_points_prev"), "个"),
        _figure("classes", "“领头雁”培训班", total("classes_cur"), total("classes_prev"), "个"),
        _figure("person_times", PERSON_TIMES_LABEL, total("person_times_cur"), total("person_times_prev"), "人次"),
        _figure(
            "coverage",
            "书记三年轮训覆盖率",
            coverage,
            coverage_prev,
            percent=True,
            note=f"在任书记 {total('secretaries_cur')} 人，三年内参训 {total('trained_cur')} 人",
        ),
        _figure("activities", "组织生活（已审核通过）", logs_by_year[year], logs_by_year[prev], "次"),
        _figure(
            "theme_days",
            "主题党日",
            by_type[ActivityType.THEME_DAY][year],
            by_type[ActivityType.THEME_DAY][prev],
            "次",
        ),
        _figure(
            "compliance",
            "“三会一课”达标率",
            comp["rate"],
            comp["rate_prev"],
            percent=True,
            note=f"应开展 {comp['due']} 项次，达标 {comp['met']} 项次",
        )
        | {"empty": comp["nothing_due"]},
        _figure("education", "党性教育（基地教育活动）", total("education_cur"), total("education_prev"), "场次"),
    ]
    region_table = [
        {
            "id": r["id"],
            "name": r["name"],
            "organisations": r["organisations_cur"],
            "branches": r["branches_cur"],
            "members": r["members_cur"],
            "passed": r["passed_cur"],
            "activities": by_region.get(r["id"], 0),
            "classes": r["classes_cur"],
            "person_times": r["person_times_cur"],
            "coverage": _rate(r["trained_cur"], r["secretaries_cur"]),
            "education": r["education_cur"],
        }
        for r in regions
    ]
    types = [
        {"type": value, "label": label, "current": by_type[value][year], "previous": by_type[value][prev]}
        for value, label in ActivityType.choices
    ]
    return {
        "filters": {
            "year": year,
            "region_id": filters.region_id,
            "region_name": filters.region_name,
            "label": filters.label,
        },
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "comparison": {
            "day": day.isoformat(),
            "previous_day": before.isoformat(),
            "note": comparison_note(year, today),
        },
        "figures": figures,
        "regions": region_table,
        "monthly": {"labels": MONTH_LABELS, "current": by_month[year], "previous": by_month[prev]},
        "types": types,
        "compliance": comp,
        "assessment": assessment,
    }


# ---------------------------------------------------------------------------
# Drill-down: a region's organisations, one organisation, a branch's own figures
# ---------------------------------------------------------------------------
def _org_count(queryset, org_path: str = "organisation"):
    """A scalar subquery counting ``queryset`` rows of the outer organisation's subtree."""
    inner = (
        queryset.filter(**{f"{org_path}__path__startswith": OuterRef("path")})
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def _organisation_annotations(year: int, today: datetime.date) -> dict:
    return {
        "members": _org_count(members_at(as_of(year, today))),
        "activities": _org_count(
            ActivityLog.objects.filter(dated_by("held_on", year, today), status=LogStatus.APPROVED)
        ),
        "person_times": _org_count(
            TrainingAttendance.objects.filter(dated_by("training_class__start_on", year, today), attended=True)
        ),
        "education": _org_count(EducationSession.objects.filter(dated_by("held_on", year, today))),
    }


def region_organisations(filters: Filters, *, search: str = "", today: datetime.date | None = None):
    """The active organisations of ``filters.region`` in tree order, each with its subtree's
    members, approved activities, training person-times and education sessions of the
    year — a values queryset (one query per page, plus the paginator's count)."""
    today = today or timezone.localdate()
    organisations = Organisation.objects.filter(region_id=filters.region_id, status=OrgStatus.ACTIVE)
    if search:
        organisations = organisations.filter(name__icontains=search)
    return (
        organisations.annotate(**_organisation_annotations(filters.year, today))
        .order_by("path")
        .values("id", "name", "kind", "depth", "path", "members", "activities", "person_times", "education")
    )


def organisation_compliance(
    filters: Filters, organisations: list[dict], today: datetime.date | None = None
) -> dict[int, float | None]:
    """三会一课 rate of the year of each of ``organisations`` (``{"id", "path"}``): that of
    its own active branches (itself, if a branch), as its own page reads it
    (:func:`compliance_figures` with ``organisation``); None when nothing is due. A
    committee (工委/党委/党总支) thus shows its branches' rate. Three queries."""
    if not organisations:
        return {}
    subtrees = Q()
    for organisation in organisations:
        subtrees |= Q(path__startswith=organisation["path"])
    branches = Organisation.objects.filter(subtrees, kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE)
    rows = list(branches.order_by().values_list("pk", "kind", "founded_on", "path"))
    found = compliance.branch_slots(
        branches=branches,
        years=[filters.year],
        until=today or timezone.localdate(),
        organisations=[row[:3] for row in rows],
    )
    per_branch = compliance.totals(found)
    result = {}
    for organisation in organisations:
        met = due = 0
        for pk, _kind, _founded, path in rows:
            if path.startswith(organisation["path"]) and pk in per_branch:
                met += per_branch[pk]["met"]
                due += per_branch[pk]["due"]
        result[organisation["id"]] = _rate(met, due)
    return result


def organisation_figures(*, organisation: Organisation, year: int, today: datetime.date | None = None) -> dict:
    """An organisation's page: its subtree's figures of ``year``, its activities by type,
    its latest logs, its branches' 三会一课 by month, training attendance and reviews."""
    today = today or timezone.localdate()
    counts = (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(**_organisation_annotations(year, today))
        .values("members", "activities", "person_times", "education")
        .get()
    )
    subtree = Q(organisation__path__startswith=organisation.path)
    logs = ActivityLog.objects.filter(subtree, held_on__year=year)
    by_type = dict(
        logs.filter(status=LogStatus.APPROVED).order_by().values_list("activity_type").annotate(n=Count("id"))
    )
    recent = list(
        logs.not_draft()
        .select_related("organisation")
        .order_by("-held_on", "-id")
        .values("id", "held_on", "activity_type", "theme", "status", "organisation__name")[:20]
    )
    status_labels = dict(LogStatus.choices)
    for log in recent:
        log["type_label"] = TYPE_LABELS.get(log["activity_type"], log["activity_type"])
        log["status_label"] = status_labels.get(log["status"], log["status"])
    training = list(
        TrainingAttendance.objects.filter(subtree, dated_by("training_class__start_on", year, today), attended=True)
        .order_by("-training_class__start_on", "person__name_pinyin")
        .values("training_class__name", "training_class__start_on", "person__name")[:50]
    )
    reviews = list(
        StandardisationReview.objects.filter(subtree)
        .order_by("-year", "organisation__path")
        .values("year", "result", "organisation__name")[:20]
    )
    from apps.party.choices import ReviewResult

    review_labels = dict(ReviewResult.choices)
    for review in reviews:
        review["result_label"] = review_labels.get(review["result"], review["result"])
    return {
        **counts,
        "types": [{"label": label, "count": by_type.get(value, 0)} for value, label in ActivityType.choices],
        "recent": recent,
        "compliance": compliance_figures(Filters(year=year), organisation=organisation, today=today),
        "training": training,
        "reviews": reviews,
        "scorecard": scorecard_for(organisation=organisation, year=year),
    }


def scorecard_for(*, organisation: Organisation, year: int) -> dict | None:
    """The organisation's line of the year's published assessment, if there is one."""
    if not apps.is_installed("apps.assessment"):
        return None
    from apps.assessment import published

    return published.scorecard(organisation=organisation, year=year)


def branch_figures(*, branch: Organisation, year: int, today: datetime.date | None = None) -> dict:
    """A branch secretary's own figures for ``year``: members, approved activities (by type),
    logs awaiting review, members trained, and 三会一课 by month. Six queries."""
    today = today or timezone.localdate()
    subtree = Q(organisation__path__startswith=branch.path)
    logs = ActivityLog.objects.filter(subtree, held_on__year=year).aggregate(
        approved=Count("id", filter=Q(status=LogStatus.APPROVED)),
        pending=Count("id", filter=Q(status=LogStatus.SUBMITTED)),
        returned=Count("id", filter=Q(status=LogStatus.RETURNED)),
        **{
            f"type_{value}": Count("id", filter=Q(status=LogStatus.APPROVED, activity_type=value))
            for value in ActivityType.values
        },
    )
    members = members_at(as_of(year, today)).filter(subtree).count()
    trained = (
        TrainingAttendance.objects.filter(subtree, dated_by("training_class__start_on", year, today), attended=True)
        .values("person")
        .distinct()
        .count()
    )
    comp = compliance_figures(Filters(year=year), organisation=branch, today=today)
    row = comp["rows"][0] if comp["rows"] else {"months": [None] * 12, "rate": None}
    return {
        "year": year,
        "members": members,
        "approved": logs["approved"],
        "pending": logs["pending"],
        "returned": logs["returned"],
        "trained": trained,
        "types": [
            {"label": label, "count": logs[f"type_{value}"]}
            for value, label in ActivityType.choices
            if logs[f"type_{value}"]
        ],
        "compliance_rate": comp["rate"],
        "compliance_months": [
            {"label": label, "value": value} for label, value in zip(MONTH_LABELS, row["months"], strict=True)
        ],
    }


# ---------------------------------------------------------------------------
# The section's tables (the page, the print view and the Excel export show the same)
# ---------------------------------------------------------------------------
def figures_table(data: dict) -> Table:
    return core_figures_table(
        "figures",
        "主要指标",
        [f | {"kind": PCT if f["percent"] else INT} for f in data["figures"]],
        year=data["filters"]["year"],
        note=data["comparison"]["note"],
    )


def region_table(data: dict) -> Table:
    table = Table(
        "regions",
        "分区域情况",
        [
            "区域",
            "党组织",
            "党支部",
            "党员",
            "“六有一提升”通过",
            "组织生活",
            "培训班",
            PERSON_TIMES_LABEL,
            "书记轮训覆盖率",
            "党性教育",
        ],
        [TEXT, INT, INT, INT, INT, INT, INT, INT, PCT, INT],
    )
    for r in data["regions"]:
        table.region_ids.append(r["id"])
        table.rows.append(
            [
                r["name"],
                r["organisations"],
                r["branches"],
                r["members"],
                r["passed"],
                r["activities"],
                r["classes"],
                r["person_times"],
                r["coverage"],
                r["education"],
            ]
        )
    return table


def monthly_table(data: dict) -> Table:
    year = data["filters"]["year"]
    m = data["monthly"]
    table = Table("monthly", "组织生活月度趋势（已审核通过）", ["月份", f"{year}年", f"{year - 1}年"], [TEXT, INT, INT])
    table.rows = [[label, cur, prev] for label, cur, prev in zip(m["labels"], m["current"], m["previous"], strict=True)]
    return table


def types_table(data: dict) -> Table:
    year = data["filters"]["year"]
    table = Table(
        "types",
        "组织生活类型构成",
        ["活动类型", f"{year}年", f"{year - 1}年同期"],
        [TEXT, INT, INT],
        note=data["comparison"]["note"],
    )
    table.rows = [[t["label"], t["current"], t["previous"]] for t in data["types"]]
    return table


def compliance_table(data: dict) -> Table:
    comp = data["compliance"]
    first = "党支部" if comp["level"] == "branch" else "区域"
    table = Table(
        "compliance",
        "“三会一课”达标情况（按月）",
        [first, *[f"{m}月" for m in range(1, 13)], "全年达标率"],
        [TEXT, *[PCT] * 12, PCT],
        note="每格为当月到期的“三会一课”项目中已达标的比例；“—”为尚未到期（或党支部尚未成立）。",
    )
    # A row with nothing due says so in its rate column (a month with nothing due is "—").
    table.rows = [
        [row["name"], *row["months"], row["rate"] if row["due"] else comp["nothing_due"]] for row in comp["rows"]
    ]
    table.row_kinds = [[TEXT, *[PCT] * 12, PCT if row["due"] else TEXT] for row in comp["rows"]]
    if comp["level"] == "region":
        table.region_ids = [row["id"] for row in comp["rows"]]
    return table


def assessment_table(data: dict) -> Table | None:
    result = data.get("assessment")
    if not result:
        return None
    table = Table(
        "assessment",
        f"年度综合考评排名（{result['scheme']}）",
        ["名次", "考评对象", "总分", "等次"],
        [INT, TEXT, DEC, TEXT],
    )
    table.rows = [[r["rank"], r["name"], r["score"], r["grade"]] for r in result["ranking"]]
    return table


def dashboard_tables(data: dict) -> list[Table]:
    tables = [
        figures_table(data),
        region_table(data),
        monthly_table(data),
        types_table(data),
        compliance_table(data),
        assessment_table(data),
    ]
    return [t for t in tables if t is not None]
