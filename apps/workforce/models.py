"""丹心向党: the bureau's own workforce — the inspection rectification list."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import scope_filter
from apps.workforce.choices import RectificationStatus


class RectificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region")

    def overdue(self):
        return self.filter(
            deadline__lt=timezone.localdate(),
            status__in=[RectificationStatus.OPEN, RectificationStatus.IN_PROGRESS],
        )


class RectificationItem(models.Model):
    source = models.CharField("问题来源", max_length=100, help_text="如：市委第三巡察组反馈")
    problem = models.TextField("问题描述")
    region = models.ForeignKey("regions.Region", verbose_name="责任区域", on_delete=models.PROTECT, related_name="+")
    owner = models.CharField("责任人", max_length=40)
    measures = models.TextField("整改措施", blank=True)
    deadline = models.DateField("整改时限")
    evidence = models.TextField("佐证材料", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    completed_on = models.DateField("完成日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RectificationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "巡查整改清单"
        ordering = ["status", "deadline"]

    def __str__(self):
        return self.problem[:30]

    @property
    def is_overdue(self) -> bool:
        return self.deadline < timezone.localdate() and self.status in (
            RectificationStatus.OPEN,
            RectificationStatus.IN_PROGRESS,
        )
