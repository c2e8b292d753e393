"""The year's work summary: staff's wording per brand, and each generation run."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet
from apps.core.models import excel_storage
from apps.summary.wording import check_template, part_choices


class SummaryTemplateQuerySet(CityWideQuerySet):
    """The wording is the bureau's, the same for every region; it holds no personal data."""


class SummaryTemplate(models.Model):
    """The wording around one part's figures: text with placeholders for the figures
    (``〔党员〕`` …, see :mod:`apps.summary.wording`). The figures are never typed by staff.

    ``part`` is a brand's key (its section), or ``opening``/``closing``."""

    part = models.CharField("段落", max_length=40, unique=True, choices=part_choices)
    heading = models.CharField("标题", max_length=60, blank=True, help_text="留空则使用品牌名称")
    body = models.TextField(
        "文字模板",
        help_text="占位符写在〔 〕中：〔年份〕〔范围〕〔品牌〕〔截至〕〔指标列表〕，以及本段各项指标的名称，"
        "如〔党员〕〔党员·上年〕〔党员·变化〕；段落之间空一行。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = SummaryTemplateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "总结文字模板"
        verbose_name_plural = "总结文字模板"
        ordering = ["part"]

    def __str__(self):
        return self.heading or self.part

    def clean(self):
        from apps.summary.builder import placeholder_names

        error = check_template(self.body, placeholder_names(self.part))
        if error:
            raise ValidationError({"body": error})


class SummaryJobStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    SUCCEEDED = "succeeded", "已生成"
    FAILED = "failed", "生成失败"


class SummaryJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A run is its requester's own: the files are downloaded by him alone."""
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class SummaryJob(models.Model):
    """One generation of the summary, run by Celery; its files stay until purged. A failed
    run leaves earlier runs' files as they were."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.CASCADE, related_name="summary_jobs"
    )
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "regions.Region", verbose_name="区域", null=True, blank=True, on_delete=models.PROTECT, help_text="留空为全市"
    )
    status = models.CharField("状态", max_length=10, choices=SummaryJobStatus.choices, default=SummaryJobStatus.PENDING)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    step = models.CharField("当前步骤", max_length=60, blank=True)
    message = models.TextField("结果说明", blank=True)
    docx = models.FileField("Word 文件", storage=excel_storage, upload_to="summary/%Y/%m/", blank=True)
    pdf = models.FileField("PDF 文件", storage=excel_storage, upload_to="summary/%Y/%m/", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    seconds = models.FloatField("用时（秒）", null=True, blank=True)

    objects = SummaryJobQuerySet.as_manager()

    class Meta:
        verbose_name = "总结生成记录"
        verbose_name_plural = "总结生成记录"
        ordering = ["-created_at"]
        permissions = [("generate_summary", "生成年度工作总结")]

    def __str__(self):
        return f"{self.year}年 {self.scope_name} 工作总结"

    @property
    def scope_name(self) -> str:
        return self.region.name if self.region_id else "全市"
