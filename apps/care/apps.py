from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "apps.care"
    verbose_name = "牵手夕阳 · 服务保障"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_restore_reference_data, sender=self)


def _restore_reference_data(sender, using, apps=None, **kwargs):
    """Put back the seeded catalogues after a migrate or a flush (as the party rules are);
    rows staff edited are left alone."""
    from django.apps import apps as global_apps

    from apps.care.reference import ensure_defaults

    ensure_defaults(apps or global_apps, using)
