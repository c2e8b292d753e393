from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "apps.workforce"
    verbose_name = "丹心向党 · 队伍建设"

    def ready(self):
        from apps.core.reference import restore_when_empty

        # The defaults of data migration 0003 (their one source), back after a flush.
        restore_when_empty(self, "workforce.TrainingRequirement", "0003_defaults_and_rounds", "load_requirements")
        restore_when_empty(self, "workforce.RectificationPolicy", "0003_defaults_and_rounds", "load_policies")
