"""The back office's admin site: its start page lists the applications as the sidebar
groups them (``cadre_portal/unfold_conf.py``), instead of Django's alphabetical order and
the framework's own app names ("认证和授权 › 组").

The brands' apps come first, in the registry's order, as each ``brand.py`` lists them in
``apps`` (their ``verbose_name`` carries the sidebar's title); the system apps, some of
them third-party, are named here. Apps not listed keep their name and follow at the end.
"""

from unfold.sites import UnfoldAdminSite

from apps.core.brands import index_apps

# (app label, name on the index), after the brands', in the sidebar's order.
SYSTEM_APPS = [
    ("accounts", "系统管理 · 用户"),
    ("auth", "系统管理 · 角色"),
    ("regions", "系统管理 · 区域"),
    ("core", "系统管理 · 工作日历"),
    ("audit", "系统管理 · 审计日志"),
    ("axes", "系统管理 · 登录锁定"),
    ("otp_totp", "系统管理 · 动态口令"),
    ("django_celery_beat", "系统管理 · 定时任务"),
]
# Models named differently from their own verbose name (Django's Group is a role here).
INDEX_MODEL_NAMES = {("auth", "Group"): "角色"}


def index_order() -> list[str]:
    """The app labels in the start page's order: the brands', then the system apps."""
    return [*index_apps(), *(label for label, _ in SYSTEM_APPS)]


class CadreAdminSite(UnfoldAdminSite):
    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        order = index_order()
        position = {label: i for i, label in enumerate(order)}
        names = dict(SYSTEM_APPS)
        for app in apps:
            app["name"] = names.get(app["app_label"], app["name"])
            for model in app["models"]:
                model["name"] = INDEX_MODEL_NAMES.get((app["app_label"], model["object_name"]), model["name"])
        return sorted(apps, key=lambda app: (position.get(app["app_label"], len(order)), app["name"]))
