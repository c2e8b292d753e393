"""Portal navigation: each entry shows to the roles granted its permission in ``roles.py``."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from apps.accounts.choices import BACK_OFFICE_ROLES
from apps.accounts.roles import roles_with
from apps.dashboard.access import DASHBOARD_PERMISSION
from apps.party.logs import RECORD_PERMISSION, REVIEW_PERMISSION


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: every signed-in user


NAV: list[NavItem] = [
    NavItem("首页", "home", None),
    NavItem("数据看板", "dashboard:index", DASHBOARD_PERMISSION),
    NavItem("工作台", "workspace:home", RECORD_PERMISSION),
    NavItem("审核队列", "workspace:review_queue", REVIEW_PERMISSION),
    NavItem("年度考评", "assessment:scheme_list", "assessment.view_scheme"),
]


def portal_navigation(user) -> list[dict]:
    """The signed-in user's menu: the entries of their role (every entry for a superuser)
    and the back office for its roles. Worked out once per role and URL configuration."""
    if not user or not user.is_authenticated:
        return []
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return list(_navigation(user.role, user.is_superuser, get_script_prefix(), urlconf))


@lru_cache(maxsize=64)
def _navigation(role: str, superuser: bool, script_prefix: str, urlconf: str) -> tuple[dict, ...]:
    items = []
    for item in NAV:
        if item.permission and role not in roles_with(item.permission) and not superuser:
            continue
        try:
            items.append({"label": item.label, "url": reverse(item.url_name, urlconf=urlconf)})
        except NoReverseMatch:
            continue
    if superuser or role in BACK_OFFICE_ROLES:
        items.append({"label": "后台管理", "url": reverse("admin:index", urlconf=urlconf)})
    return tuple(items)


__all__ = ["NAV", "NavItem", "portal_navigation"]
