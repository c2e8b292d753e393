"""The four-brand tally stays one run whose query count does not grow with the units:
every registered formula of every brand, on a branch scheme (20 and 200 branches) and on
a grouped region scheme (10 and 40 regions), with brand records for each unit."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.assessment import services
from apps.assessment.choices import Brand, IndicatorKind, RunStatus, RunTrigger, UnitKind
from apps.assessment.indicators import REGISTRY
from apps.assessment.models import Scheme
from tests.assessment.conftest import MANUAL, YEAR

pytestmark = pytest.mark.django_db

BRAND_OF = {
    "party": Brand.VANGUARD,
    "volunteers": Brand.AFTERGLOW,
    "orders": Brand.AFTERGLOW,
    "insights": Brand.AFTERGLOW,
    "care": Brand.SUNSET,
    "education": Brand.SUNSET,
    "workforce": Brand.LOYAL,
}
WEIGHTS = [(Brand.VANGUARD, 40), (Brand.AFTERGLOW, 20), (Brand.SUNSET, 15), (Brand.LOYAL, 10), (Brand.GENERAL, 15)]


def every_formula() -> list[dict]:
    keys = sorted(key for key in REGISTRY if key.split(".")[0] in BRAND_OF)
    assert {key.split(".")[0] for key in keys} == set(BRAND_OF)  # all seven apps' formulas
    return [
        {
            "code": f"F{n}",
            "name": REGISTRY[key].label,
            "brand": BRAND_OF[key.split(".")[0]],
            "max_score": D("10"),
            "kind": IndicatorKind.AUTOMATIC,
            "formula_key": key,
            "params": {"method": "linear", "target": 100},
        }
        for n, key in enumerate(keys, 1)
    ] + [{**MANUAL, "brand": Brand.GENERAL}]


def _units(branches: int, extra_regions: int) -> None:
    """``extra_regions`` more regions, ``branches`` branches over all of them, and for each
    branch a theme day, a volunteer team paired with it and a rectification item."""
    from apps.party.choices import OrgKind
    from apps.party.models import ActivityLog, Organisation
    from apps.regions.models import Region
    from apps.volunteers.models import Team
    from apps.workforce.models import RectificationItem

    # Explicit ids: the regions a flush restores keep theirs, and PostgreSQL's sequence
    # does not know them.
    first = (Region.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    Region.objects.bulk_create(
        [
            Region(pk=first + n, code=f"9{n:05d}", name=f"测试区{n}", kind="district", sort_order=100 + n)
            for n in range(extra_regions)
        ]
    )
    regions = list(Region.objects.all())
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"支部{i}", kind=OrgKind.BRANCH, region=regions[i % len(regions)]) for i in range(branches)]
    )
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(organisation=o, activity_type="theme_day", held_on=datetime.date(YEAR, 1 + i % 12, 1),
                        theme="t", status="approved")
            for i, o in enumerate(orgs)
        ]
    )  # fmt: skip
    Team.objects.bulk_create([Team(name=f"测试队{o.pk}", region_id=o.region_id, partner_branch=o) for o in orgs])
    RectificationItem.objects.bulk_create(
        [
            RectificationItem(source="检查", problem="台账", region_id=o.region_id, owner="王",
                              deadline=datetime.date(YEAR, 6, 30))
            for o in orgs
        ]
    )  # fmt: skip


def _count(build, unit_kind: str, branches: int, extra_regions: int) -> tuple[int, int]:
    Scheme.objects.all().delete()
    _units(branches, extra_regions)
    scheme = build.scheme(unit_kind=unit_kind, indicators=every_formula(), open_it=False)
    if unit_kind == UnitKind.REGION:
        services.groups_set(scheme=scheme, weights=WEIGHTS)
    scheme = services.scheme_open(scheme=scheme)
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    with CaptureQueriesContext(connection) as queries:
        done = services.tally_execute(run_id=run.pk)
    assert done.status == RunStatus.COMPLETED, done.error
    return done.unit_count, len(queries)


@pytest.fixture
def lifted(monkeypatch):
    # As in test_tally: SQLite's assumed 999-parameter limit would split the bulk inserts.
    if connection.vendor == "sqlite":
        import sqlite3

        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)


def test_a_four_brand_branch_tally_takes_as_many_queries_for_200_branches_as_for_20(build, lifted):
    small_units, small = _count(build, UnitKind.ORGANISATION, 20, 0)
    large_units, large = _count(build, UnitKind.ORGANISATION, 200, 0)
    assert (small_units, large_units) == (20, 220)
    assert small == large


def test_a_four_brand_region_tally_takes_as_many_queries_for_40_regions_as_for_10(build, lifted):
    small_units, small = _count(build, UnitKind.REGION, 20, 0)
    large_units, large = _count(build, UnitKind.REGION, 200, 30)
    assert (small_units, large_units) == (10, 40)
    assert small == large
    assert small <= 80
