"""The vanguard tab's region rows (issues 13/19): each table read once, grouped by region
(``apps.party.dashboard.TALLIES``, ``apps.core.figures.totals_by_region``), give exactly
the figures the former query of ~20 correlated subqueries per region gave. The former
query is kept here as the reference and both are compared on the demo data set: the city
view and every region on its own, every year of the demo, this year and the year before."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from apps.core.figures import Filters, comparison_days, year_to
from apps.party import dashboard
from apps.party import selectors as party_selectors
from apps.party.choices import DemoLevel, OrgKind, OrgStatus
from apps.party.models import (
    DemonstrationPoint,
    EducationSession,
    Organisation,
    StandardisationReview,
    TrainingAttendance,
    TrainingClass,
)
from apps.regions.models import Region

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def _count(queryset, region_path, expression="pk", distinct=False):
    inner = (
        queryset.filter(**{region_path: OuterRef("pk")})
        .order_by()
        .values(region_path)
        .annotate(n=Count(expression, distinct=distinct))
        .values("n")[:1]
    )
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def _reference_annotations(day, suffix):
    """The former ``_period_annotations``: one correlated subquery per figure."""
    year = day.year
    organisations = Organisation.objects.filter(status=OrgStatus.ACTIVE).filter(dashboard.founded_by(day))
    secretaries = party_selectors.serving_secretaries(as_of=day)
    return {
        f"organisations_{suffix}": _count(organisations, "region"),
        f"branches_{suffix}": _count(organisations.filter(kind=OrgKind.BRANCH), "region"),
        f"members_{suffix}": _count(party_selectors.members_on(day), "organisation__region"),
        f"passed_{suffix}": _count(
            StandardisationReview.objects.filter(result="passed", year__lte=year, organisation__kind=OrgKind.BRANCH),
            "organisation__region",
            "organisation",
            distinct=True,
        ),
        f"demo_points_{suffix}": _count(
            DemonstrationPoint.objects.filter(designated_year__lte=year).exclude(
                recheck_passed=False, recheck_year__lte=year
            ),
            "organisation__region",
        ),
        f"classes_{suffix}": _count(TrainingClass.objects.filter(year_to("start_on", day)), "region"),
        f"person_times_{suffix}": _count(
            TrainingAttendance.objects.filter(year_to("training_class__start_on", day), attended=True),
            "organisation__region",
        ),
        f"secretaries_{suffix}": _count(secretaries, "organisation__region"),
        f"trained_{suffix}": _count(secretaries.filter(trained=True), "organisation__region"),
        f"education_{suffix}": _count(EducationSession.objects.filter(year_to("held_on", day)), "organisation__region"),
    }


def _reference_rows(filters, today):
    day, before = comparison_days(filters.year, today)
    regions = Region.objects.order_by("sort_order", "code")
    if filters.region_id:
        regions = regions.filter(pk=filters.region_id)
    annotations = _reference_annotations(day, "cur") | _reference_annotations(before, "prev")
    return list(regions.annotate(**annotations).values("id", "name", *annotations.keys()))


def test_region_rows_match_the_former_correlated_subqueries_on_the_demo_data():
    call_command("seed_demo", quiet_accounts=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Re-checks with a missing half: the former ``exclude`` kept them (SQL NULLs).
    org = Organisation.objects.filter(kind=OrgKind.BRANCH).order_by("pk").first()
    for passed, year in ((False, None), (None, 2024), (True, 2025), (False, 2025)):
        DemonstrationPoint.objects.create(
            organisation=org,
            level=DemoLevel.values[0],
            brand_name="对照",
            designated_year=2023,
            recheck_passed=passed,
            recheck_year=year,
        )
    # The city and three regions over three years (every region and year was compared on
    # demo and city data when the rows moved to one pass; the old queries are slow).
    regions = list(Region.objects.order_by("sort_order", "code")[:3])
    assert len(regions) >= 2
    compared = 0
    for year in (TODAY.year - 2, TODAY.year, TODAY.year + 1):
        for region in [None, *regions]:
            filters = Filters(year=year, region=region)
            new, old = dashboard.region_rows(filters, TODAY), _reference_rows(filters, TODAY)
            assert new == old, (year, region)
            compared += len(new)
    # Not an empty comparison: every figure is counted somewhere.
    city = dashboard.region_rows(Filters(year=TODAY.year), TODAY)
    for field in dashboard.REGION_FIELDS:
        assert sum(r[f"{field}_cur"] for r in city) > 0, field
    assert compared == 3 * (Region.objects.count() + len(regions))
