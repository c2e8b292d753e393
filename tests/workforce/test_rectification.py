"""The rectification ledger: default deadline in working days, progress dating, closure
only with evidence + verifier + a second sign-off, 回头看, reminders and the escalation ladder."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.models import Notice
from apps.core.workdays import add_working_days
from apps.workforce import services
from apps.workforce.models import RectificationItem, RectificationPolicy, RectificationRecheck
from apps.workforce.reminders import reminders_send
from tests.conftest import make_user
from tests.workforce.factories import RoundFactory, StaffFactory, item

pytestmark = pytest.mark.django_db


def _pdf(name="整改报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def _people(cast):
    owner = StaffFactory(name="王科长", user=make_user("owner", "bureau_staff"))
    leader = StaffFactory(name="李局长", is_leader=True, user=make_user("leader_in_charge", "bureau_staff"))
    head = StaffFactory(name="张局长", is_bureau_head=True, is_leader=True, user=make_user("head", "bureau_staff"))
    return owner, leader, head


def test_the_default_deadline_is_the_class_policy_in_working_days():
    today = timezone.localdate()
    made = item(rect_class="immediate", round=RoundFactory())
    assert made.deadline == add_working_days(today, 10)
    assert made.source == "局党组专项检查"
    RectificationPolicy.objects.filter(rect_class="deadline").update(deadline_working_days=3)
    assert item(rect_class="deadline").deadline == add_working_days(today, 3)


def test_progress_dated_before_the_item_was_created_is_refused():
    made = item()
    with pytest.raises(ValidationError, match="不能早于整改事项的建立日期"):
        services.progress_add(item=made, on=timezone.localdate() - datetime.timedelta(days=1), note="已部署")
    assert not made.progress.exists()
    services.progress_add(item=made, on=timezone.localdate(), note="已部署", attachment=_pdf("部署通知.pdf"))
    made.refresh_from_db()
    assert made.status == "in_progress"


def test_closing_needs_evidence_then_a_verifier_then_a_different_second_signer(cast):
    made = item()
    with pytest.raises(ValidationError, match="尚未上传佐证材料"):
        services.rectification_submit(item=made, completed_on=timezone.localdate(), outcome="已整改")
    made.refresh_from_db()
    assert made.status == "open"
    with pytest.raises(ValidationError, match="只有已验收的事项才能复签销号"):
        services.rectification_sign_off(item=made, user=cast.staff)
    services.evidence_add(item=made, title="整改报告", file=_pdf())
    services.rectification_submit(item=made, completed_on=timezone.localdate(), outcome="台账已补齐")
    with pytest.raises(ValidationError, match="只有已验收的事项"):
        services.rectification_sign_off(item=made, user=cast.staff)
    services.rectification_verify(item=made, user=cast.staff)
    with pytest.raises(ValidationError, match="复签人不能与验收人为同一人"):
        services.rectification_sign_off(item=made, user=cast.staff)
    made.refresh_from_db()
    assert made.status == "verified"
    services.rectification_sign_off(item=made, user=cast.leader)
    made.refresh_from_db()
    assert made.status == "closed" and made.signed_off_by == cast.leader and made.verifier == cast.staff
    recheck = RectificationRecheck.objects.get(item=made)
    assert recheck.due_on == timezone.localdate() + datetime.timedelta(days=90)


def test_an_owner_cannot_verify_his_own_item(cast):
    owner, _, _ = _people(cast)
    made = item(owner_staff=owner)
    services.evidence_add(item=made, title="整改报告", file=_pdf())
    services.rectification_submit(item=made, completed_on=timezone.localdate(), outcome="已整改")
    with pytest.raises(ValidationError, match="责任人不能验收"):
        services.rectification_verify(item=made, user=owner.user)


def test_a_relapse_at_the_recheck_reopens_the_item(cast):
    made = item()
    services.evidence_add(item=made, title="整改报告", file=_pdf())
    services.rectification_submit(item=made, completed_on=timezone.localdate(), outcome="已整改")
    services.rectification_verify(item=made, user=cast.staff)
    services.rectification_sign_off(item=made, user=cast.leader)
    recheck = made.rechecks.get()
    services.recheck_record(recheck=recheck, result="relapsed", on=timezone.localdate(), note="台账又有缺漏")
    made.refresh_from_db()
    assert made.status == "in_progress" and made.closed_at is None and made.signed_off_by is None


def test_reminder_before_the_deadline_then_the_ladder_when_overdue(cast, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.example.invalid"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner, leader, head = _people(cast)
    owner.user.email = "owner@example.invalid"
    owner.user.save()
    deadline = datetime.date(2026, 11, 16)  # a Monday; no holiday in November
    made = item(owner_staff=owner, leader=leader, deadline=deadline)

    def notices(user):
        return list(Notice.objects.filter(user=user).values_list("title", flat=True))

    # Ten working days ahead: nothing; seven: the owner is reminded, once.
    assert reminders_send(on=datetime.date(2026, 11, 2)) == 0
    on = datetime.date(2026, 11, 5)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(on=on) == 1
    assert reminders_send(on=on) == 0
    assert notices(owner.user) == ["整改事项将于2026-11-16到期"]
    # Overdue by one working day: the owner.
    reminders_send(on=datetime.date(2026, 11, 17))
    assert any("已逾期1个工作日" in t for t in notices(owner.user))
    assert notices(leader.user) == [] and notices(head.user) == []
    # Five working days: the leader in charge too; ten: the bureau head.
    reminders_send(on=datetime.date(2026, 11, 23))
    assert any("责任领导" in t for t in notices(leader.user)) and notices(head.user) == []
    made.refresh_from_db()
    assert made.escalation_level == 2
    reminders_send(on=datetime.date(2026, 11, 30))
    assert any("局主要负责人" in t for t in notices(head.user))
    made.refresh_from_db()
    assert made.escalation_level == 3
    # The mail goes out after the commit, to the owner who has an address.
    assert [m.to for m in mail.outbox] == [["owner@example.invalid"]]


def test_a_closed_item_is_never_chased(cast):
    owner, leader, _ = _people(cast)
    made = item(owner_staff=owner, leader=leader, deadline=datetime.date(2026, 1, 5))
    RectificationItem.objects.filter(pk=made.pk).update(status="closed")
    assert reminders_send(on=datetime.date(2026, 11, 2)) == 0
