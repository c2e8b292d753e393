"""Reads that shape 牵手夕阳 data: the alert list, the two-treatment gaps, 三有一落实
coverage, the dashboard section and the home card. Each runs a fixed number of queries,
whatever the number of people."""

import datetime
from collections import defaultdict

from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.utils import timezone

from apps.care.choices import AID_OPEN, AidStatus, ModificationStage, PointKind, TaskStatus, VisitType
from apps.care.deadlines import add_months
from apps.care.models import (
    AidApplication,
    CarePlan,
    CareProfile,
    CareRule,
    CareVisitLog,
    HospitalStay,
    ModificationCase,
    ModificationPlan,
    ServicePoint,
    TreatmentItem,
    TreatmentRecord,
    Visit,
    VisitTask,
)
from apps.people.choices import PersonStatus, RetirementType
from apps.people.models import Person
from apps.regions.models import Region


def _birth_before(age: int, today: datetime.date) -> datetime.date:
    """People born on or before this day are at least ``age`` today."""
    try:
        return today.replace(year=today.year - age)
    except ValueError:
        return datetime.date(today.year - age, 2, 28)


# ---------------------------------------------------------------------------
# ★ The alert list
# ---------------------------------------------------------------------------
def alert_flags(profiles, *, today: datetime.date, rule: CareRule):
    """``profiles`` (living cadres) narrowed to the alert list, each row annotated with
    why it is on it. The rule (NORMS brand 3, issue 16): **aged ``rule.high_age`` or more
    AND** at least one of — living alone, disabled (the profile's flag or a 失能 grade),
    in hospital now, or not visited for ``rule.not_visited_months`` months. "Not
    visited" counts only cadres owed regular visits: the 离休 cadres (their festival and
    daily visits are a treatment item); a 退休 cadre is visited on occasions (birthdays,
    admissions), which make their own tasks. One query."""
    old = _birth_before(rule.high_age, today)
    since = add_months(today, -rule.not_visited_months)
    last_visit = (
        Visit.objects.filter(person=OuterRef("person")).order_by().values("person").annotate(m=Max("visited_on"))
    )
    in_hospital = HospitalStay.objects.filter(person=OuterRef("person"), discharged_on__isnull=True)
    return (
        profiles.filter(person__status=PersonStatus.LIVING, died_on__isnull=True, person__birth_date__lte=old)
        .annotate(last_visit=Subquery(last_visit.values("m")[:1]), in_hospital=Exists(in_hospital))
        .annotate(
            flag_alone=Q(lives_alone=True),
            flag_disabled=Q(disabled=True) | Q(ability_grade__disabled=True),
            flag_not_visited=Q(person__retirement_type=RetirementType.LIXIU)
            & (Q(last_visit__isnull=True) | Q(last_visit__lt=since)),
        )
        .filter(Q(flag_alone=True) | Q(flag_disabled=True) | Q(in_hospital=True) | Q(flag_not_visited=True))
    )


def alerts(user, *, today: datetime.date | None = None, rule: CareRule | None = None):
    """The alert list of ``user``'s scope (see :func:`alert_flags`), to be paged: one
    query; each row carries its reasons as flags and its last visit."""
    today = today or timezone.localdate()
    rule = rule or CareRule.current()
    return (
        alert_flags(CareProfile.objects.for_user(user), today=today, rule=rule)
        .select_related("person", "person__region", "ability_grade")
        .order_by("person__region__sort_order", "last_visit", "person__name_pinyin", "pk")
    )


# ---------------------------------------------------------------------------
# ★ Two-treatment gaps per district
# ---------------------------------------------------------------------------
def lixiu_people(user):
    return Person.objects.for_user(user).filter(retirement_type=RetirementType.LIXIU, status=PersonStatus.LIVING)


def treatment_gaps(user, year: int, *, region_id: int | None = None) -> dict:
    """Per district: 离休 cadres, items due, items done and the gaps; and the cadres with
    their missing items (for one district when ``region_id``). Three queries."""
    items = list(TreatmentItem.objects.filter(active=True))
    people = lixiu_people(user)
    if region_id:
        people = people.filter(region_id=region_id)
    people = list(people.select_related("region").order_by("region__sort_order", "name_pinyin", "pk"))
    done = defaultdict(set)
    for person_id, item_id in (
        TreatmentRecord.objects.filter(person__in=[p.pk for p in people], done_on__year=year)
        .values_list("person_id", "item_id")
        .distinct()
    ):
        done[person_id].add(item_id)
    regions: dict[int, dict] = {}
    cadres = []
    for person in people:
        row = regions.setdefault(
            person.region_id, {"region": person.region, "cadres": 0, "due": 0, "done": 0, "gaps": 0, "complete": 0}
        )
        missing = [item for item in items if item.pk not in done[person.pk]]
        row["cadres"] += 1
        row["due"] += len(items)
        row["done"] += len(items) - len(missing)
        row["gaps"] += len(missing)
        row["complete"] += not missing
        if missing:
            cadres.append({"person": person, "missing": missing})
    return {"items": items, "regions": list(regions.values()), "cadres": cadres}


