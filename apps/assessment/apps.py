from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    verbose_name = "年度考评"
