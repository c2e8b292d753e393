from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "apps.volunteers"
    verbose_name = "绿扬霞光 · 志愿服务"
