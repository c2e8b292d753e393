"""Portal navigation: the shared pages by role (``NAV``), then the entries the brands
declare in their ``brand.py`` (by permission, :mod:`apps.core.brands`), then the back office."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from apps.accounts.choices import BACK_OFFICE_ROLES
from apps.accounts.roles import roles_with
from apps.core.brands import nav_links, workspaces

BACK_OFFICE_LABEL = "后台管理"


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # Shown to the roles granted it in ``roles.py``; None: every signed-in user. Named, not
    # imported, so core imports no brand.
    permission: str | None


# The permission of the 工作台 entry: shown to the roles granted any brand's workspace
# (``Brand.workspace.permission``).
ANY_WORKSPACE = "<workspace>"

NAV: list[NavItem] = [
    NavItem("首页", "home", None),
    NavItem("数据看板", "dashboard:index", "dashboard.view_dashboard"),
    NavItem("工作台", "workspace:home", ANY_WORKSPACE),
    NavItem("年度考评", "assessment:scheme_list", "assessment.view_scheme"),
]


def portal_navigation(user) -> list[dict]:
    """The signed-in user's menu: the entries of their role (every entry for a superuser)
    and the back office for its roles. Worked out once per role and URL configuration."""
    if not user or not user.is_authenticated:
        return []
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    landing = tuple(w.permission for w in workspaces())
    items = list(_navigation(user.role, user.is_superuser, get_script_prefix(), urlconf, landing))
    brand_items = []
    for link in nav_links(user):
        try:
            brand_items.append({"label": link.label, "url": reverse(link.url_name, urlconf=urlconf)})
        except NoReverseMatch:
            continue
    # The back office, when shown, stays last.
    split = len(items) - 1 if items and items[-1]["label"] == BACK_OFFICE_LABEL else len(items)
    return items[:split] + brand_items + items[split:]


@lru_cache(maxsize=64)
def _navigation(
    role: str, superuser: bool, script_prefix: str, urlconf: str, landing: tuple[str, ...]
) -> tuple[dict, ...]:
    items = []
    for item in NAV:
        permissions = landing if item.permission == ANY_WORKSPACE else (item.permission,)
        if item.permission and not superuser and not any(role in roles_with(p) for p in permissions):
            continue
        try:
            items.append({"label": item.label, "url": reverse(item.url_name, urlconf=urlconf)})
        except NoReverseMatch:
            continue
    if superuser or role in BACK_OFFICE_ROLES:
        items.append({"label": BACK_OFFICE_LABEL, "url": reverse("admin:index", urlconf=urlconf)})
    return tuple(items)


__all__ = ["NAV", "NavItem", "portal_navigation"]
