"""The back office's admin site: its start page lists the applications as the sidebar
groups them (``cadre_portal/unfold_conf.py``), instead of Django's alphabetical order and
the framework's own app names ("认证和授权 › 组").

The brand apps carry the sidebar's titles as their ``verbose_name``; the system apps, some
of them third-party, are named here. Apps not listed keep their name and follow at the end.
"""

from unfold.sites import UnfoldAdminSite

# (app label, name on the index or None for the app's verbose_name), in the sidebar's order.
INDEX_APPS = [
    ("party", None),
    ("volunteers", None),
    ("people", None),
    ("workforce", None),
    ("assessment", None),
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


class CadreAdminSite(UnfoldAdminSite):
    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        position = {label: i for i, (label, _) in enumerate(INDEX_APPS)}
        names = {label: name for label, name in INDEX_APPS if name}
        for app in apps:
            app["name"] = names.get(app["app_label"], app["name"])
            for model in app["models"]:
                model["name"] = INDEX_MODEL_NAMES.get((app["app_label"], model["object_name"]), model["name"])
        return sorted(apps, key=lambda app: (position.get(app["app_label"], len(INDEX_APPS)), app["name"]))
