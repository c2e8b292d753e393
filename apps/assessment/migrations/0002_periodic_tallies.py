"""Formerly registered the nightly provisional tally and the 5 January final tally.

The schedules are now declared in ``apps/assessment/brand.py`` and installed after every
migrate by ``apps.core.schedules``; this migration keeps its place in the history and,
reversed, removes the tasks it once created (names frozen here: no live code imported).
"""

from django.db import migrations

NAMES = ['年度考评·每日预计分', '年度考评·年终计分（1月5日）']


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, remove_schedules)]
