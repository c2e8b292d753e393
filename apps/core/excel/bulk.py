"""The import's writer: checked rows into the database, in the caller's thread,
connection and transaction.

- :class:`RowWriter` inserts value tuples (no model instances), one history row each;
- :func:`bulk_insert` inserts model instances, history rows too;
- :func:`copy_text` encodes one value for the text format of ``COPY … FROM STDIN``.

On PostgreSQL, from ``COPY_THRESHOLD`` rows, ids are taken from the table's sequence in
one query and the rows go in with ``COPY``; elsewhere, and for fewer rows,
``bulk_create`` (simple-history's ``bulk_create_with_history``). Text is stored as given
on either path: ``COPY`` gets backslash, tab, LF and CR escaped (``\\\\``, ``\\t``,
``\\n``, ``\\r``), so a cell holding ``\\N`` stays two characters, not NULL.

No model logic runs: the resource has already checked and filled every field. A failed
``COPY`` (say an ID registered by someone else meanwhile) raises Django's database error
inside the caller's transaction, which then rolls back: all-or-nothing holds.
"""

import datetime
import io
import re

IMPORT_CHANGE_REASON = "Excel 导入"
#: From this many rows PostgreSQL gets ``COPY`` instead of ``bulk_create``.
COPY_THRESHOLD = 500
#: Lines sent in one ``COPY`` by :func:`bulk_insert`.
COPY_CHUNK = 10_000

_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """``value`` as one field of ``COPY … FROM STDIN`` (text format); ``None`` is NULL."""
    # Called once per value of a bulk load: the common types first, and strings only
    # escaped when they hold a character COPY reads specially.
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPE) if _COPY_SPECIAL.search(value) else value
    if kind is int:
        return str(value)
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    text = str(value)
    return text.translate(_COPY_ESCAPE) if _COPY_SPECIAL.search(text) else text


def _copy_str(value) -> str:
    if value is None:
        return r"\N"
    value = str(value)
    return value.translate(_COPY_ESCAPE) if _COPY_SPECIAL.search(value) else value


def _copy_int(value) -> str:
    return r"\N" if value is None else str(int(value))


