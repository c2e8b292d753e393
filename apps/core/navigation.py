"""Portal navigation by role. Each app adds its entries to ``NAV`` as it lands."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from apps.accounts.choices import BACK_OFFICE_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # empty: every signed-in user


NAV: list[NavItem] = [
    NavItem("首页", "home", frozenset()),
    NavItem("数据看板", "dashboard:index", frozenset({Role.LEADERSHIP, Role.BUREAU_STAFF, Role.DISTRICT_STAFF})),
    NavItem("工作台", "workspace:home", frozenset({Role.SECRETARY})),
    NavItem("审核队列", "workspace:review_queue", frozenset({Role.BUREAU_STAFF, Role.DISTRICT_STAFF})),
    NavItem(
        "年度考评",
        "assessment:scheme_list",
        frozenset({Role.LEADERSHIP, Role.BUREAU_STAFF, Role.DISTRICT_STAFF, Role.SECRETARY}),
    ),
]


def portal_navigation(user) -> list[dict]:
    if not user or not user.is_authenticated:
        return []
    items = []
    for item in NAV:
        if item.roles and user.role not in item.roles and not user.is_superuser:
            continue
        try:
            items.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    if user.is_superuser or user.role in BACK_OFFICE_ROLES:
        items.append({"label": "后台管理", "url": reverse("admin:index")})
    return items


__all__ = ["NAV", "NavItem", "Role", "portal_navigation"]
