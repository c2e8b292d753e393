"""The dashboard cache: served from cache, retired when a record beneath changes, and never
the reason a page fails."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.dashboard import cache as dashboard_cache
from apps.party.models import ActivityLog, TrainingClass
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def activities(response):
    """The activities figure as the page shows it (a cached page has no figures in its
    context: its body comes from the cache as HTML)."""
    found = re.search(r'data-key="activities">.*?class="kpi-value">(\d+)<', response.content.decode(), re.S)
    assert found, "activities figure not on the page"
    return int(found.group(1))


def test_second_request_is_served_from_the_cache(client, cast, world, cached, django_assert_num_queries):
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    client.get(url, {"year": YEAR, "brand": "vanguard"})
    # Session and user only: the figures and the filter form's regions come from the cache.
    with django_assert_num_queries(2):
        response = client.get(url, {"year": YEAR, "brand": "vanguard"})
    assert activities(response) == 40


def test_a_new_log_retires_the_cached_figures(client, cast, world, cached):
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    assert activities(client.get(url, {"year": YEAR, "brand": "vanguard"})) == 40
    ActivityLog.objects.create(
        organisation=world.orgs["H1"],
        activity_type="lecture",
        held_on=datetime.date(YEAR, 11, 1),
        theme="党课",
        status="approved",
    )
    assert activities(client.get(url, {"year": YEAR, "brand": "vanguard"})) == 41


def test_deleting_a_record_retires_them_too(client, cast, world, cached):
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    before = {
        f["key"]: f["value"] for f in client.get(url, {"year": YEAR, "brand": "vanguard"}).context["data"]["figures"]
    }
    TrainingClass.objects.filter(start_on__year=YEAR, region__name="邗江区").get().delete()
    after = {
        f["key"]: f["value"] for f in client.get(url, {"year": YEAR, "brand": "vanguard"}).context["data"]["figures"]
    }
    assert (before["classes"], after["classes"]) == (2, 1)


def test_cached_figures_expire(client, cast, world, cached, settings, monkeypatch):
    seen = {}

    def spy_set(key, value, timeout=None, **kwargs):
        seen[key] = timeout

    def spy_set_many(data, timeout=None, **kwargs):
        seen.update(dict.fromkeys(data, timeout))
        return []

    monkeypatch.setattr(cache, "set", spy_set)
    monkeypatch.setattr(cache, "set_many", spy_set_many)
    client_for(client, cast, "leader").get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard"})
    assert {t for k, t in seen.items() if k.startswith("dashboard:") and k != dashboard_cache.GENERATION_KEY} == {300}


def test_a_broken_cache_degrades_to_direct_computation(client, cast, world, cached, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    monkeypatch.setattr(cache, "add", broken)
    response = client_for(client, cast, "leader").get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard"})
    assert response.status_code == 200
    assert activities(response) == 40
    assert "cache unavailable, computing directly" in caplog.text
    # A write while the cache is down must not fail either.
    ActivityLog.objects.create(
        organisation=world.orgs["H1"], activity_type="lecture", held_on=datetime.date(YEAR, 11, 1), theme="党课"
    )


def test_cache_keys_taken_from_the_request_are_bounded(client, cast, world, cached, monkeypatch):
    """A query string is the visitor's to choose: a key built from it raw would let anyone
    store entries of any length (issue 12). Whatever the URL, a key stays short."""
    written = []
    set_many = cache.set_many
    monkeypatch.setattr(cache, "set_many", lambda data, *a, **k: written.extend(data) or set_many(data, *a, **k))
    client_for(client, cast, "leader")

    response = client.get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard", "x": "长" * 5000})

    assert response.status_code == 200
    assert written
    assert max(len(key) for key in written) <= 200, sorted(written, key=len)[-1][:300]


# ---------------------------------------------------------------------------
# Narrow invalidation: a write retires only the figures it changes
# ---------------------------------------------------------------------------
def _body_rendered(response) -> bool:
    return "party/dashboard/_body.html" in [t.name for t in response.templates]


def test_a_draft_does_not_retire_the_citys_dashboard(client, cast, world, cached):
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    client.get(url, {"year": YEAR, "brand": "vanguard"})

    ActivityLog.objects.create(
        organisation=world.orgs["H1"], activity_type="lecture", held_on=datetime.date(YEAR, 11, 1), theme="党课"
    )

    response = client.get(url, {"year": YEAR, "brand": "vanguard"})
    assert not _body_rendered(response)
    assert activities(response) == 40


def test_an_approval_retires_its_region_and_the_city_but_not_another_region(client, cast, world, cached):
    client_for(client, cast, "district")  # 广陵区
    url = reverse("dashboard:index")
    assert activities(client.get(url, {"year": YEAR, "brand": "vanguard"})) == activities(
        client.get(url, {"year": YEAR, "brand": "vanguard"})
    )
    leader = client_for(type(client)(), cast, "leader")
    assert activities(leader.get(url, {"year": YEAR, "brand": "vanguard"})) == 40

    ActivityLog.objects.create(
        organisation=world.orgs["H1"],  # 邗江区
        activity_type="lecture",
        held_on=datetime.date(YEAR, 11, 1),
        theme="党课",
        status="approved",
    )

    assert not _body_rendered(client.get(url, {"year": YEAR, "brand": "vanguard"}))
    assert activities(leader.get(url, {"year": YEAR, "brand": "vanguard"})) == 41


def test_a_draft_shows_at_once_among_the_secretarys_own_figures(client, cast, world, cached):
    from apps.party.templatetags.party_dashboard import branch_figures_for

    before = branch_figures_for(cast.secretary, YEAR)
    ActivityLog.objects.create(
        organisation=cast.branch,
        activity_type="lecture",
        held_on=datetime.date(YEAR, 11, 1),
        theme="党课",
        status="submitted",
    )
    assert branch_figures_for(cast.secretary, YEAR)["pending"] == before["pending"] + 1


def _members_shown(cast) -> int:
    from apps.party.templatetags.party_dashboard import branch_figures_for

    return branch_figures_for(cast.secretary)["members"]


def test_an_import_retires_the_figures_it_wrote(client, cast, cached):
    from tests.excel.conftest import member_file
    from tests.excel.test_admin_flow import upload

    before = _members_shown(cast)
    c = client_for(client, cast, "staff")
    preview = upload(c, member_file(cast.branch.name, 3))
    c.post(reverse("admin:party_membership_process_import"), preview.context["confirm_form"].initial)

    assert _members_shown(cast) == before + 3


def test_a_background_import_retires_the_figures_it_wrote(
    client, cast, cached, settings, django_capture_on_commit_callbacks
):
    from cadre_portal.celery import app
    from tests.excel.conftest import member_file
    from tests.excel.test_admin_flow import upload

    settings.EXCEL_ASYNC_ROWS = 5
    eager, app.conf.task_always_eager = app.conf.task_always_eager, True
    try:
        before = _members_shown(cast)
        with django_capture_on_commit_callbacks(execute=True):
            upload(client_for(client, cast, "district"), member_file(cast.branch.name, 8))
    finally:
        app.conf.task_always_eager = eager

    assert _members_shown(cast) == before + 8


def test_the_dashboard_names_no_brand():
    """The dashboard's frame reads no brand's module or model: a brand's narrow
    invalidation (activity logs) lives in the brand, declared on its section."""
    import importlib
    from importlib.util import find_spec
    from pathlib import Path

    from django.apps import apps

    # The apps whose brand (apps/<app>/brand.py) shows a section on the dashboard.
    labels = {
        c.label
        for c in apps.get_app_configs()
        if c.name.startswith("apps.")
        and find_spec(f"{c.name}.brand")
        and any(s.selector for s in importlib.import_module(f"{c.name}.brand").BRAND.dashboard_sections)
    }
    assert {"party", "volunteers", "care", "education", "workforce"} <= labels
    source = Path(dashboard_cache.__file__).parent
    for path in sorted(source.rglob("*.py")):
        text = path.read_text()
        for label in labels:
            for spelling in (f"apps.{label}", f'"{label}.', f'"{label}"', f"'{label}"):
                assert spelling not in text, (path.name, spelling)
        assert "party" not in text.lower(), path.name


def test_a_narrow_model_is_retired_by_its_brand_not_by_the_frame(world, cached):
    """ActivityLog is its section's narrow model: the frame connects no broad bump to it,
    its brand's handler bumps the region's and the city's log generations, and an Excel
    import of it (no model signal) still retires every figure."""
    from django.db.models.signals import post_save

    from apps.core import generations
    from apps.core.brands import dashboard_models, dashboard_narrow_models

    assert "party.ActivityLog" in dashboard_narrow_models()
    assert "party.ActivityLog" not in dashboard_models()
    assert dashboard_cache.LOGS_GENERATION == generations.LOGS_FIGURES == "dashboard:logs-generation:{}"
    assert dashboard_cache.bump not in post_save._live_receivers(ActivityLog)[0]
    cache.set(dashboard_cache.GENERATION_KEY, broad := "broad")
    region = world.orgs["H1"].region_id
    cache.set(dashboard_cache.LOGS_GENERATION.format(region), "old")
    ActivityLog.objects.create(
        organisation=world.orgs["H1"],
        activity_type="lecture",
        held_on=datetime.date(YEAR, 11, 1),
        theme="党课",
        status="approved",
    )
    assert cache.get(dashboard_cache.LOGS_GENERATION.format(region)) not in (None, "old")
    assert cache.get(dashboard_cache.GENERATION_KEY) == broad
    dashboard_cache.imported(sender=None, model=ActivityLog)
    assert cache.get(dashboard_cache.GENERATION_KEY) != broad


def test_a_brands_own_record_retires_that_brand_only(client, cast, world, cached):
    """A team's activity is 绿扬霞光's own model (``own_models``): writing one retires
    绿扬霞光's figures, not every figure nor 银发先锋's page; an import of one (no model
    signal) still retires every figure."""
    from apps.core.brands import dashboard_models, dashboard_own_models, registry
    from apps.volunteers.models import Activity
    from tests.volunteers.conftest import activity

    brands = {brand.key: brand for brand in registry()}
    assert dashboard_own_models()["volunteers.Activity"] == ["afterglow"]
    assert dashboard_own_models()["education.Enrolment"] == ["sunset_education"]
    assert "volunteers.Activity" not in dashboard_models()
    own = dashboard_cache.BRAND_GENERATION.format("afterglow")
    assert own in dashboard_cache.brand_generations(brands["afterglow"])
    assert dashboard_cache.LOGS_GENERATION.format("city") not in dashboard_cache.brand_generations(brands["afterglow"])
    assert dashboard_cache.LOGS_GENERATION.format(7) in dashboard_cache.brand_generations(brands["vanguard"], 7)

    cache.set(dashboard_cache.GENERATION_KEY, broad := "broad")
    cache.set(own, "old")
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    client.get(url, {"year": YEAR, "brand": "vanguard"})

    activity(cast.team)

    assert cache.get(own) not in (None, "old")
    assert cache.get(dashboard_cache.GENERATION_KEY) == broad
    assert not _body_rendered(client.get(url, {"year": YEAR, "brand": "vanguard"}))
    dashboard_cache.imported(sender=None, model=Activity)
    assert cache.get(dashboard_cache.GENERATION_KEY) != broad


def test_the_overview_recomputes_only_the_brand_a_write_changed(client, cast, world, cached, monkeypatch):
    """The overview keeps each brand's headline figures apart: after a team's activity
    only 绿扬霞光's selector runs again, and its figure shows the new activity."""
    from apps.core import brands as brand_registry
    from tests.volunteers.conftest import activity

    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    client.get(url, {"year": YEAR})
    called = []
    real = brand_registry.resolve

    def spy(target):
        found = real(target)
        if isinstance(target, str) and target.endswith(".key_figures"):
            return lambda *args: called.append(target) or found(*args)
        return found

    monkeypatch.setattr("apps.dashboard.views.resolve", spy)
    activity(cast.team, date=datetime.date(YEAR, 11, 2))
    client.get(url, {"year": YEAR})
    assert called == ["apps.volunteers.dashboard.key_figures"]
