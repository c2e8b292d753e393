"""银发先锋's periodic tasks in django-celery-beat, created idempotently.

Same shape as ``apps.assessment.schedules``: a ``SCHEDULES`` list and ``ensure_schedules``,
called from this app's data migration with the historical models and callable again at
any time (``update_or_create`` by name, so an edited time in the admin is reset only when
the migration or ``ensure_schedules`` runs again).
"""

SCHEDULES = [
    # name, task, crontab (minute, hour, day_of_month, month_of_year)
    ("银发先锋·主题党日提醒（每月20日）", "party.remind_theme_day", ("0", "9", "20", "*")),
]


def ensure_schedules(PeriodicTask=None, CrontabSchedule=None) -> None:
    if PeriodicTask is None:
        from django_celery_beat.models import CrontabSchedule, PeriodicTask
    for name, task, (minute, hour, day, month) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day,
            month_of_year=month,
            day_of_week="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "interval": None, "enabled": True}
        )
