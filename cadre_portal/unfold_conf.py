"""django-unfold settings: the back office's look and its sidebar, grouped by brand.

The sidebar is built per request by :func:`sidebar_navigation`: one group per entry of the
brand registry (:mod:`apps.core.brands`, each app's ``brand.py``) that declares one, in
the registry's order, then the system administration group below. An item appears only
when the user holds its permission *and* its admin URL exists, so a model that is not
registered (yet) simply does not show, and a group with no item left is dropped. Each
group carries its brand key and emblem; the colours live in
``static/css/admin-brands.css`` and the group markup in
``templates/unfold/helpers/app_list.html``.

To add a model to a brand's sidebar, add a ``MenuItem`` to its ``brand.py``.
"""

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse


def _item(title: str, icon: str, url_name: str, perm: str, link: str = "") -> dict:
    return {"title": title, "icon": icon, "url_name": url_name, "permission": perm, "link": link}


# ---------------------------------------------------------------------------
# System administration: shared by every brand, always the last group
# ---------------------------------------------------------------------------
SYSTEM_GROUP: dict = {
    "key": "system",
    "title": "系统管理",
    "emblem": "settings",
    "items": [
        _item("用户", "person", "admin:accounts_user_changelist", "accounts.view_user"),
        _item("角色", "shield_person", "admin:auth_group_changelist", "auth.view_group"),
        _item("区域", "map", "admin:regions_region_changelist", "regions.view_region"),
        _item("工作日历", "calendar_month", "admin:core_calendarday_changelist", "core.view_calendarday"),
        _item("审计日志", "policy", "admin:audit_auditevent_changelist", "audit.view_auditevent"),
        _item("登录锁定记录", "lock_person", "admin:axes_accessattempt_changelist", "axes.view_accessattempt"),
        _item("动态口令设备", "phonelink_lock", "admin:otp_totp_totpdevice_changelist", "otp_totp.view_totpdevice"),
        _item(
            "动态口令绑定码",
            "key",
            "admin:accounts_otpenrolmentcode_changelist",
            "accounts.view_otpenrolmentcode",
        ),
        _item(
            "定时任务",
            "schedule",
            "admin:django_celery_beat_periodictask_changelist",
            "django_celery_beat.view_periodictask",
        ),
    ],
}


def _link(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def sidebar_navigation(request) -> list[dict]:
    """The sidebar groups this user may see, in unfold's ``SIDEBAR.navigation`` shape."""
    from apps.core.brands import registry

    user = request.user
    groups = []
    declared = [
        {
            "key": brand.key,
            "title": brand.sidebar.title or brand.title,
            "emblem": brand.emblem,
            "items": [_item(i.title, i.icon, i.url_name, i.permission, i.link) for i in brand.sidebar.items],
        }
        for brand in registry()
        if brand.sidebar
    ]
    for brand in [*declared, SYSTEM_GROUP]:
        items = []
        for item in brand["items"]:
            if not user.has_perm(item["permission"]):
                continue
            link = item["link"] or _link(item["url_name"])
            if link is None:
                continue
            items.append({"title": item["title"], "icon": item["icon"], "link": link})
        if items:
            groups.append(
                {
                    "title": brand["title"],
                    "brand": brand["key"],
                    "emblem": brand["emblem"],
                    "separator": True,
                    "collapsible": True,
                    "items": items,
                }
            )
    return groups


UNFOLD = {
    "SITE_TITLE": "扬州市老干部工作信息平台",
    "SITE_HEADER": "扬州市老干部工作信息平台",
    "SITE_SUBHEADER": "中共扬州市委老干部局",
    "SITE_URL": "/",
    "SITE_SYMBOL": "diversity_3",
    "SITE_FAVICONS": [
        {"rel": "icon", "sizes": "any", "type": "image/svg+xml", "href": lambda request: static("img/emblem.svg")},
    ],
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "SHOW_LANGUAGES": False,
    "DASHBOARD_CALLBACK": "apps.core.admin_dashboard.dashboard_callback",
    # The sign-in page's side panel names the site and the bureau.
    "LOGIN": {"image": lambda request: static("img/login-panel.svg")},
    "STYLES": [lambda request: static("css/admin-brands.css")],
    "COLORS": {
        # Party red as the primary colour (Tailwind-style scale, OKLCH).
        "primary": {
            "50": "oklch(97.1% .013 17.38)",
            "100": "oklch(93.6% .032 17.717)",
            "200": "oklch(88.5% .062 18.334)",
            "300": "oklch(80.8% .114 19.571)",
            "400": "oklch(70.4% .191 22.216)",
            "500": "oklch(63.7% .237 25.331)",
            "600": "oklch(57.7% .245 27.325)",
            "700": "oklch(50.5% .213 27.518)",
            "800": "oklch(44.4% .177 26.899)",
            "900": "oklch(39.6% .141 25.723)",
            "950": "oklch(25.8% .092 26.042)",
        },
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": sidebar_navigation,
    },
}
