from django.db import models


class Dashboard(models.Model):
    """No table: it only carries the dashboard's permission, which roles are granted in
    ``apps/dashboard/roles.py``."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_dashboard", "可查看数据看板")]
        verbose_name = "数据看板"
        verbose_name_plural = "数据看板"

    def __str__(self):
        return "数据看板"
