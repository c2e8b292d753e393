"""The leader's whole path in Chromium, on desktop and on a phone (issue 19, "Done when"):
he reads the overview, opens each brand from it, drills down region → organisation,
exports the tab to Excel, and downloads the year's summary in Word and PDF."""

import io
import os

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.browser import test_dashboard
from tests.browser.test_dashboard import SIZES, _console_errors, _signed_in
from tests.dashboard.conftest import YEAR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

reference_data = test_dashboard.reference_data

BRANDS = ["vanguard", "afterglow", "sunset", "loyal"]


@pytest.fixture
def eager():
    """The summary job runs in the server's process, with or without a broker configured."""
    from cadre_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def _click_and_wait(page, locator, url_part):
    with page.expect_navigation():
        locator.click()
    assert url_part in page.url, (url_part, page.url)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_leader_reads_opens_drills_exports_and_downloads_the_summary(
    size, page, live_server, client, cast, settings, artifacts_dir, eager
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    _signed_in(page, client, live_server, cast.leader)
    overview = f"{live_server.url}{reverse('dashboard:index')}?year={YEAR}"

    # The overview, then each brand's tab from its heading there.
    page.goto(overview)
    page.wait_for_selector('[data-trend-chart="vanguard"] svg')
    assert page.locator(".kpi").count() > 0
    for brand in BRANDS:
        page.goto(overview)
        _click_and_wait(page, page.locator(f'.overview-brand[data-brand="{brand}"] h3 a'), f"brand={brand}")
        assert page.locator(".dash-table").count() > 0, brand
    # Drill down: a region of 银发先锋's table, then one of its organisations.
    page.goto(f"{overview}&brand=vanguard")
    region = page.locator('.dash-table a[href*="/dashboard/regions/"]', has_text="广陵区").first
    _click_and_wait(page, region, "/dashboard/regions/")
    _click_and_wait(page, page.locator('a[href*="/dashboard/organisations/"]').first, "/dashboard/organisations/")
    assert page.locator("h1").inner_text().strip()
    # Excel of the tab in view.
    page.goto(f"{overview}&brand=loyal")
    with page.expect_download() as download:
        page.locator('a[href*="export.xlsx"]').first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    assert "丹心向党" in str(book.worksheets[0]["A1"].value)

    # The year's summary of the city: asked for, generated, downloaded as Word and PDF.
    page.goto(f"{live_server.url}{reverse('summary:index')}")
    page.select_option("#id_year", str(YEAR))
    page.select_option("#id_region", "")
    with page.expect_navigation():
        page.get_by_role("button", name="生成总结").click()
    row = page.locator(".summary-table tbody tr").first
    assert row.locator("td").first.inner_text() == f"{YEAR}年 全市 工作总结"
    with page.expect_download() as word:
        row.get_by_role("link", name="Word 文件").click()
    assert word.value.suggested_filename.endswith(".docx")
    with open(word.value.path(), "rb") as f:
        text = "\n".join(p.text for p in Document(io.BytesIO(f.read())).paragraphs)
    for heading in ("银发先锋", "绿扬霞光", "牵手夕阳", "丹心向党"):
        assert heading in text
    with page.expect_download() as pdf:
        row.get_by_role("link", name="PDF 文件").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with open(pdf.value.path(), "rb") as f:
        assert f.read(4) == b"%PDF"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.screenshot(path=os.path.join(artifacts_dir, f"leader-path-summary-{size}.png"), full_page=True)
    assert errors == []
