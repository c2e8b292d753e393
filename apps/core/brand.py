"""The shared core's declarations: its periodic tasks (no sidebar group, no home card)."""

from django.conf import settings

from apps.core.brands import Brand, Schedule


def _excel_purge_kwargs() -> dict:
    return {"hours": settings.EXCEL_FILE_RETENTION_HOURS}


BRAND = Brand(
    key="core",
    title="公共",
    shared=True,
    order=1000,
    schedules=(
        # Staff change the hours in 后台 → 定时任务 (关键字参数); an installed task is kept.
        Schedule(
            "Excel 导入·清理出错行与预览文件（每小时）",
            "excel.purge_old_files",
            crontab=("15", "*", "*", "*"),
            kwargs=_excel_purge_kwargs,
            keep_existing=True,
        ),
    ),
)
