"""Roles as Groups with permissions, created reproducibly.

Each app may declare, in a module ``<app>/roles.py``, a dict ``ROLE_PERMISSIONS`` mapping a
:class:`Role` to permission strings (``"app_label.codename"``; ``"app_label.*"`` means every
permission of that app, ``"app_label.view_*"`` every view permission; a leading ``-`` removes what earlier patterns of the same app
granted). :func:`sync_roles`
gathers them all and sets each group's permissions to exactly that union. It runs after
every ``migrate`` and by ``python manage.py sync_roles``.

Code that needs "the roles who may do X" asks :func:`roles_with` for a permission instead
of keeping its own list of roles.
"""

import fnmatch
import importlib
from functools import cache

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from apps.accounts.choices import Role

# The accounts app's own share: who manages users.
ROLE_PERMISSIONS = {
    Role.SYSTEM_ADMIN: [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "auth.view_group",
        "regions.view_region",
    ],
    Role.BUREAU_STAFF: ["accounts.view_user", "django_celery_beat.view_periodictask"],
    # 安全管理员 keeps the security policy: lifts lockouts, resets second-factor devices and
    # issues the one-time codes for a first binding.
    Role.SECURITY_ADMIN: [
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "accounts.add_otpenrolmentcode",
        "accounts.view_otpenrolmentcode",
    ],
}


def collect_role_permissions() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {role: set() for role in Role.values}
    for config in django_apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            wanted[str(role)].update(perms)
    return wanted


def _grants(patterns: set[str], permission: str) -> bool:
    """Whether ``patterns`` grant ``permission``: a pattern matches it and no ``-`` one does."""
    return any(not p.startswith("-") and fnmatch.fnmatchcase(permission, p) for p in patterns) and not any(
        p.startswith("-") and fnmatch.fnmatchcase(permission, p[1:]) for p in patterns
    )


def _expand(patterns: set[str], all_perms: dict[str, Permission]) -> set[Permission]:
    return {p for key, p in all_perms.items() if _grants(patterns, key)}


@cache
def roles_with(permission: str) -> frozenset[Role]:
    """The roles whose declared permissions grant ``permission`` (``"app_label.codename"``).

    Read from the declarations, which :func:`sync_roles` gives the groups, so it costs no
    query. A superuser holds every permission: callers check ``is_superuser`` themselves.
    """
    return frozenset(
        Role(role) for role, patterns in collect_role_permissions().items() if _grants(patterns, permission)
    )


def role_may(user, permission: str) -> bool:
    """Whether ``user`` is an active superuser or their role grants ``permission``."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in roles_with(permission)


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create one Group per role and give it exactly its permissions; idempotent."""
    all_perms = {
        f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")
    }
    counts = {}
    for role, patterns in collect_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=Role(role).label)
        perms = _expand(patterns, all_perms)
        group.permissions.set(perms)
        counts[Role(role).label] = len(perms)
    return counts


def group_for(role: str) -> Group:
    return Group.objects.get(name=Role(role).label)
