from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "apps.care"
    verbose_name = "牵手夕阳 · 服务保障"

    def ready(self):
        from apps.care.reference import LOADERS
        from apps.core.reference import restore_when_empty

        # The seeded catalogues come back after a flush, table by table; a table staff
        # have filled is left alone (their edits survive every deploy).
        for model, function in LOADERS.items():
            restore_when_empty(self, model, "0002_reference_data", function)
