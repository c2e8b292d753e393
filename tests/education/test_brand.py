"""牵手夕阳 through the seam: its schedule, indicators, dashboard section, home card and
coverage against the plan's ratios as data; and the demo seed."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.assessment.indicators import REGISTRY, TallyContext
from apps.education import services
from apps.education.models import CoverageTarget, DistrictBase, Enrolment
from tests import factories as f
from tests.conftest import client_for
from tests.education.conftest import make_course, make_term, make_venue

pytestmark = pytest.mark.django_db


def test_the_lapse_task_is_scheduled_and_runs_the_service(cast):
    from apps.core.schedules import install_schedules
    from apps.education.tasks import lapse_offers

    install_schedules()
    task = PeriodicTask.objects.get(name="牵手夕阳·候补递补超时顺延（每15分钟）")
    assert task.task == "education.lapse_offers" and task.interval.every == 900
    assert lapse_offers() == 0


def test_coverage_against_targets_editable_as_data():
    from apps.education.selectors import coverage

    gl = f.region("广陵区")
    make_venue()
    DistrictBase.objects.create(
        region=gl,
        townships=10,
        townships_with_school=4,
        villages=100,
        villages_with_point=35,
        elders=1000,
        regular_learners=250,
    )
    row = coverage([gl.pk])[0]
    met = {m["label"]: (m["value"], m["met"]) for m in row["measures"]}
    assert met["乡镇（街道）建有老年学校的比例"] == (Decimal("40.0"), False)
    assert met["村（居）建有学习点的比例"] == (Decimal("35.0"), True)
    CoverageTarget.objects.create(measure="township", target=Decimal("40"))
    assert coverage([gl.pk])[0]["measures"][1]["met"] is True


def test_region_indicators(cast):
    gl = f.region("广陵区")
    DistrictBase.objects.create(region=gl, elders=10_000)
    course = make_course(make_term("new"), seats=20)
    for _ in range(2):
        services.enrol(cast.district, course, f.PersonFactory(birth_date=datetime.date(1955, 1, 1)))
    year = course.term.starts_on.year
    ctx = TallyContext.build(year=year, unit_kind="region", until=datetime.date(year, 12, 31))
    assert REGISTRY["education.seats_per_thousand"].compute(ctx, {})[gl.pk] == Decimal("2")
    assert REGISTRY["education.demand_satisfaction"].compute(ctx, {})[gl.pk] == Decimal("100")
    branch_ctx = TallyContext.build(year=year, unit_kind="organisation", until=datetime.date(year, 12, 31))
    assert REGISTRY["education.venue_coverage"].compute(branch_ctx, {}) == {}


def test_dashboard_section_and_home_card(client, cast):
    # Begun this year (the year's figures speak of the year's terms), whatever today's date.
    course = make_course(make_term("new", starts_on=timezone.localdate()), name="书法", seats=2)
    for _ in range(5):
        services.enrol(cast.district, course, f.PersonFactory(birth_date=datetime.date(1955, 1, 1)))
    page = client_for(client, cast, "leader").get("/dashboard/?brand=sunset_education").content.decode()
    assert "牵手夕阳 · 老年教育" in page and "2.5∶1" in page
    home = client_for(client, cast, "district").get("/").content.decode()
    assert "牵手夕阳" in home


def test_demo_seed_builds_the_network_and_an_oversubscribed_term():
    from apps.education.demo import seed
    from apps.regions.models import Region

    people = [f.PersonFactory(birth_date=datetime.date(1950, 1, 1)) for _ in range(60)]
    ctx = {"regions": list(Region.objects.order_by("sort_order")), "people": people}
    seed(random.Random(3), ctx)
    term = ctx["education_term"]
    assert term.courses.count() >= 40 and term.lottery_seed
    assert Enrolment.objects.filter(term=term).count() == ctx["education_applications"] > 0
    figures = services.lottery_draw(None, term)
    assert figures["waiting"] > 0  # some courses were oversubscribed


def test_a_years_figures_speak_of_that_years_term_not_a_later_one(cast):
    """The dashboard section (and the summary, which reads it) of a past year names the
    last term begun in that year, not the term open today."""
    from apps.core.figures import Filters
    from apps.education.selectors import dashboard_data

    this_year = timezone.localdate().year
    earlier = make_term("closed", name="上年秋季学期", starts_on=datetime.date(this_year - 1, 9, 1), status="closed")
    make_course(earlier, name="书法", seats=3)
    make_course(make_term("new", name="本年秋季学期", starts_on=datetime.date(this_year, 9, 1)), name="国画", seats=5)
    last = dashboard_data(Filters(year=this_year - 1))
    assert (last["term"], last["seats"]) == (str(earlier), 3)
    assert dashboard_data(Filters(year=this_year))["seats"] == 5
    assert dashboard_data(Filters(year=this_year - 2))["term"] == ""
