"""The dashboard in Debian's Chromium: desktop and phone, no console errors, charts drawn."""

import os

import pytest
from django.urls import reverse

from tests.dashboard.conftest import YEAR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """The live server needs committed data, so these tests flush every table afterwards —
    the reference data of the migrations too. Put back what the next test relies on: the
    regions, the role groups and the 三会一课 rules."""
    import importlib

    from django.conf import settings as django_settings
    from django.core.management import call_command

    from apps.party.models import ComplianceRule
    from apps.regions.models import Region

    if not Region.objects.exists():
        call_command("loaddata", str(django_settings.BASE_DIR / "fixtures" / "regions.json"), verbosity=0)
    call_command("sync_roles", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not ComplianceRule.objects.exists():
        rules = importlib.import_module("apps.party.migrations.0002_default_compliance_rules").RULES
        for activity_type, period, count, note in rules:
            ComplianceRule.objects.create(activity_type=activity_type, period=period, required_count=count, note=note)


def _console_errors(page) -> list:
    """JavaScript errors and failed loads, except the browser's own favicon probe."""
    errors = []

    def on_console(msg):
        if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", ""):
            errors.append(f"{msg.text} {msg.location}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
CHARTS = ["regions", "monthly", "types", "compliance"]


def _signed_in(page, client, live_server, user):
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_dashboard_renders_with_charts_and_no_console_errors(
    size, page, live_server, client, reference_data, cast, artifacts_dir, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    _signed_in(page, client, live_server, cast.leader)

    page.goto(f"{live_server.url}{reverse('dashboard:index')}?year={YEAR}&brand=vanguard")
    page.wait_for_selector('[data-chart="compliance"] svg')
    assert page.locator("h1").inner_text() == "老干部工作数据看板"
    for key in CHARTS:
        box = page.locator(f'[data-chart="{key}"] svg').first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, (key, box)
    # Labels are Chinese and the key figures are the hand-counted ones.
    assert "组织生活（已审核通过）" in page.locator(".kpi-grid").inner_text()
    assert page.locator('.kpi[data-key="activities"] .kpi-value').inner_text().startswith("40")
    # 广陵区 in January: half of the due 三会一课 slots met.
    assert "50.0%" in page.locator("#table-compliance").inner_text()
    # Nothing wider than the screen on a phone (tables scroll inside their own box).
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"
    page.screenshot(path=os.path.join(artifacts_dir, f"dashboard-{size}.png"), full_page=True)
    assert errors == []


def test_print_view_renders(page, live_server, client, reference_data, cast, artifacts_dir, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    build_world(cast)
    errors = _console_errors(page)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    _signed_in(page, client, live_server, cast.leader)
    page.goto(f"{live_server.url}{reverse('dashboard:print')}?year={YEAR}&brand=vanguard")
    page.wait_for_selector('[data-chart="monthly"] svg')
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert "打印时间" in page.locator(".print-meta").inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "dashboard-print.png"), full_page=True)
    page.pdf(path=os.path.join(artifacts_dir, "dashboard-print.pdf"), format="A4")
    assert errors == []