# ---------------------------------------------------------------------------
# ★ 三有一落实 coverage per district
# ---------------------------------------------------------------------------
def sanyou_counts(rows, group: str, *, profile: str = "", today: datetime.date, rule: CareRule):
    """The 三有一落实 counts of the living 离休 cadres among ``rows``, grouped by ``group``
    (a values queryset, one query). ``rows`` are care profiles (``profile=""``) or rows
    pointing at a person (``profile="person__care_profile__"``: a 四就近 point's served
    cadres), counted once each; the family doctor item leaves long-term in-patients out
    of its base (宜兴: "长期住院的除外")."""
    p = profile
    long_stay = HospitalStay.objects.filter(
        person=OuterRef("person"),
        discharged_on__isnull=True,
        admitted_on__lte=today - datetime.timedelta(days=rule.long_stay_days),
    )
    # All four, the doctor item waived for long-term in-patients: C1's rule (apps.care.indicators).
    all_four = (
        Q(**{f"{p}medical_hardship_covered": True, f"{p}medical_policy_done": True})
        & ~Q(**{f"{p}green_channel_hospital": ""})
        & (Q(**{f"{p}family_doctor_signed": True}) | Q(long_stay=True))
    )
    if p:
        rows = rows.filter(**{f"{p}pk__isnull": False})
    return (
        rows.filter(person__retirement_type=RetirementType.LIXIU, person__status=PersonStatus.LIVING)
        .annotate(long_stay=Exists(long_stay))
        .order_by()
        .values(group)
        .annotate(
            cadres=Count("pk"),
            green=Count("pk", filter=~Q(**{f"{p}green_channel_hospital": ""})),
            doctor=Count("pk", filter=Q(**{f"{p}family_doctor_signed": True}, long_stay=False)),
            doctor_base=Count("pk", filter=Q(long_stay=False)),
            hardship=Count("pk", filter=Q(**{f"{p}medical_hardship_covered": True})),
            policy=Count("pk", filter=Q(**{f"{p}medical_policy_done": True})),
            complete=Count("pk", filter=all_four),
        )
    )


def sanyou_coverage(user=None, *, region_id=None, today=None, rule=None) -> list[dict]:
    """Per district, the 离休 cadres and how many have each of the four items
    (:func:`sanyou_counts`)."""
    today = today or timezone.localdate()
    rule = rule or CareRule.current()
    profiles = CareProfile.objects.all()
    if user is not None:
        profiles = profiles.for_user(user)
    if region_id:
        profiles = profiles.filter(person__region_id=region_id)
    rows = sanyou_counts(profiles, "person__region", today=today, rule=rule)
    by_region = {row["person__region"]: row for row in rows}
    result = []
    for region in Region.objects.order_by("sort_order"):
        row = by_region.get(region.pk)
        if row:
            result.append({"region": region, **row})
    return result


# ---------------------------------------------------------------------------
# Overdue home-care visits and re-assessments
# ---------------------------------------------------------------------------
def care_plans_due(user, *, today=None):
    """Active plans annotated with their last visit; ``visit_overdue`` and
    ``reassess_due`` flags (one query)."""
    today = today or timezone.localdate()
    rule = CareRule.current()
    last = CareVisitLog.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(m=Max("visited_on"))
    return (
        CarePlan.objects.for_user(user)
        .filter(active=True)
        .annotate(last_visit=Subquery(last.values("m")[:1]))
        .select_related("person", "person__region", "ability_grade")
        .annotate(
            reassess_due=Q(assessed_on__lt=today - datetime.timedelta(days=rule.reassess_days)),
        )
    )


def plan_visit_overdue(plan, today=None) -> bool:
    today = today or timezone.localdate()
    since = plan.last_visit or plan.starts_on
    return (today - since).days > plan.frequency_days


# ---------------------------------------------------------------------------
# The dashboard section and the home card
# ---------------------------------------------------------------------------
# The key of the households planned among the modification stages' counts (section_data).
PLANNED = "__planned__"


# The querysets the section and its drill-down pages (apps.care.dashboard) both count.
def year_visits(year: int, as_of: datetime.date):
    """Visits of ``year`` up to ``as_of``."""
    return Visit.objects.filter(visited_on__year=year, visited_on__lte=as_of)


def applied_in(year: int) -> Q:
    """Aid applications made in ``year``."""
    return Q(applied_on__year=year)


def active_points():
    """The 四就近 points in use (as of today: a point has no opening or closing date)."""
    return ServicePoint.objects.filter(active=True)


def as_of_day(year: int, today: datetime.date) -> datetime.date:
    return min(datetime.date(year, 12, 31), today)


