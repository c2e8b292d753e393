"""Every periodic task the brands and shared apps declare, installed into django-celery-beat.

The one place schedules are written: each ``brand.py`` lists its :class:`~apps.core.brands.Schedule`
entries and :func:`install_schedules` runs after every ``migrate`` and database flush
(``CoreConfig``'s ``post_migrate``) and from ``python manage.py install_schedules``.

Idempotent, by name: a missing task is created as declared; an existing one is left as
staff set it in 后台 → 定时任务, unless ``reset`` (``install_schedules --reset``) puts it
back to its declaration (except those declared ``keep_existing``, whose kwargs staff own).
"""

import json

from django.conf import settings

from apps.core.brands import Schedule, registry


def declared_schedules() -> list[Schedule]:
    return [schedule for brand in registry() for schedule in brand.schedules]


def install_schedules(*, reset: bool = False, apps=None, using: str = "default") -> dict[str, int]:
    """Create the declared tasks that are missing (and, with ``reset``, put the others
    back to their declaration). ``apps``: the migration state's registry, from
    ``post_migrate``. Returns ``{"created": n, "reset": m}``."""
    if apps is None:
        from django.apps import apps
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    existing = set(PeriodicTask.objects.using(using).values_list("name", flat=True))
    for schedule in declared_schedules():
        former = [name for name in schedule.former_names if name in existing]
        if former and schedule.name not in existing:
            PeriodicTask.objects.using(using).filter(name=former[0]).update(name=schedule.name)
            existing = (existing - {former[0]}) | {schedule.name}
    counts = {"created": 0, "reset": 0}
    for schedule in declared_schedules():
        if schedule.name in existing and (schedule.keep_existing or not reset):
            continue
        kwargs = schedule.kwargs() if callable(schedule.kwargs) else schedule.kwargs
        fields = {
            "task": schedule.task,
            "kwargs": json.dumps(kwargs),
            "enabled": True,
            "crontab": None,
            "interval": None,
        }
        if schedule.crontab:
            minute, hour, day, month = schedule.crontab
            fields["crontab"], _ = CrontabSchedule.objects.using(using).get_or_create(
                minute=minute,
                hour=hour,
                day_of_month=day,
                month_of_year=month,
                day_of_week="*",
                timezone=settings.TIME_ZONE,
            )
        else:
            fields["interval"], _ = IntervalSchedule.objects.using(using).get_or_create(
                every=int(schedule.every.total_seconds()), period="seconds"
            )
        PeriodicTask.objects.using(using).update_or_create(name=schedule.name, defaults=fields)
        counts["reset" if schedule.name in existing else "created"] += 1
    return counts
