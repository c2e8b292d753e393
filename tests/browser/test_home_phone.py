"""A branch secretary on a 390×844 phone: the real login form, then the home page.

The page must be readable by someone in their 70s: body text >= 18px with line-height
>= 1.3, every tap target >= 60px high, nothing wider than the screen, and no colour
contrast failure (axe-core's ``color-contrast`` rule).
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories as f
from tests.conftest import PASSWORD

# The live server needs committed data; serialized_rollback brings back the regions and
# rules (data migrations) after the flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
BRANDS = ["银发先锋", "绿扬霞光", "牵手夕阳", "丹心向党"]

# Interactive elements smaller than 60px high, as "tag text height" strings.
SMALL_TARGETS_JS = """
() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
  .filter(el => el.offsetParent !== null && !el.classList.contains('skip-link'))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.height < 60)
  .map(([el, r]) => `${el.tagName} ${(el.innerText || el.name || '').trim()} ${Math.round(r.height)}`)
"""


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    # Anonymous: sent to the login page, in Chinese, with the site and bureau names.
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "用户登录"
    assert "中共扬州市委老干部局" in page.locator(".login-card").inner_text()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_a_secretary_logs_in_on_a_phone_and_sees_the_four_brands(page, live_server, cast, artifacts_dir):
    # One approved-or-not log and two living cadres in the branch's scope would change the
    # figures; here the branch has exactly one current member.
    f.MembershipFactory(organisation=cast.branch)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("input#id_username").bounding_box()["height"] >= 60
    page.screenshot(path=os.path.join(artifacts_dir, "login_phone.png"), full_page=True)

    _log_in(page, live_server, cast.secretary.username)

    main = page.locator("main").inner_text()
    for brand in BRANDS:
        assert brand in main
    # The branch's own figures: one organisation (the branch), one current member.
    vanguard = page.locator(".brand-vanguard .figures").inner_text()
    assert "党组织\n1" in vanguard
    assert "在册党员\n1" in vanguard

    # No sideways scrolling on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Large type with room between lines.
    font_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    line_px = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    assert font_px >= 18
    assert line_px / font_px >= 1.3
    # Big tap targets.
    assert page.evaluate(SMALL_TARGETS_JS) == []
    # High contrast.
    results = Axe().run(page, options={"runOnly": ["color-contrast"]})
    assert results.violations_count == 0, results.generate_report()

    page.screenshot(path=os.path.join(artifacts_dir, "home_phone_secretary.png"), full_page=True)


def test_a_wrong_password_gets_a_clear_chinese_message(page, live_server, cast, artifacts_dir):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cast.secretary.username)
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")

    alert = page.locator("[role=alert]").inner_text()
    assert "用户名或密码不正确" in alert
    assert "/accounts/login/" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=os.path.join(artifacts_dir, "login_phone_error.png"), full_page=True)
