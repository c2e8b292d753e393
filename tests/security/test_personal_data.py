"""Personal data: key rotation, masking, no enumeration through admin filters, nothing in
URLs or log lines."""

import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from apps.audit.choices import AuditAction
from apps.audit.logging import RedactPersonalDataFilter
from apps.core import crypto
from apps.people.models import Person
from tests import factories as f
from tests.security import plugin_logscan
from tests.security.conftest import valid_id

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id("32100219500517003")  # the factory: born 1950-05-17, male


# ---------------------------------------------------------------------------
# Key rotation
# ---------------------------------------------------------------------------
def test_rotation_re_encrypts_every_id_number_under_the_new_key(settings, events):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [old]
    person = f.PersonFactory(id_number=ID_NUMBER)
    others = [f.PersonFactory() for _ in range(3)]
    before = Person.objects.get(pk=person.pk)
    assert Fernet(old.encode()).decrypt(before.id_number_encrypted.encode()).decode() == ID_NUMBER

    settings.PII_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_pii_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.PII_ENCRYPTION_KEYS = [new]  # the old key is gone: everything still reads
    after = Person.objects.get(pk=person.pk)
    assert after.id_number_encrypted != before.id_number_encrypted
    assert Fernet(new.encode()).decrypt(after.id_number_encrypted.encode()).decode() == ID_NUMBER
    assert after.id_number == ID_NUMBER
    assert all(p.id_number for p in Person.objects.filter(pk__in=[o.pk for o in others]))
    # The search hash did not change, so exact search still finds the person.
    assert after.id_number_hash == before.id_number_hash
    assert list(Person.objects.search(ID_NUMBER)) == [after]
    [event] = events(AuditAction.KEY_ROTATION)
    assert "4 条" in event.detail


def test_a_new_hash_key_is_applied_with_rehash(settings):
    settings.PII_HASH_KEY = "old-hash-key"
    person = f.PersonFactory(id_number=ID_NUMBER)
    settings.PII_HASH_KEY = "new-hash-key"
    assert not Person.objects.search(ID_NUMBER).exists()
    call_command("rotate_pii_key", "--rehash", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Person.objects.search(ID_NUMBER)) == [Person.objects.get(pk=person.pk)]


