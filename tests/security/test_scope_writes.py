"""Issue 12, items 12 and 13: a scoped user writes only within his scope — in the back
office's forms, in the services behind them and in imports — and learns nothing about ID
numbers registered outside it."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory

from apps.audit.choices import AuditResult
from apps.party import services as party
from apps.people.models import Person
from apps.people.services import person_create, person_update
from apps.regions.models import Region
from tests import factories as f
from tests.security.conftest import valid_id

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id("32100219500517003")  # born 1950-05-17, male
OTHER_ID = valid_id("32101219500517001")  # 邗江区, born 1950-05-17, male


def _person_post(region, **over):
    data = {
        "name": "李建华",
        "id_number": OTHER_ID,
        "phone": "13905141234",
        "address": "扬州市邗江区文昌西路1号",
        "retirement_type": "tuixiu",
        "former_rank": "other",
        "health": "good",
        "living": "spouse",
        "region": region.pk,
        "status": "living",
    }
    data.update(over)
    return data


# ---------------------------------------------------------------------------
# Forms: every foreign key a scoped user sets offers his scope only
# ---------------------------------------------------------------------------
def test_the_person_form_offers_district_staff_their_region_only(client, cast):
    client.force_login(cast.district)
    form = client.get("/admin/people/person/add/").context["adminform"].form
    assert list(form.fields["region"].queryset) == [f.region("广陵区")]


def test_a_crafted_post_files_no_person_under_another_region(client, cast):
    client.force_login(cast.district)
    response = client.post("/admin/people/person/add/", _person_post(f.region("邗江区")))
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Person.objects.exists()


def test_district_staff_cannot_move_a_person_of_theirs_to_another_region(client, cast):
    person = f.PersonFactory(id_number=ID_NUMBER, region=f.region("广陵区"))
    client.force_login(cast.district)
    form = client.get(f"/admin/people/person/{person.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["region"] = f.region("邗江区").pk
    response = client.post(f"/admin/people/person/{person.pk}/change/", data)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.region == f.region("广陵区")


def test_the_team_form_offers_district_staff_their_region_only(client, cast):
    client.force_login(cast.district)
    form = client.get("/admin/volunteers/team/add/").context["adminform"].form
    assert list(form.fields["region"].queryset) == [f.region("广陵区")]


def _admin_forms_of(user):
    """(admin, form class) of every back-office model the user may add to."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request):
            continue
        yield model, model_admin.get_form(request, None)
        for inline in model_admin.get_inline_instances(request, None):
            yield inline.model, inline.get_formset(request, None).form


@pytest.mark.parametrize("role", ["district", "secretary", "team_leader"])
def test_every_admin_form_limits_each_choice_to_the_users_scope(cast, role):
    user = getattr(cast, role)
    f.PersonFactory(region=f.region("邗江区"))  # somebody outside every 广陵区 scope
    checked = 0
    for model, form_class in _admin_forms_of(user):
        form = form_class()
        for name, field in form.fields.items():
            if not isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                continue
            target = field.queryset.model
            if not (hasattr(target.objects.none(), "for_user") or target is Region):
                continue
            # Independent of the code under test: regions the user works in, else his scope.
            allowed_qs = Region.objects.workable_for(user) if target is Region else target.objects.for_user(user)
            allowed = set(allowed_qs.values_list("pk", flat=True))
            offered = set(field.queryset.values_list("pk", flat=True))
            assert offered <= allowed, f"{model._meta.label}.{name} offers {offered - allowed}"
            checked += 1
    if role == "district":
        assert checked >= 10


# ---------------------------------------------------------------------------
# Services refuse too: a crafted POST or a new caller cannot bypass the forms
# ---------------------------------------------------------------------------
def test_person_create_refuses_a_region_outside_the_users_scope(cast):
    with pytest.raises(ValidationError) as exc:
        person_create(
            user=cast.district, id_number=OTHER_ID, name="李建华", retirement_type="tuixiu", region=f.region("邗江区")
        )
    assert "不在您的数据权限范围内" in str(exc.value.message_dict["region"])
    assert not Person.objects.exists()


