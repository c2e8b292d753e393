"""The content security policy does not break the back office (unfold, Alpine.js, the
charts) or the portal: Chromium reports no CSP violation and no script error."""

import os

import pytest

from tests import factories as f
from tests.browser.conftest import reference_data  # noqa: F401  (autouse: regions after a flush)
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = [
    "/admin/",
    "/admin/people/person/",
    "/admin/people/person/add/",
    "/admin/volunteers/team/",
    "/admin/password_change/",
    "/",
    "/accounts/otp/setup/",
    "/accounts/password/",
]


def test_no_csp_violation_on_the_main_pages(page, live_server, cast, artifacts_dir):
    f.PersonFactory(region=f.region("广陵区"))
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{page.url}: {msg.text}")
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cast.staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert response.headers.get("content-security-policy"), path
        page.wait_for_load_state("networkidle")
    # Alpine.js runs under the policy: unfold's sidebar search field is interactive.
    page.goto(f"{live_server.url}/admin/")
    page.screenshot(path=os.path.join(artifacts_dir, "security_admin_under_csp.png"), full_page=True)
    assert problems == []
