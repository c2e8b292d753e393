"""三会一课 obligations as data, editable by bureau staff afterwards."""

from django.db import migrations

RULES = [
    ("theme_day", "month", 1, "主题党日每月一次"),
    ("committee_meeting", "month", 1, "支委会每月一次"),
    ("group_meeting", "month", 1, "党小组会每月一次"),
    ("member_meeting", "quarter", 1, "支部党员大会每季度一次"),
    ("lecture", "quarter", 1, "党课每季度一次"),
]


def create(apps, schema_editor):
    Rule = apps.get_model("party", "ComplianceRule")
    for activity_type, period, count, note in RULES:
        Rule.objects.get_or_create(
            activity_type=activity_type,
            period=period,
            org_kind="branch",
            defaults={"required_count": count, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("party", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
