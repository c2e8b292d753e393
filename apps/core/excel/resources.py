"""The one Excel resource base: :class:`ExcelResource` (a django-import-export ModelResource).

A resource declares its columns as :class:`Column` fields (Chinese header, how a cell is
parsed, whether it is required, an example for the template) and implements three hooks:

- ``prepare(rows)`` — load what the rows refer to with **one query per look-up** (never
  one per row), then check every row and build its unsaved instance(s), recording errors
  with :meth:`ImportRow.error`;
- ``save(rows)`` — write them in bulk, history rows too: :func:`bulk_insert` for model
  instances, or :class:`RowWriter` for plain value tuples (no instances at all: the
  large imports);
- ``export_rows(queryset)`` — the export as plain lists, masked for the user.

A resource whose imports are large may also override ``check_and_save`` to write each
checked chunk while the next is checked (see ``MemberResource``).

The base does the rest: header check, cell parsing, row numbers as Excel shows them,
Chinese per-row/per-field errors in the library's ``Result`` (so the admin preview shows
them), a failing-rows dataset with an "错误原因" column, and **all-or-nothing**: if any row
fails nothing is written.
"""

import contextlib
import datetime
import gc
import itertools
import re
from collections.abc import Callable

import tablib
from django.core.exceptions import ValidationError
from django.db import models
from import_export import fields, resources
from import_export.results import Error, Result, RowResult

from apps.core.city import _COPY_ESCAPE, _COPY_SPECIAL, _copy_value
from apps.core.masking import can_view_sensitive, mask_id_number, redact_pii
from apps.core.validators import normalize_id_number

ERROR_COLUMN = "错误原因"
PREVIEW_ROWS = 100
IMPORT_CHANGE_REASON = "Excel 导入"


# ---------------------------------------------------------------------------
# Cell parsers: value in, clean value out, or ValueError with a Chinese message
# ---------------------------------------------------------------------------
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_text(value, column):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if column.max_length and len(text) > column.max_length:
        raise ValueError(f"不能超过 {column.max_length} 个字")
    return text


def parse_date(value, column):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE_RE.match(str(value).strip())
    if match:
        try:
            return datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ValueError(f"日期“{value}”无法识别，请填写如 2021-07-01 的日期")


def parse_choice(value, column):
    if value is None or value == "":
        return None
    text = str(value).strip()
    by_label = column.choice_map
    if text in by_label:
        return by_label[text]
    raise ValueError(f"“{text}”不是可选值，应为：{'、'.join(column.choices.labels)}")


def parse_bool(value, column):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip()
    if text in ("是", "Y", "y", "1", "√", "TRUE", "True", "true"):
        return True
    if text in ("否", "N", "n", "0", "×", "FALSE", "False", "false"):
        return False
    raise ValueError("请填写“是”或“否”")


def parse_id_number(value, column):
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        # Excel stores long numbers as floats and loses the last digits.
        raise ValueError("身份证号被存成了数字，请把该列设为“文本”格式后重新填写")
    return normalize_id_number(str(value))


PARSERS: dict[str, Callable] = {
    "text": parse_text,
    "date": parse_date,
    "choice": parse_choice,
    "bool": parse_bool,
    "id_number": parse_id_number,
}


_column_order = itertools.count()


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection inside the block.

    A 20,000-row file makes a few hundred thousand small objects (cells, values, tuples)
    that all live until the import ends; each allocation burst triggers a collection that
    walks every object of the process, ~0.3 s of CPU in all for nothing to free. Reference
    counting still frees what dies; anything cyclic waits for the next collection after
    the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Column(fields.Field):
    """One spreadsheet column: the library's ``Field`` plus how to parse and document it."""

    def __init__(
        self,
        attribute: str,
        header: str,
        *,
        kind: str = "text",
        required: bool = False,
        choices: type[models.TextChoices] | None = None,
        max_length: int | None = None,
        example="",
        note: str = "",
        width: int | None = None,
    ):
        super().__init__(attribute=attribute, column_name=header)
        self.header = header
        self.kind = kind
        self.required = required
        self.choices = choices
        self.max_length = max_length
        self.example = example
        self.note = note
        self.width = width
        self.order = next(_column_order)
        self.empty = None if kind in ("date", "choice", "bool") else ""
        self.choice_map = {}
        if choices is not None:
            self.choice_map = {str(label): value for value, label in choices.choices}
            self.choice_map.update({value: value for value in choices.values})

    def parse(self, value):
        return self.parser(value, self)

    @property
    def parser(self):
        return PARSERS[self.kind]


