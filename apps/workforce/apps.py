from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "apps.workforce"
    verbose_name = "丹心向党 · 队伍建设"
