"""The indicator registry: every automatic indicator is one formula registered here.

This module is neutral: it imports no brand. The brands register their formulas, and the
Party brand the branches that branch schemes assess (:func:`branches_register`).

A formula receives the :class:`TallyContext` of a scheme (its year, kind of unit and the
units themselves) and the indicator's ``params``, and returns ``{unit_id: raw value}``
for **all** units at once, from a fixed number of aggregated queries (``values()`` /
``annotate()`` / conditional aggregation) — never a query per unit. A unit missing from
the answer has no data (raw value ``None``, scored 0).

A brand plugs in by decorating its own functions with :func:`formula` in its own module
(``apps/<brand>/indicators.py``), imported by the brand app's ``ready()``.

Units: for a region scheme the raw value aggregates over the region's active branches; for
an organisation scheme it is the branch's own.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from apps.assessment.choices import UnitKind


# ---------------------------------------------------------------------------
# The assessed branches, declared by the brand that owns them
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Branches:
    """The organisations a scheme assesses (a region scheme: over each region's branches).

    ``queryset()`` returns the active branches, ordered, with ``pk``, ``name``,
    ``region_id`` and ``founded_on``; ``q(path)`` selects the rows whose organisation,
    reached by the lookup ``path``, is an active branch (a join filter, not a subquery).
    """

    queryset: Callable[[], QuerySet]
    q: Callable[[str], Q]


_BRANCHES: dict[str, Branches] = {}


def branches_register(branches: Branches) -> None:
    """Declare the assessed branches (the brand that owns them, from its indicators module)."""
    _BRANCHES["branches"] = branches


def _branches() -> Branches:
    try:
        return _BRANCHES["branches"]
    except KeyError:
        raise ImproperlyConfigured("No brand declared the assessed branches (branches_register).") from None


# ---------------------------------------------------------------------------
# The context a formula works in
# ---------------------------------------------------------------------------
@dataclass
class TallyContext:
    """What every formula needs to know about the scheme being tallied.

    ``units`` maps each unit id (a region id or a branch id) to ``(name, region_id)``;
    ``branch_region`` maps every active branch in scope to its region, and
    ``branches_per_unit`` counts them per unit (1 for a branch unit).
    """

    year: int
    unit_kind: str
    until: datetime.date
    units: dict[int, tuple[str, int]] = field(default_factory=dict)
    branch_region: dict[int, int] = field(default_factory=dict)
    branches_per_unit: dict[int, int] = field(default_factory=dict)
    branch_founded: dict[int, datetime.date | None] = field(default_factory=dict)
    # The params of every indicator of the scheme by formula key, so one formula can
    # prepare in a shared query what its siblings will ask for.
    params_of: dict[str, list[dict]] = field(default_factory=dict)
    # Intermediate answers shared by several formulas of one run (see ``memo``).
    cache: dict = field(default_factory=dict)

    @classmethod
    def build(cls, *, year: int, unit_kind: str, until: datetime.date, params_of: dict | None = None) -> "TallyContext":
        """Load the units (two queries: branches, and regions for a region scheme)."""
        from apps.regions.models import Region

        ctx = cls(year=year, unit_kind=unit_kind, until=until, params_of=params_of or {})
        branches = list(cls.branches_queryset().values_list("pk", "name", "region_id", "founded_on"))
        ctx.branch_region = {pk: region_id for pk, _, region_id, _ in branches}
        ctx.branch_founded = {pk: founded for pk, _, _, founded in branches}
        if unit_kind == UnitKind.REGION:
            ctx.units = {pk: (name, pk) for pk, name in Region.objects.order_by("sort_order").values_list("pk", "name")}
            counts: dict[int, int] = defaultdict(int)
            for region_id in ctx.branch_region.values():
                counts[region_id] += 1
            ctx.branches_per_unit = {unit: counts.get(unit, 0) for unit in ctx.units}
        else:
            ctx.units = {pk: (name, region_id) for pk, name, region_id, _ in branches}
            ctx.branches_per_unit = dict.fromkeys(ctx.units, 1)
        return ctx

    @staticmethod
    def branches_queryset() -> QuerySet:
        return _branches().queryset()

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return min(datetime.date(self.year, 12, 31), self.until)

    def memo(self, key: str, compute: Callable):
        """``compute()`` once per run: formulas over the same rows share one query."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def unit_path(self, to_organisation: str) -> str:
        """The ``values()`` path from a model to the unit, given its path to the branch."""
        return f"{to_organisation}__region" if self.unit_kind == UnitKind.REGION else to_organisation

    def branch_q(self, to_organisation: str) -> Q:
        """Rows that belong to an active branch."""
        return _branches().q(to_organisation)

    def unit_of_branch(self, branch_id: int) -> int | None:
        if self.unit_kind == UnitKind.REGION:
            return self.branch_region.get(branch_id)
        return branch_id if branch_id in self.units else None

    def share(self, numerators: dict, denominators: dict) -> dict[int, Decimal | None]:
        """Per unit, numerator ÷ denominator as a percentage (None where nothing is due)."""
        result = {}
        for unit in self.units:
            den = denominators.get(unit) or 0
            result[unit] = _pct(numerators.get(unit) or 0, den) if den else None
        return result


def _pct(numerator, denominator) -> Decimal:
    """numerator ÷ denominator × 100, exact to the context's 28 digits: never rounded here
    (the one rounding is at display and export, half-up)."""
    return Decimal(numerator) * 100 / Decimal(denominator)


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Formula:
    key: str
    label: str
    description: str
    unit: str
    compute: Callable[[TallyContext, dict], dict]
    evidence: Callable[[str, object, int, dict], str | None] | None = None


REGISTRY: dict[str, Formula] = {}


def formula(key: str, *, label: str, description: str, unit: str = "%", evidence=None):
    """Register ``func(ctx, params) -> {unit_id: raw}`` under ``key``.

    ``evidence(unit_kind, result, year, params)`` returns the admin list of the records
    behind a unit's raw value, or None.
    """

    def register(func):
        if key in REGISTRY:
            raise ValueError(f"formula {key!r} is registered twice")
        REGISTRY[key] = Formula(key, label, description, unit, func, evidence)
        return func

    return register


def formula_choices() -> list[tuple[str, str]]:
    """The formulae by their Chinese names (the key is code, never shown)."""
    return sorted(((key, f.label) for key, f in REGISTRY.items()), key=lambda choice: choice[1])


def formula_label(key: str) -> str:
    """A formula's Chinese name; "—" for none, and a plain note for a key the registry lost."""
    if not key:
        return "—"
    entry = REGISTRY.get(key)
    return entry.label if entry else "（已停用的公式）"


def evidence_url(formula_key: str, unit_kind: str, result, year: int, params: dict) -> str | None:
    entry = REGISTRY.get(formula_key)
    if not entry or not entry.evidence:
        return None
    return entry.evidence(unit_kind, result, year, params)
