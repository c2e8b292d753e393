"""The proof of the brand seam: a brand app added to INSTALLED_APPS, with no file outside its
folder edited, shows its sidebar group, home card and dashboard section, registers its
indicator, has its seed step run by ``seed_demo`` and its schedule installed."""

import sys

import pytest
from django.contrib import admin
from django.contrib.admin import sites
from django.core.management import call_command
from django.test import RequestFactory

from apps.assessment.indicators import REGISTRY, formula_choices
from apps.core import brands
from apps.core.schedules import install_schedules
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
    dashboard = client.get("/dashboard/").content.decode()
    assert 'data-brand="brandkit"' in dashboard and "测试数值：42" in dashboard


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
