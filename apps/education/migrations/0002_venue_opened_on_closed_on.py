"""Venues get their opening and closing dates, so the network and its coverage can be read
on a past day; the undated 在用 flag goes: a venue taken out of use before this migration
is closed from the day it runs (its real date is not known)."""

import django.db.models.expressions
from django.db import migrations, models
from django.utils import timezone


def close_inactive(apps, schema_editor):
    Venue = apps.get_model("education", "Venue")
    Venue.objects.filter(is_active=False).update(closed_on=timezone.localdate())


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="venue",
            name="opened_on",
            field=models.DateField(blank=True, help_text="不填视为平台建档前已启用。", null=True, verbose_name="启用日期"),
        ),
        migrations.AddField(
            model_name="venue",
            name="closed_on",
            field=models.DateField(blank=True, help_text="停止办学的第一天；不填为在用。", null=True, verbose_name="停用日期"),
        ),
        migrations.AddField(
            model_name="historicalvenue",
            name="opened_on",
            field=models.DateField(blank=True, help_text="不填视为平台建档前已启用。", null=True, verbose_name="启用日期"),
        ),
        migrations.AddField(
            model_name="historicalvenue",
            name="closed_on",
            field=models.DateField(blank=True, help_text="停止办学的第一天；不填为在用。", null=True, verbose_name="停用日期"),
        ),
        migrations.RunPython(close_inactive, migrations.RunPython.noop),
        migrations.RemoveField(model_name="venue", name="is_active"),
        migrations.RemoveField(model_name="historicalvenue", name="is_active"),
        migrations.AddConstraint(
            model_name="venue",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True),
                    ("opened_on__isnull", True),
                    ("closed_on__gt", django.db.models.expressions.F("opened_on")),
                    _connector="OR",
                ),
                name="education_venue_closed_after_opened",
                violation_error_message="停用日期须晚于启用日期。",
            ),
        ),
    ]
