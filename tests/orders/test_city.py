"""seed_city's 四单 and 草根内参 steps: orders in every state over three years with their
steps, reports at every stage, number counters continued; deterministic."""

import random

import pytest
from django.utils import timezone

from apps.insights.city import seed_insights
from apps.insights.models import Report, ReportNumber
from apps.orders.choices import OrderStatus
from apps.orders.city import ORDERS_PER_TEAM, seed_orders
from apps.orders.models import OrderEvent, OrderNumber, ServiceOrder
from apps.regions.models import Region

pytestmark = pytest.mark.django_db


def _orders(cast):
    ctx = {"teams": [cast.team, cast.other_team]}
    seed_orders(random.Random(7), ctx)
    return ctx


def test_orders_in_every_state_over_three_years_with_their_steps(cast):
    ctx = _orders(cast)
    assert ServiceOrder.objects.count() == ctx["service_orders"] == 2 * ORDERS_PER_TEAM
    assert set(ServiceOrder.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    years = {d.year for d in ServiceOrder.objects.values_list("submitted_at", flat=True)}
    assert len(years) >= 3
    assert OrderEvent.objects.count() == ctx["order_events"]
    rated = ServiceOrder.objects.filter(status=OrderStatus.EVALUATED)
    assert not rated.filter(satisfaction=None).exists() and not rated.filter(on_time=None).exists()
    open_ = ServiceOrder.objects.filter(status__in=["submitted", "dispatched", "accepted", "done"])
    assert not open_.filter(step_due_on=None).exists()
    # Orders entered afterwards continue the year's numbers.
    year = timezone.localdate().year
    last = OrderNumber.objects.get(year=year).last
    assert ServiceOrder.objects.filter(number=f"SD{year}{last:06d}").exists()


def test_the_same_seed_builds_the_same_orders(cast):
    _orders(cast)
    first = list(ServiceOrder.objects.order_by("number").values_list("number", "status", "satisfaction", "team_id"))
    OrderEvent.objects.all().delete()
    ServiceOrder.objects.all().delete()
    _orders(cast)
    again = list(ServiceOrder.objects.order_by("number").values_list("number", "status", "satisfaction", "team_id"))
    assert first == again


def test_reports_at_every_stage_with_numbers_continued(cast):
    ctx = {"regions": list(Region.objects.order_by("sort_order"))}
    seed_insights(random.Random(7), ctx)
    assert Report.objects.count() == ctx["insight_reports"] >= 700
    assert {"submitted", "registered", "forwarded", "answered", "fed_back"} <= set(
        Report.objects.values_list("status", flat=True)
    )
    year = timezone.localdate().year
    counter = ReportNumber.objects.get(year=year)
    assert Report.objects.filter(number=f"NC{year}-{counter.last:04d}").exists()
    assert Report.objects.filter(adopted=True).exists() and Report.objects.filter(anonymous=True).exists()


def test_the_steps_are_declared_and_leave_the_shared_stream_alone(cast):
    from apps.core import brands

    names = [s.name for s in brands.seed_steps("city_steps")]
    assert names.index("volunteers.teams") < names.index("orders.orders")
    assert "insights.reports" in names
    shared = random.Random(1)
    seed_orders(shared, {"teams": [cast.team]})
    seed_insights(shared, {"regions": list(Region.objects.all())})
    assert shared.random() == random.Random(1).random()


def test_a_region_without_a_team_has_its_orders_served_by_providers(cast):
    """A small city has fewer teams than regions: the functional districts (last in order)
    get orders too, as many as a team's, served by their providers."""
    regions = list(Region.objects.order_by("sort_order"))
    seed_orders(random.Random(7), {"teams": [cast.team], "regions": regions})
    per_region = {r.pk: ServiceOrder.objects.filter(region=r) for r in regions}
    assert all(per_region[r.pk].count() == ORDERS_PER_TEAM for r in regions)
    zones = [r for r in regions if r.kind == "zone"]
    assert zones
    for zone in zones:
        served = per_region[zone.pk].exclude(provider="")
        assert served.exists() and not per_region[zone.pk].exclude(team=None).exists()
        statuses = set(per_region[zone.pk].values_list("status", flat=True))
        assert "evaluated" in statuses and len(statuses) >= 3, statuses
