"""三会一课 rules carry effective dates (issue 14 item 8): each row is one version in force
from ``valid_from`` to ``valid_to``. The rules that exist held from the beginning: they
are valid from 1921-07-01 (before any record) and still open, so no figure changes."""

import datetime

from django.db import migrations, models

SINCE = datetime.date(1921, 7, 1)


def from_the_beginning(apps, schema_editor):
    Rule = apps.get_model("party", "ComplianceRule")
    Rule.objects.update(valid_from=SINCE, valid_to=None)


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0006_narrow_activitymonth"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="compliancerule",
            options={
                "ordering": ["period", "activity_type", "valid_from"],
                "verbose_name": "三会一课规则",
                "verbose_name_plural": "三会一课规则",
            },
        ),
        migrations.AlterUniqueTogether(
            name="compliancerule",
            unique_together=set(),
        ),
        migrations.AddField(
            model_name="compliancerule",
            name="valid_from",
            field=models.DateField(
                default=datetime.date(1921, 7, 1),
                help_text="自该日起开始的周期按本规则计算（1921-07-01 表示自始有效）。",
                verbose_name="生效日期",
            ),
        ),
        migrations.AddField(
            model_name="compliancerule",
            name="valid_to",
            field=models.DateField(
                blank=True, help_text="本规则执行的最后一天；空表示现行有效。", null=True, verbose_name="失效日期"
            ),
        ),
        migrations.AddField(
            model_name="historicalcompliancerule",
            name="valid_from",
            field=models.DateField(
                default=datetime.date(1921, 7, 1),
                help_text="自该日起开始的周期按本规则计算（1921-07-01 表示自始有效）。",
                verbose_name="生效日期",
            ),
        ),
        migrations.AddField(
            model_name="historicalcompliancerule",
            name="valid_to",
            field=models.DateField(
                blank=True, help_text="本规则执行的最后一天；空表示现行有效。", null=True, verbose_name="失效日期"
            ),
        ),
        migrations.RunPython(from_the_beginning, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="compliancerule",
            constraint=models.UniqueConstraint(
                condition=models.Q(("valid_to__isnull", True)),
                fields=("activity_type", "period", "org_kind"),
                name="one_open_compliance_rule_version",
                violation_error_message="同一活动类型、周期和适用组织只能有一条现行有效的规则，请通过“修订规则”调整。",
            ),
        ),
        migrations.AddConstraint(
            model_name="compliancerule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True), ("valid_to__gte", models.F("valid_from")), _connector="OR"
                ),
                name="compliance_rule_valid_to_after_from",
                violation_error_message="失效日期不能早于生效日期。",
            ),
        ),
    ]
