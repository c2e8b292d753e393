"""The back office's history pages (django-simple-history) obey the same rules as the
change page: the user's data scope (404 outside it), the model's permissions, its
read-only fields and its workflow; revert goes through the model's service or does not
exist; every sensitive value is masked (issue 12, items 1–3 and the locked scheme)."""

import pytest

from apps.accounts.choices import Role
from apps.accounts.models import User
from apps.accounts.services import user_set_role
from apps.audit.choices import AuditAction
from tests import factories as f
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _first(obj):
    return obj.history.earliest()


def _history_urls(obj, label):
    base = f"/admin/{label}/{obj.pk}"
    return f"{base}/history/", f"{base}/history/{obj.history.latest().history_id}/"


# ---------------------------------------------------------------------------
# Scope: out of scope is a 404 on the history pages as on the change page
# ---------------------------------------------------------------------------
def _outside_objects(cast):
    from apps.assessment.models import Appeal, Scheme

    hj = f.region("邗江区")
    scheme = Scheme.objects.create(year=2025, unit_kind="organisation", name="2025年度党支部综合考评")
    appeal = Appeal.objects.create(
        scheme=scheme, region=hj, organisation=cast.other_branch, unit_name=cast.other_branch.name, reason="漏统计"
    )
    return {
        "people/person": f.PersonFactory(region=hj),
        "party/organisation": cast.other_branch,
        "volunteers/team": cast.other_team,
        "assessment/appeal": appeal,
    }


def test_district_staff_get_404_on_the_history_of_records_outside_their_region(client, cast):
    client.force_login(cast.district)
    for label, obj in _outside_objects(cast).items():
        assert client.get(f"/admin/{label}/{obj.pk}/change/").status_code == 404, label
        for url in _history_urls(obj, label):
            assert client.get(url).status_code == 404, url


def test_a_history_post_cannot_pull_a_person_into_the_district(client, cast):
    outside = f.PersonFactory(region=f.region("邗江区"))
    client.force_login(cast.district)
    _, detail = _history_urls(outside, "people/person")
    data = {"name": outside.name, "region": f.region("广陵区").pk, "retirement_type": "tuixiu", "status": "living"}
    assert client.post(detail, data).status_code == 404
    outside.refresh_from_db()
    assert outside.region.name == "邗江区"


def test_a_revert_follows_the_change_pages_rules_and_ignores_posted_values(client, cast):
    # A person once filed under 邗江区, moved into 广陵区 by the bureau: the district may
    # not send them back out of its own region by reverting to the first version.
    person = f.PersonFactory(region=f.region("邗江区"), phone="13812345678")
    person.region = f.region("广陵区")
    person.save()
    client.force_login(cast.district)
    response = client.post(
        f"/admin/people/person/{person.pk}/history/{_first(person).history_id}/", {"phone": "13900000000"}
    )
    assert response.status_code == 200
    assert "不能恢复" in response.content.decode()
    person.refresh_from_db()
    assert person.region.name == "广陵区"
    assert person.phone == "13812345678"


def test_a_revert_in_scope_goes_through_the_service(client, cast):
    person = f.PersonFactory(phone="13812345678", address="扬州市广陵区东关街12号3幢201室")
    person.phone = "13912345678"
    person.save()
    client.force_login(cast.district)
    response = client.post(f"/admin/people/person/{person.pk}/history/{_first(person).history_id}/", {})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "13812345678"
    assert person.region.name == "广陵区"


# ---------------------------------------------------------------------------
# Derived fields and workflows
# ---------------------------------------------------------------------------
def test_reverting_an_organisation_keeps_its_tree_path(client, cast):
    from apps.party.models import Organisation

    org = cast.branch
    path, first = org.path, _first(org)
    assert first.path == ""  # the first row is written before the path is known
    org.name = "东关社区“常青藤”党支部（更名）"
    org.save()
    client.force_login(cast.staff)
    response = client.post(f"/admin/party/organisation/{org.pk}/history/{first.history_id}/", {})
    assert response.status_code == 302
    org = Organisation.objects.get(pk=org.pk)
    assert org.name == "东关社区“常青藤”党支部"
    assert org.path == path
    # The secretary's scope is still her branch, not the whole city.
    assert set(Organisation.objects.for_user(cast.secretary)) == {org}


def test_an_approved_activity_log_cannot_be_reverted_to_a_draft(client, cast):
    log = f.ActivityLogFactory(organisation=cast.branch)
    draft = log.history.latest()
    log.status, log.reviewed_by = "approved", cast.staff
    log.save()
    client.force_login(cast.staff)
    url = f"/admin/party/activitylog/{log.pk}/history/{draft.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(url, {"status": "draft", "organisation": cast.branch.pk, "theme": "x"})
    assert response.status_code == 403
    assert "只能查看" in response.content.decode()
    log.refresh_from_db()
    assert log.status == "approved"
    assert log.reviewed_by == cast.staff


