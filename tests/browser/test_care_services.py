"""牵手夕阳's services in the back office, on a desktop and on a phone: an outing from its
creation by the city bureau to a district's sign-up (with the fitness warning) and the
attendance; a 四就近 point with the cadres it serves; a door-service request through the
绿扬霞光 orders loop, once to a provider and once to a volunteer team, to its rating."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = [("desktop", DESKTOP), ("phone", PHONE)]
SUBMIT = "form.party-form button[type=submit]"
SAVE = "button[name=_save]"


def _login(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/admin/login/" not in page.url, page.locator("body").inner_text()[:300]


def _start(page, viewport):
    page.set_viewport_size(viewport)
    page.set_default_timeout(90_000)


def _shot(page, artifacts_dir, label, name):
    page.screenshot(path=os.path.join(artifacts_dir, f"care-{label}-{name}.png"), full_page=True)


def _choose(page, select_id, obj, text):
    """Pick ``obj`` in an autocomplete select (the option the search would have offered)."""
    page.evaluate(
        "([id, pk, text]) => { const s = document.getElementById(id); s.add(new Option(text, pk, true, true)); }",
        [select_id, str(obj.pk), text],
    )


@pytest.mark.parametrize("label, viewport", VIEWPORTS)
def test_an_outing_from_creation_to_sign_up_and_attendance(page, live_server, cast, artifacts_dir, label, viewport):
    from apps.care.models import Outing, OutingSignUp

    today = datetime.date.today()
    elder = f.PersonFactory(name="周德明", retirement_type="lixiu", birth_date=datetime.date(today.year - 91, 1, 1))
    _start(page, viewport)

    # The city bureau creates the outing (today, so that attendance can follow).
    _login(page, live_server, cast.staff)
    page.goto(f"{live_server.url}/admin/care/outing/add/")
    page.fill("input[name=title]", "跨江融合看南京")
    page.select_option("select[name=region]", label="市直")
    page.fill("input[name=starts_on]", today.isoformat())
    page.fill("input[name=place]", "南京江北新区")
    page.fill("input[name=organiser]", "市委老干部局")
    page.fill("input[name=capacity]", "30")
    page.fill("textarea[name=risk_notice]", "全程乘车，步行约两公里，请携带常用药")
    page.check("input[name=insured]")
    page.fill("input[name=fit_max_age]", "85")
    page.click(SAVE)
    page.wait_for_url(f"{live_server.url}/admin/care/outing/")
    outing = Outing.objects.get()
    assert outing.region.name == "市直"

    # A district officer sees it, read-only.
    _login(page, live_server, cast.district)
    page.goto(f"{live_server.url}/admin/care/outing/")
    assert "跨江融合看南京" in page.locator("#result_list").inner_text()
    page.goto(f"{live_server.url}/admin/care/outing/{outing.pk}/change/")
    assert page.locator("input[name=title]").count() == 0
    _shot(page, artifacts_dir, label, "city-outing-read-only")

    # Signs up his cadre: refused without the health self-declaration, then saved with
    # the fitness warning.
    page.goto(f"{live_server.url}/admin/care/outingsignup/add/?outing={outing.pk}&person={elder.pk}")
    page.fill("input[name=signed_up_on]", today.isoformat())
    page.click(SAVE)
    # The same address answers the refused form: wait for the page, not the URL.
    expect(page.locator("body")).to_contain_text("请先由本人或家属签署健康状况自我声明")
    assert not OutingSignUp.objects.exists()
    page.check("input[name=health_declared]")
    page.click(SAVE)
    page.wait_for_url(f"{live_server.url}/admin/care/outingsignup/")
    assert "需关注" in page.locator("#result_list").inner_text()
    signup = OutingSignUp.objects.get()
    page.goto(f"{live_server.url}/admin/care/outingsignup/{signup.pk}/change/")
    body = page.locator("body").inner_text()
    assert "活动当天91岁，超过本活动适宜年龄上限85岁" in body
    _shot(page, artifacts_dir, label, "sign-up-warning")
    page.goto(f"{live_server.url}/admin/care/outing/{outing.pk}/change/")
    assert "周德明（需关注适宜性）" in page.locator("body").inner_text()

    # The attendance, after the outing.
    page.goto(f"{live_server.url}/admin/care/outingsignup/{signup.pk}/change/")
    page.select_option("select[name=attended]", "true")
    page.fill("input[name=feedback]", "行程安排周到")
    page.click(SAVE)
    page.wait_for_url(f"{live_server.url}/admin/care/outingsignup/")
    signup.refresh_from_db()
    assert (signup.attended, signup.feedback) == (True, "行程安排周到")
    page.goto(f"{live_server.url}/admin/care/outing/{outing.pk}/change/")
    assert "周德明（实到）（需关注适宜性）" in page.locator("body").inner_text()


@pytest.mark.parametrize("label, viewport", VIEWPORTS)
def test_a_service_point_and_the_cadres_it_serves(page, live_server, cast, artifacts_dir, label, viewport):
    from apps.care.models import ServedCadre, ServicePoint

    wang = f.PersonFactory(name="王秀英", retirement_type="lixiu", birth_date=datetime.date(1932, 5, 1))
    li = f.PersonFactory(name="李建国", retirement_type="lixiu", birth_date=datetime.date(1934, 9, 9))
    outsider = f.PersonFactory(name="吴振华", region=f.region("邗江区"), birth_date=datetime.date(1933, 2, 2))
    _start(page, viewport)
    _login(page, live_server, cast.district)

    page.goto(f"{live_server.url}/admin/care/servicepoint/add/")
    page.select_option("select[name=region]", label="广陵区")
    page.fill("input[name=name]", "东关街道老干部活动室")
    page.fill("input[name=address]", "东关街88号")
    page.select_option("select[name=kind]", label="就近活动")
    page.fill("input[name=offers]", "读书读报、棋牌、健身操")
    page.fill("input[name=opening_hours]", "周一至周五 8:30–17:00")
    page.fill("input[name=contact]", "陈主任")
    page.fill("input[name=contact_phone]", "13912345678")
    for i, (person, needs) in enumerate(((wang, "助餐"), (li, "读书读报"))):
        page.locator("#served-group a.add-row").click()
        _choose(page, f"id_served-{i}-person", person, person.name)
        page.fill(f"input[name=served-{i}-needs]", needs)
    page.click(SAVE)
    page.wait_for_url(f"{live_server.url}/admin/care/servicepoint/")
    point = ServicePoint.objects.get()
    assert {(s.person.name, s.needs) for s in point.served.all()} == {("王秀英", "助餐"), ("李建国", "读书读报")}
    row = page.locator("#result_list tr", has_text="东关街道老干部活动室").inner_text()
    assert "就近活动" in row and "2" in row
    page.goto(f"{live_server.url}/admin/care/servicepoint/{point.pk}/change/")
    served = page.locator("#served-group").inner_text()
    assert "王秀英" in served and "李建国" in served
    _shot(page, artifacts_dir, label, "service-point")

    # The city bureau adds a cadre of another district to it: refused in Chinese, nothing saved.
    _login(page, live_server, cast.staff)
    page.goto(f"{live_server.url}/admin/care/servicepoint/{point.pk}/change/")
    page.locator("#served-group a.add-row").click()
    _choose(page, "id_served-2-person", outsider, outsider.name)
    page.click(SAVE)
    expect(page.locator("body")).to_contain_text("吴振华不属于广陵区，请由所在区域的服务点结对服务")
    assert ServedCadre.objects.filter(point=point).count() == 2


@pytest.mark.parametrize("label, viewport", VIEWPORTS)
def test_door_services_through_the_orders_loop(page, live_server, cast, artifacts_dir, label, viewport):
    from apps.care.models import CareProfile
    from apps.orders.models import ServiceOrder

    today = datetime.date.today()
    elder = f.PersonFactory(name="钱秀英", retirement_type="lixiu", birth_date=datetime.date(1931, 8, 8))
    profile = CareProfile.objects.create(person=elder)
    _start(page, viewport)
    _login(page, live_server, cast.district)

    def request(category, content):
        page.goto(f"{live_server.url}/admin/care/careprofile/{profile.pk}/door-order/")
        page.select_option("select[name=category]", label=category)
        page.fill("textarea[name=content]", content)
        page.fill("input[name=address]", "本人家中")
        page.fill("input[name=wanted_by]", (today + datetime.timedelta(days=7)).isoformat())
        page.click(SUBMIT)
        page.wait_for_url(f"{live_server.url}/admin/care/careprofile/{profile.pk}/change/")
        return ServiceOrder.objects.filter(requester_person=elder).order_by("-pk").first()

    def step(order, url, fields=None, selects=None, check=None):
        page.goto(f"{live_server.url}/admin/orders/serviceorder/{order.pk}/{url}/")
        for name, value in (selects or {}).items():
            page.select_option(f"select[name={name}]", value)
        for name, value in (fields or {}).items():
            page.fill(f"[name={name}]", value)
        if check:
            page.check(check)
        page.click(SUBMIT)

    def done(order):
        page.wait_for_url(f"{live_server.url}/admin/orders/serviceorder/{order.pk}/change/")
        order.refresh_from_db()
        return order

    # A cleaning request, served by a provider outside the teams: the centre records its steps.
    cleaning = request("家政清洁", "家中大扫除，擦玻璃")
    assert (cleaning.status, cleaning.origin) == ("submitted", "door")
    step(cleaning, "dispatch", {"provider": "扬州颐和家政服务有限公司"}, {"team": str(cast.team.pk)})
    assert "志愿团队和服务机构只能选择其一" in page.locator(".party-errors").inner_text()
    step(cleaning, "dispatch", {"provider": "扬州颐和家政服务有限公司"})
    assert done(cleaning).status == "dispatched"
    step(cleaning, "provider-accept")
    assert done(cleaning).status == "accepted"
    step(cleaning, "provider-complete", {"served_on": today.isoformat(), "note": "已上门打扫，老人满意"})
    assert done(cleaning).status == "done"
    step(cleaning, "evaluate", {"comment": "打扫干净"}, check="input[name=satisfaction][value='5']")
    assert (done(cleaning).status, cleaning.satisfaction, cleaning.provider) == (
        "evaluated",
        5,
        "扬州颐和家政服务有限公司",
    )

    # A counselling request, to a volunteer team: the team leader accepts and completes it
    # in his workspace, the district records the rating.
    talk = request("心理咨询", "老伴去世后情绪低落，希望有人谈心")
    step(talk, "dispatch", selects={"team": str(cast.team.pk)})
    assert done(talk).team == cast.team
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cast.team_leader.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/workspace/orders/{talk.pk}/accept/")
    page.click("button:has-text('确认接单')")
    page.wait_for_url("**/workspace/orders/")
    page.goto(f"{live_server.url}/workspace/orders/{talk.pk}/complete/")
    page.fill("#id_served_on", today.isoformat())
    page.fill("#id_note", "上门陪伴谈心两小时")
    page.click("button:has-text('确认完成')")
    page.wait_for_url("**/workspace/orders/")
    _shot(page, artifacts_dir, label, "door-order-team")
    talk.refresh_from_db()
    assert talk.status == "done"
    _login(page, live_server, cast.district)
    step(talk, "evaluate", {"comment": "很贴心"}, check="input[name=satisfaction][value='4']")
    assert (done(talk).status, talk.satisfaction) == ("evaluated", 4)

    # The cadre's care profile shows both orders, who served them and the rating.
    page.goto(f"{live_server.url}/admin/care/careprofile/{profile.pk}/change/")
    orders = page.locator("body").inner_text()
    assert f"{cleaning.number} 家政清洁（已评单，扬州颐和家政服务有限公司，满意度5星）" in orders
    assert f"{talk.number} 心理咨询（已评单，红马甲义工队，满意度4星）" in orders
    _shot(page, artifacts_dir, label, "door-orders-on-profile")
