"""Dashboard tables and the heat map in Chromium at 1440 px and on a phone (390 px).

- a table wider than its box says so (a visible scroll cue) instead of silently hiding
  its last columns (三会一课达标（按月）: 11月, 12月);
- on a phone the heat map shows every month and no run-together cell labels (the
  percentages are in the tooltip and in the table below);
- the collapsed 主要指标数据表 shows a marker that it opens.
"""

import os

import pytest
from django.urls import reverse

from tests.browser import test_dashboard
from tests.browser.test_dashboard import _signed_in
from tests.dashboard.conftest import YEAR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

# The live server's committed data is flushed after each test: the same reference data as
# the dashboard's own browser tests put back.
reference_data = test_dashboard.reference_data


def _open_dashboard(page, live_server, client, cast, width, height):
    page.set_viewport_size({"width": width, "height": height})
    _signed_in(page, client, live_server, cast.leader)
    page.goto(f"{live_server.url}{reverse('dashboard:index')}?year={YEAR}&brand=vanguard")
    page.wait_for_selector('[data-chart="compliance"] svg')


def _hidden_columns_without_cue(page) -> list[str]:
    """Tables on screen whose box hides columns and shows no visible scroll cue."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.dash-table-wrap')).filter(wrap => {
            if (!wrap.checkVisibility() || wrap.scrollWidth <= wrap.clientWidth + 1) return false;
            // Its own cue, just above it (a section may hold several tables).
            const cue = wrap.previousElementSibling && wrap.previousElementSibling.classList.contains('scroll-cue')
                ? wrap.previousElementSibling : null;
            return !(cue && cue.offsetParent !== null && cue.innerText.trim());
        }).map(wrap => wrap.querySelector('caption') ? wrap.querySelector('caption').innerText : '?')"""
    )


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_wide_tables_show_that_they_scroll(
    width,
    height,
    page,
    live_server,
    client,
    cast,
    settings,
    artifacts_dir,
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    _open_dashboard(page, live_server, client, cast, width, height)
    assert _hidden_columns_without_cue(page) == []
    page.locator(".figures-table summary").click()  # a collapsed table, once opened
    assert _hidden_columns_without_cue(page) == []
    page.screenshot(path=os.path.join(artifacts_dir, f"dashboard-tables-{width}.png"), full_page=True)


def test_the_heat_map_on_a_phone_shows_every_month_and_no_crowded_labels(
    page,
    live_server,
    client,
    cast,
    settings,
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    _open_dashboard(page, live_server, client, cast, 390, 844)
    texts = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-chart="compliance"] svg text'))
            .map(t => t.textContent.trim())"""
    )
    assert not [t for t in texts if t.endswith("%")], texts
    months = [t for t in texts if t.rstrip("月").isdigit()]
    assert len(months) == 12, texts


def test_the_collapsed_figures_table_shows_a_marker(page, live_server, client, cast, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    _open_dashboard(page, live_server, client, cast, 1440, 900)
    summary = page.locator(".figures-table summary")
    marker = page.evaluate(
        """() => { const s = document.querySelector('.figures-table summary');
            return getComputedStyle(s, '::before').content + getComputedStyle(s, '::marker').content; }"""
    )
    assert "▶" in marker, marker
    assert "点击展开" in summary.inner_text()
    summary.click()
    assert page.locator(".figures-table table").is_visible()
