"""Roles as Groups with permissions, created reproducibly.

Each app may declare, in a module ``<app>/roles.py``, a dict ``ROLE_PERMISSIONS`` mapping a
:class:`Role` to permission strings (``"app_label.codename"``; ``"app_label.*"`` means every
permission of that app, ``"app_label.view_*"`` every view permission; a leading ``-`` removes what earlier patterns of the same app
granted). :func:`sync_roles`
gathers them all and sets each group's permissions to exactly that union. It runs after
every ``migrate`` and by ``python manage.py sync_roles``.
"""

import fnmatch
import importlib

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


def _expand(patterns: set[str], all_perms: dict[str, Permission]) -> set[Permission]:
    def match(pattern):
        return {p for key, p in all_perms.items() if fnmatch.fnmatchcase(key, pattern)}

    chosen = set()
    for pattern in patterns:
        if not pattern.startswith("-"):
            chosen |= match(pattern)
    for pattern in patterns:
        if pattern.startswith("-"):
            chosen -= match(pattern[1:])
    return chosen


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
