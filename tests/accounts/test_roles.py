import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from apps.accounts.choices import Role
from apps.accounts.roles import sync_roles
from apps.accounts.services import user_create


def test_every_role_has_its_group_with_permissions(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {r.label for r in Role} <= names
    perms = lambda role: set(  # noqa: E731
        Group.objects.get(name=role.label).permissions.values_list("content_type__app_label", "codename")
    )
    assert ("people", "view_sensitive_person") in perms(Role.BUREAU_STAFF)
    assert ("people", "view_sensitive_person") not in perms(Role.LEADERSHIP)
    assert not any(code.startswith(("add_", "change_", "delete_")) for _, code in perms(Role.LEADERSHIP))
    assert ("party", "add_activitylog") in perms(Role.SECRETARY)
    assert ("party", "delete_organisation") not in perms(Role.SECRETARY)


def test_sync_roles_is_idempotent(db):
    first = sync_roles()
    assert sync_roles() == first


def test_a_scoped_role_requires_its_scope(db):
    with pytest.raises(ValidationError) as exc:
        user_create(username="x", password="Abcdefgh-123", role=Role.DISTRICT_STAFF)
    assert "所属区域" in str(exc.value)


def test_back_office_roles_are_staff_and_secretaries_are_not(cast):
    assert cast.district.is_staff and cast.leader.is_staff
    assert not cast.secretary.is_staff and not cast.team_leader.is_staff
