from django.apps import AppConfig


class SummaryConfig(AppConfig):
    name = "apps.summary"
    label = "summary"
    verbose_name = "年度工作总结"
