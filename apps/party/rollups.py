"""``ActivityMonth``: approved activity logs per organisation and month, kept by triggers.

The triggers are written here as SQL for the two databases the portal runs on (SQLite,
the embedded default, and PostgreSQL) and installed by migration ``0004_activitymonth``
(which keeps its own frozen list of types). They count a log while its status is
``approved``: an insert of an approved log adds one to its organisation-month-type cell,
a delete takes one away, and an update that touches the status, date, type or
organisation takes one from the old cell and adds one to the new. Every write path goes
through them, including ``QuerySet.update``, ``bulk_create`` and ``COPY``.

``rebuild()`` recounts the table from the logs (after a restore from an old dump, say);
``drift()`` lists the cells where the table and the logs disagree (none, normally).
"""

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from apps.party.choices import ActivityType, LogStatus

LOG_TABLE = "party_activitylog"
MONTH_TABLE = "party_activitymonth"
APPROVED = LogStatus.APPROVED.value
WATCHED = ("status", "held_on", "activity_type", "organisation_id")


def _year(vendor: str, row: str) -> str:
    if vendor == "postgresql":
        return f"EXTRACT(YEAR FROM {row}.held_on)::int"
    return f"CAST(strftime('%Y', {row}.held_on) AS INTEGER)"


def _month(vendor: str, row: str) -> str:
    if vendor == "postgresql":
        return f"EXTRACT(MONTH FROM {row}.held_on)::int"
    return f"CAST(strftime('%m', {row}.held_on) AS INTEGER)"


def _is(vendor: str, row: str, value: str) -> str:
    """1 when the row's type is ``value``, else 0."""
    if vendor == "postgresql":
        return f"({row}.activity_type = '{value}')::int"
    return f"({row}.activity_type = '{value}')"


def _add(vendor: str, types: list[str]) -> str:
    columns = ", ".join(f"n_{t}" for t in types)
    values = ", ".join(_is(vendor, "NEW", t) for t in types)
    updates = ", ".join(f"n_{t} = {MONTH_TABLE}.n_{t} + excluded.n_{t}" for t in types)
    return (
        f"INSERT INTO {MONTH_TABLE} (organisation_id, year, month, {columns}) "
        f"VALUES (NEW.organisation_id, {_year(vendor, 'NEW')}, {_month(vendor, 'NEW')}, {values}) "
        f"ON CONFLICT (organisation_id, year, month) DO UPDATE SET {updates}"
    )


def _remove(vendor: str, types: list[str]) -> str:
    updates = ", ".join(f"n_{t} = n_{t} - {_is(vendor, 'OLD', t)}" for t in types)
    return (
        f"UPDATE {MONTH_TABLE} SET {updates} WHERE organisation_id = OLD.organisation_id "
        f"AND year = {_year(vendor, 'OLD')} AND month = {_month(vendor, 'OLD')}"
    )


def _changed() -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)


