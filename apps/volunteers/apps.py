from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "apps.volunteers"
    verbose_name = "绿扬霞光 · 志愿服务"

    def ready(self):
        from apps.core.reference import restore_when_empty

        restore_when_empty(self, "volunteers.ServiceCategory", "0003_default_categories_and_stars", "add")
        restore_when_empty(
            self, "volunteers.RecordRule", "0006_records_alliance_campaigns_corrections_notice", "add_rules"
        )

        from apps.volunteers import workspace

        workspace.connect()
