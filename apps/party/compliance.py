"""三会一课: what each branch owes, what it held and whether it met it — the one calculation.

The compliance page, the secretary's home, the dashboard's heat map and the tally's
indicators all read this module, so they cannot disagree.

- The obligations are data: each active :class:`~apps.party.models.ComplianceRule`
  requires ``required_count`` approved logs of one activity type per month, quarter or
  year, of organisations of its ``org_kind``.
- A (rule, period) **slot** is due once its period has begun on or before ``until`` and
  did not end before the organisation was founded. ``ended`` says the period has closed
  (on or before ``until``): a running period cannot yet have been missed.
- ``held`` counts the **approved** logs of the rule's type held in the period's months up
  to ``until``'s month, read from ``ActivityMonth`` (kept by triggers; whole months, since
  an approved log cannot be dated after the day it was submitted); a slot is **met** when
  ``held >= required``.
- **Nothing due** (no slot) is neither met nor missed: it adds to neither side of the
  rate, the rate is ``None`` and pages say :data:`NOTHING_DUE`.

Set-based: three queries (the organisations, the rules, the counts per organisation,
type and year, months as columns) whatever the number of branches; Python only walks
the aggregated rows, with per-month running totals so a period's count is one subtraction.
"""

import calendar
import datetime
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import NamedTuple

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from apps.party.choices import Period
from apps.party.models import ActivityMonth, ComplianceRule, Organisation

NOTHING_DUE = "本期无应开会议"

# How many periods each kind of period has in a year, and the months each one covers.
PERIODS_PER_YEAR = {Period.MONTH: 12, Period.QUARTER: 4, Period.YEAR: 1}
MONTHS_PER_PERIOD = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


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


def rate(met: int, due: int) -> float | None:
    """met ÷ due, or None when nothing is due (never 0 %, never 100 %)."""
    return met / due if due else None


# ---------------------------------------------------------------------------
# Slots
# ---------------------------------------------------------------------------
class Slot(NamedTuple):
    """One due (organisation, rule, period)."""

    organisation_id: int
    rule_id: int
    activity_type: str
    period: str
    year: int
    index: int  # the period's 1-based index in the year
    end_month: int  # the month the period ends in
    required: int
    held: int
    ended: bool

    @property
    def met(self) -> bool:
        return self.held >= self.required


def active_rules(*, activity_types: Iterable[str] | None = None) -> list[ComplianceRule]:
    """The active rules (optionally of some activity types) in a stable order. One query."""
    rules = ComplianceRule.objects.filter(active=True)
    if activity_types is not None:
        rules = rules.filter(activity_type__in=list(activity_types))
    return list(rules.order_by("period", "activity_type", "pk"))


def cut_off(until, year: int) -> datetime.date:
    """The day ``year`` is counted up to: ``until``, or ``until[year]`` when one per year."""
    return until[year] if isinstance(until, dict) else until


def held_counts(*, branches: QuerySet, activity_types: Iterable[str], years: Iterable[int], until):
    """``{(organisation, type, year): [13 running totals]}`` of approved logs up to ``until``:
    item ``m`` counts months 1..m (item 0 is 0). One query on ``ActivityMonth``."""
    years = list(years)
    # Each year up to its own cut-off (``until`` may give one per year: a same-period
    # comparison reads last year up to the same day).
    upto = Q(pk__in=[])
    for year in years:
        cut = cut_off(until, year)
        if year < cut.year:
            upto |= Q(year=year)
        elif year == cut.year:
            upto |= Q(year=year, month__lte=cut.month)
    # One row per organisation, type and year with the months as columns: a twelfth of the
    # rows a (month) grouping would send back.
    rows = (
        ActivityMonth.objects.filter(
            upto,
            organisation__in=branches.order_by().values("pk"),
            activity_type__in=list(activity_types),
            year__gte=min(years),
            year__lte=max(years),
        )
        .order_by()
        .values_list("organisation_id", "activity_type", "year")
        .annotate(**{f"m{month}": Sum("count", filter=Q(month=month), default=0) for month in range(1, 13)})
    )
    return {
        (organisation, activity_type, year): list(accumulate(months, initial=0))
        for organisation, activity_type, year, *months in rows
    }


