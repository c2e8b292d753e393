"""The team leader's correction requests on a phone and a desktop: he asks for a
volunteer's record to be corrected and accepts it, every page to the elder-first figures
and axe-core clean; a volunteer on his phone asks for a missing record, his team leader
accepts it in the workspace and the hours appear on the volunteer's page; district staff
read the certificates on notice."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.volunteers import services
from apps.volunteers.choices import CorrectionStatus
from apps.volunteers.models import CorrectionRequest
from tests import factories as f
from tests.browser.test_team_leader import DESKTOP, PHONE, Checker, _reference_data  # noqa: F401
from tests.browser.test_workspace import _sign_in
from tests.conftest import make_user
from tests.volunteers.conftest import activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("label, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_team_leader_asks_for_and_makes_a_correction(page, live_server, cast, artifacts_dir, label, viewport):
    team = cast.team
    wang = f.TeamMemberFactory(team=team, person=f.PersonFactory(name="王秀英", region=team.region))
    act = activity(team, date=datetime.date(2026, 3, 2))
    records = services.records_enter(activity=act, entries=[services.HoursEntry(member=wang, hours=Decimal(3))])
    services.records_confirm(records=records, user=None)
    page.set_viewport_size(viewport)
    check = Checker(page, artifacts_dir, viewport, f"corrections-{label}")

    _sign_in(page, live_server, "team_leader")
    page.goto(f"{live_server.url}/workspace/team/volunteers/{wang.pk}/")
    check("record")
    page.click("text=为王秀英申请更正服务记录")
    page.select_option("#id_record", value=str(records[0].pk))
    page.click("label.choice:has-text('志愿者本人申请')")
    page.fill("#id_description", "签退时间登记有误，实际服务 4 小时")
    page.fill("#id_proposed_hours", "4")
    check("new")
    page.click("button:has-text('提交更正申请')")
    page.wait_for_url("**/workspace/team/corrections/")
    check("list")
    page.click("text=办理王秀英的申请")
    page.click("label.choice:has-text('同意更正')")
    check("handle")
    page.click("button:has-text('确认办理')")
    page.wait_for_url("**/workspace/team/corrections/")
    assert "已更正：3.0 → 4.0 小时" in page.inner_text("main")
    assert CorrectionRequest.objects.get().status == CorrectionStatus.ACCEPTED


def test_a_volunteer_asks_for_a_missing_record_and_sees_its_hours_once_accepted(page, live_server, cast, artifacts_dir):
    team = cast.team
    wang = f.TeamMemberFactory(team=team, person=f.PersonFactory(name="王秀英", region=team.region))
    make_user("wangxy", "", person=wang.person)
    act = activity(team, date=timezone.localdate() - datetime.timedelta(days=5), title="重阳节敬老服务")
    page.set_viewport_size(PHONE)
    check = Checker(page, artifacts_dir, PHONE, "volunteer-phone")

    _sign_in(page, live_server, "wangxy")
    page.goto(f"{live_server.url}/")
    page.click("a.brand-afterglow")
    page.wait_for_url("**/volunteers/mine/")
    check("mine")
    page.click("text=申请补记")
    page.select_option("#id_activity", value=str(act.pk))
    page.fill("#id_proposed_hours", "3")
    page.fill("#id_description", "当天在现场签到参加了服务，记录中没有")
    check("omission")
    page.click("button:has-text('提交补记申请')")
    page.wait_for_url("**/volunteers/mine/")
    assert "待团队办理" in page.inner_text("main")

    _sign_in(page, live_server, "team_leader")
    page.goto(f"{live_server.url}/workspace/")
    page.click("a:has-text('更正申请（待办理 1 件）')")
    page.wait_for_url("**/workspace/team/corrections/")
    check("leader-list")
    page.click("text=办理王秀英的申请")
    page.click("label.choice:has-text('同意补记')")
    check("leader-handle")
    page.click("button:has-text('确认办理')")
    page.wait_for_url("**/workspace/team/corrections/")
    assert "已补记：3.0 小时" in page.inner_text("main")

    _sign_in(page, live_server, "wangxy")
    page.goto(f"{live_server.url}/volunteers/mine/")
    main = page.inner_text("main")
    assert "重阳节敬老服务 · 3.0 小时" in main and "已补记 3.0 小时" in main
    check("mine-after")


def test_district_staff_read_the_certificates_on_notice(page, live_server, cast, artifacts_dir):
    from tests.access.table_volunteers import _certificate

    cert = _certificate(cast.team, issued=True)
    page.set_viewport_size(DESKTOP)
    check = Checker(page, artifacts_dir, DESKTOP, "notice")
    _sign_in(page, live_server, "district")
    page.goto(f"{live_server.url}/volunteers/certificates/notice/")
    assert cert.number in page.inner_text("main")
    check("list")
