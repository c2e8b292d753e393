# Every correction request names its volunteer (filled in 0008).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0008_correction_kind_member_activity"),
    ]

    operations = [
        migrations.AlterField(
            model_name="correctionrequest",
            name="member",
            field=models.ForeignKey(
                blank=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrections",
                to="volunteers.teammember",
                verbose_name="志愿者",
            ),
        ),
    ]
