"""The proof of the brand seam: a brand app added to INSTALLED_APPS, with no file outside its
folder edited, shows its sidebar group, home card and dashboard section, registers its
indicator, has its seed step run by ``seed_demo`` and its schedule installed."""

import importlib
import sys

import pytest
from django.contrib import admin
from django.contrib.admin import sites
from django.core.management import call_command
from django.test import RequestFactory

from apps.assessment.indicators import REGISTRY, formula_choices
from apps.core import brands
from apps.core.navigation import portal_navigation
from apps.core.schedules import install_schedules
from apps.core.sites import index_order
from apps.core.views import brand_url
from cadre_portal.unfold_conf import sidebar_navigation
from tests.brandkit import parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def brandkit(settings):
    """``tests.brandkit`` installed for one test (``override_settings`` re-populates the app
    registry), and everything it registered taken away afterwards."""
    site = admin.site
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "tests.brandkit"]
    # Re-populating the registry runs every AppConfig.ready() again, and unfold's puts a
    # new, empty admin site in place of the project's: keep the one the URLs use.
    admin.site = sites.site = site
    brands.clear()
    yield
    REGISTRY.pop("brandkit.constant", None)
    sys.modules.pop("tests.brandkit.indicators", None)
    parts.SEEDED.clear()
    brands.clear()


@pytest.fixture
def brandkit_urls(request):
    """The workspace's URLs read again with ``tests.brandkit`` installed (the root URLconf
    too: its resolvers keep what they read), put back after."""
    from django.urls import clear_url_caches

    # Imported before the app is installed: ``saved`` is without it.
    import apps.workspace.urls as workspace_urls
    import cadre_portal.urls as root_urls

    saved = workspace_urls.urlpatterns
    request.getfixturevalue("brandkit")
    importlib.reload(workspace_urls)
    importlib.reload(root_urls)
    clear_url_caches()
    yield
    workspace_urls.urlpatterns = saved
    importlib.reload(root_urls)
    clear_url_caches()


def _sidebar(user) -> dict:
    request = RequestFactory().get("/admin/")
    request.user = user
    return {g["brand"]: [i["title"] for i in g["items"]] for g in sidebar_navigation(request)}


def test_without_the_app_nothing_of_it_shows(cast):
    brands.clear()
    assert "brandkit" not in _sidebar(cast.staff)
    assert "brandkit.constant" not in dict(formula_choices())


def test_its_sidebar_group_shows_to_a_role_with_the_permission(brandkit, cast):
    groups = _sidebar(cast.staff)
    assert groups["brandkit"] == ["测试人员"]
    # Among the brands by its order, before the shared groups.
    assert list(groups).index("brandkit") == list(groups).index("loyal") + 1
    assert "brandkit" not in _sidebar(cast.sysadmin)


def test_its_card_is_on_the_home_page_and_its_section_on_the_dashboard(brandkit, client, cast):
    client.force_login(cast.staff)
    home = client.get("/").content.decode()
    assert "brand-brandkit" in home and "测试人数" in home
    dashboard = client.get("/dashboard/?brand=brandkit").content.decode()
    assert 'data-brand="brandkit"' in dashboard and "测试数值：42" in dashboard


def test_its_card_leads_where_its_brand_py_says(brandkit, client, cast):
    client.force_login(cast.staff)
    home = client.get("/").content.decode()
    assert '<a class="brand-card brand-brandkit" href="/admin/people/person/"' in home
    # A role without the permission: no link.
    client.force_login(cast.sysadmin)
    assert '<a class="brand-card brand-brandkit"' not in client.get("/").content.decode()


def test_its_back_office_app_is_placed_on_the_admin_start_page_by_its_order(brandkit):
    order = index_order()
    assert order.index("brandkit") == order.index("workforce") + 1
    assert order.index("brandkit") < order.index("assessment") < order.index("accounts")


def test_a_card_without_pages_leads_to_the_brands_back_office_app(cast):
    """Core names no brand's app: a brand declaring ``apps`` gets its card linked to it."""
    extra = brands.Brand(
        key="appkit",
        title="测试应用",
        apps=("regions",),
        home_cards=(brands.HomeCard(title="测试应用", figures=lambda user: []),),
    )
    with brands.registered(extra):
        card = next(c for c in brands.home_cards(cast.sysadmin) if c["key"] == "appkit")
        assert brand_url(cast.sysadmin, card) == "/admin/regions/"
        assert brand_url(cast.secretary, card) is None
    assert "regions" not in index_order()[:5]


def test_its_workspace_is_the_landing_page_of_its_role(brandkit_urls, client, cast):
    from django.urls import reverse

    client.force_login(cast.auditor)
    landing = client.get("/workspace/")
    assert landing.status_code == 200
    assert "测试工作台" in landing.content.decode() and "测试品牌的工作台内容" in landing.content.decode()
    assert reverse("workspace:brandkit_page") == "/workspace/brandkit/"
    assert "测试品牌页面" in client.get("/workspace/brandkit/").content.decode()
    assert "工作台" in [item["label"] for item in portal_navigation(cast.auditor)]
    # Other roles keep theirs: the secretary lands in 银发先锋's, staff have none.
    client.force_login(cast.secretary)
    assert "记一次组织生活" in client.get("/workspace/").content.decode()
    assert client.get("/workspace/brandkit/").status_code == 403
    client.force_login(cast.staff)
    assert client.get("/workspace/").status_code == 403


def test_its_indicator_is_a_formula_choice(brandkit):
    brands.registry()
    assert "brandkit.constant" in dict(formula_choices())


def test_its_seed_step_runs_after_the_party_rosters(brandkit):
    call_command("seed_demo", quiet_accounts=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(parts.SEEDED) == 1
    assert parts.SEEDED[0]["branches"] > 0 and parts.SEEDED[0]["rosters"]


def test_its_schedule_is_installed(brandkit):
    from django_celery_beat.models import PeriodicTask

    install_schedules()
    task = PeriodicTask.objects.get(name="测试品牌·每小时巡检")
    assert (task.task, task.interval.every, task.interval.period) == ("brandkit.check", 3600, "seconds")


def test_a_brand_extends_whom_a_scoped_user_sees_in_the_people_registry(cast):
    """The people registry asks the brands (``person_scopes``) whom a team leader or a
    secretary sees; it imports no brand's tables."""
    from django.db.models import Q

    from apps.people.models import Person
    from tests.factories import PersonFactory

    outsider = PersonFactory(name="范围外老人")
    assert not Person.objects.for_user(cast.team_leader).filter(pk=outsider.pk).exists()
    extra = brands.Brand(
        key="scopekit",
        title="测试范围",
        person_scopes=(brands.PersonScope("team", lambda team_id: Q(name="范围外老人")),),
    )
    with brands.registered(extra):
        assert Person.objects.for_user(cast.team_leader).filter(pk=outsider.pk).exists()
        assert not Person.objects.for_user(cast.secretary).filter(pk=outsider.pk).exists()
    assert not Person.objects.for_user(cast.team_leader).filter(pk=outsider.pk).exists()
