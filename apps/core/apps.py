from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "公共"

    def ready(self):
        from apps.core.reference import restore_when_empty

        restore_when_empty(self, "core.CalendarDay", "0004_calendar_2024_2026", "load")

        from django.db.models.signals import post_migrate

        post_migrate.connect(_install_schedules, sender=self)


def _install_schedules(sender, using, apps=None, **kwargs):
    """Install the declared periodic tasks after a migrate or a flush (``seed_demo --flush``,
    transactional tests), leaving existing (perhaps edited) tasks alone."""
    from django.apps import apps as global_apps

    from apps.core.schedules import install_schedules

    apps = apps or global_apps  # ``flush`` sends the signal without the migration state
    try:
        apps.get_model("django_celery_beat", "PeriodicTask")
    except LookupError:
        return
    install_schedules(apps=apps, using=using)
