"""Look-ups shared by the resources: each is one query, whatever the number of rows.

A brand's own look-ups live in its folder (``apps/party/excel.py``); this module imports
no brand.
"""

from apps.core.excel.resources import ImportRow

OUT_OF_SCOPE = "不存在或不在您的数据权限范围内"


class RegionLookup:
    """Regions by name, and which of them ``user`` may write to (two queries)."""

    def __init__(self, user):
        from apps.regions.models import Region

        self.by_name = {name: pk for pk, name in Region.objects.values_list("pk", "name")}
        self.workable = set(Region.objects.workable_for(user).values_list("pk", flat=True))

    def resolve(self, row: ImportRow, name: str, header: str, *, required: bool = True):
        if not name:
            return None
        pk = self.by_name.get(name)
        if pk is None:
            row.error(header, f"区域“{name}”不存在，应为：{'、'.join(self.by_name)}")
        elif pk not in self.workable:
            row.error(header, f"区域“{name}”不在您的数据权限范围内")
        else:
            return pk
        return None


def flag_duplicates(rows: list[ImportRow], key, header: str, message: str) -> None:
    """Mark every row whose ``key(row)`` repeats an earlier row of the file."""
    seen = {}
    for row in rows:
        k = key(row)
        if k is None:
            continue
        if k in seen:
            row.error(header, message.format(first=seen[k]))
        else:
            seen[k] = row.number


def existing_values(model, field: str, values: list) -> set:
    """Which of ``values`` the ``field`` column of ``model``'s table already holds.

    PostgreSQL: one query with the values as one array parameter (``= ANY(%s)``): the ORM's
    ``__in`` compiles one placeholder per value, ~10 µs each, a fifth of a second for a
    20,000-row file. Elsewhere ``__in`` in chunks (SQLite's limit on parameters).
    """
    from django.db import connection

    if not values:
        return set()
    column = model._meta.get_field(field).column
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE {quote(column)} = ANY(%s)",
                [list(values)],
            )
            return {row[0] for row in cursor.fetchall()}
    found = set()
    for start in range(0, len(values), 10000):
        chunk = values[start : start + 10000]
        found.update(model._default_manager.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found