def _encoder(field):
    """The encoder of ``field``'s values: strings and integers without the type dispatch
    of :func:`copy_text`."""
    kind = field.get_internal_type()
    if kind in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
        return _copy_str
    if kind in ("ForeignKey", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"):
        return _copy_int
    return copy_text


def copy_from(table: str, columns: list[str], text: str) -> None:
    """Run ``COPY table (columns) FROM STDIN`` with ``text`` (encoded lines) on Django's
    connection, now; a failure is Django's database error."""
    from django.db import connection

    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(sql, io.StringIO(text), size=1 << 20)


def allocate_ids(model, count: int) -> list[int]:
    """``count`` new ids of ``model`` from its PostgreSQL sequence, in one query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _history_specials(now, user) -> dict:
    return {
        "history_date": now,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": IMPORT_CHANGE_REASON,
    }


# ---------------------------------------------------------------------------
# Value tuples: RowWriter
# ---------------------------------------------------------------------------
class RowWriter:
    """Insert rows given as value tuples, with one history row each, in the current transaction.

    ``with RowWriter(user=…, rows=n) as writer: ids = writer.insert(Model, columns, values)``
    where ``columns`` are attribute names (``region_id``, not ``region``) and every other
    field takes its default (``auto_now``/``auto_now_add`` fields: now). For resources that
    build plain tuples instead of model instances (a model instance costs as much to build
    as everything else a member row needs).

    On PostgreSQL, from ``COPY_THRESHOLD`` rows, ids come from the sequence (``reserve``
    takes them for a whole file in one query) and each ``insert`` runs its ``COPY`` (rows,
    then history rows, which share the rows' encoding) before it returns. Elsewhere
    :func:`bulk_insert` on instances built from the tuples.
    """

    def __init__(self, *, user=None, rows: int = 0):
        from django.utils import timezone

        self.user = user
        self.now = timezone.now()
        self.copy = self.copies(rows)
        self._reserved: dict = {}
        self._plans: dict = {}

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return False

    @staticmethod
    def copies(rows: int) -> bool:
        """Whether ``rows`` rows go in with ``COPY``."""
        from django.db import connection

        return connection.vendor == "postgresql" and rows >= COPY_THRESHOLD

    def reserve(self, model, count: int) -> None:
        """Take ``count`` ids of ``model`` now (one query), for the coming inserts."""
        if self.copy and count:
            self._reserved.setdefault(model, []).extend(allocate_ids(model, count))

    def insert(self, model, columns: list[str], values: list[tuple]) -> list[int]:
        """Insert ``values`` (tuples in ``columns`` order); their ids, in order."""
        if not values:
            return []
        if not self.copy:
            objects = [model(**dict(zip(columns, row, strict=True))) for row in values]
            return [obj.pk for obj in bulk_insert(model, objects, user=self.user)]
        reserved = self._reserved.get(model) or []
        if len(reserved) < len(values):
            reserved.extend(allocate_ids(model, len(values) - len(reserved)))
        ids, self._reserved[model] = reserved[: len(values)], reserved[len(values) :]
        plan = self._plans.get((model, tuple(columns)))
        if plan is None:
            plan = self._plans[(model, tuple(columns))] = _CopyPlan(model, columns, self.now, self.user)
        main, history = plan.encode(ids, values)
        copy_from(*plan.main, main)
        if history is not None:
            copy_from(*plan.history, history)
        return ids


class _CopyPlan:
    """How value tuples of one model become the text of its COPY and its history's COPY.

    The columns the history table shares with the model come first, so a history line is
    the shared text of its row plus a constant suffix (date, type, user, reason).
    """

    def __init__(self, model, columns, now, user):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        pk = model._meta.pk.attname
        constants = {}
        for name, field in fields.items():
            if name == pk or name in columns:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                constants[name] = now
            else:
                constants[name] = field.get_default()
        history = getattr(model, "history", None)
        history_names = {f.attname for f in history.model._meta.concrete_fields} if history else set()
        shared = [c for c in columns if not history or c in history_names]
        own = [c for c in columns if c not in shared]
        shared_constants = [c for c in constants if not history or c in history_names]
        own_constants = [c for c in constants if c not in shared_constants]
        # (position in the caller's tuples, encoder) of the shared and the model-only columns.
        position = {c: i for i, c in enumerate(columns)}
        self.shared = [(position[c], _encoder(fields[c])) for c in shared]
        self.own = [(position[c], _encoder(fields[c])) for c in own]
        self.shared_tail = "".join("\t" + copy_text(constants[c]) for c in shared_constants)
        self.own_tail = "".join("\t" + copy_text(constants[c]) for c in own_constants)
        self.main = (
            model._meta.db_table,
            [fields[pk].column, *(fields[c].column for c in [*shared, *shared_constants, *own, *own_constants])],
        )
        self.history = None
        if history is not None:
            specials = _history_specials(now, user)
            by_name = {f.attname: f for f in history.model._meta.concrete_fields}
            covered = {pk, *shared, *shared_constants, "history_id"}
            extra = [name for name in by_name if name not in covered]
            suffix = [specials[name] if name in specials else by_name[name].get_default() for name in extra]
            self.history_suffix = "".join("\t" + copy_text(v) for v in suffix) + "\n"
            self.history = (
                history.model._meta.db_table,
                [by_name[c].column for c in [pk, *shared, *shared_constants, *extra]],
            )

    def encode(self, ids, values) -> tuple[str, str | None]:
        # Column by column (one C-level map per column), then one join per line: a third
        # of the cost of encoding value by value.
        columns = list(zip(*values, strict=True))
        shared = list(
            map(
                "\t".join,
                zip(map(str, ids), *(map(encode, columns[i]) for i, encode in self.shared), strict=True),
            )
        )
        tail = self.shared_tail
        if self.own:
            own = map("\t".join, zip(*(map(encode, columns[i]) for i, encode in self.own), strict=True))
            main = "".join([f"{line}{tail}\t{rest}{self.own_tail}\n" for line, rest in zip(shared, own, strict=True)])
        else:
            main = "".join([f"{line}{tail}{self.own_tail}\n" for line in shared])
        if self.history is None:
            return main, None
        suffix = tail + self.history_suffix
        return main, suffix.join(shared) + suffix


# ---------------------------------------------------------------------------
# Model instances: bulk_insert
# ---------------------------------------------------------------------------
def bulk_insert(model, objects: list, *, user=None, batch_size: int = 2000) -> list:
    """Insert ``objects`` (with one history row each when the model keeps history).

    On PostgreSQL, from ``COPY_THRESHOLD`` rows: ids from the table's sequence in one
    query and the rows in with ``COPY``, skipping the ORM's per-value SQL compilation.
    Elsewhere ``bulk_create`` (and ``bulk_create_with_history``).
    """
    from django.db import connection

    if not objects:
        return objects
    if connection.vendor == "postgresql" and len(objects) >= COPY_THRESHOLD:
        return _copy_insert(model, objects, user=user)
    if hasattr(model, "history"):
        from simple_history.utils import bulk_create_with_history

        return bulk_create_with_history(
            objects, model, batch_size=batch_size, default_user=user, default_change_reason=IMPORT_CHANGE_REASON
        )
    return model.objects.bulk_create(objects, batch_size=batch_size)


def _copy_rows(table: str, columns: list[str], rows) -> None:
    batch: list[str] = []
    for row in rows:
        batch.append("\t".join(map(copy_text, row)) + "\n")
        if len(batch) >= COPY_CHUNK:
            copy_from(table, columns, "".join(batch))
            batch.clear()
    if batch:
        copy_from(table, columns, "".join(batch))


def _copy_insert(model, objects: list, *, user=None) -> list:
    from django.utils import timezone

    now = timezone.now()
    for obj, pk in zip(objects, allocate_ids(model, len(objects)), strict=True):
        obj.pk = pk
        obj._state.adding = False
    fields = list(model._meta.concrete_fields)
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objects:
        for name in stamped:
            setattr(obj, name, now)
    _copy_rows(
        model._meta.db_table, [f.column for f in fields], ([getattr(o, f.attname) for f in fields] for o in objects)
    )
    if hasattr(model, "history"):
        history = model.history.model
        own = {f.attname for f in fields}
        specials = _history_specials(now, user)
        columns, getters = [], []
        for field in history._meta.concrete_fields:
            if field.attname == "history_id":
                continue  # the sequence default
            columns.append(field.column)
            if field.attname in specials:
                getters.append(lambda obj, v=specials[field.attname]: v)
            elif field.attname in own:
                getters.append(lambda obj, a=field.attname: getattr(obj, a))
            else:
                default = field.get_default()
                getters.append(lambda obj, d=default: d)
        _copy_rows(history._meta.db_table, columns, ([get(obj) for get in getters] for obj in objects))
    return objects
