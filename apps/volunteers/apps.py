from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "apps.volunteers"
    verbose_name = "绿扬霞光 · 志愿服务"

    def ready(self):
        from apps.core.reference import restore_when_empty

        restore_when_empty(self, "volunteers.ServiceCategory", "0003_default_categories_and_stars", "add")
        restore_when_empty(self, "volunteers.RecordRule", "0008_correction_kind_member_activity", "add_rules")

        from apps.volunteers import workspace

        workspace.connect()
