"""The report categories (NORMS N-V9) and the one-month feedback deadline, as data."""

from django.db import migrations

CATEGORIES = ["政策建议", "社情民意", "预警信息", "专项调研", "其他"]


def forwards(apps, schema_editor):
    Category = apps.get_model("insights", "InsightCategory")
    Rule = apps.get_model("insights", "FeedbackRule")
    for index, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"sort_order": index * 10})
    if not Rule.objects.exists():
        Rule.objects.create(months=1, note="转办后1个月内向作者反馈办理情况")


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
