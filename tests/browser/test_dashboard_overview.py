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

TABS = ["overview", "vanguard", "afterglow", "sunset", "sunset_education", "loyal"]

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


def _open(page, live_server, client, cast, brand, width=390, height=844):
    page.set_viewport_size({"width": width, "height": height})
    _signed_in(page, client, live_server, cast.leader)
    page.goto(f"{live_server.url}{reverse('dashboard:index')}?year={YEAR}&brand={brand}")
    page.wait_for_load_state("load")


def test_the_overview_leads_to_each_brand_and_draws_the_trend(page, live_server, client, cast, settings, artifacts_dir):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    _open(page, live_server, client, cast, "overview", 1366, 900)
    page.wait_for_selector('[data-trend-chart="vanguard"] svg')
    for brand in TABS[1:]:
        box = page.locator(f'[data-trend-chart="{brand}"] svg').first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150, (brand, box)
    assert page.locator('.kpi[data-key="vanguard.organisations"] .kpi-value').inner_text().startswith("6")
    page.screenshot(path=os.path.join(artifacts_dir, "dashboard-overview-1366.png"), full_page=True)
    page.locator('.overview-brand[data-brand="loyal"] h3 a').click()
    page.wait_for_load_state("load")
    assert "brand=loyal" in page.url
    assert page.locator('.dash-tabs a[aria-current="page"]').inner_text().startswith("丹心向党")
    assert errors == []


@pytest.mark.parametrize("brand", TABS)
def test_every_tab_on_a_phone_keeps_numbers_whole_and_shows_that_tables_scroll(
    brand, page, live_server, client, cast, settings, artifacts_dir
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    _open(page, live_server, client, cast, brand)
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
    page.screenshot(path=os.path.join(artifacts_dir, f"dashboard-phone-{brand}.png"), full_page=True)
    assert errors == []
