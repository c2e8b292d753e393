"""The one Excel resource base: :class:`ExcelResource` (a django-import-export ModelResource).

A resource declares its columns as :class:`Column` fields (Chinese header, how a cell is
parsed, whether it is required, an example for the template) and implements three hooks:

- ``prepare(rows)`` — load what the rows refer to with **one query per look-up** (never
  one per row), then check every row and build its unsaved instance(s), recording errors
  with :meth:`ImportRow.error`;
- ``save(rows)`` — write them in bulk, history rows too, with the writer of
  :mod:`apps.core.excel.bulk`: ``bulk_insert`` for model instances, or ``RowWriter`` for
  plain value tuples (no instances at all: the large imports);
- ``export_rows(queryset)`` — the export as plain lists, masked for the user.

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

# Resources import the writer from here too.
from apps.core.excel.bulk import IMPORT_CHANGE_REASON, RowWriter, bulk_insert  # noqa: F401
from apps.core.masking import can_view_sensitive, mask_id_number, redact_pii
from apps.core.validators import normalize_id_number

ERROR_COLUMN = "错误原因"
PREVIEW_ROWS = 100


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
    if "\x00" in text:
        # PostgreSQL cannot store it; refused everywhere, so every database stores the same.
        raise ValueError("含有无法保存的空字符（U+0000），请删除后重新上传")
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
        from apps.core.excel.writer import Book

        book = Book()
        sheet = book.add_sheet(cls.title)
        columns = cls.columns()
        for index, column in enumerate(columns):
            text = column.kind in ("id_number", "text")
            sheet.set_width(index, column.width or max(12, len(column.header) * 2 + 6), style="text" if text else None)
            if column.choices is not None:
                sheet.choice_list(
                    index, 1, 19_999, [str(label) for label in column.choices.labels], error="请从下拉列表中选择"
                )
        sheet.append([c.header for c in columns], styles=["required" if c.required else "bold" for c in columns])
        for index, column in enumerate(columns):
            note = "必填。" if column.required else "选填。"
            if column.choices is not None:
                note += "可选值：" + "、".join(column.choices.labels) + "。"
            if column.kind == "date":
                note += "日期格式如 2021-07-01。"
            if column.note:
                note += column.note
            sheet.comment(0, index, f"{note}\n第 2 行为示例，导入前请删除。", author="老干部工作信息平台")
        sheet.append([c.example for c in columns])
        sheet.freeze(1)
        return book.close()

    # -- import --------------------------------------------------------------------------
    def prepare(self, rows: list[ImportRow]) -> None:
        """Load look-ups (one query each) and check/build every row. Subclasses."""
        raise NotImplementedError

    def save(self, rows: list[ImportRow]) -> None:
        """Write the prepared rows in bulk. Subclasses."""
        raise NotImplementedError

    def check_and_save(self, rows: list[ImportRow], *, save: bool) -> None:
        """Check every row (``prepare``) and, when ``save`` and every row passed, write
        them (``save``): nothing is written if any row fails."""
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
    from apps.core.excel.writer import write_rows

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


def _shown(raw: list) -> list:
    """A row's cells as the preview shows them: an empty cell empty, not "None"."""
    return ["" if value is None else value for value in raw]
