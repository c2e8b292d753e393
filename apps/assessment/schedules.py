"""The assessment's periodic tasks in django-celery-beat, created idempotently.

Nightly at 02:30 a provisional tally of this year's schemes; on 5 January at 03:00 the
final tally of last year's. Called from this app's data migration with the historical
models, and callable again at any time (``update_or_create`` by task name).
"""

SCHEDULES = [
    # name, task, crontab (minute, hour, day_of_month, month_of_year)
    ("年度考评·每日预计分", "assessment.nightly_tally", ("30", "2", "*", "*")),
    ("年度考评·年终计分（1月5日）", "assessment.final_tally", ("0", "3", "5", "1")),
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
