"""The Excel files purge in django-celery-beat: hourly, ``hours`` in the task's kwargs.

Created once (after ``migrate`` or a flush, from ``CoreConfig``'s ``post_migrate``) with the
kwargs ``{"hours": EXCEL_FILE_RETENTION_HOURS}``; an existing task is left alone, so the
hours staff set in 后台 → 定时任务 (关键字参数) stay as they are.
"""

import json

from django.conf import settings

NAME = "Excel 导入·清理出错行与预览文件（每小时）"
TASK = "excel.purge_old_files"


def ensure_schedules(PeriodicTask=None, CrontabSchedule=None, *, using: str = "default") -> None:
    if PeriodicTask is None:
        from django_celery_beat.models import CrontabSchedule, PeriodicTask
    if PeriodicTask.objects.using(using).filter(task=TASK).exists():
        return
    crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute="15", hour="*", day_of_month="*", month_of_year="*", day_of_week="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.using(using).create(
        name=NAME,
        task=TASK,
        crontab=crontab,
        kwargs=json.dumps({"hours": settings.EXCEL_FILE_RETENTION_HOURS}),
        enabled=True,
    )
