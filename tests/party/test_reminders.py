"""The monthly thematic-Party-day reminder: who gets it, once a month, and its schedule."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.models import Notice
from apps.party import tasks
from apps.party.models import ComplianceRule
from tests import factories as f
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ON = "2026-11-20"


@pytest.fixture
def secretaries(cast):
    cast.secretary.email = "dongguan@example.cn"
    cast.secretary.save()
    quiet = f.OrganisationFactory(name="文峰社区“银铃”党支部")
    third = make_user("secretary_third", "secretary", scope_organisation=quiet)
    return cast.secretary, cast.secretary_other, third


def theme_day(org, status, held_on=datetime.date(2026, 11, 5)):
    return f.ActivityLogFactory(organisation=org, activity_type="theme_day", held_on=held_on, status=status)


def test_it_reminds_branches_without_a_theme_day_once_a_month(cast, secretaries, settings):
    settings.EMAIL_HOST = "smtp.example.cn"
    secretary, _, third = secretaries
    theme_day(cast.other_branch, "submitted")  # logged: no reminder
    theme_day(third.scope_organisation, "draft")  # a draft is not logged
    theme_day(cast.branch, "approved", held_on=datetime.date(2026, 10, 20))  # last month's

    assert tasks.remind_theme_day.apply(args=[ON]).get() == 2

    notices = Notice.objects.order_by("user__username")
    assert [(n.user.username, n.dedupe_key) for n in notices] == [
        ("secretary", f"theme_day:{cast.branch.pk}:2026-11:{secretary.pk}"),
        ("secretary_third", f"theme_day:{third.scope_organisation_id}:2026-11:{third.pk}"),
    ]
    assert notices[0].title == "请及时开展11月主题党日"
    assert "东关社区“常青藤”党支部本月（2026年11月）尚未填报主题党日活动" in notices[0].body
    assert notices[0].link == reverse("workspace:home")
    # Only the secretary with an address gets an e-mail.
    assert [m.to for m in mail.outbox] == [["dongguan@example.cn"]]

    # The second run in the same month sends nothing.
    assert tasks.remind_theme_day.apply(args=["2026-11-27"]).get() == 0
    assert Notice.objects.count() == 2
    assert len(mail.outbox) == 1


def test_next_month_reminds_again(cast, secretaries):
    tasks.remind_theme_day(ON)
    assert tasks.remind_theme_day("2026-12-20") == 3
    assert Notice.objects.count() == 6


def test_no_email_without_a_mail_server(cast, secretaries, settings):
    settings.EMAIL_HOST = ""
    tasks.remind_theme_day(ON)
    assert mail.outbox == []
    assert Notice.objects.filter(user=cast.secretary).count() == 1


def test_a_returned_log_still_needs_a_reminder_but_a_dissolved_branch_does_not(cast, secretaries):
    third = secretaries[2]
    theme_day(cast.branch, "returned")
    theme_day(cast.other_branch, "approved")
    third.scope_organisation.status = "dissolved"
    third.scope_organisation.save()
    assert tasks.remind_theme_day(ON) == 1
    assert list(Notice.objects.values_list("user__username", flat=True)) == ["secretary"]


def test_no_reminders_when_the_rule_is_switched_off(cast, secretaries):
    ComplianceRule.objects.filter(activity_type="theme_day").update(active=False)
    assert tasks.remind_theme_day(ON) == 0


def test_the_schedule_exists_once_and_is_idempotent():
    from django_celery_beat.models import PeriodicTask

    from apps.core.schedules import install_schedules

    install_schedules()
    install_schedules(reset=True)
    task = PeriodicTask.objects.get(task="party.remind_theme_day")
    assert (task.crontab.day_of_month, task.crontab.hour, task.crontab.minute) == ("20", "9", "0")
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    assert PeriodicTask.objects.filter(task="party.remind_theme_day").count() == 1


def test_post_migrate_puts_back_the_default_rules_and_the_schedule():
    """A flush (``seed_demo --flush``, a transactional test) empties the tables and sends
    ``post_migrate``; the rules and the reminder come back."""
    from django.core.management.sql import emit_post_migrate_signal
    from django_celery_beat.models import PeriodicTask

    ComplianceRule.objects.all().delete()
    PeriodicTask.objects.filter(task="party.remind_theme_day").delete()
    emit_post_migrate_signal(0, False, "default")
    assert sorted(ComplianceRule.objects.values_list("activity_type", "period")) == [
        ("committee_meeting", "month"),
        ("group_meeting", "month"),
        ("lecture", "quarter"),
        ("member_meeting", "quarter"),
        ("theme_day", "month"),
    ]
    assert PeriodicTask.objects.filter(task="party.remind_theme_day").count() == 1
