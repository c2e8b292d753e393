"""Writes to user accounts."""

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import group_for


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    scope_region=None,
    scope_organisation=None,
    scope_team=None,
    person=None,
    email: str = "",
) -> User:
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        scope_region=scope_region,
        scope_organisation=scope_organisation,
        scope_team=scope_team,
        person=person,
        email=email,
    )
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.is_staff = role in _staff_roles()
    user.full_clean()
    user.save()
    user_set_role(user=user, role=role)
    return user


@transaction.atomic
def user_set_role(*, user: User, role: str) -> User:
    """Give ``user`` exactly one role: its group, and back-office access if it has one."""
    user.role = role
    user.is_staff = role in _staff_roles()
    user.full_clean()
    user.save(update_fields=["role", "is_staff"])
    user.groups.set([group_for(role)] if role else [])
    return user


def _staff_roles():
    from apps.accounts.choices import BACK_OFFICE_ROLES

    return BACK_OFFICE_ROLES
