"""The appeal window cannot be cut short (issue 14, item 12): a published result is locked
only once the window has closed — at the end of its last day — unless the bureau head
closes it early with a reason, which is recorded and audited."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.assessment import services
from apps.assessment.choices import SchemeStatus
from apps.audit.models import AuditEvent
from tests.assessment.conftest import THEME_DAY
from tests.assessment.test_tally import run_now
from tests.conftest import client_for, make_user

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PUBLISHED = datetime.datetime(2026, 12, 6, 8, 58, tzinfo=SHANGHAI)


@pytest.fixture
def published(build, monkeypatch):
    for month in range(1, 13):
        build.log(build.branch("甲支部"), "theme_day", datetime.date(2025, month, 10))
    scheme = build.scheme(indicators=[THEME_DAY])
    run_now(scheme)
    monkeypatch.setattr("django.utils.timezone.now", lambda: PUBLISHED)
    scheme = services.scheme_publish(scheme=scheme)
    monkeypatch.undo()
    return scheme


def test_the_window_ends_at_the_end_of_its_last_day(published):
    deadline = published.appeal_deadline.astimezone(SHANGHAI)
    assert (deadline.date(), deadline.hour, deadline.minute) == (datetime.date(2026, 12, 13), 23, 59)
    assert services.appeal_window_open(published, now=datetime.datetime(2026, 12, 13, 22, 0, tzinfo=SHANGHAI))
    assert not services.appeal_window_open(published, now=datetime.datetime(2026, 12, 14, 0, 0, tzinfo=SHANGHAI))


def test_lock_is_refused_while_the_window_is_open(published):
    staff = make_user("window_staff", "bureau_staff")
    a_minute_later = PUBLISHED + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match=r"申诉期至 2026-12-13.*不能锁定"):
        services.scheme_lock(scheme=published, by=staff, now=a_minute_later)
    last_evening = datetime.datetime(2026, 12, 13, 23, 0, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError, match="不能锁定"):
        services.scheme_lock(scheme=published, by=staff, now=last_evening)
    published.refresh_from_db()
    assert published.status == SchemeStatus.PUBLISHED


def test_lock_is_allowed_once_the_window_has_closed(published):
    staff = make_user("window_staff", "bureau_staff")
    after = datetime.datetime(2026, 12, 14, 0, 1, tzinfo=SHANGHAI)
    scheme = services.scheme_lock(scheme=published, by=staff, now=after)
    assert scheme.status == SchemeStatus.LOCKED


def test_only_the_bureau_head_closes_early_and_only_with_a_reason(published):
    staff = make_user("window_staff", "bureau_staff")
    head = make_user("window_head", "leadership")
    early = PUBLISHED + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="只有局领导"):
        services.scheme_lock(scheme=published, by=staff, now=early, early_reason="赶进度")
    with pytest.raises(ValidationError, match="须填写提前结束申诉期的理由"):
        services.scheme_lock(scheme=published, by=head, now=early, early_reason="  ")

    scheme = services.scheme_lock(scheme=published, by=head, now=early, early_reason="各单位均书面确认不申诉")

    assert scheme.status == SchemeStatus.LOCKED
    assert scheme.early_close_reason == "各单位均书面确认不申诉"
    event = AuditEvent.objects.filter(object_type="assessment.scheme", detail__contains="提前结束申诉期").get()
    assert event.username == "window_head" and "各单位均书面确认不申诉" in event.detail


@pytest.mark.django_db
def test_the_page_refuses_an_early_lock_in_chinese(client, cast, published):
    response = client_for(client, cast, "staff").post(
        reverse("assessment:scheme_lock", args=[published.pk]), follow=True
    )
    assert "不能锁定" in response.content.decode()
    published.refresh_from_db()
    assert published.status == SchemeStatus.PUBLISHED
