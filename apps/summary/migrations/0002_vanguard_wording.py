"""The 银发先锋 part's starting wording, in the seed's own words; staff change it in 后台."""

from django.db import migrations

VANGUARD = (
    "〔年份〕年，〔范围〕突出党建引领，打造“银发先锋”党建创新品牌。"
    "建立各级离退休干部党组织〔党组织〕，覆盖党员〔党员〕；"
    "〔通过六有一提升的党支部〕建制类党支部通过“六有一提升”复核，培育党建示范点〔党建示范点〕。"
    "\n\n"
    "深入实施“领头雁”工程，举办培训班〔领头雁培训班〕，培训〔培训人次〕（〔培训人次·变化〕），"
    "书记三年轮训覆盖率〔书记三年轮训覆盖率〕。全年开展组织生活〔组织生活〕，"
    "其中主题党日〔主题党日〕；“三会一课”达标率〔三会一课达标率〕；开展党性教育〔党性教育〕。"
)


def load(apps, schema_editor):
    SummaryTemplate = apps.get_model("summary", "SummaryTemplate")
    SummaryTemplate.objects.get_or_create(
        part="vanguard", defaults={"heading": "突出党建引领，打造“银发先锋”党建创新品牌", "body": VANGUARD}
    )


def unload(apps, schema_editor):
    apps.get_model("summary", "SummaryTemplate").objects.filter(part="vanguard", body=VANGUARD).delete()


class Migration(migrations.Migration):
    dependencies = [("summary", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
