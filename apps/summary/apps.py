from django.apps import AppConfig


class SummaryConfig(AppConfig):
    name = "apps.summary"
    label = "summary"
    verbose_name = "年度工作总结"

    def ready(self):
        from apps.core.reference import restore_when_empty

        restore_when_empty(self, "summary.SummaryTemplate", "0004_orders_insights_wording", "load")
