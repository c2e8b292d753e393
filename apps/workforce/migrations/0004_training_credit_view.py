"""Art. 14 compliance at city scale (issue 18): the credited trainings as one VIEW, so each
person's sums over the window are one join and one GROUP BY (``selectors.training_compliance``).
No index is added: at city scale (3,362 credit rows) PostgreSQL reads them once by sequential
scans, about 50 pages; the foreign-key indexes serve the per-person reads (BENCHMARKS.md).

``workforce_training_credit`` (model ``TrainingCredit``, unmanaged): completed enrolments with
their class's end date, and 结业 outside records (ids negated so the two never collide). The SQL
is the same on PostgreSQL and SQLite. A later migration that changes the type of a column read
here must drop the view first and run ``VIEW_SQL`` again after (PostgreSQL refuses otherwise).
"""

from django.db import migrations, models

VIEW_SQL = """
CREATE VIEW workforce_training_credit AS
SELECT e.id AS id, e.staff_id AS staff_id, c.ends_on AS ends_on,
       e.credited_hours AS hours, e.credited_days AS days
  FROM workforce_enrolment e
  JOIN workforce_trainingclass c ON c.id = e.training_class_id
 WHERE e.status = 'completed'
UNION ALL
SELECT -o.id, o.staff_id, o.ends_on, o.hours_offline + o.hours_online, o.days
  FROM workforce_outsidetraining o
 WHERE o.graduated
"""
DROP_SQL = "DROP VIEW IF EXISTS workforce_training_credit"


class Migration(migrations.Migration):
    dependencies = [("workforce", "0003_defaults_and_rounds")]

    operations = [
        migrations.RunSQL(VIEW_SQL, DROP_SQL),
        migrations.CreateModel(
            name="TrainingCredit",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("ends_on", models.DateField(verbose_name="结业日期")),
                ("hours", models.DecimalField(decimal_places=1, max_digits=8, verbose_name="认定学时")),
                ("days", models.DecimalField(decimal_places=1, max_digits=8, verbose_name="认定天数")),
                (
                    "staff",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="credits",
                        to="workforce.staffmember",
                        verbose_name="学员",
                    ),
                ),
            ],
            options={
                "verbose_name": "认定学时（视图）",
                "verbose_name_plural": "认定学时（视图）",
                "db_table": "workforce_training_credit",
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
