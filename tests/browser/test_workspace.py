"""The secretary's workspace on a phone (390×844) in Debian's Chromium.

A secretary signs in, logs an activity through the three screens (attendance ticked from
the roster, a camera photo carrying GPS in its EXIF) and submits it; district staff sign
in and approve it from the review queue. Every workspace page on the way is checked
against the figures of MIIT's elderly-friendly spec (《互联网网站适老化通用设计规范》):
text ≥ 18 px, line height ≥ 1.3, tap targets ≥ 60×60 px, no horizontal scrolling at
390 px, and axe-core finds no serious or critical violation (contrast included).
"""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from PIL import Image

from apps.core.models import Notice
from apps.party import logs
from apps.party.models import ActivityLog
from tests.conftest import PASSWORD
from tests.workspace.conftest import GPS_IFD, ensure_reference_data, member

# serialized_rollback: the live server needs committed data, and the regions and the
# 三会一课 rules (data migrations) must be back for the next test after the flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORT = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _reference_data():
    ensure_reference_data()


# Measures the page as the spec does: every visible text in <main> (size and line
# height), every tap target in <main> and the site navigation, and the page width.
MEASURE = """() => {
  const problems = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !visible(el) || el.closest('select')) continue;
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const lineHeight = style.lineHeight === 'normal' ? 1.2 * size : parseFloat(style.lineHeight);
    if (size < 18) problems.push(`text ${size}px: ${text.slice(0, 20)}`);
    if (lineHeight / size < 1.3 - 1e-6) problems.push(`line height ${(lineHeight / size).toFixed(2)}: ${text.slice(0, 20)}`);
  }
  const targets = document.querySelectorAll(
    'main a, main button, main label.choice, main label.tick, main label.remove, main select, main textarea, ' +
    'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not(.visually-hidden), ' +
    '.site-nav a, .site-nav button');
  for (const el of targets) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 60 || r.height < 60) problems.push(`target ${Math.round(r.width)}×${Math.round(r.height)}: ${el.outerHTML.slice(0, 70)}`);
  }
  return {problems, scrollWidth: document.documentElement.scrollWidth};
}"""


class Checker:
    def __init__(self, page, artifacts_dir):
        self.page, self.artifacts_dir, self.axe, self.seen = page, artifacts_dir, Axe(), []

    def __call__(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        page.screenshot(path=os.path.join(self.artifacts_dir, f"workspace-{name}.png"), full_page=True)
        measured = page.evaluate(MEASURE)
        assert measured["problems"] == [], f"{name}: {measured['problems']}"
        assert measured["scrollWidth"] <= VIEWPORT["width"], f"{name} scrolls sideways: {measured['scrollWidth']}px"
        result = self.axe.run(page)
        bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{name}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in bad
        )
        self.seen.append(name)


def _camera_photo(path) -> str:
    """A 2000×1500 JPEG with EXIF like a phone camera writes, GPS position included."""
    exif = Image.Exif()
    exif[0x0110] = "TestCam"
    exif[GPS_IFD] = {1: "N", 2: (32.0, 23.0, 5.5), 3: "E", 4: (119.0, 25.0, 1.2)}
    file = path / "IMG_20261120_093000.jpg"
    Image.new("RGB", (2000, 1500), (190, 60, 50)).save(file, format="JPEG", exif=exif)
    assert Image.open(file).getexif().get_ifd(GPS_IFD)
    return str(file)


def _sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url, page.content()[:500]


def _world(cast):
    members = [member(cast.branch, i) for i in range(3)]
    Notice.objects.create(user=cast.secretary, title="请在本月 30 日前开展主题党日", body="本月主题党日尚未记录。")
    earlier = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={
            "activity_type": "committee_meeting",
            "held_on": timezone.localdate() - datetime.timedelta(days=5),
            "theme": "研究本季度党员教育安排",
        },
        attendance={p.pk: (True, "") for p in members},
    )
    logs.activity_log_submit(log=earlier, user=cast.secretary)
    logs.activity_log_return(log=earlier, reviewer=cast.district, comment="请写清楚会议议定的事项。")
    return members


