"""Issue 12, item 3: every read-only rendering of a person's sensitive field is masked, for
every role, and labelled in Chinese; the full values only through the audited reveal."""

import pytest

from apps.audit.choices import AuditAction
from tests import factories as f
from tests.security.conftest import valid_id

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id("32100219500517003")  # the factory: born 1950-05-17, male
PHONE = "13912345678"
EMERGENCY = "13887654321"
ADDRESS = "扬州市广陵区东关街12号3幢201室"


@pytest.fixture
def person():
    return f.PersonFactory(
        id_number=ID_NUMBER,
        phone=PHONE,
        emergency_contact="王秀英",
        emergency_phone=EMERGENCY,
        address=ADDRESS,
        health="poor",
        region=f.region("广陵区"),
    )


def _view_only_page(client, user, person):
    client.force_login(user)
    response = client.get(f"/admin/people/person/{person.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_view_only_person_form_masks_every_sensitive_field_for_the_leadership(client, cast, person, events):
    html = _view_only_page(client, cast.leader, person)
    for full in (ID_NUMBER, PHONE, EMERGENCY, ADDRESS, "较差"):
        assert full not in html, full
    assert "321002********" in html and "139****5678" in html and "138****4321" in html
    assert "扬州市广陵区东关****" in html
    assert events(AuditAction.VIEW_SENSITIVE) == []


def test_the_view_only_person_form_labels_the_id_number_in_chinese(client, cast, person):
    html = _view_only_page(client, cast.leader, person)
    assert "Id number" not in html and "Id Number" not in html
    assert "身份证号" in html and "紧急联系电话" in html and "健康状况" in html


def test_the_editable_form_still_offers_the_fields_to_staff_who_may_change_them(client, cast, person):
    client.force_login(cast.staff)
    form = client.get(f"/admin/people/person/{person.pk}/change/").context["adminform"].form
    assert {"phone", "address", "emergency_phone", "health"} <= set(form.fields)
    assert form["id_number"].value() == "321002********" + ID_NUMBER[-4:]


def test_the_reveal_shows_the_health_status_in_full_and_is_audited(client, cast, person, events):
    client.force_login(cast.staff)
    html = client.post(f"/audit/reveal/person/{person.pk}/").content.decode()
    assert ID_NUMBER in html and EMERGENCY in html and "较差" in html
    assert len(events(AuditAction.VIEW_SENSITIVE)) == 1
