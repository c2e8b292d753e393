"""Register the monthly thematic-Party-day reminder (the 20th, 09:00) with celery beat."""

from django.db import migrations


def create_schedules(apps, schema_editor):
    from apps.party.schedules import ensure_schedules

    ensure_schedules(
        apps.get_model("django_celery_beat", "PeriodicTask"), apps.get_model("django_celery_beat", "CrontabSchedule")
    )


def remove_schedules(apps, schema_editor):
    from apps.party.schedules import SCHEDULES

    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0002_default_compliance_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