def test_a_locked_scheme_refuses_a_history_post_in_chinese(client, cast):
    from apps.assessment.models import Scheme

    scheme = Scheme.objects.create(year=2024, unit_kind="region", name="2024年度县（市、区）综合考评")
    first = _first(scheme)
    scheme.status = "locked"
    scheme.save()
    client.force_login(cast.staff)
    response = client.post(f"/admin/assessment/scheme/{scheme.pk}/history/{first.history_id}/", {"name": "改"})
    assert response.status_code == 403
    assert "已锁定" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.status == "locked"


# ---------------------------------------------------------------------------
# 三员分立 through history
# ---------------------------------------------------------------------------
def test_the_system_administrator_cannot_revert_his_own_role(client, cast, events):
    admin2 = make_user("admin2", Role.BUREAU_STAFF)
    user_set_role(user=admin2, role=Role.SYSTEM_ADMIN, actor=cast.sysadmin)
    earlier = admin2.history.filter(role=Role.BUREAU_STAFF).earliest()
    client.force_login(admin2)
    url = f"/admin/accounts/user/{admin2.pk}/history/{earlier.history_id}/"
    response = client.post(url, {"username": "admin2", "full_name": "admin2", "role": "bureau_staff"})
    assert response.status_code == 403
    admin2 = User.objects.get(pk=admin2.pk)
    assert admin2.role == Role.SYSTEM_ADMIN
    assert not admin2.has_perm("people.view_person")
    assert not [e for e in events(AuditAction.ROLE_CHANGE) if e.user_id == admin2.pk]


def test_no_one_changes_his_own_role_through_the_service_not_even_a_superuser(cast):
    from django.core.exceptions import ValidationError

    root = make_user("root", Role.BUREAU_STAFF)
    User.objects.filter(pk=root.pk).update(is_superuser=True)
    root.refresh_from_db()
    with pytest.raises(ValidationError, match="不能修改自己的角色"):
        user_set_role(user=root, role=Role.SYSTEM_ADMIN, actor=root)
    assert User.objects.get(pk=root.pk).role == Role.BUREAU_STAFF


def test_a_role_change_is_audited_with_old_and_new_roles(cast, events):
    user_set_role(user=cast.staff, role=Role.LEADERSHIP, actor=cast.sysadmin)
    (event,) = events(AuditAction.ROLE_CHANGE)
    assert "局机关工作人员" in event.detail and "局领导" in event.detail


def test_groups_are_not_edited_in_the_back_office(client, cast):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=Role.LEADERSHIP.label)
    User.objects.filter(pk=cast.sysadmin.pk).update(is_superuser=True)
    client.force_login(User.objects.get(pk=cast.sysadmin.pk))
    response = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": []})
    assert response.status_code == 403
    assert group.permissions.exists()


# ---------------------------------------------------------------------------
# Masking on the history pages, for every role
# ---------------------------------------------------------------------------
def test_the_history_pages_mask_phones_and_addresses_for_every_role(client, cast):
    person = f.PersonFactory(phone="13812345678", address="扬州市广陵区东关街12号3幢201室")
    person.phone, person.emergency_phone = "13912345678", "13787654321"
    person.address = "扬州市广陵区文昌中路88号5幢302室"
    person.save()
    client.force_login(cast.staff)  # holds people.view_sensitive_person
    listing, detail = _history_urls(person, "people/person")
    for url in (listing, detail, f"/admin/people/person/{person.pk}/history/{_first(person).history_id}/"):
        page = client.get(url).content.decode()
        for full in ("13812345678", "13912345678", "13787654321", "东关街12号3幢201室", "文昌中路88号5幢302室"):
            assert full not in page, (url, full)
    page = client.get(listing).content.decode()
    assert "138****5678" in page and "139****5678" in page


def test_the_users_history_hides_the_password_hash_and_masks_the_mobile(client, cast):
    user = cast.secretary
    user.mobile = "13612345678"
    user.save()
    client.force_login(cast.sysadmin)
    listing, detail = _history_urls(user, "accounts/user")
    for url in (listing, detail):
        page = client.get(url).content.decode()
        assert "13612345678" not in page
        assert user.password not in page


def test_the_organisation_service_refuses_the_tree_fields(cast):
    from django.core.exceptions import ValidationError

    from apps.party.services import organisation_update

    path = cast.branch.path
    with pytest.raises(ValidationError, match="调整隶属关系"):
        organisation_update(organisation=cast.branch, path="", name="改名")
    cast.branch.refresh_from_db()
    assert (cast.branch.path, cast.branch.name) == (path, "东关社区“常青藤”党支部")
