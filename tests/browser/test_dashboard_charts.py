"""The brands' table charts in Chromium (issue 19): 绿扬霞光's tab on a phone draws its
charts (SVG, within the screen, no console error) above the tables they come from."""

import datetime
import os
from decimal import Decimal

import pytest

from apps.volunteers import services as s
from tests.browser import test_dashboard
from tests.browser.test_dashboard import _console_errors
from tests.browser.test_dashboard_overview import _open
from tests.dashboard.conftest import YEAR, build_world
from tests.volunteers.conftest import activity, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

reference_data = test_dashboard.reference_data


def test_the_afterglow_tab_draws_its_charts_on_a_phone(page, live_server, client, cast, settings, artifacts_dir):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    volunteer = member(cast.team)
    records = s.records_enter(
        activity=activity(cast.team, date=datetime.date(YEAR, 3, 2)),
        entries=[s.HoursEntry(member=volunteer, hours=Decimal(3))],
    )
    s.records_confirm(records=records, user=None)
    errors = _console_errors(page)
    _open(page, live_server, client, cast, "afterglow", part="afterglow")
    page.wait_for_selector('[data-table-chart="chart-data-afterglow-regions"] svg')
    charts = page.locator("[data-table-chart] svg")
    assert charts.count() >= 3
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and 200 < box["width"] <= 390 and box["height"] >= 180, box
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.screenshot(path=os.path.join(artifacts_dir, "dashboard-phone-afterglow-charts.png"), full_page=True)
    assert errors == []
