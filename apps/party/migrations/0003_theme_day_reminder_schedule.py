"""Formerly registered the monthly thematic-Party-day reminder with celery beat.

The schedule is now declared in ``apps/party/brand.py`` and installed after every migrate
by ``apps.core.schedules``; this migration keeps its place in the history and, reversed,
removes the task it once created (its name frozen here: a migration imports no live code).
"""

from django.db import migrations

NAMES = ['银发先锋·主题党日提醒（每月20日）']


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0002_default_compliance_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, remove_schedules)]
