from django.apps import AppConfig


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.dashboard"
    verbose_name = "数据看板"

    def ready(self):
        from apps.dashboard import cache

        cache.connect_invalidation()