def test_secretary_logs_an_activity_and_district_staff_approve_it(page, live_server, cast, artifacts_dir, tmp_path):
    members = _world(cast)
    photo = _camera_photo(tmp_path)
    page.set_viewport_size(VIEWPORT)
    check = Checker(page, artifacts_dir)

    # The secretary: home, then the three screens.
    _sign_in(page, live_server, "secretary")
    page.click(".site-nav >> text=工作台")
    assert page.locator("h1").inner_text() == cast.branch.name
    assert "请写清楚会议议定的事项" in page.inner_text("main")
    check("home")

    page.click("text=记一次组织生活")
    check("step1")
    page.click("label.choice:has-text('主题党日')")
    page.fill("#id_theme", "重温入党誓词")
    page.fill("#id_place", "东关社区党员活动室")
    page.click("text=下一步：出席情况")

    assert page.locator("input[name=present]:checked").count() == 3
    assert (
        page.locator(".tick .state").evaluate_all("els => els.map(e => getComputedStyle(e, '::after').content)")
        == ['"✓ 出席"'] * 3
    )
    absent = members[2]
    page.click(f"label[for=p{absent.pk}]")
    assert (
        page.locator(f"label[for=p{absent.pk}] .state").evaluate("e => getComputedStyle(e, '::after').content")
        == '"✗ 缺席"'
    )
    page.fill(f"#r{absent.pk}", "住院")
    check("step2")
    page.click("text=下一步：内容和照片")

    page.fill("#id_content", "全体党员重温入党誓词，交流学习体会。")
    page.set_input_files("#id_photos", photo)
    assert "已选择 1 张照片" in page.inner_text("#photo-count")
    check("step3")
    page.click("button[value=submit]")
    page.wait_for_url("**/done/")
    check("done")

    log = ActivityLog.objects.get(theme="重温入党誓词")
    assert log.status == "submitted"
    assert log.attendance.filter(present=True).count() == 2
    assert log.attendance.get(present=False).absence_reason == "住院"
    stored = Image.open(log.photos.get().image)
    assert stored.size == (1600, 1200)
    assert len(stored.getexif()) == 0

    page.click("text=查看这条记录")
    check("detail")
    page.goto(f"{live_server.url}/workspace/logs/")
    check("list")

    # District staff: the queue, the log, the confirmation page.
    _sign_in(page, live_server, "district")
    page.click(".site-nav >> text=审核队列")
    check("review-queue")
    page.click("a.item:has-text('重温入党誓词')")
    assert "住院" in page.inner_text("main")
    page.locator(".photos img").first.scroll_into_view_if_needed()
    check("review-detail")
    page.click("text=通过")
    check("review-approve")
    page.click("button:has-text('确认通过')")
    page.wait_for_url("**/workspace/review/")
    assert "已审核通过" in page.inner_text("main")
    check("review-queue-empty")

    log.refresh_from_db()
    assert (log.status, log.reviewed_by) == ("approved", cast.district)
    assert len(check.seen) == 11


def test_returning_from_the_queue_on_a_phone(page, live_server, cast, artifacts_dir):
    members = _world(cast)
    log = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={"activity_type": "lecture", "held_on": timezone.localdate(), "theme": "专题党课"},
        attendance={p.pk: (True, "") for p in members},
    )
    logs.activity_log_submit(log=log, user=cast.secretary)
    page.set_viewport_size(VIEWPORT)
    check = Checker(page, artifacts_dir)

    _sign_in(page, live_server, "district")
    page.goto(f"{live_server.url}/workspace/review/{log.pk}/return/")
    page.click("button:has-text('确认退回')")  # no comment: the page says what is missing
    assert "请填写退回意见" in page.inner_text("main")
    check("review-return-error")
    page.fill("#id_comment", "请补充党课讲稿要点。")
    page.click("button:has-text('确认退回')")
    page.wait_for_url("**/workspace/review/")
    log.refresh_from_db()
    assert (log.status, log.review_comment) == ("returned", "请补充党课讲稿要点。")

    _sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/workspace/")
    assert "请补充党课讲稿要点" in page.inner_text("main")
    page.click(".comment:has-text('专题党课') >> text=去修改")
    assert "请补充党课讲稿要点" in page.inner_text("main")
    check("fix-returned")
