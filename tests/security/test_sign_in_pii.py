"""Issue 12 item 5: an ID or mobile number typed as a user name at sign-in is stored
nowhere in full — not in the audit log, not in django-axes' records — and axes keeps
no form data at all."""

import importlib

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps as django_apps
from django.db import connection

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from tests.security.conftest import login_form, valid_id

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id("32100219500517001")
MOBILE = "13912345678"


def _stored_anywhere(value: str) -> list[str]:
    found = [f"audit #{e.pk}" for e in AuditEvent.objects.all() if value in f"{e.username} {e.detail}"]
    for attempt in AccessAttempt.objects.all():
        if value in f"{attempt.username} {attempt.get_data} {attempt.post_data}":
            found.append(f"access attempt #{attempt.pk}")
    return found


@pytest.mark.parametrize("typed", [ID_NUMBER, MOBILE])
def test_a_number_typed_as_user_name_is_masked_in_the_audit_log_and_lockout_records(client, cast, events, typed):
    for _ in range(5):
        login_form(client, typed, "wrong-password", remote_addr="10.5.5.5")
    assert _stored_anywhere(typed) == []
    failed = events(AuditAction.LOGIN_FAILED)
    assert len(failed) == 5
    assert failed[0].username == (f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}" if typed == ID_NUMBER else "139****5678")
    assert events(AuditAction.LOCKOUT)[0].username == failed[0].username
    # The attempts are still counted (under the masked name): the lockout works.
    attempt = AccessAttempt.objects.get()
    assert attempt.username == failed[0].username and attempt.failures_since_start == 5
    assert login_form(client, typed, "wrong-password", remote_addr="10.5.5.5").status_code == 429


def test_axes_keeps_no_query_string_or_form_data(client, cast):
    client.post(
        "/accounts/login/?next=/admin/&id_number=x",
        {"username": "staff", "password": "wrong-password", "next": "/admin/"},
        REMOTE_ADDR="10.5.5.6",
    )
    login_form(client, "staff", "wrong-password", remote_addr="10.5.5.6")
    attempt = AccessAttempt.objects.get(username="staff")
    assert attempt.failures_since_start == 2
    assert attempt.get_data == "" and attempt.post_data == ""


def test_the_data_migration_redacts_what_was_stored_before(db):
    migration = importlib.import_module("apps.accounts.migrations.0004_redact_sign_in_pii")
    attempt = AccessAttempt.objects.create(
        username=ID_NUMBER,
        ip_address="10.1.1.1",
        user_agent="pytest",
        get_data="next=/",
        post_data=f"username={ID_NUMBER}\ncsrfmiddlewaretoken=abc",
        http_accept="text/html",
        path_info="/accounts/login/",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        get_data="next=/", post_data=f"username={ID_NUMBER}\ncsrfmiddlewaretoken=abc"
    )
    failure = AccessFailureLog.objects.create(username=MOBILE, ip_address="10.1.1.1", user_agent="x", path_info="/")
    log = AccessLog.objects.create(username=ID_NUMBER, ip_address="10.1.1.1", user_agent="x", path_info="/")
    event = AuditEvent.objects.create(username=ID_NUMBER, action=AuditAction.LOGIN_FAILED)
    kept = AuditEvent.objects.create(username="staff", action=AuditAction.LOGIN_FAILED)

    migration.redact(django_apps, connection.schema_editor())

    attempt.refresh_from_db()
    assert attempt.username == f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"
    assert attempt.get_data == "" and attempt.post_data == ""
    failure.refresh_from_db()
    assert failure.username == "139****5678"
    log.refresh_from_db()
    assert log.username == attempt.username
    event.refresh_from_db()
    assert event.username == attempt.username
    kept.refresh_from_db()
    assert kept.username == "staff"
    assert _stored_anywhere(ID_NUMBER) == []
