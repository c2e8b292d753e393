"""``ActivityMonth``: approved activity logs per organisation, month and type, kept by triggers.

The triggers are SQL for the two databases the portal runs on (SQLite, the embedded
default, and PostgreSQL), written out in migration ``0006_narrow_activitymonth``. They count
a log while its status is ``approved``: an insert of an approved log adds one to its
organisation-month-type cell, a delete takes one away, and an update that touches the
status, date, type or organisation takes one from the old cell and adds one to the new.
Every write path goes through them, including ``QuerySet.update``, ``bulk_create`` and
``COPY``.

``rebuild()`` recounts the table from the logs (after a restore from an old dump, say);
``drift()`` lists the cells where the table and the logs disagree (none, normally).
"""

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear

from apps.party.choices import LogStatus

LOG_TABLE = "party_activitylog"


def _counted_from_logs() -> dict:
    """The table's cells as the logs say they should be: {(org, year, month, type): n}."""
    from apps.party.models import ActivityLog

    rows = (
        ActivityLog.objects.filter(status=LogStatus.APPROVED)
        .annotate(y=ExtractYear("held_on"), m=ExtractMonth("held_on"))
        .order_by()
        .values_list("organisation_id", "y", "m", "activity_type")
        .annotate(n=Count("id"))
    )
    return {(org, year, month, activity_type): n for org, year, month, activity_type, n in rows}


def _stored() -> dict:
    from apps.party.models import ActivityMonth

    return {
        (org, year, month, activity_type): n
        for org, year, month, activity_type, n in ActivityMonth.objects.values_list(
            "organisation_id", "year", "month", "activity_type", "count"
        )
    }


def drift() -> list[tuple]:
    """Cells where the table and the logs disagree: ``[(org, year, month, type, stored, counted)]``.

    A cell of 0 (left after its last approved log went) agrees with no row at all."""
    counted, stored = _counted_from_logs(), _stored()
    return [
        (*key, stored.get(key, 0), counted.get(key, 0))
        for key in sorted(counted.keys() | stored.keys())
        if stored.get(key, 0) != counted.get(key, 0)
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
        ActivityMonth(organisation_id=org, year=year, month=month, activity_type=activity_type, count=n)
        for (org, year, month, activity_type), n in _counted_from_logs().items()
    ]
    ActivityMonth.objects.bulk_create(cells, batch_size=2000)
    return len(cells)
