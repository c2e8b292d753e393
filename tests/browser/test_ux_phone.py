"""Rough edges a bureau officer met (issue 14): the ranking and the scorecards on a phone
keep every number on one line and say that the table scrolls sideways (item 13); the
scheduled-task page runs no inline script the content security policy blocks (item 20)."""

import datetime
import os

import pytest

from tests.assessment.conftest import YEAR, Builder
from tests.assessment.test_tally import run_now
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}

# How many rendered lines the text of an element takes (distinct line tops of its boxes).
LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))).size;
}"""


def _sign_in(page, live_server, user, path="/accounts/login/", landing="/"):
    page.goto(f"{live_server.url}{path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{landing}")


# Number and status cells, recognised by their text: "87.50 / 100.00", "↑2", "一等次", "查看记录" …
NUMBER_OR_STATUS = r"^([↑↓+\-]?\d[\d.]*(\s*\/\s*\d[\d.]*)?(\s*\S{0,3})?|[一二三]等次|持平|查看记录|人工评分|无数据)$"


def _assert_numbers_on_one_line(page, what):
    lines = page.locator(".as-table tbody td").evaluate_all(
        f"""cells => cells
          .filter(td => new RegExp({NUMBER_OR_STATUS!r}).test(td.innerText.trim()))
          .map(td => [td.innerText.trim(), ({LINES})(td)])"""
    )
    assert lines, what
    assert [(text, n) for text, n in lines if n != 1] == [], what


def test_ranking_and_scorecard_keep_numbers_whole_on_a_phone(page, live_server, cast, artifacts_dir):
    build = Builder()
    branches = [build.branch(f"邗江区槐泗镇退休干部第{n}党支部（离退休干部联合党支部）") for n in "一二三"]
    for branch, months in zip(branches, (12, 9, 5), strict=True):
        for month in range(1, months + 1):
            build.log(branch, "theme_day", datetime.date(YEAR, month, 10))
    scheme = build.scheme()
    run = run_now(scheme)
    result = run.results.order_by("rank").first()

    page.set_viewport_size(PHONE)
    _sign_in(page, live_server, cast.staff)
    for path, name in ((f"/assessment/{scheme.pk}/", "ranking"), (f"/assessment/results/{result.pk}/", "scorecard")):
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=os.path.join(artifacts_dir, f"assessment_{name}_phone.png"), full_page=True)
        _assert_numbers_on_one_line(page, name)
        headers = page.locator(".as-table thead th")
        assert all(headers.nth(i).evaluate(LINES) == 1 for i in range(headers.count())), name
        scroller = page.locator(".as-scroll").first
        assert scroller.evaluate("el => el.scrollWidth > el.clientWidth"), name
        hint = page.locator(".as-scroll-hint").first
        assert hint.is_visible(), name
        assert "左右滑动查看更多" in hint.inner_text()


def test_the_scheduled_task_page_runs_no_blocked_inline_script(page, live_server, cast, artifacts_dir):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab = CrontabSchedule.objects.create(minute="0", hour="9", day_of_month="20")
    task = PeriodicTask.objects.create(name="主题党日提醒", task="party.theme_day_reminder", crontab=crontab)
    problems = []
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type == "error" or "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, live_server, cast.staff)
    response = page.goto(f"{live_server.url}/admin/django_celery_beat/periodictask/{task.pk}/change/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    page.screenshot(path=os.path.join(artifacts_dir, "periodic_task_change.png"), full_page=True)
    assert problems == []
