# Correction requests for a missing record (67号令 art. 13: 记录有误或者遗漏): a kind, the
# volunteer asked for (filled from the record for the requests made so far), the activity
# of a missing record; the record is empty until a missing one is created. A new deadline
# as data: how long after an activity a missing record may still be asked for.
# The volunteer becomes required in 0009 (on PostgreSQL, a table whose rows this
# migration updates cannot be altered in the same transaction).

import django.db.models.deletion
from django.db import migrations, models

RULE_CHOICES = [
    ("correction", "更正申请办理时限（工作日）"),
    ("certificate_notice", "证明公示期（日，不少于7日）"),
    ("omission", "遗漏记录补记期限（活动后的日数）"),
]


def members_from_records(apps, schema_editor):
    CorrectionRequest = apps.get_model("volunteers", "CorrectionRequest")
    for pk, member_id in CorrectionRequest.objects.values_list("pk", "record__member_id"):
        CorrectionRequest.objects.filter(pk=pk).update(member_id=member_id)


def add_rules(apps, schema_editor):
    """The default deadlines: 10 working days to handle a correction, 7 days' notice, a
    missing record asked for within 90 days of the activity."""
    RecordRule = apps.get_model("volunteers", "RecordRule")
    for kind, days in (("correction", 10), ("certificate_notice", 7), ("omission", 90)):
        RecordRule.objects.get_or_create(kind=kind, defaults={"days": days})


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0007_activity_client_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="correctionrequest",
            name="activity",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="omission_requests",
                to="volunteers.activity",
                verbose_name="遗漏记录的活动",
            ),
        ),
        migrations.AddField(
            model_name="correctionrequest",
            name="kind",
            field=models.CharField(
                choices=[("record", "记录有误"), ("omitted", "记录遗漏")],
                default="record",
                max_length=10,
                verbose_name="类型",
            ),
        ),
        migrations.AddField(
            model_name="correctionrequest",
            name="member",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrections",
                to="volunteers.teammember",
                verbose_name="志愿者",
            ),
        ),
        migrations.AddField(
            model_name="historicalcorrectionrequest",
            name="activity",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="volunteers.activity",
                verbose_name="遗漏记录的活动",
            ),
        ),
        migrations.AddField(
            model_name="historicalcorrectionrequest",
            name="kind",
            field=models.CharField(
                choices=[("record", "记录有误"), ("omitted", "记录遗漏")],
                default="record",
                max_length=10,
                verbose_name="类型",
            ),
        ),
        migrations.AddField(
            model_name="historicalcorrectionrequest",
            name="member",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="volunteers.teammember",
                verbose_name="志愿者",
            ),
        ),
        migrations.AlterField(
            model_name="correctionrequest",
            name="record",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrections",
                to="volunteers.servicerecord",
                verbose_name="服务记录",
            ),
        ),
        migrations.AlterField(
            model_name="historicalrecordrule",
            name="kind",
            field=models.CharField(choices=RULE_CHOICES, db_index=True, max_length=20, verbose_name="事项"),
        ),
        migrations.AlterField(
            model_name="recordrule",
            name="kind",
            field=models.CharField(choices=RULE_CHOICES, max_length=20, unique=True, verbose_name="事项"),
        ),
        migrations.RunPython(members_from_records, migrations.RunPython.noop),
        migrations.RunPython(add_rules, migrations.RunPython.noop),
    ]
