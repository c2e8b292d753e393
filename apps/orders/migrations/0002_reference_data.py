"""The service menu and the steps' deadlines, as editable data."""

from django.db import migrations

CATEGORIES = [
    "政策宣讲",
    "法律服务",
    "基层治理",
    "文明创建",
    "矛盾化解",
    "家政清洁",
    "心理咨询",
    "权益保护",
    "休闲旅游",
    "健康服务",
    "助餐助行",
    "其他",
]
STEP_DAYS = {"dispatch": 2, "accept": 2, "serve": 5, "evaluate": 5}


def forwards(apps, schema_editor):
    Category = apps.get_model("orders", "ServiceCategory")
    Deadline = apps.get_model("orders", "StepDeadline")
    for index, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"sort_order": index * 10})
    for step, days in STEP_DAYS.items():
        Deadline.objects.get_or_create(step=step, defaults={"working_days": days})


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
