"""The region 综合考评's scorecard on a phone (390 px), as a district officer opens it: the
items grouped by brand with their weights and subtotals, every number on one line, the
wide table saying that it scrolls, an evidence link followed into the brand's records,
and axe-core finding nothing serious or critical."""

import datetime
import os
from decimal import Decimal as D

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.assessment import services
from apps.assessment.choices import Brand, IndicatorKind, UnitKind
from apps.assessment.models import Result
from tests import factories as f
from tests.assessment.conftest import MANUAL, THEME_DAY, YEAR, Builder
from tests.assessment.test_tally import run_now
from tests.browser.test_ux_phone import LINES, PHONE, _assert_numbers_on_one_line, _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORDS_ON_TIME = {
    "code": "B2",
    "name": "服务记录按时完成率",
    "brand": Brand.AFTERGLOW,
    "max_score": D("10"),
    "kind": IndicatorKind.AUTOMATIC,
    "formula_key": "volunteers.records_on_time",
    "params": {"method": "linear", "target": 100},
}


def _world(cast):
    """广陵区: theme days in eight months of twelve, a team whose three activities were
    recorded, two of them on time; a grouped region scheme tallied."""
    from apps.volunteers.models import Activity, ServiceCategory

    build = Builder()
    for month in range(1, 9):
        build.log(cast.branch, "theme_day", datetime.date(YEAR, month, 10))
    team = f.TeamFactory(name="常青藤志愿服务队", region=cast.branch.region)
    category = ServiceCategory.objects.get_or_create(name="文明创建")[0]
    for n, late in enumerate((False, False, True), 1):
        day = datetime.date(YEAR, 3 * n, 5)
        due = day + datetime.timedelta(days=14)
        done = due + datetime.timedelta(days=3 if late else -7)
        Activity.objects.create(
            team=team,
            category=category,
            title=f"文明劝导{n}",
            date=day,
            place="东关社区",
            record_due_on=due,
            records_done_at=datetime.datetime.combine(done, datetime.time(20), tzinfo=datetime.UTC),
        )
    scheme = build.scheme(
        unit_kind=UnitKind.REGION,
        indicators=[THEME_DAY, RECORDS_ON_TIME, {**MANUAL, "brand": Brand.GENERAL}],
        open_it=False,
    )
    services.groups_set(scheme=scheme, weights=[(Brand.VANGUARD, 50), (Brand.AFTERGLOW, 30), (Brand.GENERAL, 20)])
    scheme = services.scheme_open(scheme=scheme)
    run = run_now(scheme)
    return Result.objects.get(run=run, region=cast.branch.region)


def test_a_district_officer_reads_the_grouped_scorecard_on_a_phone(page, live_server, cast, artifacts_dir):
    result = _world(cast)
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server, cast.district)
    page.goto(f"{live_server.url}/assessment/results/{result.pk}/")
    page.screenshot(path=os.path.join(artifacts_dir, "assessment_grouped_scorecard_phone.png"), full_page=True)

    # Grouped by brand, each with its weight, and a subtotal of what it adds to the total.
    heads = page.locator(".as-group-head th").all_inner_texts()
    assert heads == ["银发先锋（50.00 分）", "绿扬霞光（30.00 分）", "综合评价（20.00 分）"]
    subtotals = page.locator(".as-subtotal").all_inner_texts()
    assert [" ".join(s.split()) for s in subtotals] == [
        "银发先锋小计 33.33 / 50.00",  # 8 of 12 months
        "绿扬霞光小计 20.00 / 30.00",  # 2 of 3 activities recorded on time
        "综合评价小计 20.00 / 20.00",
    ]
    assert " ".join(page.locator(".as-total").inner_text().split()) == "总分 73.33"

    # No number breaks across lines; the headers neither; the table says that it scrolls.
    _assert_numbers_on_one_line(page, "grouped scorecard")
    headers = page.locator(".as-table thead th")
    assert all(headers.nth(i).evaluate(LINES) == 1 for i in range(headers.count()))
    assert page.locator(".as-scroll").first.evaluate("el => el.scrollWidth > el.clientWidth")
    hint = page.locator(".as-scroll-hint").first
    assert hint.is_visible() and "左右滑动查看更多" in hint.inner_text()
    # The page itself does not scroll sideways: only the table's box does.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")

    axe = Axe().run(page)
    bad = [v["id"] for v in axe.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad

    # The evidence of 绿扬霞光's item leads into the team's activities in the back office.
    row = page.locator("tr", has_text="B2 服务记录按时完成率")
    row.get_by_role("link", name="查看记录").click()
    page.wait_for_load_state()
    assert "/admin/volunteers/activity/" in page.url
    assert page.locator("#result_list").is_visible()
    assert page.get_by_text("文明劝导1").first.is_visible()
    page.screenshot(path=os.path.join(artifacts_dir, "assessment_scorecard_evidence_phone.png"), full_page=True)
