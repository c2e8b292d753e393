"""The service menu and star thresholds the bureau starts from; both stay editable data."""

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
    "疫情防控",
    "扶贫帮困",
    "关心下一代",
]
STARS = [(1, "一星志愿者", 100), (2, "二星志愿者", 300), (3, "三星志愿者", 600), (4, "四星志愿者", 1000), (5, "五星志愿者", 1500)]


def add(apps, schema_editor):
    Category = apps.get_model("volunteers", "ServiceCategory")
    Star = apps.get_model("volunteers", "StarLevel")
    for i, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"sort_order": i})
    for stars, name, hours in STARS:
        Star.objects.get_or_create(stars=stars, defaults={"name": name, "min_hours": hours})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_servicecategory_starlevel_and_more")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
