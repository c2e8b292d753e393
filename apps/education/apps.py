from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "apps.education"
    verbose_name = "牵手夕阳 · 老年教育"
