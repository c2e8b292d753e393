"""The production database roles (docs/SECURITY.md, "Production database roles").

Migrations run as the owner role; the application runs as a role (``cadre_app``) granted
by ``manage.py grant_app_role``: INSERT and SELECT only on the audit log, so it can neither
change, delete, truncate nor unprotect it, and it purges old entries only through the
``audit_purge_before`` SECURITY DEFINER function, which keeps the last 180 days whatever
it is asked. The PostgreSQL tests create the app role inside the test's transaction (the
CI user is the superuser ``postgres``) and ``SET LOCAL ROLE`` to it, so nothing outlives
the test.
"""

import os
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.services import audit_purge, audit_record

pytestmark = pytest.mark.django_db

APP_ROLE = f"cadre_app_test_{os.getpid()}"


def sql(statement: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def aged(days: int) -> AuditEvent:
    """An entry ``days`` old (inserted old: entries cannot be aged by UPDATE)."""
    return AuditEvent.objects.create(action=AuditAction.LOGIN, created_at=timezone.now() - timedelta(days=days))


def refused(statement: str, match: str):
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        sql(statement)


@pytest.fixture
def as_app_role(require_services):
    """The application's role, granted by the command, for the rest of the test's transaction."""
    assert connection.vendor == "postgresql"
    sql(f'CREATE ROLE "{APP_ROLE}" NOLOGIN')
    call_command("grant_app_role", APP_ROLE)

    def become():
        sql(f'SET LOCAL ROLE "{APP_ROLE}"')

    return become


@pytest.mark.services
def test_the_app_role_may_insert_and_select_the_audit_log_and_nothing_else(as_app_role):
    old = aged(200)
    as_app_role()
    assert sql("SELECT current_user") == [(APP_ROLE,)]
    event = audit_record(user=None, action=AuditAction.LOGIN, detail="原始")
    assert AuditEvent.objects.filter(pk__in=[event.pk, old.pk]).count() == 2
    table = "audit_auditevent"
    refused(f"UPDATE {table} SET detail = '篡改' WHERE id = {event.pk}", "permission denied")
    refused(f"DELETE FROM {table} WHERE id = {old.pk}", "permission denied")
    refused(f"TRUNCATE {table}", "permission denied")
    refused(f"ALTER TABLE {table} DISABLE TRIGGER audit_auditevent_append_only", "must be owner")
    refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL", "must be owner")
    refused("SET session_replication_role = replica", "permission denied")
    refused(f"DROP TABLE {table}", "must be owner")
    # The rest of the portal's tables are read and written as usual.
    sql("SELECT count(*) FROM accounts_user")
    assert AuditEvent.objects.get(pk=event.pk).detail == "原始"


@pytest.mark.services
def test_the_purge_function_deletes_only_entries_past_180_days_whatever_it_is_asked(as_app_role):
    very_old, old, recent = aged(400), aged(200), aged(100)
    as_app_role()
    # Asked to delete everything up to now, it still keeps the last 180 days.
    assert sql("SELECT audit_purge_before(now())") == [(2,)]
    remaining = set(AuditEvent.objects.filter(pk__in=[very_old.pk, old.pk, recent.pk]).values_list("pk", flat=True))
    assert remaining == {recent.pk}
    assert sql("SELECT audit_purge_before(now())") == [(0,)]  # idempotent
    # The trigger is back on after the purge: nothing else can delete.
    refused(f"DELETE FROM audit_auditevent WHERE id = {recent.pk}", "permission denied")


@pytest.mark.services
def test_audit_purge_runs_through_the_function_as_the_app_role(as_app_role, settings):
    settings.AUDIT_RETENTION_DAYS = 300
    very_old, old = aged(400), aged(200)
    as_app_role()
    assert audit_purge() == 1
    assert not AuditEvent.objects.filter(pk=very_old.pk).exists()
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.PURGE).count() == 1


@pytest.mark.services
def test_a_session_setting_no_longer_opens_the_append_only_trigger(require_services):
    """Even the owner (here the superuser) cannot delete a row by setting ``cadre.audit_purge``."""
    old = aged(200)
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        sql("SELECT set_config('cadre.audit_purge', 'on', true)")
        AuditEvent.objects.filter(pk=old.pk).delete()
    assert AuditEvent.objects.filter(pk=old.pk).exists()


@pytest.mark.services
def test_the_grant_command_refuses_a_superuser_or_the_owner(require_services):
    with pytest.raises(CommandError, match="不能是超级用户或表的所有者"):
        call_command("grant_app_role", "postgres")
    with pytest.raises(CommandError, match="不存在"):
        call_command("grant_app_role", "no_such_role_here")


def test_the_grant_command_needs_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the command runs: see the tests above")
    with pytest.raises(CommandError, match="仅适用于 PostgreSQL"):
        call_command("grant_app_role", "cadre_app")


@pytest.mark.services
def test_the_portal_reads_and_writes_as_the_app_role(as_app_role, cast, client):
    """The grants are enough for ordinary work: sign-in, a change with its history and audit
    entries, a back-office page."""
    from apps.people.services import person_create, person_update
    from tests import factories as f
    from tests.security.conftest import login_form, valid_id

    as_app_role()
    assert login_form(client, "staff").status_code == 302
    person = person_create(
        name="张建国", id_number=valid_id("32100219500517002"), region=f.region("广陵区"), retirement_type="tuixiu"
    )
    person_update(person=person, phone="13912345678")
    assert person.history.count() == 2
    assert AuditEvent.objects.filter(object_type="people.person", object_id=str(person.pk)).count() == 2
    assert client.get("/admin/people/person/").status_code == 200