def test_rotation_without_the_old_key_stops_and_changes_nothing(settings):
    from django.core.management import CommandError

    settings.PII_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    person = f.PersonFactory(id_number=ID_NUMBER)
    token = Person.objects.get(pk=person.pk).id_number_encrypted
    settings.PII_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="旧密钥"):
        call_command("rotate_pii_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Person.objects.get(pk=person.pk).id_number_encrypted == token


def test_the_id_number_is_never_stored_in_clear(db):
    person = f.PersonFactory(id_number=ID_NUMBER)
    row = Person.objects.filter(pk=person.pk).values().get()
    assert ID_NUMBER not in str(row)
    assert row["id_number_hash"] == crypto.search_hash(ID_NUMBER)


# ---------------------------------------------------------------------------
# Masking and enumeration
# ---------------------------------------------------------------------------
def test_lists_are_masked_for_a_role_without_the_permission(client, cast):
    f.PersonFactory(id_number=ID_NUMBER, phone="13912345678")
    client.force_login(cast.leader)
    html = client.get("/admin/people/person/").content.decode()
    assert ID_NUMBER not in html and "13912345678" not in html
    assert "321002********" in html and "139****5678" in html


def test_lists_and_the_form_are_masked_even_for_a_role_with_the_permission(client, cast, events):
    """Full values only through the audited reveal: not side by side in a list, not in the
    person form (minimum disclosure)."""
    person = f.PersonFactory(id_number=ID_NUMBER, phone="13912345678", region=f.region("广陵区"))
    client.force_login(cast.staff)
    html = client.get("/admin/people/person/").content.decode()
    assert ID_NUMBER not in html and "13912345678" not in html
    assert "321002********" in html and "139****5678" in html
    form = client.get(f"/admin/people/person/{person.pk}/change/").content.decode()
    assert ID_NUMBER not in form and "显示完整信息" in form
    assert events(AuditAction.VIEW_SENSITIVE) == []
    revealed = client.post(f"/audit/reveal/person/{person.pk}/").content.decode()
    assert ID_NUMBER in revealed and "13912345678" in revealed
    assert len(events(AuditAction.VIEW_SENSITIVE)) == 1


def test_saving_the_form_with_the_masked_number_keeps_the_number(client, cast):
    person = f.PersonFactory(id_number=ID_NUMBER, region=f.region("广陵区"))
    client.force_login(cast.staff)
    response = client.get(f"/admin/people/person/{person.pk}/change/")
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["note"] = "补充备注"
    response = client.post(f"/admin/people/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.id_number == ID_NUMBER and person.note == "补充备注"


@pytest.mark.parametrize(
    "query",
    [
        "id_number_hash__startswith=ab",
        "id_number_encrypted__contains=gA",
        "phone__startswith=139",
        "address__contains=东关",
        "emergency_phone__regex=^139",
        "person__phone__startswith=139",
        "mobile__startswith=13",
    ],
)
def test_the_admin_refuses_filters_on_sensitive_fields(client, cast, query):
    client.force_login(cast.staff)
    response = client.get(f"/admin/people/person/?{query}")
    assert response.status_code == 400
    assert "不允许按身份证号、电话、地址" in response.content.decode()


def test_ordinary_filters_still_work(client, cast):
    client.force_login(cast.staff)
    region = f.region("广陵区")
    assert client.get(f"/admin/people/person/?region__id__exact={region.pk}").status_code == 200


def test_no_url_pattern_carries_personal_data():
    from django.urls import get_resolver

    from tests.access.test_matrix import all_url_names

    names = all_url_names()
    patterns = " ".join(str(p.pattern) for p in get_resolver().url_patterns)
    for word in ["id_number", "phone", "mobile", "address"]:
        assert word not in patterns
        assert not any(word in (name or "") for name in names)


# ---------------------------------------------------------------------------
# Logs
# ---------------------------------------------------------------------------
def test_the_log_scanner_recognises_ids_and_mobiles_and_nothing_else():
    assert plugin_logscan.find_personal_data(f"查询 {ID_NUMBER} 失败") == [ID_NUMBER]
    assert plugin_logscan.find_personal_data("电话13912345678。") == ["13912345678"]
    assert plugin_logscan.find_personal_data("took 1764240000000 ms, hash a13912345678b, 2026-11-27") == []


def test_the_log_scanner_is_installed_for_the_whole_run():
    assert plugin_logscan.SCANNER in logging.getLogger().handlers


def test_a_workers_findings_fail_the_run_on_the_controller(monkeypatch):
    """Under pytest-xdist a worker's findings travel to the controller, which fails the run."""
    from types import SimpleNamespace

    finding = "x: 电话13912345678"
    monkeypatch.setattr(plugin_logscan, "FINDINGS", [finding])
    worker = SimpleNamespace(config=SimpleNamespace(workeroutput={}), exitstatus=0)
    plugin_logscan.pytest_sessionfinish(worker, 0)
    assert worker.config.workeroutput["logscan_findings"] == [finding]

    monkeypatch.setattr(plugin_logscan, "FINDINGS", [])
    plugin_logscan.pytest_testnodedown(SimpleNamespace(workeroutput=worker.config.workeroutput), None)
    controller = SimpleNamespace(config=SimpleNamespace(), exitstatus=0)
    plugin_logscan.pytest_sessionfinish(controller, 0)
    assert controller.exitstatus == pytest.ExitCode.TESTS_FAILED


def test_the_console_log_masks_what_slips_through():
    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1, "person %s phone %s", (ID_NUMBER, "13912345678"), None
    )
    RedactPersonalDataFilter().filter(record)
    assert record.getMessage() == f"person 321002********{ID_NUMBER[-4:]} phone 139****5678"
