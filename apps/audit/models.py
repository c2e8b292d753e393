from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.audit.choices import AuditAction, AuditResult


class AuditEvent(models.Model):
    """One security-relevant event: who did what, from where, to which object, with what result.

    Append-only: written only by :func:`apps.audit.services.audit_record`; the admin offers
    no add, change or delete to anybody, and on PostgreSQL a trigger refuses UPDATE and
    DELETE (except the scheduled purge of entries past the retention period).

    ``user`` carries no database constraint and is never cascaded, so deleting an account
    neither touches nor loses its trail; ``username`` keeps the name as it was.
    """

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("操作", max_length=30, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    result = models.CharField("结果", max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS)
    detail = models.TextField("详情", blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-id"]
        # Nobody may add, change or delete entries: only the view permission exists.
        default_permissions = ("view",)
        permissions = [("export_auditevent", "导出审计日志")]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.get_action_display()}"
