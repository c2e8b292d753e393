import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet

# A recipient's notices as the pages cache them (apps.core.generations): retired by every
# write of one of their notices (signals in apps.workspace, and bulk_create below).
NOTICE_GENERATION = "core:notice-generation:{}"


def notices_changed(user_ids) -> None:
    """Retire the cached notices of these recipients."""
    from apps.core import generations

    names = [NOTICE_GENERATION.format(pk) for pk in dict.fromkeys(user_ids)]
    if names:
        generations.bump(*names)


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def bulk_create(self, objs, *args, **kwargs):
        """``bulk_create`` sends no signal: retire the recipients' cached notices here."""
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        notices_changed(obj.user_id for obj in objs)
        return created


class Notice(models.Model):
    """An in-app notice to one user; ``dedupe_key`` makes a reminder go out only once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=200, blank=True)
    dedupe_key = models.CharField("去重键", max_length=100, unique=True, null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


# ---------------------------------------------------------------------------
# Excel imports run in the background (apps.core.excel)
# ---------------------------------------------------------------------------
class ExcelStorage(FileSystemStorage):
    """Uploaded workbooks hold personal data: kept in ``EXCEL_PRIVATE_ROOT``, outside
    MEDIA_ROOT, never served directly (downloads go through a view that checks the owner).
    The location is read from settings on each use so tests can point it elsewhere."""

    @property
    def base_location(self):
        return str(settings.EXCEL_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def excel_storage():
    return ExcelStorage()


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    SUCCEEDED = "succeeded", "导入成功"
    FAILED = "failed", "未导入（有错误）"


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A job is its uploader's alone: the file and its errors carry personal data."""
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ImportJob(models.Model):
    """One Excel import: a large file run by Celery, or the failing rows of a checked file.

    All-or-nothing: ``created_rows`` is either every row of the file or zero.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="import_jobs"
    )
    resource = models.CharField("导入类型", max_length=200)
    title = models.CharField("数据类别", max_length=50)
    original_name = models.CharField("原文件名", max_length=200)
    upload = models.FileField("上传文件", storage=excel_storage, upload_to="uploads/%Y/%m/", blank=True)
    failed_file = models.FileField("未通过校验的行", storage=excel_storage, upload_to="failed/%Y/%m/", blank=True)
    status = models.CharField("状态", max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.PENDING)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    created_rows = models.PositiveIntegerField("已导入行数", default=0)
    error_rows = models.PositiveIntegerField("出错行数", default=0)
    message = models.TextField("结果说明", blank=True)
    errors = models.JSONField("错误明细", default=list, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "Excel 导入任务"
        verbose_name_plural = "Excel 导入任务"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title} · {self.original_name}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.SUCCEEDED, ImportJobStatus.FAILED)


# ---------------------------------------------------------------------------
# The working-day calendar shared by every brand (apps.core.workdays)
# ---------------------------------------------------------------------------
class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班日"


class CalendarDayQuerySet(CityWideQuerySet):
    """The calendar is city-wide reference data: every signed-in user reads it."""


class CalendarDay(models.Model):
    """A day that departs from the Monday–Friday week: a public holiday falling on a
    weekday, or a weekend day worked in exchange (调休). Every other day is a working day
    from Monday to Friday. Staff enter each year's arrangement as the State Council
    publishes it."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField("节日名称", max_length=30, help_text="例如：春节、国庆节")
    note = models.CharField("备注", max_length=200, blank=True)

    objects = CalendarDayQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历（节假日与调休）"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"
