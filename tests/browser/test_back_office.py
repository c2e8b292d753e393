"""Bureau staff in the back office: Chinese sidebar grouped by brand, each in its colour,
and the start page with the brands' live figures."""

import os

import pytest

from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1366, "height": 900}


def test_staff_log_in_and_see_the_brand_sidebar(page, live_server, cast, artifacts_dir):
    f.TeamMemberFactory(team=cast.team)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/admin/")
    assert "/admin/login/" in page.url
    page.screenshot(path=os.path.join(artifacts_dir, "admin_login.png"), full_page=True)
    page.fill("#id_username", cast.staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    groups = page.locator("#nav-sidebar-apps .brand-group")
    brands = [groups.nth(i).get_attribute("data-brand") for i in range(groups.count())]
    # Bureau staff see the four brands and system administration (users, regions, tasks);
    # the assessment group shows once its models are registered.
    for brand in ["vanguard", "afterglow", "sunset", "loyal", "system"]:
        assert brand in brands
    titles = page.locator("#nav-sidebar-apps .brand-group-title").all_inner_texts()
    assert any("银发先锋" in t for t in titles)
    assert any("绿扬霞光" in t for t in titles)
    # Each group title is drawn in its brand's colour.
    colour = page.locator('.brand-group[data-brand="afterglow"] .brand-group-title').evaluate(
        "el => getComputedStyle(el).color"
    )
    assert colour == "rgb(46, 125, 50)"

    # A group opens and lists its models in Chinese.
    page.locator('.brand-group[data-brand="afterglow"] .brand-group-title').click()
    link = page.locator('#nav-sidebar-apps a[href="/admin/volunteers/team/"]')
    link.wait_for()
    assert "志愿服务团队" in link.inner_text()

    # The start page shows the brands' figures, city-wide for staff: the cast's two teams,
    # the one active volunteer.
    tile = page.locator('.brand-tile[data-brand="afterglow"]').inner_text()
    assert "志愿服务团队\n2" in tile
    assert "在队志愿者\n1" in tile
    page.screenshot(path=os.path.join(artifacts_dir, "admin_index_staff.png"), full_page=True)

    # Into a changelist: its group stays open and the item is marked in the brand colour.
    link.click()
    page.wait_for_url(f"{live_server.url}/admin/volunteers/team/")
    active = page.locator('.brand-group[data-brand="afterglow"] ol a.active')
    assert "志愿服务团队" in active.inner_text()
    assert active.evaluate("el => getComputedStyle(el).color") == "rgb(46, 125, 50)"
    assert "红马甲义工队" in page.locator("#result_list").inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "admin_changelist_staff.png"), full_page=True)


def test_a_secretary_sees_no_back_office(page, live_server, cast):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", cast.secretary.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    assert "/admin/login/" in page.url
    assert "不能进入后台管理" in page.locator("body").inner_text()
