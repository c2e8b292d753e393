# Generated for apps.core.excel (Excel imports run in the background)

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import apps.core.models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("resource", models.CharField(max_length=200, verbose_name="导入类型")),
                ("title", models.CharField(max_length=50, verbose_name="数据类别")),
                ("original_name", models.CharField(max_length=200, verbose_name="原文件名")),
                (
                    "upload",
                    models.FileField(
                        blank=True,
                        storage=apps.core.models.excel_storage,
                        upload_to="uploads/%Y/%m/",
                        verbose_name="上传文件",
                    ),
                ),
                (
                    "failed_file",
                    models.FileField(
                        blank=True,
                        storage=apps.core.models.excel_storage,
                        upload_to="failed/%Y/%m/",
                        verbose_name="未通过校验的行",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "排队中"),
                            ("running", "导入中"),
                            ("succeeded", "导入成功"),
                            ("failed", "未导入（有错误）"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("total_rows", models.PositiveIntegerField(default=0, verbose_name="总行数")),
                ("created_rows", models.PositiveIntegerField(default=0, verbose_name="已导入行数")),
                ("error_rows", models.PositiveIntegerField(default=0, verbose_name="出错行数")),
                ("message", models.TextField(blank=True, verbose_name="结果说明")),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="错误明细")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="上传时间")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="完成时间")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="import_jobs",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="上传人",
                    ),
                ),
            ],
            options={
                "verbose_name": "Excel 导入任务",
                "verbose_name_plural": "Excel 导入任务",
                "ordering": ["-created_at"],
            },
        ),
    ]