class ImportRow:
    """One data row of the file while it is checked: parsed values, errors, instances."""

    __slots__ = ("errors", "number", "objects", "raw", "values")

    def __init__(self, number: int, raw: list):
        self.number = number
        self.raw = raw
        self.values: dict = {}
        self.errors: dict[str, list[str]] = {}
        self.objects: dict = {}

    def error(self, header: str, message: str) -> None:
        self.errors.setdefault(header, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_text(self) -> str:
        return "；".join(f"{h}：{'，'.join(msgs)}" for h, msgs in self.errors.items())


class SavedRowResult(RowResult):
    """The library's row result, with the instance (and its id and text) built only when
    read: the admin reads them for its log entries after a small import, a 20,000-row
    background import never does, and a resource writing value tuples would otherwise
    build 20,000 model instances (~0.6 s) for nothing."""

    load = None

    def __init__(self):
        super().__init__()
        self._instance = None

    @property
    def instance(self):
        if self._instance is None and self.load is not None:
            self._instance = self.load()
        return self._instance

    @instance.setter
    def instance(self, value):
        self._instance = value

    @property
    def object_id(self):
        return getattr(self.instance, "pk", None)

    @object_id.setter
    def object_id(self, value):
        pass  # derived from the instance

    @property
    def object_repr(self):
        return None if self.instance is None else str(self.instance)

    @object_repr.setter
    def object_repr(self, value):
        pass  # derived from the instance


class ImportAborted(Exception):
    """A problem with the whole file (headers, no rows …), reported in Chinese."""


# ---------------------------------------------------------------------------
# The base resource
# ---------------------------------------------------------------------------
class ExcelResource(resources.ModelResource):
    """Base of every Excel resource; see the module docstring."""

    #: A sheet title and the file name stem of templates and exports.
    title = "数据"
    #: False for export-only resources.
    importable = True

    class Meta:
        fields = ()
        use_bulk = True
        skip_diff = True
        use_transactions = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    # -- columns -----------------------------------------------------------------------
    @classmethod
    def columns(cls) -> list[Column]:
        return sorted((f for f in cls.fields.values() if isinstance(f, Column)), key=lambda c: c.order)

    @classmethod
    def headers(cls) -> list[str]:
        return [c.header for c in cls.columns()]

    def get_diff_headers(self):
        return self.headers()

    @classmethod
    def get_display_name(cls):
        return cls.title

    # -- template ----------------------------------------------------------------------
    @classmethod
    def template_bytes(cls) -> bytes:
        """An empty workbook with the headers, one example row commented as such, text
        format on ID columns and drop-down lists on choice columns."""
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = cls.title[:31]
        required_fill = PatternFill("solid", fgColor="FDE2E1")
        for index, column in enumerate(cls.columns(), 1):
            letter = get_column_letter(index)
            cell = sheet.cell(row=1, column=index, value=column.header)
            cell.font = Font(bold=True)
            note = "必填。" if column.required else "选填。"
            if column.choices is not None:
                note += "可选值：" + "、".join(column.choices.labels) + "。"
            if column.kind == "date":
                note += "日期格式如 2021-07-01。"
            if column.note:
                note += column.note
            if column.required:
                cell.fill = required_fill
            cell.comment = Comment(f"{note}\n第 2 行为示例，导入前请删除。", "老干部工作信息平台")
            sheet.column_dimensions[letter].width = column.width or max(12, len(column.header) * 2 + 6)
            example = column.example
            sheet.cell(row=2, column=index, value=example)
            if column.kind in ("id_number", "text"):
                for row in range(2, 1002):
                    sheet.cell(row=row, column=index).number_format = "@"
            if column.choices is not None:
                options = ",".join(column.choices.labels)
                if len(options) < 250:
                    validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
                    validation.error = "请从下拉列表中选择"
                    validation.add(f"{letter}2:{letter}20000")
                    sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
        import io

        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    # -- import --------------------------------------------------------------------------
    def prepare(self, rows: list[ImportRow]) -> None:
        """Load look-ups (one query each) and check/build every row. Subclasses."""
        raise NotImplementedError

    def save(self, rows: list[ImportRow]) -> None:
        """Write the prepared rows in bulk. Subclasses."""
        raise NotImplementedError

    def check_and_save(self, rows: list[ImportRow], *, save: bool) -> None:
        """Check every row and, when ``save`` and every row passed, write them.

        By default ``prepare`` then ``save``. A resource may override it to write each
        chunk of rows as soon as it has passed, so the database works while later rows
        are checked; it must then leave nothing written if any row fails (a savepoint
        rolled back), whatever the caller's transaction does.
        """
        self.prepare(rows)
        if save and all(row.ok for row in rows):
            self.save(rows)

    def check_headers(self, headers: list[str]) -> None:
        present = set(headers)
        expected = self.headers()
        missing = [c.header for c in self.columns() if c.required and c.header not in present]
        if not present & set(expected):
            raise ImportAborted(f"表头不正确：第一行应为列名（{'、'.join(expected)}）。请下载模板，按模板填写后上传。")
        if missing:
            raise ImportAborted(f"表头缺少必填列：{'、'.join(missing)}。请下载模板，按模板填写后上传。")
        duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
        if duplicated:
            raise ImportAborted(f"表头中有重复的列：{'、'.join(duplicated)}。")

    def parse_rows(self, dataset) -> list[ImportRow]:
        headers = list(dataset.headers or [])
        # Each column's parser looked up once, not once per cell.
        positions = [(c, headers.index(c.header), c.parser) for c in self.columns() if c.header in headers]
        absent = [c for c in self.columns() if c.header not in headers]
        numbers = getattr(dataset, "excel_rows", None)
        rows = []
        for i, raw in enumerate(dataset._data):
            # tablib's Row iterates through a generator; its list is copied directly.
            raw = list(raw._row) if type(raw) is tablib.core.Row else list(raw)
            row = ImportRow(numbers[i] if numbers else i + 2, raw)
            values = row.values
            for column, position, parse in positions:
                value = raw[position]
                try:
                    parsed = parse(value, column)
                except ValueError as exc:
                    row.error(column.header, str(exc))
                    parsed = column.empty
                else:
                    if column.required and parsed in (None, ""):
                        row.error(column.header, "必填，不能为空")
                values[column.attribute] = parsed
            for column in absent:
                values[column.attribute] = column.empty
            rows.append(row)
        return rows

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        """The bulk, all-or-nothing import (replaces the library's row-by-row loop)."""
        from django.conf import settings

        if kwargs.get("user") is not None:
            self.user = kwargs["user"]
        progress = kwargs.get("progress") or (lambda stage, done, total: None)
        result = self.get_result_class()()
        result.diff_headers = list(dataset.headers or [])
        result.total_rows = len(dataset)
        result.failed_dataset.headers = [*list(dataset.headers or []), ERROR_COLUMN]
        max_rows = getattr(settings, "EXCEL_MAX_ROWS", 50000)
        try:
            if not self.importable:
                raise ImportAborted("该数据只能导出，不能导入。")
            self.check_headers(result.diff_headers)
            if len(dataset) == 0:
                raise ImportAborted("文件中没有数据行：请在表头下方逐行填写后再上传。")
            if len(dataset) > max_rows:
                raise ImportAborted(f"单个文件最多 {max_rows} 行，本文件有 {len(dataset)} 行，请拆分后上传。")
        except ImportAborted as exc:
            result.append_base_error(Error(ValidationError(str(exc))))
            return result

        with gc_paused():
            return self._import_rows(dataset, result, dry_run=dry_run, progress=progress)

    def _import_rows(self, dataset, result, *, dry_run, progress):
        rows = self.parse_rows(dataset)
        progress("check", len(rows) // 2, len(rows))
        self.check_and_save(rows, save=not dry_run)
        progress("check", len(rows), len(rows))
        failed = [row for row in rows if not row.ok]
        if failed:
            for row in failed:
                values = dict(zip(result.diff_headers, _shown(row.raw), strict=False))
                result.append_invalid_row(row.number, values, ValidationError(row.errors))
                result.failed_dataset.append([*row.raw, row.error_text()])
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            return result

        progress("save", len(rows), len(rows))
        result.totals[RowResult.IMPORT_TYPE_NEW] = len(rows)
        for index, row in enumerate(rows):
            if dry_run and index >= PREVIEW_ROWS:
                break
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            row_result.diff = _shown(row.raw)
            if not dry_run:
                row_result.load = lambda row=row: self.saved_instance(row)
            result.append_row_result(row_result)
        return result

    def get_row_result_class(self):
        return SavedRowResult

    def saved_instance(self, row: ImportRow):
        """The saved object a row's result names (the admin logs one entry per row); asked
        for only when needed. By default ``row.objects["instance"]``; a resource that writes
        value tuples builds it from what ``save`` kept."""
        return row.objects.get("instance")

    # -- export ---------------------------------------------------------------------------
    def export_queryset(self, queryset=None):
        """The rows to export, limited to the user's scope."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        return queryset.for_user(self.user)

    def export_rows(self, queryset):
        """Yield one list per row, in :meth:`headers` order. Subclasses."""
        raise NotImplementedError

    def export(self, queryset=None, **kwargs):
        """A ``tablib.Dataset`` of the export, scoped and masked for ``self.user``."""
        dataset = tablib.Dataset(headers=self.headers(), title=self.title)
        dataset._data = [tablib.core.Row(r) for r in self.export_rows(self.export_queryset(queryset))]
        return dataset


def failed_rows_bytes(result: Result, *, user, resource_class) -> bytes:
    """The failing rows as an xlsx, with their errors in an "错误原因" column, for ``user``.

    The file is kept for a while (``excel_files_purge``), so it holds no more personal data
    than its uploader may see: ID numbers (the ``id_number`` columns of ``resource_class``)
    are written in full only for a user with ``people.view_sensitive_person`` and only
    where the number is not that of a person registered outside the user's scope; every
    other number is masked. Without the permission, ID and mobile numbers anywhere in the
    file are masked too.
    """
    from apps.core.excel.formats import write_rows

    dataset = result.failed_dataset
    headers = list(dataset.headers or [])
    id_headers = {c.header for c in resource_class.columns() if c.kind == "id_number"}
    id_positions = [i for i, h in enumerate(headers) if h in id_headers]
    rows = [list(row) for row in dataset._data]
    if can_view_sensitive(user):
        hidden = _registered_outside_scope(user, {row[i] for row in rows for i in id_positions if row[i]})
        for row in rows:
            for i in id_positions:
                if row[i] and normalize_id_number(str(row[i])) in hidden:
                    row[i] = mask_id_number(str(row[i]))
    else:
        for row in rows:
            for i, value in enumerate(row):
                if i in id_positions:
                    row[i] = mask_id_number(str(value)) if value else value
                elif isinstance(value, str):
                    row[i] = redact_pii(value)
    return write_rows(headers, rows, title="未通过校验的行")


def _registered_outside_scope(user, values) -> set[str]:
    """Of the ID numbers ``values``, those of people registered outside ``user``'s scope."""
    from apps.core import crypto
    from apps.people.models import Person

    by_hash = {crypto.search_hash(n): n for n in {normalize_id_number(str(v)) for v in values} if n}
    if not by_hash:
        return set()
    outside = (
        Person.objects.filter(id_number_hash__in=by_hash)
        .exclude(pk__in=Person.objects.for_user(user).values("pk"))
        .values_list("id_number_hash", flat=True)
    )
    return {by_hash[h] for h in outside}


COPY_THRESHOLD = 500


# ---------------------------------------------------------------------------
# Bulk writes of value rows (no model instances): RowWriter
# ---------------------------------------------------------------------------
class RowWriter:
    """Insert rows given as value tuples, with one history row each, in the current transaction.

    ``with RowWriter(user=…, rows=n) as writer: ids = writer.insert(Model, columns, values)``
    where ``columns`` are attribute names (``region_id``, not ``region``) and every other
    field takes its default (``auto_now``/``auto_now_add`` fields: now). For resources that
    build plain tuples instead of model instances: a model instance costs ~30 µs to build,
    as much as everything else a member row needs.

    On PostgreSQL, from ``COPY_THRESHOLD`` rows, ids come from the sequence (``reserve``
    takes them for a whole file in one query) and the rows go in with ``COPY`` from a
    background thread: the server stores and indexes one chunk while Python builds the
    next, instead of the two waiting on each other. Rows and their history rows share
    one encoding. Elsewhere ``bulk_insert`` (``bulk_create`` and
    ``bulk_create_with_history``) on instances built from the tuples.

    A failed ``COPY`` (say a unique ID registered by someone else meanwhile) is raised on
    the next ``insert`` or on leaving the block, as Django's database error, inside the
    caller's transaction, which then rolls back: all-or-nothing holds.
    """

    def __init__(self, *, user=None, rows: int = 0):
        from django.utils import timezone

        self.user = user
        self.now = timezone.now()
        self.copy = self.copies(rows)
        self._reserved: dict = {}
        self._plans: dict = {}
        self._stream = None

    def __enter__(self):
        if self.copy:
            from django.db import connection

            self._stream = _CopyStream(connection)
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._stream is not None:
            self._stream.close(raise_error=exc_type is None)
        return False

    @staticmethod
    def copies(rows: int) -> bool:
        """Whether ``rows`` rows go in with COPY from a background thread."""
        from django.db import connection

        return connection.vendor == "postgresql" and rows >= COPY_THRESHOLD

    def reserve(self, model, count: int) -> None:
        """Take ``count`` ids of ``model`` now (one query), for the coming inserts."""
        if self.copy and count:
            self._stream.drain()
            self._reserved.setdefault(model, []).extend(_allocate_ids(model, count))

    def insert(self, model, columns: list[str], values: list[tuple]) -> list[int]:
        """Insert ``values`` (tuples in ``columns`` order); their ids, in order."""
        if not values:
            return []
        if not self.copy:
            objects = [model(**dict(zip(columns, row, strict=True))) for row in values]
            return [obj.pk for obj in bulk_insert(model, objects, user=self.user)]
        reserved = self._reserved.get(model) or []
        if len(reserved) < len(values):
            self._stream.drain()
            reserved.extend(_allocate_ids(model, len(values) - len(reserved)))
        ids, self._reserved[model] = reserved[: len(values)], reserved[len(values) :]
        plan = self._plans.get((model, tuple(columns)))
        if plan is None:
            plan = self._plans[(model, tuple(columns))] = _CopyPlan(model, columns, self.now, self.user)
        main, history = plan.encode(ids, values)
        self._stream.put(plan.main_sql, main)
        if history is not None:
            self._stream.put(plan.history_sql, history)
        return ids


class _CopyPlan:
    """How value tuples of one model become the text of its COPY and its history's COPY.

    The columns the history table shares with the model come first, so a history line is
    the shared text of its row plus a constant suffix (date, type, user, reason).
    """

    def __init__(self, model, columns, now, user):
        from django.db import connection

        quote = connection.ops.quote_name
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
        self.shared_tail = "".join("\t" + _copy_value(constants[c]) for c in shared_constants)
        self.own_tail = "".join("\t" + _copy_value(constants[c]) for c in own_constants)
        main_columns = [
            fields[pk].column,
            *(fields[c].column for c in [*shared, *shared_constants, *own, *own_constants]),
        ]
        self.main_sql = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, main_columns))}) FROM STDIN"
        self.history_sql = None
        if history is not None:
            specials = {
                "history_date": now,
                "history_type": "+",
                "history_user_id": getattr(user, "pk", None),
                "history_change_reason": IMPORT_CHANGE_REASON,
            }
            by_name = {f.attname: f for f in history.model._meta.concrete_fields}
            covered = {pk, *shared, *shared_constants, "history_id"}
            extra = [name for name in by_name if name not in covered]
            suffix = [specials[name] if name in specials else by_name[name].get_default() for name in extra]
            self.history_suffix = "".join("\t" + _copy_value(v) for v in suffix) + "\n"
            history_columns = [by_name[c].column for c in [pk, *shared, *shared_constants, *extra]]
            self.history_sql = (
                f"COPY {quote(history.model._meta.db_table)} ({', '.join(map(quote, history_columns))}) FROM STDIN"
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
        if self.history_sql is None:
            return main, None
        suffix = tail + self.history_suffix
        return main, suffix.join(shared) + suffix


def _encoder(field):
    """The COPY text encoder of ``field``'s values: strings and integers without the
    generic type dispatch of ``_copy_value``."""
    kind = field.get_internal_type()
    if kind in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
        return _copy_text
    if kind in ("ForeignKey", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"):
        return _copy_int
    return _copy_value


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    value = str(value)
    return value.translate(_COPY_ESCAPE) if _COPY_SPECIAL.search(value) else value


def _copy_int(value) -> str:
    return r"\N" if value is None else str(int(value))


class _CopyStream:
    """``COPY … FROM STDIN`` statements run one after another by a background thread.

    psycopg2 releases the GIL while libpq sends the data and waits for the server, so the
    thread costs the caller only the queue. While a COPY runs the connection belongs to
    this thread: the caller makes no query without ``drain()`` first. At most ``DEPTH``
    pieces wait, which bounds memory.
    """

    DEPTH = 4

    def __init__(self, connection):
        import queue
        import threading

        connection.ensure_connection()
        self.connection = connection
        self.queue = queue.Queue(maxsize=self.DEPTH)
        self.error = None
        self.failed = False
        self.thread = threading.Thread(target=self._run, args=(connection.connection,), daemon=True)
        self.thread.start()

    def _run(self, raw):
        import io

        with raw.cursor() as cursor:
            while True:
                item = self.queue.get()
                try:
                    if item is None:
                        return
                    if not self.failed:
                        sql, text = item
                        cursor.copy_expert(sql, io.StringIO(text), size=1 << 20)
                except BaseException as exc:  # re-raised in the caller's thread
                    self.error, self.failed = exc, True
                finally:
                    self.queue.task_done()

    def put(self, sql: str, text: str) -> None:
        self._raise()
        self.queue.put((sql, text))

    def drain(self) -> None:
        """Wait until every queued COPY has run: the connection is free for a query."""
        self.queue.join()
        self._raise()

    def close(self, *, raise_error: bool = True) -> None:
        self.queue.put(None)
        self.thread.join()
        if raise_error:
            self._raise()

    def _raise(self):
        if self.error is not None:
            error, self.error = self.error, None
            # As Django's own exception (IntegrityError …); the caller's atomic block
            # rolls the transaction back on it.
            with self.connection.wrap_database_errors:
                raise error


def bulk_insert(model, objects: list, *, user=None, batch_size: int = 2000) -> list:
    """Insert ``objects`` (with one history row each when the model keeps history).

    On PostgreSQL, from ``COPY_THRESHOLD`` rows: ids are taken from the table's sequence in
    one query and the rows go in with ``COPY`` (``apps.core.city.insert_rows``), skipping
    the ORM's per-value SQL compilation, which dominated the 20,000-row import. Elsewhere
    ``bulk_create`` (and ``bulk_create_with_history``). No model logic runs either way:
    the resource has already validated and filled every field.
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


def _allocate_ids(model, count: int) -> list[int]:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _row_values(model_fields, obj, now):
    values = []
    for field in model_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
            setattr(obj, field.attname, now)
        else:
            value = getattr(obj, field.attname)
        values.append(value)
    return values


def _copy_insert(model, objects: list, *, user=None) -> list:
    from django.utils import timezone

    from apps.core.city import insert_rows

    now = timezone.now()
    for obj, pk in zip(objects, _allocate_ids(model, len(objects)), strict=True):
        obj.pk = pk
        obj._state.adding = False
    fields = list(model._meta.concrete_fields)
    insert_rows(model, [f.column for f in fields], (_row_values(fields, obj, now) for obj in objects))
    if hasattr(model, "history"):
        history = model.history.model
        own = {f.attname for f in fields}
        specials = {
            "history_date": now,
            "history_type": "+",
            "history_user_id": getattr(user, "pk", None),
            "history_change_reason": IMPORT_CHANGE_REASON,
        }
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
        insert_rows(history, columns, ([get(obj) for get in getters] for obj in objects))
    return objects


def _shown(raw: list) -> list:
    """A row's cells as the preview shows them: an empty cell empty, not "None"."""
    return ["" if value is None else value for value in raw]
