"""The audit log: what is recorded, that it is append-only (application and PostgreSQL
trigger), the 180-day purge, and the audit administrator's search and export."""

import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit.choices import AuditAction, AuditResult
from apps.audit.models import AuditEvent
from apps.audit.services import audit_purge, audit_record
from apps.people.services import person_create, person_update
from tests import factories as f
from tests.security.conftest import login_form, valid_id

ID_NUMBER = valid_id("32100219500517001")

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# What is recorded
# ---------------------------------------------------------------------------
def test_sign_in_success_failure_and_sign_out_are_recorded_with_address(client, cast, events):
    login_form(client, "staff", "wrong-password", remote_addr="10.8.0.1")
    login_form(client, "staff", remote_addr="10.8.0.2")
    client.post("/accounts/logout/", REMOTE_ADDR="10.8.0.2")
    rows = [(e.action, e.username, e.ip_address, e.result) for e in events()]
    assert (AuditAction.LOGIN_FAILED, "staff", "10.8.0.1", AuditResult.FAILURE) in rows
    assert (AuditAction.LOGIN, "staff", "10.8.0.2", AuditResult.SUCCESS) in rows
    assert (AuditAction.LOGOUT, "staff", "10.8.0.2", AuditResult.SUCCESS) in rows


def test_personal_data_creation_change_and_deletion_are_recorded(cast, events):
    person = person_create(id_number=ID_NUMBER, name="张建国", region=f.region("广陵区"), retirement_type="tuixiu")
    person_update(person=person, phone="13912345678")
    pk = person.pk
    person.delete()
    recorded = [(e.action, e.object_type, e.object_id) for e in events() if e.object_type == "people.person"]
    assert recorded == [
        (AuditAction.CREATE, "people.person", str(pk)),
        (AuditAction.UPDATE, "people.person", str(pk)),
        (AuditAction.DELETE, "people.person", str(pk)),
    ]


def test_changes_through_the_admin_name_the_user_and_address(client, cast, events):
    person = f.PersonFactory(region=f.region("广陵区"))
    client.force_login(cast.staff)
    client.get(f"/admin/people/person/{person.pk}/delete/")
    response = client.post(f"/admin/people/person/{person.pk}/delete/", {"post": "yes"}, REMOTE_ADDR="10.6.6.6")
    assert response.status_code == 302
    deleted = [e for e in events(AuditAction.DELETE) if e.object_type == "people.person"]
    assert [(e.username, e.ip_address) for e in deleted] == [("staff", "10.6.6.6")]


def test_role_and_permission_changes_are_recorded(cast, events):
    from django.contrib.auth.models import Permission

    from apps.accounts.services import user_set_role

    user_set_role(user=cast.staff, role="leadership", actor=cast.sysadmin)
    cast.district.user_permissions.add(Permission.objects.get(codename="view_region"))
    role = events(AuditAction.ROLE_CHANGE)
    assert [(e.username, e.object_id, e.detail) for e in role] == [
        ("sysadmin", str(cast.staff.pk), "角色：局机关工作人员 → 局领导")
    ]
    perms = [e for e in events(AuditAction.PERMISSION_CHANGE) if e.object_id == str(cast.district.pk)]
    assert len(perms) == 1 and "增加" in perms[0].detail


def test_the_log_never_holds_an_id_or_mobile_number_in_full(db):
    event = audit_record(user=None, action=AuditAction.EXPORT, detail=f"身份证 {ID_NUMBER} 电话 13912345678")
    assert event.detail == f"身份证 321002********{ID_NUMBER[-4:]} 电话 139****5678"


# ---------------------------------------------------------------------------
# The audited reveal
# ---------------------------------------------------------------------------
def test_revealing_full_personal_data_is_a_deliberate_audited_post(client, cast, events):
    person = f.PersonFactory(region=f.region("广陵区"), id_number=ID_NUMBER, phone="13912345678")
    client.force_login(cast.district)
    page = client.get(f"/admin/people/person/{person.pk}/change/")
    assert "显示完整信息" in page.content.decode()
    assert client.get(f"/audit/reveal/person/{person.pk}/").status_code == 405
    response = client.post(f"/audit/reveal/person/{person.pk}/", REMOTE_ADDR="10.5.5.5")
    assert response.status_code == 200
    html = response.content.decode()
    assert ID_NUMBER in html and "13912345678" in html
    assert "no-store" in response["Cache-Control"]
    [event] = events(AuditAction.VIEW_SENSITIVE)
    assert (event.username, event.object_id, event.ip_address) == ("district", str(person.pk), "10.5.5.5")


def test_reveal_is_refused_without_the_permission_and_outside_scope(client, cast, events):
    person = f.PersonFactory(region=f.region("广陵区"))
    client.force_login(cast.leader)
    assert client.post(f"/audit/reveal/person/{person.pk}/").status_code == 403
    client.force_login(cast.district_other)
    assert client.post(f"/audit/reveal/person/{person.pk}/").status_code == 404
    assert events(AuditAction.VIEW_SENSITIVE) == []


def test_leadership_does_not_see_the_reveal_button(client, cast):
    person = f.PersonFactory(region=f.region("广陵区"))
    client.force_login(cast.leader)
    assert "显示完整信息" not in client.get(f"/admin/people/person/{person.pk}/change/").content.decode()


# ---------------------------------------------------------------------------
# Append-only
# ---------------------------------------------------------------------------
def test_nobody_may_add_change_or_delete_entries_in_the_admin(superuser_client, cast):
    admin_client = superuser_client
    event = audit_record(user=cast.staff, action=AuditAction.LOGIN)
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert admin_client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"detail": "改过"})
    event.refresh_from_db()
    assert event.detail == ""
    # Only the view and export permissions exist for the model.
    from django.contrib.auth.models import Permission

    codenames = set(Permission.objects.filter(content_type__app_label="audit").values_list("codename", flat=True))
    assert codenames == {"view_auditevent", "export_auditevent"}


