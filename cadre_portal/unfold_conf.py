"""django-unfold settings: the back office's look and its sidebar, grouped by brand.

The sidebar is built per request by :func:`sidebar_navigation` from ``BRANDS``: an item
appears only when the user holds its model's view permission *and* its admin URL exists,
so a model that is not registered (yet) simply does not show, and a group with no item
left is dropped. Each group carries its brand key and emblem; the colours live in
``static/css/admin-brands.css`` and the group markup in
``templates/unfold/helpers/app_list.html``.

To add a model to the sidebar, append ``_item(title, icon, url_name, permission)`` to its
brand's ``items`` below.
"""

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse


def _item(title: str, icon: str, url_name: str, perm: str) -> dict:
    return {"title": title, "icon": icon, "url_name": url_name, "permission": perm}


# ---------------------------------------------------------------------------
# The six groups: four brands, the annual assessment, system administration
# ---------------------------------------------------------------------------
BRANDS: list[dict] = [
    {
        "key": "vanguard",
        "title": "银发先锋 · 党建",
        "emblem": "flag",
        "items": [
            _item("党组织", "account_tree", "admin:party_organisation_changelist", "party.view_organisation"),
            _item("党员", "badge", "admin:party_membership_changelist", "party.view_membership"),
            _item("组织生活记录", "event_note", "admin:party_activitylog_changelist", "party.view_activitylog"),
            _item("三会一课落实情况", "task_alt", "admin:party_organisation_compliance", "party.view_activitylog"),
            _item("领头雁培训班", "school", "admin:party_trainingclass_changelist", "party.view_trainingclass"),
            _item("书记轮训覆盖率", "donut_large", "admin:party_trainingclass_coverage", "party.view_trainingclass"),
            _item(
                "参训记录", "how_to_reg", "admin:party_trainingattendance_changelist", "party.view_trainingattendance"
            ),
            _item(
                "六有一提升复核",
                "fact_check",
                "admin:party_standardisationreview_changelist",
                "party.view_standardisationreview",
            ),
            _item(
                "党建示范点",
                "workspace_premium",
                "admin:party_demonstrationpoint_changelist",
                "party.view_demonstrationpoint",
            ),
            _item("正能量教育基地", "museum", "admin:party_educationbase_changelist", "party.view_educationbase"),
            _item(
                "基地教育活动", "co_present", "admin:party_educationsession_changelist", "party.view_educationsession"
            ),
            _item("书记与创新项目", "lightbulb", "admin:party_partyproject_changelist", "party.view_partyproject"),
            _item("党建经费台账", "payments", "admin:party_fundingentry_changelist", "party.view_fundingentry"),
            _item("经费年度汇总", "summarize", "admin:party_fundingentry_totals", "party.view_fundingentry"),
            _item("三会一课规则", "rule", "admin:party_compliancerule_changelist", "party.view_compliancerule"),
        ],
    },
    {
        "key": "afterglow",
        "title": "绿扬霞光 · 志愿服务",
        "emblem": "volunteer_activism",
        "items": [
            _item("志愿服务团队", "diversity_3", "admin:volunteers_team_changelist", "volunteers.view_team"),
            _item("团队队员", "groups", "admin:volunteers_teammember_changelist", "volunteers.view_teammember"),
        ],
    },
    {
        "key": "sunset",
        "title": "牵手夕阳 · 服务保障",
        "emblem": "elderly",
        "items": [
            _item("老干部人员库", "person_book", "admin:people_person_changelist", "people.view_person"),
        ],
    },
    {
        "key": "loyal",
        "title": "丹心向党 · 队伍建设",
        "emblem": "favorite",
        "items": [
            _item(
                "巡查整改清单",
                "checklist",
                "admin:workforce_rectificationitem_changelist",
                "workforce.view_rectificationitem",
            ),
        ],
    },
    {
        "key": "assessment",
        "title": "年度考评",
        "emblem": "emoji_events",
        "items": [
            _item("考评方案", "rule_settings", "admin:assessment_scheme_changelist", "assessment.view_scheme"),
            _item("计分记录", "calculate", "admin:assessment_tallyrun_changelist", "assessment.view_tallyrun"),
        ],
    },
    {
        "key": "system",
        "title": "系统管理",
        "emblem": "settings",
        "items": [
            _item("用户", "person", "admin:accounts_user_changelist", "accounts.view_user"),
            _item("角色", "shield_person", "admin:auth_group_changelist", "auth.view_group"),
            _item("区域", "map", "admin:regions_region_changelist", "regions.view_region"),
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
    },
]


def _link(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def sidebar_navigation(request) -> list[dict]:
    """The sidebar groups this user may see, in unfold's ``SIDEBAR.navigation`` shape."""
    user = request.user
    groups = []
    for brand in BRANDS:
        items = []
        for item in brand["items"]:
            if not user.has_perm(item["permission"]):
                continue
            link = _link(item["url_name"])
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
