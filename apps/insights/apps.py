from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "apps.insights"
    verbose_name = "绿扬霞光 · 草根内参"

    def ready(self):
        from apps.core.reference import restore_when_empty

        restore_when_empty(self, "insights.InsightCategory", "0002_reference_data", "forwards")
