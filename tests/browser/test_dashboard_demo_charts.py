"""Every brand's tab and every part of it on the demo data, in Chromium, as 局领导 on a
desktop and on a phone (issue 19): each chart is drawn (ECharts puts an SVG or a canvas of
some size in its box), no JavaScript error is logged, and on the phone the page is no wider
than the screen, wide tables scroll inside their own box and no number breaks across lines.

The demo is seeded once for the module (one test, one browser context per viewport): the
live server needs committed rows, which a transactional test flushes when it ends."""

import contextlib
import os
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import test_dashboard
from tests.browser.test_dashboard import SIZES, _console_errors
from tests.browser.test_dashboard_overview import BROKEN_NUMBERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

reference_data = test_dashboard.reference_data

# (tab, part): every tab and sub-tab a leader sees; the page's own navigation must list
# exactly these, so a new brand or part is not left out silently.
PAGES = [
    ("总览", ""),
    ("银发先锋", ""),
    ("绿扬霞光", "志愿服务"),
    ("绿扬霞光", "四单服务"),
    ("绿扬霞光", "草根内参"),
    ("牵手夕阳", "服务保障"),
    ("牵手夕阳", "老年教育"),
    ("丹心向党", ""),
]

CHARTS = "[data-table-chart], [data-chart], [data-trend-chart]"

# Each chart box: its name, whether it is shown, its size and that of what ECharts drew.
MEASURE_CHARTS = """(selector) => Array.from(document.querySelectorAll(selector)).map(el => {
  const box = el.getBoundingClientRect();
  const drawn = el.querySelector('svg, canvas');
  const inner = drawn ? drawn.getBoundingClientRect() : {width: 0, height: 0};
  return {
    name: el.dataset.tableChart || el.dataset.chart || el.dataset.trendChart,
    shown: el.checkVisibility(), right: box.right, width: box.width, height: box.height,
    drawn: drawn ? drawn.tagName.toLowerCase() : null, drawnWidth: inner.width, drawnHeight: inner.height,
    marks: drawn ? drawn.querySelectorAll('path, rect, text').length : 0,
  };
})"""

# Tables wider than their box: does the box scroll (overflow-x), and does scrolling it move
# the table while the page itself stays put?
WIDE_TABLES = """() => Array.from(document.querySelectorAll('.dash-table-wrap')).filter(w => w.checkVisibility()
    && w.scrollWidth > w.clientWidth + 1).map(w => {
  const style = getComputedStyle(w).overflowX;
  const before = window.scrollX;
  w.scrollLeft = w.scrollWidth;
  const moved = w.scrollLeft > 0;
  w.scrollLeft = 0;
  const caption = w.querySelector('caption');
  return {table: caption ? caption.innerText.trim() : '?', overflow: style, scrolls: moved,
          pageMoved: window.scrollX !== before, right: w.getBoundingClientRect().right};
})"""


def _tab_links(page, selector):
    return [(a.inner_text().split("\n")[0].strip(), a.get_attribute("href")) for a in page.locator(selector).all()]


def _check_page(page, label, phone, width, problems):
    """Check the page in view, adding what is wrong to ``problems``; returns its number of
    charts and of tables wider than their box."""
    page.wait_for_load_state("load")
    for summary in page.locator(".dashboard details:not([open]) > summary").all():  # collapsed tables too
        if summary.is_visible():
            summary.click()
    with contextlib.suppress(PlaywrightTimeout):  # a chart not drawn is reported below, by name
        page.wait_for_function(
            "(s) => Array.from(document.querySelectorAll(s)).every(el => el.querySelector('svg, canvas'))",
            arg=CHARTS,
            timeout=5000,
        )
    charts = page.evaluate(MEASURE_CHARTS, CHARTS)
    if not charts:
        problems.append((label, "no chart on the page"))
    for chart in charts:
        ok = (
            chart["shown"]
            and chart["drawn"]
            and chart["width"] > 100
            and chart["height"] > 100
            and chart["drawnWidth"] > 100
            and chart["drawnHeight"] > 100
            and chart["marks"] > 0
        )
        if not ok:
            problems.append((label, "chart not drawn", chart))
        elif phone and chart["right"] > width + 1:
            problems.append((label, "chart wider than the phone", chart))
    wide = page.evaluate(WIDE_TABLES)
    if phone:
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        if overflow > 1:
            problems.append((label, f"page {overflow}px wider than the phone"))
        for table in wide:
            if table["overflow"] not in ("auto", "scroll") or not table["scrolls"] or table["pageMoved"]:
                problems.append((label, "wide table does not scroll in its box", table))
        broken = page.evaluate(BROKEN_NUMBERS)
        if broken:
            problems.append((label, "numbers broken across lines", broken))
    return len(charts), len(wide)


def test_every_tab_and_part_draws_its_charts_on_the_demo(browser, live_server, client, settings, artifacts_dir):
    settings.DASHBOARD_CACHE_SECONDS = 0
    call_command("seed_demo", quiet_accounts=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from apps.accounts.models import User

    client.force_login(User.objects.get(username="demo_leader"))
    session = client.cookies["sessionid"].value
    index = f"{live_server.url}{reverse('dashboard:index')}"
    problems, found = [], {}
    for size, (width, height) in SIZES.items():
        phone = size == "phone"
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, locale="zh-CN"
        )
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        errors = _console_errors(page)
        page.goto(index)
        visited = []
        for tab, tab_href in _tab_links(page, "nav.dash-tabs:not(.dash-subtabs) a"):
            page.goto(f"{index}{tab_href}")
            parts = _tab_links(page, "nav.dash-subtabs a") or [("", None)]
            for part, part_href in parts:
                if part_href:
                    page.goto(f"{index}{part_href}")
                visited.append((tab, part))
                found[(size, tab, part)] = _check_page(page, (size, tab, part), phone, width, problems)
                query = parse_qs(urlsplit(page.url).query)
                name = query.get("part", query.get("brand", ["overview"]))[0]
                page.screenshot(path=os.path.join(artifacts_dir, f"dashboard-demo-{size}-{name}.png"), full_page=True)
        assert visited == PAGES, visited
        problems += [((size, "JavaScript"), error) for error in errors]
        context.close()
    assert problems == [], problems
    # The same charts on both screens; on the phone some tables are wider than the screen
    # (so their scrolling was tried).
    assert all(found[("desktop", *label)][0] == found[("phone", *label)][0] for label in PAGES), found
    assert sum(found[("phone", *label)][1] for label in PAGES) > 0, found
