"""The dashboard's overview and every brand's tab in Chromium (issue 19): the overview's
cards lead to each brand's tab, the five-year trend charts are drawn; on a leader's phone
(390 px) no tab is wider than the screen, every table wider than its box shows that it
scrolls, and no number breaks across lines."""

import os

import pytest
from django.urls import reverse

from tests.browser import test_dashboard
from tests.browser.test_dashboard import _console_errors, _signed_in
from tests.browser.test_dashboard_tables import _hidden_columns_without_cue
from tests.dashboard.conftest import YEAR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

reference_data = test_dashboard.reference_data

# Every page: the overview, each brand's tab, each part of a brand with several (sub-tabs).
TABS = ["overview", "vanguard", "afterglow", "sunset", "sunset_education", "loyal"]
PAGES = [
    ("overview", ""),
    ("vanguard", ""),
    ("afterglow", "afterglow"),
    ("afterglow", "afterglow_orders"),
    ("afterglow", "afterglow_insights"),
    ("sunset", "sunset"),
    ("sunset", "sunset_education"),
    ("loyal", ""),
]

# Cells holding a number, and how many lines each one's text takes on screen.
BROKEN_NUMBERS = """() => {
  const found = [];
  document.querySelectorAll('.dash-table td, .dash-table thead th, .kpi-value, .num').forEach(el => {
    if (!el.checkVisibility() || !/\\d/.test(el.textContent)) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    // Lines: boxes that do not overlap vertically (a smaller unit sits on the same line).
    const rects = Array.from(range.getClientRects()).filter(r => r.width > 0).sort((a, b) => a.top - b.top);
    let lines = 0, bottom = -Infinity;
    rects.forEach(r => { if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); } });
    if (lines > 1) found.push(el.textContent.trim());
  });
  return found;
}"""


def _open(page, live_server, client, cast, brand, width=390, height=844, part=""):
    page.set_viewport_size({"width": width, "height": height})
    _signed_in(page, client, live_server, cast.leader)
    page.goto(f"{live_server.url}{reverse('dashboard:index')}?year={YEAR}&brand={brand}&part={part}")
    page.wait_for_load_state("load")


def test_the_overview_leads_to_each_brand_and_draws_the_trend(page, live_server, client, cast, settings, artifacts_dir):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    _open(page, live_server, client, cast, "overview", 1366, 900)
    page.wait_for_selector('[data-trend-chart="vanguard"] svg')
    for brand in TABS[1:]:  # every brand with headline figures has a trend chart
        box = page.locator(f'[data-trend-chart="{brand}"] svg').first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150, (brand, box)
    assert page.locator('.kpi[data-key="vanguard.organisations"] .kpi-value').inner_text().startswith("6")
    page.screenshot(path=os.path.join(artifacts_dir, "dashboard-overview-1366.png"), full_page=True)
    page.locator('.overview-brand[data-brand="loyal"] h3 a').click()
    page.wait_for_load_state("load")
    assert "brand=loyal" in page.url
    assert page.locator('.dash-tabs a[aria-current="page"]').inner_text().startswith("丹心向党")
    assert errors == []


@pytest.mark.parametrize("brand,part", PAGES)
def test_every_tab_on_a_phone_keeps_numbers_whole_and_shows_that_tables_scroll(
    brand, part, page, live_server, client, cast, settings, artifacts_dir
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    _open(page, live_server, client, cast, brand, part=part)
    if brand == "overview":
        page.wait_for_selector('[data-trend-chart="vanguard"] svg')
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{brand}: the page is {overflow}px wider than the phone"
    assert page.locator(".dash-table-wrap").count() > 0
    assert _hidden_columns_without_cue(page) == []
    for details in page.locator("details.figures-table summary").all():
        details.click()
    assert _hidden_columns_without_cue(page) == []
    assert page.evaluate(BROKEN_NUMBERS) == []
    page.screenshot(path=os.path.join(artifacts_dir, f"dashboard-phone-{part or brand}.png"), full_page=True)
    assert errors == []


def test_a_brands_parts_are_sub_tabs_a_finger_and_a_keyboard_can_use(
    page, live_server, client, cast, settings, artifacts_dir
):
    """绿扬霞光 on a phone: its three parts as sub-tabs under its tab, each link at least
    60×60 px, none wider than the screen; the current one marked (aria-current); Tab
    reaches the next and Enter opens it, one part per page."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    _open(page, live_server, client, cast, "afterglow")
    subtabs = page.locator("nav.dash-subtabs a")
    assert subtabs.all_inner_texts() == ["志愿服务", "四单服务", "草根内参"]
    assert page.locator("nav.dash-subtabs").get_attribute("aria-label") == "绿扬霞光的板块"
    for link in subtabs.all():
        box = link.bounding_box()
        assert box["width"] >= 60 and box["height"] >= 60 and box["x"] + box["width"] <= 390, box
    assert page.locator('nav.dash-subtabs a[aria-current="page"]').inner_text() == "志愿服务"
    subtabs.nth(0).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "四单服务"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "part=afterglow_orders" in page.url
    assert page.locator('nav.dash-subtabs a[aria-current="page"]').inner_text() == "四单服务"
    assert page.locator('.dash-tabs:not(.dash-subtabs) a[aria-current="page"]').inner_text().startswith("绿扬霞光")
    assert "四单服务主要指标" in page.content() and "绿扬霞光 · 志愿服务" not in page.content()
    page.screenshot(path=os.path.join(artifacts_dir, "dashboard-phone-subtabs.png"), full_page=True)
    assert errors == []