def trigger_sql(vendor: str, types: list[str]) -> tuple[list[str], list[str]]:
    """(statements that install the triggers, statements that drop them) for ``vendor``."""
    if vendor == "postgresql":
        function = f"""
CREATE OR REPLACE FUNCTION party_activitymonth_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = '{APPROVED}' THEN
        {_remove(vendor, types)};
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = '{APPROVED}' THEN
        {_add(vendor, types)};
    END IF;
    RETURN NULL;
END
$$"""
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)
        install = [
            function,
            f"CREATE TRIGGER party_activitymonth_write AFTER INSERT OR DELETE ON {LOG_TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION party_activitymonth_count()",
            f"CREATE TRIGGER party_activitymonth_change AFTER UPDATE OF {', '.join(WATCHED)} ON {LOG_TABLE} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION party_activitymonth_count()",
        ]
        drop = [
            f"DROP TRIGGER IF EXISTS party_activitymonth_write ON {LOG_TABLE}",
            f"DROP TRIGGER IF EXISTS party_activitymonth_change ON {LOG_TABLE}",
            "DROP FUNCTION IF EXISTS party_activitymonth_count()",
        ]
        return install, drop
    if vendor == "sqlite":
        watched = ", ".join(WATCHED)
        install = [
            f"CREATE TRIGGER party_activitymonth_insert AFTER INSERT ON {LOG_TABLE} "
            f"WHEN NEW.status = '{APPROVED}' BEGIN {_add(vendor, types)}; END",
            f"CREATE TRIGGER party_activitymonth_delete AFTER DELETE ON {LOG_TABLE} "
            f"WHEN OLD.status = '{APPROVED}' BEGIN {_remove(vendor, types)}; END",
            # Two update triggers: one takes the log from its old cell, the other adds it to
            # its new one (in either order: the counts are sums).
            f"CREATE TRIGGER party_activitymonth_update_old AFTER UPDATE OF {watched} ON {LOG_TABLE} "
            f"WHEN OLD.status = '{APPROVED}' AND ({_changed()}) BEGIN {_remove(vendor, types)}; END",
            f"CREATE TRIGGER party_activitymonth_update_new AFTER UPDATE OF {watched} ON {LOG_TABLE} "
            f"WHEN NEW.status = '{APPROVED}' AND ({_changed()}) BEGIN {_add(vendor, types)}; END",
        ]
        drop = [
            f"DROP TRIGGER IF EXISTS party_activitymonth_{name}"
            for name in ("insert", "delete", "update_old", "update_new")
        ]
        return install, drop
    raise NotImplementedError(f"组织生活月度统计触发器不支持 {vendor} 数据库（仅支持 PostgreSQL 与 SQLite）。")


def _counted_from_logs():
    """The table's rows as the logs say they should be: {(org, year, month): {column: n}}."""
    from apps.party.models import ActivityLog, ActivityMonth

    rows = (
        ActivityLog.objects.filter(status=APPROVED)
        .annotate(y=ExtractYear("held_on"), m=ExtractMonth("held_on"))
        .order_by()
        .values("organisation_id", "y", "m")
        .annotate(**{ActivityMonth.column(t): Count("id", filter=Q(activity_type=t)) for t in ActivityType.values})
    )
    return {
        (r["organisation_id"], r["y"], r["m"]): {
            ActivityMonth.column(t): r[ActivityMonth.column(t)] for t in ActivityType.values
        }
        for r in rows
    }


def _stored() -> dict:
    from apps.party.models import ActivityMonth

    columns = [ActivityMonth.column(t) for t in ActivityType.values]
    return {
        (r["organisation_id"], r["year"], r["month"]): {c: r[c] for c in columns}
        for r in ActivityMonth.objects.values("organisation_id", "year", "month", *columns)
    }


def drift() -> list[tuple]:
    """Cells where the table and the logs disagree: ``[(org, year, month, stored, counted)]``.

    A row of zeros (left after its last approved log went) agrees with no row at all."""
    from apps.party.models import ActivityMonth

    zero = {ActivityMonth.column(t): 0 for t in ActivityType.values}
    counted, stored = _counted_from_logs(), _stored()
    return [
        (*key, stored.get(key), counted.get(key))
        for key in sorted(counted.keys() | stored.keys())
        if stored.get(key, zero) != counted.get(key, zero)
    ]


@transaction.atomic
def rebuild() -> int:
    """Recount the whole table from the logs (one locked transaction); returns its rows."""
    from apps.party.models import ActivityMonth

    # Writers wait while the table is recounted, so no trigger update is lost in between.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {LOG_TABLE} IN SHARE MODE")
    ActivityMonth.objects.all().delete()
    cells = [
        ActivityMonth(organisation_id=org, year=year, month=month, **counts)
        for (org, year, month), counts in _counted_from_logs().items()
    ]
    ActivityMonth.objects.bulk_create(cells, batch_size=2000)
    return len(cells)
