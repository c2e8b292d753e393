from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "公共"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_schedules, sender=self)


def _ensure_schedules(sender, using, apps=None, **kwargs):
    """Install the Excel files purge after a migrate or a flush (``seed_demo --flush``,
    transactional tests), leaving an existing (perhaps edited) task alone."""
    from django.apps import apps as global_apps

    from apps.core.excel.schedules import ensure_schedules

    apps = apps or global_apps  # ``flush`` sends the signal without the migration state
    try:
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    except LookupError:
        return
    ensure_schedules(PeriodicTask, CrontabSchedule, using=using)