def served_on(day: datetime.date, path: str = "") -> Q:
    """The 结对服务 (ServedCadre, or ``path`` to it) in place on ``day``: paired by then (a
    pairing without a date counts from the start)."""
    return Q(**{f"{path}since__isnull": True}) | Q(**{f"{path}since__lte": day})


def section_data(filters) -> dict:
    """The 牵手夕阳 section of the data dashboard for ``filters`` (year, region); about
    ten queries whatever the size of the city."""
    year, region_id = filters.year, filters.region_id
    today = timezone.localdate()
    as_of = as_of_day(year, today)

    def in_region(qs, path="person__region"):
        return qs.filter(**{path: region_id}) if region_id else qs

    rule = CareRule.current()
    coverage = sanyou_coverage(None, region_id=region_id, today=as_of, rule=rule)
    visits = in_region(year_visits(year, as_of))
    # By type and month in one query.
    by_type, by_month = {}, {}
    for visit_type, month, n in (
        visits.order_by().values_list("visit_type", "visited_on__month").annotate(n=Count("pk"))
    ):
        by_type[visit_type] = by_type.get(visit_type, 0) + n
        by_month[month] = by_month.get(month, 0) + n
    # Tasks due by then, and those already done ahead of their date.
    tasks = in_region(
        VisitTask.objects.filter(
            Q(due_on__lte=as_of) | Q(status=TaskStatus.DONE, done_on__lte=as_of), due_on__year=year
        )
    ).aggregate(
        due=Count("pk", filter=~Q(status=TaskStatus.CLOSED)),
        on_time=Count("pk", filter=Q(status=TaskStatus.DONE, done_on__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(status=TaskStatus.OPEN)),
    )
    # Applications of the year by status, and the aid paid in the year: one query.
    applied = applied_in(year)
    paid_in_year = Q(paid_on__year=year, status=AidStatus.PAID)
    aid, paid = {}, None
    for status, n, amount in (
        in_region(AidApplication.objects.filter(applied | paid_in_year))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk", filter=applied), s=Sum("paid_amount", filter=paid_in_year))
    ):
        if n:
            aid[status] = n
        if amount is not None:
            paid = (paid or 0) + amount
    # The modification cases by stage and the households planned, in one query (a UNION:
    # the plans' sum under a key no stage has).
    plans = ModificationPlan.objects.filter(year=year)
    if region_id:
        plans = plans.filter(region_id=region_id)
    funnel = dict(
        in_region(ModificationCase.objects.filter(year=year))
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
        .union(
            plans.order_by()
            .annotate(key=Value(PLANNED, output_field=CharField()))
            .values_list("key")
            .annotate(n=Sum("households")),
            all=True,
        )
    )
    planned = funnel.pop(PLANNED, None) or 0
    # The alert list's own rule, as of today (an alert is about now, not the year).
    alerts_n = alert_flags(in_region(CareProfile.objects.all()), today=today, rule=rule).count()
    points = {
        kind: (n, served)
        for kind, n, served in in_region(active_points(), "region")
        .order_by()
        .values_list("kind")
        .annotate(
            n=Count("pk", distinct=True),
            served=Count("served__person", distinct=True, filter=served_on(as_of, "served__")),
        )
    }
    stage_order = [s for s, _ in ModificationStage.choices]
    reached = {s: sum(funnel.get(t, 0) for t in stage_order[i:]) for i, s in enumerate(stage_order)}
    return {
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "filters": {"year": year, "region": region_id, "label": filters.label},
        # Each row with its region's id: the region table links to the region's points.
        "coverage": [
            {"id": row["region"].pk}
            | {k: (v.name if k == "region" else v) for k, v in row.items() if k != "person__region"}
            for row in coverage
        ],
        "by_type": [(label, by_type.get(value, 0)) for value, label in VisitType.choices],
        "by_month": [(m, by_month.get(m, 0)) for m in range(1, 13)],
        "tasks": tasks,
        "aid": [(label, aid.get(value, 0)) for value, label in AidStatus.choices],
        "aid_open": sum(aid.get(s, 0) for s in AID_OPEN),
        "aid_paid": paid or 0,
        "funnel": [(label, reached[value]) for value, label in ModificationStage.choices],
        "planned": planned,
        "alerts": alerts_n,
        "points": [(label, *points.get(value, (0, 0))) for value, label in PointKind.choices],
    }


def home_figures(user) -> list[tuple[str, int]]:
    people = (
        Person.objects.for_user(user)
        .filter(status=PersonStatus.LIVING)
        .aggregate(total=Count("pk"), lixiu=Count("pk", filter=Q(retirement_type=RetirementType.LIXIU)))
    )
    overdue = VisitTask.objects.for_user(user).overdue().count()
    return [("在世老干部", people["total"]), ("离休干部", people["lixiu"]), ("逾期看望任务", overdue)]