def test_the_purge_keeps_180_days_and_records_itself(db):
    old = AuditEvent.objects.create(action=AuditAction.LOGIN, created_at=timezone.now() - timedelta(days=181))
    recent = audit_record(user=None, action=AuditAction.LOGIN)
    assert audit_purge() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.PURGE).count() == 1


def test_the_purge_refuses_a_retention_under_180_days(db):
    with pytest.raises(ValueError, match="180"):
        audit_purge(older_than_days=30)


def test_the_purge_is_a_scheduled_celery_task(db):
    from django_celery_beat.models import PeriodicTask

    from apps.audit.tasks import purge_old_events
    from cadre_portal.celery import app

    assert app.tasks["audit.purge_old_events"].run is purge_old_events.run
    task = PeriodicTask.objects.get(name="审计日志·清理超过保存期的记录（每日）")
    assert task.task == "audit.purge_old_events"
    assert (task.interval.every, task.interval.period) == (24 * 3600, "seconds")


@pytest.mark.services
def test_postgresql_refuses_update_and_delete_but_lets_the_purge_through(require_services, db):
    assert connection.vendor == "postgresql"
    event = audit_record(user=None, action=AuditAction.LOGIN, detail="原始")
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="篡改")
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    # Writing the same values back (serialized rollback, fixtures) changes nothing: allowed.
    AuditEvent.objects.get(pk=event.pk).save()
    # The former session switch opens nothing (tests/security/test_db_roles.py: not even for old rows).
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('cadre.audit_purge', 'on', true)")
        AuditEvent.objects.filter(pk=event.pk).delete()
    # An old row (inserted old: rows cannot be aged by UPDATE) goes with the purge only.
    old = AuditEvent.objects.create(action=AuditAction.LOGIN, created_at=timezone.now() - timedelta(days=200))
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        AuditEvent.objects.filter(pk=old.pk).delete()
    assert audit_purge() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.get(pk=event.pk).detail == "原始"
    # The gate closed again after the purge.
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


# ---------------------------------------------------------------------------
# Search and export (审计管理员)
# ---------------------------------------------------------------------------
def test_the_auditor_searches_and_filters_the_log(client, cast, django_assert_num_queries):
    for n in range(30):
        audit_record(user=cast.staff, action=AuditAction.EXPORT, detail=f"导出第 {n} 批")
    audit_record(user=cast.district, action=AuditAction.IMPORT, detail="导入党员名册")
    client.force_login(cast.auditor)
    response = client.get("/admin/audit/auditevent/?q=党员名册")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = client.get("/admin/audit/auditevent/?action__exact=export")
    assert response.context["cl"].result_count == 30
    with django_assert_num_queries(7):
        client.get("/admin/audit/auditevent/")


def test_the_auditor_exports_the_filtered_log_as_xlsx(client, cast, events):
    from openpyxl import load_workbook

    audit_record(user=cast.staff, action=AuditAction.EXPORT, detail='=HYPERLINK("http://x")')
    audit_record(user=cast.district, action=AuditAction.IMPORT, detail="导入党员名册")
    client.force_login(cast.auditor)
    response = client.get("/admin/audit/auditevent/export/?action__exact=export")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "用户名", "IP 地址", "操作")
    details = [r[8] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in details  # a formula is escaped, never run
    assert all(r[3] == "导出" for r in rows[1:])
    exports = events(AuditAction.EXPORT)
    assert exports[-1].username == "auditor"


def test_the_audit_export_carries_details_xml_cannot(client, cast, events):
    from openpyxl import load_workbook

    audit_record(user=cast.staff, action=AuditAction.EXPORT, detail="导出\x07\ufffe<r>&</r>")
    client.force_login(cast.auditor)
    response = client.get("/admin/audit/auditevent/export/?action__exact=export")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "导出\ufffd<r>&</r>" in [r[8] for r in rows[1:]]


@pytest.mark.parametrize("role", ["sysadmin", "security", "staff", "leader"])
def test_nobody_else_reads_or_exports_the_log(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get("/admin/audit/auditevent/").status_code == 403
    assert client.get("/admin/audit/auditevent/export/").status_code == 403


# ---------------------------------------------------------------------------
# Import and export through the Excel base
# ---------------------------------------------------------------------------
def test_excel_import_and_export_are_recorded(client, cast, events):
    from django.urls import reverse

    from tests.excel.conftest import member_file
    from tests.excel.test_admin_flow import upload

    client.force_login(cast.staff)
    preview = upload(client, member_file(cast.branch.name, 2))
    assert events(AuditAction.IMPORT) == []  # the dry-run preview writes nothing
    response = client.post(reverse("admin:party_membership_process_import"), preview.context["confirm_form"].initial)
    assert response.status_code == 302
    [imported] = events(AuditAction.IMPORT)
    assert (imported.username, imported.object_type) == ("staff", "party.membership")
    assert "新增 2 条" in imported.detail
    response = client.post(reverse("admin:party_membership_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    [exported] = events(AuditAction.EXPORT)
    assert (exported.username, exported.object_type) == ("staff", "party.membership")


def test_sign_in_is_its_own_event_and_not_an_account_edit(client, cast, events):
    before = cast.staff.history.count()
    login_form(client, "staff", remote_addr="10.8.0.3")
    cast.staff.refresh_from_db()
    assert cast.staff.last_login is not None
    recorded = [(e.action, e.object_type) for e in events()]
    assert (AuditAction.LOGIN, "accounts.user") in recorded
    assert (AuditAction.UPDATE, "accounts.user") not in recorded
    assert cast.staff.history.count() == before
