"""The volunteer team leader's workspace on a phone (390×844) and on a desktop (1280×800).

``team_leader`` signs in and lands on his 工作台 (the workspace shell), records an activity with two
volunteers' hours in three screens, confirms one and returns the other with a reason; every
page meets the elder-first figures of the secretary's workspace (text ≥ 18 px, line height
≥ 1.3, targets ≥ 60×60, no sideways scrolling on the phone) and axe-core finds no serious
or critical violation. Then the public verification page checks a real certificate and
refuses a forged number.
"""

import datetime
import importlib
import os
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps

from apps.volunteers import services
from apps.volunteers.models import ServiceRecord
from tests import factories as f
from tests.browser.test_workspace import MEASURE, _sign_in
from tests.workspace.conftest import ensure_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
DEFAULTS = importlib.import_module("apps.volunteers.migrations.0003_default_categories_and_stars")


@pytest.fixture(autouse=True)
def _reference_data():
    ensure_reference_data()
    DEFAULTS.add(django_apps, None)


class Checker:
    def __init__(self, page, artifacts_dir, viewport, label):
        self.page, self.dir, self.viewport, self.label, self.axe = page, artifacts_dir, viewport, label, Axe()

    def __call__(self, name):
        page = self.page
        page.wait_for_load_state("load")
        page.screenshot(path=os.path.join(self.dir, f"team-leader-{self.label}-{name}.png"), full_page=True)
        measured = page.evaluate(MEASURE)
        assert measured["problems"] == [], f"{name}: {measured['problems']}"
        assert measured["scrollWidth"] <= self.viewport["width"], f"{name} scrolls sideways"
        result = self.axe.run(page)
        bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{name}: " + "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in bad)


@pytest.mark.parametrize("label, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_team_leader_records_confirms_and_returns_hours(page, live_server, cast, artifacts_dir, label, viewport):
    team = cast.team
    wang = f.TeamMemberFactory(team=team, person=f.PersonFactory(name="王秀英", region=team.region))
    li = f.TeamMemberFactory(team=team, person=f.PersonFactory(name="李建国", region=team.region))
    page.set_viewport_size(viewport)
    check = Checker(page, artifacts_dir, viewport, label)

    _sign_in(page, live_server, "team_leader")
    assert page.url.endswith("/workspace/")
    assert page.locator("h1").inner_text() == team.name
    check("home")

    page.click("text=记一次服务活动")
    check("step1")
    page.fill("#id_title", "重阳节敬老服务")
    page.fill("#id_date", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_start_time", "08:30")
    page.fill("#id_end_time", "11:00")
    page.fill("#id_place", "东关社区")
    page.select_option("#id_category", label="家政清洁")
    page.fill("#id_content", "为独居老人打扫卫生")
    page.click("label.choice:has-text('中等体力')")
    page.click("text=下一步：登记时长")

    page.click(f"label[for=m{wang.pk}]")
    page.click(f"label[for=m{li.pk}]")
    assert page.input_value(f"#h{wang.pk}") == "2.5"
    page.fill(f"#h{li.pk}", "2")
    check("step2")
    page.click("text=保存时长，下一步")
    page.wait_for_url("**/activities/*/")
    check("step3")
    assert ServiceRecord.objects.filter(status="pending").count() == 2

    # Confirm 王秀英 only, return 李建国's with a reason.
    page.click("label:has-text('李建国')")  # untick
    page.click("button:has-text('确认勾选的时长')")
    page.wait_for_load_state("load")
    page.click("text=退回李建国的记录")
    check("return")
    page.fill("#id_reason", "签到表上只有 1.5 小时")
    page.click("button:has-text('确认退回')")
    page.wait_for_url("**/workspace/team/hours/")
    check("pending")
    assert ServiceRecord.objects.get(member=wang).status == "confirmed"
    returned = ServiceRecord.objects.get(member=li)
    assert (returned.status, returned.return_reason) == ("returned", "签到表上只有 1.5 小时")

    # An order dispatched to his team waits on his landing page with its deadline; he
    # accepts it there.
    order = _dispatched_order(cast, team)
    page.goto(f"{live_server.url}/workspace/")
    assert "待接工单（1）" in page.content() and "接单期限" in page.content()
    check("home-orders")
    page.click(f"text=工单 {order.number}")
    check("accept")
    page.click("button:has-text('确认接单')")
    page.wait_for_url("**/workspace/orders/")
    check("orders")
    order.refresh_from_db()
    assert order.status == "accepted"


def _dispatched_order(cast, team):
    from django.utils import timezone

    from apps.orders import services as orders
    from apps.orders.models import ServiceCategory

    order = orders.order_create(
        user=cast.staff,
        category=ServiceCategory.objects.get(name="家政清洁"),
        region=team.region,
        address="文昌社区3幢",
        content="独居老人家中大扫除",
        wanted_by=timezone.localdate() + datetime.timedelta(days=14),
        requester_name="王桂英",
    )
    return orders.order_dispatch(user=cast.staff, order=order, team=team)


def test_public_verification_of_a_real_and_a_forged_certificate(page, live_server, cast, artifacts_dir):
    team = cast.team
    member = f.TeamMemberFactory(team=team, person=f.PersonFactory(name="张秀兰", region=team.region))
    activity = services.activity_save(
        activity=__import__("apps.volunteers.models", fromlist=["Activity"]).Activity(
            team=team,
            title="文明劝导",
            date=datetime.date(2026, 3, 2),
            place="东关街",
            content="文明劝导",
            risk_notice="注意交通安全",
            category=__import__("apps.volunteers.models", fromlist=["ServiceCategory"]).ServiceCategory.objects.get(
                name="文明创建"
            ),
        )
    )
    records = services.records_enter(activity=activity, entries=[services.HoursEntry(member=member, hours=Decimal(3))])
    services.records_confirm(records=records, user=None)
    cert = services.certificate_request(
        member=member, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30)
    )
    cert = services.certificate_accept(certificate=cert, user=None)
    cert = services.certificate_issue(
        certificate=cert, person_in_charge="王局长", handler="李经办", contact="", user=None
    )
    # Published inside the unit for 7 days, then registered (民发〔2015〕149号).
    cert = services.certificate_register(certificate=cert, today=cert.notice_end + datetime.timedelta(days=1))

    page.set_viewport_size(PHONE)
    check = Checker(page, artifacts_dir, PHONE, "phone")
    page.goto(f"{live_server.url}/volunteers/verify/")
    page.fill("#id_number", cert.number)
    page.click("button:has-text('核验')")
    page.wait_for_load_state("load")
    text = page.inner_text("main")
    assert "证明真实有效" in text and "3.0 小时" in text and "张秀兰" not in text
    check("verify-real")
    page.fill("#id_number", cert.number[:-1] + ("0" if cert.number[-1] != "0" else "1"))
    page.click("button:has-text('核验')")
    page.wait_for_load_state("load")
    assert "查无此证明" in page.inner_text("main")
    check("verify-forged")
