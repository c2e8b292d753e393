"""绿扬霞光 · 草根内参: reports of the 市民观察团's informants, registered with a number,
forwarded to a department, the leader's 批示, the answer and the feedback to the author
(within a deadline kept as data). Every write goes through ``apps.insights.services``."""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.insights.choices import ReportStatus

DEFAULT_FEEDBACK_MONTHS = 1


class InsightCategory(models.Model):
    name = models.CharField("内参类别", max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "内参类别"
        verbose_name_plural = "内参类别"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class FeedbackRule(models.Model):
    """The feedback deadline: the author hears back within N months of forwarding."""

    months = models.PositiveSmallIntegerField(
        "反馈时限（月）", default=DEFAULT_FEEDBACK_MONTHS, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    note = models.CharField("依据", max_length=200, blank=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "反馈时限"
        verbose_name_plural = "反馈时限"

    def __str__(self):
        return f"转办后{self.months}个月内反馈"

    @classmethod
    def current_months(cls) -> int:
        row = cls.objects.order_by("-pk").values_list("months", flat=True).first()
        return row or DEFAULT_FEEDBACK_MONTHS


class InformantQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region")


class Informant(models.Model):
    """A member of the 市民观察团 (信息员)."""

    name = models.CharField("姓名", max_length=30)
    person = models.ForeignKey(
        "people.Person", verbose_name="人员库记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    joined_on = models.DateField("聘任日期")
    active = models.BooleanField("在聘", default=True)

    objects = InformantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信息员（市民观察团）"
        verbose_name_plural = "信息员（市民观察团）"
        ordering = ["region__sort_order", "name"]

    def __str__(self):
        return f"{self.name}（{self.region}）"


class ReportQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region")


class Report(models.Model):
    informant = models.ForeignKey(Informant, verbose_name="信息员", on_delete=models.PROTECT, related_name="reports")
    anonymous = models.BooleanField("匿名", default=False, help_text="匿名时，列表、导出和转办中不显示作者。")
    title = models.CharField("标题", max_length=100)
    content = models.TextField("内容", max_length=5000)
    category = models.ForeignKey(InsightCategory, verbose_name="类别", on_delete=models.PROTECT)
    place = models.CharField("反映地点", max_length=100, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("报送日期")
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    number = models.CharField("登记编号", max_length=20, unique=True, null=True, blank=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)
    adopted = models.BooleanField("已采用", default=False, help_text="编报采用或获领导批示。")
    department = models.CharField("转办部门", max_length=100, blank=True)
    forwarded_on = models.DateField("转办日期", null=True, blank=True)
    feedback_due = models.DateField("反馈期限", null=True, blank=True)
    instruction = models.TextField("领导批示", max_length=1000, blank=True)
    instructed_by = models.CharField("批示领导", max_length=50, blank=True)
    instructed_on = models.DateField("批示日期", null=True, blank=True)
    answer = models.TextField("办理答复", max_length=2000, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    feedback = models.TextField("向作者反馈", max_length=1000, blank=True)
    fed_back_on = models.DateField("反馈日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "草根内参"
        verbose_name_plural = "草根内参"
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["region", "submitted_on"])]

    def __str__(self):
        return f"{self.number or '（未登记）'} {self.title}"

    @property
    def author(self) -> str:
        return "匿名" if self.anonymous else self.informant.name


class ReportNumber(models.Model):
    """The last registration number given in a year. Taking a number locks the year's row
    (``SELECT … FOR UPDATE``), so two registrations at the same moment queue for it instead
    of reading the same highest number and colliding on ``Report.number``."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "内参编号序列"
        verbose_name_plural = "内参编号序列"

    def __str__(self):
        return f"{self.year}年：{self.last}"


class AttachmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="report__region")


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, verbose_name="内参", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        "附件",
        upload_to="insights/%Y/%m/",
        validators=[
            FileExtensionValidator(["pdf", "doc", "docx", "jpg", "jpeg", "png"], "附件只能是PDF、Word或图片。")
        ],
    )
    name = models.CharField("附件名称", max_length=100, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self):
        return self.name or self.file.name
