"""The assessment on the dashboard: only a published current result, never a draft."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.core.figures import Filters
from apps.party import dashboard as selectors
from tests import factories as f
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR

pytestmark = pytest.mark.django_db


def _scheme(unit_kind, status="published"):
    from apps.assessment.models import Scheme, TallyRun

    scheme = Scheme.objects.create(
        year=YEAR, unit_kind=unit_kind, name=f"{YEAR}年度综合考评（{unit_kind}）", status=status
    )
    old = TallyRun.objects.create(scheme=scheme, status="completed", is_current=False)
    run = TallyRun.objects.create(scheme=scheme, status="completed", is_current=True)
    return scheme, old, run


def _result(run, region, rank, total, grade, organisation=None):
    from apps.assessment.models import Result

    return Result.objects.create(
        run=run,
        region=region,
        organisation=organisation,
        unit_name=organisation.name if organisation else region.name,
        total=Decimal(total),
        rank=rank,
        grade=grade,
    )


def test_city_view_ranks_the_districts_of_the_published_current_run(world):
    _scheme_obj, old, run = _scheme("region")
    gl, hj, jd = f.region("广陵区"), f.region("邗江区"), f.region("江都区")
    _result(run, gl, 1, "95.50", "first")
    _result(run, hj, 2, "88.00", "second")
    _result(run, jd, 3, "80.25", "second")
    _result(old, gl, 1, "10.00", "third")  # a superseded run: never shown
    data = selectors.assessment_figures(Filters(year=YEAR))
    assert [r["name"] for r in data["ranking"]] == ["广陵区", "邗江区", "江都区"]
    assert data["ranking"][0]["score"] == 95.5
    assert {g["label"]: g["count"] for g in data["grades"]} == {"一等次": 1, "二等次": 2, "三等次": 0}


def test_a_draft_scheme_is_not_shown(world):
    _scheme_obj, _old, run = _scheme("region", status="evaluating")
    _result(run, f.region("广陵区"), 1, "95.50", "first")
    assert selectors.assessment_figures(Filters(year=YEAR)) is None


def test_region_view_ranks_its_organisations_and_the_page_shows_them(client, cast, world, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    _scheme_obj, _old, run = _scheme("organisation")
    gl, hj = f.region("广陵区"), f.region("邗江区")
    _result(run, gl, 1, "97.00", "first", organisation=world.orgs["B1"])
    _result(run, hj, 2, "91.00", "first", organisation=world.orgs["H1"])
    _result(run, gl, 3, "70.00", "third", organisation=cast.branch)
    response = client_for(client, cast, "district").get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard"})
    ranking = response.context["data"]["assessment"]["ranking"]
    assert [(r["rank"], r["name"]) for r in ranking] == [(1, "东关街道“银铃”党支部"), (3, "东关社区“常青藤”党支部")]
    html = response.content.decode()
    assert "年度综合考评排名" in html and 'data-chart="assessment"' in html
    page = client.get(
        reverse("dashboard:organisation", args=[world.orgs["B1"].pk]), {"year": YEAR, "brand": "vanguard"}
    )
    assert page.context["f"]["scorecard"]["rank"] == 1
    assert "97.00" in page.content.decode()


def test_publishing_retires_the_cached_dashboard(client, cast, world, settings):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    scheme, _old, run = _scheme("region", status="scored")
    _result(run, f.region("广陵区"), 1, "95.50", "first")
    client_for(client, cast, "leader")
    assert (
        client.get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard"}).context["data"]["assessment"]
        is None
    )
    scheme.status = "published"
    scheme.save()
    assert (
        client.get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard"}).context["data"]["assessment"]
        is not None
    )
    cache.clear()