def test_person_create_within_scope_still_works(cast):
    person = person_create(
        user=cast.district, id_number=OTHER_ID, name="李建华", retirement_type="tuixiu", region=f.region("广陵区")
    )
    assert person.pk


def test_person_update_refuses_moving_a_person_out_of_scope(cast):
    person = f.PersonFactory(id_number=ID_NUMBER, region=f.region("广陵区"))
    with pytest.raises(ValidationError):
        person_update(user=cast.district, person=person, region=f.region("邗江区"))
    assert Person.objects.get(pk=person.pk).region == f.region("广陵区")


def test_person_update_refuses_a_person_outside_scope(cast):
    person = f.PersonFactory(id_number=ID_NUMBER, region=f.region("广陵区"))
    with pytest.raises(ValidationError):
        person_update(user=cast.district_other, person=person, note="改写")
    assert Person.objects.get(pk=person.pk).note == ""


def test_membership_join_refuses_an_organisation_outside_scope(cast):
    person = f.PersonFactory(id_number=ID_NUMBER, region=f.region("广陵区"))
    with pytest.raises(ValidationError):
        party.membership_join(
            user=cast.district, person=person, organisation=cast.other_branch, joined_on=datetime.date(2020, 1, 1)
        )


def test_membership_transfer_refuses_a_destination_outside_scope(cast):
    membership = f.MembershipFactory(
        person=f.PersonFactory(id_number=ID_NUMBER, region=f.region("广陵区")), organisation=cast.branch
    )
    with pytest.raises(ValidationError):
        party.membership_transfer(
            user=cast.district, membership=membership, on=datetime.date(2024, 1, 1), to_organisation=cast.other_branch
        )


def test_organisation_create_refuses_a_region_or_parent_outside_scope(cast):
    with pytest.raises(ValidationError):
        party.organisation_create(user=cast.district, name="新支部", kind="branch", region=f.region("邗江区"))
    with pytest.raises(ValidationError):
        party.organisation_create(
            user=cast.district, name="新党小组", kind="group", region=f.region("广陵区"), parent=cast.other_branch
        )


# ---------------------------------------------------------------------------
# Item 13: an ID number registered outside the user's scope is not disclosed
# ---------------------------------------------------------------------------
def test_the_person_form_does_not_disclose_an_id_number_registered_elsewhere(client, cast, events):
    elsewhere = f.PersonFactory(id_number=OTHER_ID, region=f.region("邗江区"))
    client.force_login(cast.district)
    response = client.post("/admin/people/person/add/", _person_post(f.region("广陵区")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "已登记" not in html and "人员库中已有" not in html
    assert "该身份证号无法登记，请联系市局" in html
    [event] = [e for e in events() if e.result == AuditResult.FAILURE]
    assert event.user == cast.district and event.object_id == str(elsewhere.pk)
    assert OTHER_ID not in event.detail


def test_the_person_form_names_an_in_scope_duplicate(client, cast):
    f.PersonFactory(id_number=OTHER_ID, region=f.region("广陵区"))
    client.force_login(cast.district)
    html = client.post("/admin/people/person/add/", _person_post(f.region("广陵区"))).content.decode()
    assert "该身份证号已登记" in html


def test_the_service_does_not_disclose_an_id_number_registered_elsewhere(cast, events):
    elsewhere = f.PersonFactory(id_number=OTHER_ID, region=f.region("邗江区"))
    with pytest.raises(ValidationError) as exc:
        person_create(
            user=cast.district, id_number=OTHER_ID, name="李建华", retirement_type="tuixiu", region=f.region("广陵区")
        )
    assert exc.value.message_dict["id_number"] == ["该身份证号无法登记，请联系市局。"]
    [event] = [e for e in events() if e.result == AuditResult.FAILURE]
    assert event.object_id == str(elsewhere.pk)
