"""牵手夕阳 · 老年教育 on a phone (390×844) in Debian's Chromium: an elder enrols
themselves, and a daughter enrols her 82-year-old father on his behalf (family consent and
safety pledge), each page held to the elderly-friendly figures the workspace is held to
(text ≥ 18 px, line height ≥ 1.3, targets ≥ 60×60 px, no sideways scrolling, axe-core)."""

import datetime

import pytest

from apps.accounts.services import user_create
from apps.education.models import Enrolment, Guardian
from tests import factories as f
from tests.browser.test_workspace import VIEWPORT, Checker
from tests.conftest import PASSWORD
from tests.education.conftest import make_course, make_term
from tests.workspace.conftest import ensure_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _reference_data():
    ensure_reference_data()


def _sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next=/education/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/education/"), page.url


def test_an_elder_and_a_family_member_enrol_on_a_phone(page, live_server, artifacts_dir):
    term = make_term("new")
    phone_class = make_course(term, name="智能手机应用", seats=40)
    make_course(term, name="书法", seats=30, venue=phone_class.venue)
    elder = user_create(
        username="wangxiulan",
        password=PASSWORD,
        role="",
        full_name="王秀兰",
        person=f.PersonFactory(name="王秀兰", birth_date=datetime.date(1952, 3, 1)),
    )
    father = f.PersonFactory(name="李德明", birth_date=datetime.date(1943, 6, 1))
    daughter = user_create(username="lixiaohong", password=PASSWORD, role="", full_name="李晓红")
    Guardian.objects.create(user=daughter, person=father, relation="child")
    page.set_viewport_size(VIEWPORT)
    check = Checker(page, artifacts_dir)

    # The elder, herself.
    _sign_in(page, live_server, "wangxiulan")
    check("edu-home-empty")
    page.click("text=查看课程并报名")
    check("edu-courses")
    page.click(".item.course:has-text('智能手机应用') >> text=报名这门课")
    check("edu-apply")
    page.click("text=提交报名")
    page.wait_for_load_state("load")
    assert "智能手机应用" in page.inner_text("main") and "已报名待抽签" in page.inner_text("main")
    check("edu-home-applied")
    mine = Enrolment.objects.get(person=elder.person)
    assert (mine.channel, mine.entered_by_id) == ("self", elder.pk)

    # The daughter, for her father: refused without consent, then enrolled with it.
    _sign_in(page, live_server, "lixiaohong")
    page.click("text=查看课程并报名")
    page.click(".item.course:has-text('书法') >> text=报名这门课")
    page.click("text=提交报名")
    page.wait_for_load_state("load")
    assert "须有家属知情同意" in page.inner_text("main")
    check("edu-apply-refused")
    assert not Enrolment.objects.filter(person=father).exists()
    page.click("label.choice:has-text('家属已知情并同意报名')")
    page.click("label.choice:has-text('安全承诺书')")
    page.fill("#id_consent_by", "李晓红")
    page.click("text=提交报名")
    page.wait_for_load_state("load")
    assert "李德明的报名" in page.inner_text("main") and "书法" in page.inner_text("main")
    check("edu-home-family")
    his = Enrolment.objects.get(person=father)
    assert (his.channel, his.entered_by_id, his.consent_by, his.safety_pledge) == (
        "family",
        daughter.pk,
        "李晓红",
        True,
    )