def _walk(organisations, rules, years, until, held) -> Iterator[tuple]:
    """``(organisation, year, rule, index, end_month, ended, held)`` of every due slot: what
    is due and what was held, for :func:`slots` and :func:`met_due` alike."""
    empty = [0] * 13
    plans = []
    for year in years:
        cut = cut_off(until, year)
        if year > cut.year:
            continue
        for rule in rules:
            span = MONTHS_PER_PERIOD[rule.period]
            periods = []
            for index in range(1, PERIODS_PER_YEAR[rule.period] + 1):
                first, last = period_bounds(rule.period, year, index)
                if first <= cut:
                    periods.append((index, index * span - span, index * span, last, last <= cut))
            plans.append((year, rule, periods))
    for organisation, kind, founded in organisations:
        for year, rule, periods in plans:
            if rule.org_kind != kind:
                continue
            upto = held.get((organisation, rule.activity_type, year), empty)
            for index, before, end_month, last, ended in periods:
                if founded is None or last >= founded:
                    yield organisation, year, rule, index, end_month, ended, upto[end_month] - upto[before]


def slots(
    *,
    organisations: Iterable[tuple[int, str, datetime.date | None]],
    rules: list[ComplianceRule],
    years: Iterable[int],
    until: datetime.date,
    held: dict,
) -> Iterator[Slot]:
    """Every due slot of ``organisations`` (pk, kind, founded_on) under ``rules`` in
    ``years``, with ``held`` from :func:`held_counts`. No query."""
    for organisation, year, rule, index, end_month, ended, n in _walk(organisations, rules, years, until, held):
        yield Slot(
            organisation,
            rule.pk,
            rule.activity_type,
            rule.period,
            year,
            index,
            end_month,
            rule.required_count,
            n,
            ended,
        )


def met_due(
    *,
    branches: QuerySet,
    organisations: list[tuple[int, str, datetime.date | None]],
    group_of: dict,
    years: Iterable[int],
    until: datetime.date | dict[int, datetime.date],
) -> dict[tuple, list[int]]:
    """``{(group_of[organisation], year, end month): [met, due]}``: the slots of
    :func:`branch_slots` counted per group and the month their period ends, without a
    ``Slot`` each (the city's heat map walks ~50,000). ``until``: a day, or one per year
    (:func:`cut_off`). Two queries (rules, counts)."""
    years = [year for year in years if year <= cut_off(until, year).year]
    rules = active_rules()
    cells: dict[tuple, list[int]] = {}
    if not years or not organisations or not rules:
        return cells
    held = held_counts(branches=branches, activity_types={r.activity_type for r in rules}, years=years, until=until)
    for organisation, year, rule, _index, end_month, _ended, n in _walk(organisations, rules, years, until, held):
        key = (group_of[organisation], year, end_month)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = [0, 0]
        cell[1] += 1
        if n >= rule.required_count:
            cell[0] += 1
    return cells


def branch_slots(
    *,
    branches: QuerySet,
    years: Iterable[int],
    until: datetime.date | None = None,
    activity_types: Iterable[str] | None = None,
    organisations: list[tuple[int, str, datetime.date | None]] | None = None,
) -> list[Slot]:
    """The due slots of every organisation in ``branches`` (a queryset already restricted
    to the caller's scope) in ``years``. Three queries: the organisations (unless given as
    ``organisations``, the same rows), the rules, the counts."""
    until = until or timezone.localdate()
    years = [year for year in years if year <= until.year]
    if organisations is None:
        organisations = list(branches.order_by().values_list("pk", "kind", "founded_on"))
    if not years or not organisations:
        return []
    rules = active_rules(activity_types=activity_types)
    if not rules:
        return []
    held = held_counts(branches=branches, activity_types={r.activity_type for r in rules}, years=years, until=until)
    return list(slots(organisations=organisations, rules=rules, years=years, until=until, held=held))


def totals(found: Iterable[Slot], key=lambda slot: slot.organisation_id) -> dict:
    """``{key(slot): {"due", "met", "overdue", "rate"}}`` of ``found`` (an overdue slot is
    unmet in a period that has ended); keys with no slot are absent."""
    result: dict = {}
    for slot in found:
        entry = result.setdefault(key(slot), {"due": 0, "met": 0, "overdue": 0})
        entry["due"] += 1
        if slot.held >= slot.required:
            entry["met"] += 1
        elif slot.ended:
            entry["overdue"] += 1
    for entry in result.values():
        entry["rate"] = rate(entry["met"], entry["due"])
    return result


def current_period(*, branch, today: datetime.date) -> list[Slot]:
    """The slots ``branch`` owes in the periods that contain ``today`` (its secretary's
    home): one per active rule of its kind, unless the branch is not founded yet. Two
    queries (the rules, the counts)."""
    found = branch_slots(
        branches=Organisation.objects.filter(pk=branch.pk),
        years=[today.year],
        until=today,
        organisations=[(branch.pk, branch.kind, branch.founded_on)],
    )
    return [slot for slot in found if slot.index == period_index(slot.period, today.month)]
