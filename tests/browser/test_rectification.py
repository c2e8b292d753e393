"""A rectification item end to end in the back office: created with its default deadline,
reminded before it, escalated when overdue, refused closure without evidence, evidence
uploaded, verified by one person and signed off by another, then re-checked (回头看)."""

import os

import pytest
from django.utils import timezone

from apps.core.models import Notice
from apps.core.workdays import add_working_days
from apps.workforce.models import RectificationItem
from apps.workforce.reminders import reminders_send
from tests.conftest import PASSWORD, make_user
from tests.workforce.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1366, "height": 900}


def _login(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/")  # to the sign-in, then back here
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def _button(page, live_server, item, url):
    page.goto(f"{live_server.url}/admin/workforce/rectificationitem/{item.pk}/{url}/")


def test_an_item_from_creation_to_recheck(page, live_server, cast, artifacts_dir, tmp_path):
    owner = StaffFactory(name="王科长", user=make_user("owner", "bureau_staff"))
    leader = StaffFactory(name="李局长", is_leader=True, user=make_user("leader_in_charge", "bureau_staff"))
    head = StaffFactory(name="张局长", is_leader=True, is_bureau_head=True, user=make_user("head", "bureau_staff"))
    page.set_viewport_size(DESKTOP)
    _login(page, live_server, cast.staff)

    # Created with no deadline: the class's default in working days.
    page.goto(f"{live_server.url}/admin/workforce/rectificationitem/add/")
    page.fill("#id_source", "局党组专项检查")
    page.fill("#id_problem", "组织生活台账不完整")
    page.fill("#id_task", "补齐台账")
    page.select_option("#id_region", label="广陵区")
    page.select_option("#id_rect_class", label="限期整改")
    for field, staff in (("owner_staff", owner), ("leader", leader)):
        page.evaluate(
            "([id, pk, text]) => { const s = document.getElementById(id); s.add(new Option(text, pk, true, true)); }",
            [f"id_{field}", str(staff.pk), staff.name],
        )
    page.click("button[name=_save], input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/workforce/rectificationitem/")
    item = RectificationItem.objects.get()
    assert item.deadline == add_working_days(timezone.localdate(), 60)
    assert item.owner_staff == owner and item.leader == leader

    # Reminded a week before, then up the ladder once overdue.
    reminders_send(on=add_working_days(item.deadline, -7))
    reminders_send(on=add_working_days(item.deadline, 10))
    assert Notice.objects.filter(user=owner.user).count() == 2
    assert Notice.objects.filter(user=leader.user, title__contains="责任领导").exists()
    assert Notice.objects.filter(user=head.user, title__contains="局主要负责人").exists()
    page.goto(f"{live_server.url}/admin/workforce/rectificationitem/")
    page.screenshot(path=os.path.join(artifacts_dir, "workforce_ledger.png"), full_page=True)

    # Closing without evidence: refused in Chinese.
    _button(page, live_server, item, "submit")
    page.fill("#id_outcome", "已整改")
    page.click(".party-form-actions button[type=submit]")
    assert "尚未上传佐证材料" in page.locator(".party-errors").inner_text()

    evidence = tmp_path / "整改报告.pdf"
    evidence.write_bytes(b"%PDF-1.4 test")
    _button(page, live_server, item, "evidence")
    page.fill("#id_title", "整改报告")
    page.set_input_files("#id_file", str(evidence))
    page.click(".party-form-actions button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/workforce/rectificationitem/{item.pk}/change/")

    _button(page, live_server, item, "submit")
    page.fill("#id_outcome", "台账已补齐，建立月度检查制度")
    page.click(".party-form-actions button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/workforce/rectificationitem/{item.pk}/change/")

    _button(page, live_server, item, "verify")
    page.check("#id_confirm")
    page.click(".party-form-actions button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/workforce/rectificationitem/{item.pk}/change/")

    # The verifier cannot give the second signature.
    _button(page, live_server, item, "sign-off")
    page.check("#id_confirm")
    page.click(".party-form-actions button[type=submit]")
    assert "复签人不能与验收人为同一人" in page.locator(".party-errors").inner_text()

    _login(page, live_server, cast.district)
    _button(page, live_server, item, "sign-off")
    page.check("#id_confirm")
    page.click(".party-form-actions button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/workforce/rectificationitem/{item.pk}/change/")
    item.refresh_from_db()
    assert item.status == "closed" and item.verifier == cast.staff and item.signed_off_by == cast.district
    page.screenshot(path=os.path.join(artifacts_dir, "workforce_item_closed.png"), full_page=True)

    # 回头看: scheduled by the sign-off, recorded on its page.
    recheck = item.rechecks.get()
    page.goto(f"{live_server.url}/admin/workforce/rectificationrecheck/{recheck.pk}/record/")
    page.select_option("#id_result", label="巩固良好")
    page.fill("#id_note", "台账规范，成效巩固")
    page.click(".party-form-actions button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/workforce/rectificationrecheck/{recheck.pk}/change/")
    recheck.refresh_from_db()
    assert recheck.result == "passed" and recheck.checked_by == cast.district

    # The archive list holds it, with its evidence.
    page.goto(f"{live_server.url}/admin/workforce/rectificationitem/lists/?list=archive")
    assert "组织生活台账不完整" in page.locator("table").inner_text()
