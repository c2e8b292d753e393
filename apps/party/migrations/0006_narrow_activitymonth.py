"""ActivityMonth becomes narrow: one row per organisation, month and activity type.

A new activity type then needs neither a column nor new triggers. The counts are carried
over from the wide table. The trigger SQL is written out here (a migration must not import
live code); the wide triggers it replaces are those of ``0004_activitymonth``.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# The count columns of the wide table (0004), for carrying the counts over and back.
WIDE_TYPES = [
    "theme_day",
    "lecture",
    "member_meeting",
    "committee_meeting",
    "group_meeting",
    "study",
    "forum",
    "talk",
    "education",
]

# A log counts while its status is 'approved': an insert adds one to its
# organisation-month-type cell, a delete takes one away, an update of the status, date,
# type or organisation takes one from the old cell and adds one to the new.
INSTALL = {
    "postgresql": [
        """
CREATE OR REPLACE FUNCTION party_activitymonth_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'approved' THEN
        UPDATE party_activitymonth SET "count" = "count" - 1
        WHERE organisation_id = OLD.organisation_id
          AND year = EXTRACT(YEAR FROM OLD.held_on)::int
          AND month = EXTRACT(MONTH FROM OLD.held_on)::int
          AND activity_type = OLD.activity_type;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'approved' THEN
        INSERT INTO party_activitymonth (organisation_id, year, month, activity_type, "count")
        VALUES (NEW.organisation_id, EXTRACT(YEAR FROM NEW.held_on)::int, EXTRACT(MONTH FROM NEW.held_on)::int,
                NEW.activity_type, 1)
        ON CONFLICT (organisation_id, year, month, activity_type)
        DO UPDATE SET "count" = party_activitymonth."count" + 1;
    END IF;
    RETURN NULL;
END
$$""",
        "CREATE TRIGGER party_activitymonth_write AFTER INSERT OR DELETE ON party_activitylog "
        "FOR EACH ROW EXECUTE FUNCTION party_activitymonth_count()",
        "CREATE TRIGGER party_activitymonth_change "
        "AFTER UPDATE OF status, held_on, activity_type, organisation_id ON party_activitylog FOR EACH ROW "
        "WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.held_on IS DISTINCT FROM NEW.held_on "
        "OR OLD.activity_type IS DISTINCT FROM NEW.activity_type "
        "OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id) "
        "EXECUTE FUNCTION party_activitymonth_count()",
    ],
    "sqlite": [
        """
CREATE TRIGGER party_activitymonth_insert AFTER INSERT ON party_activitylog
WHEN NEW.status = 'approved' BEGIN
    INSERT INTO party_activitymonth (organisation_id, year, month, activity_type, "count")
    VALUES (NEW.organisation_id, CAST(strftime('%Y', NEW.held_on) AS INTEGER),
            CAST(strftime('%m', NEW.held_on) AS INTEGER), NEW.activity_type, 1)
    ON CONFLICT (organisation_id, year, month, activity_type) DO UPDATE SET "count" = party_activitymonth."count" + 1;
END""",
        """
CREATE TRIGGER party_activitymonth_delete AFTER DELETE ON party_activitylog
WHEN OLD.status = 'approved' BEGIN
    UPDATE party_activitymonth SET "count" = "count" - 1
    WHERE organisation_id = OLD.organisation_id AND year = CAST(strftime('%Y', OLD.held_on) AS INTEGER)
      AND month = CAST(strftime('%m', OLD.held_on) AS INTEGER) AND activity_type = OLD.activity_type;
END""",
        # Two update triggers: one takes the log from its old cell, the other adds it to
        # its new one (in either order: the counts are sums).
        """
CREATE TRIGGER party_activitymonth_update_old
AFTER UPDATE OF status, held_on, activity_type, organisation_id ON party_activitylog
WHEN OLD.status = 'approved' AND (OLD.status IS NOT NEW.status OR OLD.held_on IS NOT NEW.held_on
     OR OLD.activity_type IS NOT NEW.activity_type OR OLD.organisation_id IS NOT NEW.organisation_id) BEGIN
    UPDATE party_activitymonth SET "count" = "count" - 1
    WHERE organisation_id = OLD.organisation_id AND year = CAST(strftime('%Y', OLD.held_on) AS INTEGER)
      AND month = CAST(strftime('%m', OLD.held_on) AS INTEGER) AND activity_type = OLD.activity_type;
END""",
        """
CREATE TRIGGER party_activitymonth_update_new
AFTER UPDATE OF status, held_on, activity_type, organisation_id ON party_activitylog
WHEN NEW.status = 'approved' AND (OLD.status IS NOT NEW.status OR OLD.held_on IS NOT NEW.held_on
     OR OLD.activity_type IS NOT NEW.activity_type OR OLD.organisation_id IS NOT NEW.organisation_id) BEGIN
    INSERT INTO party_activitymonth (organisation_id, year, month, activity_type, "count")
    VALUES (NEW.organisation_id, CAST(strftime('%Y', NEW.held_on) AS INTEGER),
            CAST(strftime('%m', NEW.held_on) AS INTEGER), NEW.activity_type, 1)
    ON CONFLICT (organisation_id, year, month, activity_type) DO UPDATE SET "count" = party_activitymonth."count" + 1;
END""",
    ],
}
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS party_activitymonth_write ON party_activitylog",
        "DROP TRIGGER IF EXISTS party_activitymonth_change ON party_activitylog",
        "DROP FUNCTION IF EXISTS party_activitymonth_count()",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS party_activitymonth_{name}"
        for name in ("insert", "delete", "update_old", "update_new")
    ],
}


def _wide():
    # The frozen SQL of the previous migration (a migration module, not live code).
    return importlib.import_module("apps.party.migrations.0004_activitymonth")


def _run(statements, schema_editor):
    for statement in statements[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def drop_wide_triggers(apps, schema_editor):
    _run(_wide().DROP, schema_editor)


def install_wide_triggers(apps, schema_editor):
    _run(_wide().INSTALL, schema_editor)


def install_triggers(apps, schema_editor):
    _run(INSTALL, schema_editor)


def drop_triggers(apps, schema_editor):
    _run(DROP, schema_editor)


def carry_over(apps, schema_editor):
    """Each non-zero count of the wide table becomes a row of the narrow one."""
    for t in WIDE_TYPES:
        schema_editor.execute(
            'INSERT INTO party_activitymonthnarrow (organisation_id, year, month, activity_type, "count") '
            f"SELECT organisation_id, year, month, '{t}', n_{t} FROM party_activitymonth WHERE n_{t} <> 0"
        )


def carry_back(apps, schema_editor):
    """The reverse: one wide row per organisation-month (types the wide table lacks are lost)."""
    sums = ", ".join(f"SUM(CASE WHEN activity_type = '{t}' THEN \"count\" ELSE 0 END)" for t in WIDE_TYPES)
    columns = ", ".join(f"n_{t}" for t in WIDE_TYPES)
    schema_editor.execute(
        f"INSERT INTO party_activitymonth (organisation_id, year, month, {columns}) "
        f"SELECT organisation_id, year, month, {sums} FROM party_activitymonthnarrow "
        "GROUP BY organisation_id, year, month"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0005_activitylog_record_review_permissions"),
    ]

    operations = [
        migrations.RunPython(drop_wide_triggers, install_wide_triggers),
        # The narrow table is made under a name of its own (no index, sequence or
        # constraint name clashes with the wide one on PostgreSQL), then takes the name.
        migrations.CreateModel(
            name="ActivityMonthNarrow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年份")),
                ("month", models.PositiveSmallIntegerField(verbose_name="月份")),
                ("activity_type", models.CharField(max_length=20, verbose_name="活动类型")),
                ("count", models.IntegerField(default=0, verbose_name="次数")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="party.organisation",
                        verbose_name="党组织",
                    ),
                ),
            ],
            options={
                "verbose_name": "组织生活月度统计",
                "verbose_name_plural": "组织生活月度统计",
                "indexes": [models.Index(fields=["year", "month"], name="party_activmonth_period")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "year", "month", "activity_type"), name="party_activitymonth_cell"
                    )
                ],
            },
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="ActivityMonth"),
        migrations.RenameModel(old_name="ActivityMonthNarrow", new_name="ActivityMonth"),
        migrations.AlterField(
            model_name="activitymonth",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="activity_months",
                to="party.organisation",
                verbose_name="党组织",
            ),
        ),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
