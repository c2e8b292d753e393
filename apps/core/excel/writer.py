"""The one xlsx writer of the project: every workbook the portal hands out is made here.

Built on XlsxWriter in constant-memory mode (each row goes to a temporary file once the
next one starts, so a 20,000-row export holds one row in memory), with
``strings_to_formulas``, ``strings_to_urls`` and ``strings_to_numbers`` off: a text is
written as text, whatever it looks like. On top of that, every cell goes through
:meth:`Sheet.append`, which makes whatever a user typed safe to open:

- text starting with ``= + - @``, tab or CR gets a leading ``'`` (:func:`escape_formula`),
  so no spreadsheet evaluates it (formula injection);
- characters XML cannot carry are dealt with: control characters other than tab and line
  break are dropped, CR and CRLF become a line break, U+FFFE/U+FFFF and lone surrogates
  become U+FFFD; a text shaped like ``<r>…</r>`` (which XlsxWriter's constant-memory mode
  would copy into the sheet's XML as is) is written as plain runs, escaped;
- NaN and ±infinity are no figures a spreadsheet can hold: an empty cell (XlsxWriter's
  ``nan_inf_to_errors`` would write formulae); integers of more than 15 digits, which
  Excel would round, are written as text;
- sheet titles lose ``[ ] : * ? / \\``, leading and trailing apostrophes and what XML
  cannot carry, are cut to 31 characters and made unique; quotes stay;
- Excel's limits (32,767 characters a cell, 1,048,576 rows and 16,384 columns a sheet)
  raise :class:`WorkbookLimitError` with a Chinese message instead of a truncated or
  broken file.
"""

import datetime
import decimal
import io
import math
import re

import xlsxwriter
from django.utils import timezone
from xlsxwriter.utility import xl_rowcol_to_cell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Text starting with one of these goes the careful way (formula escape, rich-text shape).
_CAREFUL_PREFIXES = (*FORMULA_PREFIXES, "<r>")

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767
MAX_TITLE_CHARS = 31
# Excel keeps integers to 15 significant digits.
MAX_EXACT_INTEGER = 10**15 - 1
# Excel's date serials start on 1900-01-01; an earlier date is written as text.
FIRST_DATE = datetime.date(1900, 1, 1)
# Day 0 of Excel's serials from 1900-03-01 on (before it, Excel's 1900 leap day shifts them:
# XlsxWriter's write_datetime knows).
_EPOCH = datetime.date(1899, 12, 30)
_EPOCH_EXACT_FROM = datetime.date(1900, 3, 1)
_HALF_CELL = 32_767 // 2

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"

_DROPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_REPLACED = re.compile("[\ud800-\udfff\ufffe\uffff]")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")


class WorkbookLimitError(ValueError):
    """A workbook would exceed what Excel can open; the message says what, in Chinese."""


def escape_formula(value):
    """``=1+1`` → ``'=1+1``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def clean_text(text: str) -> str:
    """``text`` as XML can carry it (see the module docstring)."""
    if not _UNSAFE.search(text):  # nearly every text: one scan
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _DROPPED.search(text):
        text = _DROPPED.sub("", text)
    if _REPLACED.search(text):
        text = _REPLACED.sub("\ufffd", text)
    return text


def _utf16_length(text: str) -> int:
    # Excel counts UTF-16 units: a character outside the BMP (an emoji) counts twice.
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def sheet_title(title: str, taken: set[str] = frozenset()) -> str:
    """A valid sheet title close to ``title``, unique (ignoring case) among ``taken``."""
    base = _NOT_IN_TITLE.sub(" ", clean_text(str(title or ""))).replace("\n", " ").strip().strip("'").strip()
    base = base or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base += " 1"
    number = 1
    while True:
        suffix = "" if number == 1 else f"({number})"
        stem = base
        while _utf16_length(stem + suffix) > MAX_TITLE_CHARS:
            stem = stem[:-1]
        candidate = (stem.rstrip().rstrip("'") or "Sheet") + suffix
        if candidate.lower() not in taken:
            return candidate
        number += 1


class Book:
    """One xlsx workbook, written sheet by sheet and row by row; :meth:`close` gives the bytes.

    ``style`` names (for a row, or a sheet's columns) are keys of ``STYLES``; a column may
    also carry a number format (``"0.00"``, ``"#,##0"`` …).
    """

    STYLES = {
        "plain": {},
        "bold": {"bold": True},
        "header": {"bold": True, "align": "center"},
        "heading": {"bold": True, "font_size": 14},
        "required": {"bold": True, "bg_color": "#FDE2E1"},
        "text": {"num_format": TEXT_FORMAT},
    }

    def __init__(self):
        self._buffer = io.BytesIO()
        self._book = xlsxwriter.Workbook(
            self._buffer,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": {"font_name": "等线", "font_size": 11},
            },
        )
        self._formats: dict = {}
        self._titles: set[str] = set()
        self._closed = False

    def format(self, style: str | None = None, number_format: str | None = None):
        """The workbook's format for a named style plus a number format (cached)."""
        if style in (None, "plain") and number_format is None:
            return None
        key = (style, number_format)
        if key not in self._formats:
            properties = dict(self.STYLES[style or "plain"])
            if number_format is not None:
                properties["num_format"] = number_format
            self._formats[key] = self._book.add_format(properties)
        return self._formats[key]

    def add_sheet(self, title: str) -> "Sheet":
        name = sheet_title(title, self._titles)
        self._titles.add(name.lower())
        return Sheet(self, self._book.add_worksheet(name))

    def close(self) -> bytes:
        """The workbook as bytes (one sheet at least: an empty one if none was added)."""
        if not self._closed:
            if not self._titles:
                self.add_sheet("Sheet1")
            self._book.close()
            self._closed = True
        return self._buffer.getvalue()


class Sheet:
    """One worksheet of a :class:`Book`; rows are appended top to bottom."""

    def __init__(self, book: Book, worksheet):
        self.book = book
        self.worksheet = worksheet
        self.name = worksheet.name
        self.rows = 0

    # -- layout -------------------------------------------------------------------------
    def set_width(self, column: int, width: float, *, style: str | None = None, number_format: str | None = None):
        """Width of a column (0-based), and optionally the format of its cells written
        without one of their own."""
        self.worksheet.set_column(column, column, width, self.book.format(style, number_format))

    def freeze(self, rows: int, columns: int = 0) -> None:
        self.worksheet.freeze_panes(rows, columns)

    def comment(self, row: int, column: int, text: str, *, author: str) -> None:
        self.worksheet.write_comment(row, column, clean_text(text), {"author": author, "x_scale": 2, "y_scale": 2})

    def choice_list(self, column: int, first_row: int, last_row: int, options: list[str], *, error: str) -> bool:
        """A drop-down of ``options`` on rows ``first_row``…``last_row`` (0-based) of a
        column; False when Excel's 255-character limit of such a list leaves it out."""
        if len(",".join(options)) > 255:
            return False
        self.worksheet.data_validation(
            first_row,
            column,
            min(last_row, MAX_ROWS - 1),
            column,
            {"validate": "list", "source": [clean_text(o) for o in options], "error_message": error},
        )
        return True

    # -- rows ---------------------------------------------------------------------------
    def append(self, values, *, style: str | None = None, styles=None, number_formats=None) -> None:
        """Write one row: ``values`` in order from column A, ``None`` an empty cell.

        ``style`` applies to every cell of the row, ``styles`` (one per value, ``None`` for
        the row's) to single cells; ``number_formats`` (one per value, ``None`` for none)
        to numbers.
        """
        row = self.rows
        if row >= MAX_ROWS:
            raise WorkbookLimitError(
                f"工作表“{self.name}”超过 Excel 每张工作表 {MAX_ROWS:,} 行的上限，无法导出。请缩小范围（筛选）后再导出。"
            )
        if not isinstance(values, list | tuple):
            values = list(values)
        if len(values) > MAX_COLUMNS:
            raise WorkbookLimitError(f"工作表“{self.name}”超过 Excel 每行 {MAX_COLUMNS:,} 列的上限，无法导出。")
        book, ws = self.book, self.worksheet
        row_format = book.format(style) if style else None
        write_string, unsafe, careful = ws.write_string, _UNSAFE.search, _CAREFUL_PREFIXES
        for column, value in enumerate(values):
            cell_style, cell_format = style, row_format
            if styles and styles[column]:
                cell_style = styles[column]
                cell_format = book.format(cell_style)
            kind = type(value)
            if kind is str:
                # The common case inline: plain text that needs none of _write_text's care.
                if value and not value.startswith(careful) and len(value) <= _HALF_CELL and not unsafe(value):
                    write_string(row, column, value, cell_format)
                else:
                    self._write_text(row, column, value, cell_format)
            elif value is None:
                if cell_format is not None:
                    ws.write_blank(row, column, None, cell_format)
            elif kind is datetime.date and value >= _EPOCH_EXACT_FROM:
                # A date is Excel's day number with a date format.
                ws.write_number(row, column, (value - _EPOCH).days, book.format(cell_style, DATE_FORMAT))
            else:
                number_format = number_formats[column] if number_formats else None
                self._write(row, column, value, cell_format, cell_style, number_format)
        self.rows = row + 1

    def _write(self, row, column, value, row_format, style, number_format):
        ws, book = self.worksheet, self.book
        kind = type(value)
        if kind is str:
            self._write_text(row, column, value, row_format)
            return
        if kind is bool:
            ws.write_boolean(row, column, value, row_format)
            return
        if kind is int or (isinstance(value, int) and not isinstance(value, bool)):
            if abs(value) > MAX_EXACT_INTEGER:
                self._write_text(row, column, str(value), row_format)
            else:
                fmt = book.format(style, number_format) if number_format else row_format
                ws.write_number(row, column, value, fmt)
            return
        if isinstance(value, float | decimal.Decimal):
            fmt = book.format(style, number_format) if number_format else row_format
            if not (value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)):
                if fmt is not None:
                    ws.write_blank(row, column, None, fmt)
                return
            ws.write_number(row, column, float(value) if kind is decimal.Decimal else value, fmt)
            return
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            if value.date() < FIRST_DATE:
                self._write_text(row, column, value.isoformat(sep=" ", timespec="minutes"), row_format)
            else:
                ws.write_datetime(row, column, value, book.format(style, DATETIME_FORMAT))
            return
        if isinstance(value, datetime.date):
            if value < FIRST_DATE:
                self._write_text(row, column, value.isoformat(), row_format)
            else:
                ws.write_datetime(row, column, value, book.format(style, DATE_FORMAT))
            return
        self._write_text(row, column, str(value), row_format)

    def _write_text(self, row, column, text, fmt):
        if text.startswith(FORMULA_PREFIXES):
            text = "'" + text
        text = clean_text(text)
        if not text:
            if fmt is not None:
                self.worksheet.write_blank(row, column, None, fmt)
            return
        if len(text) > MAX_CELL_CHARS // 2 and _utf16_length(text) > MAX_CELL_CHARS:
            cell = xl_rowcol_to_cell(row, column)
            raise WorkbookLimitError(
                f"工作表“{self.name}”单元格 {cell} 的内容有 {_utf16_length(text):,} 个字符，"
                f"超过 Excel 每格 {MAX_CELL_CHARS:,} 个字符的上限，无法导出。请缩短该内容后再导出。"
            )
        if text.startswith("<r>") and text.endswith("</r>"):
            # Constant-memory mode copies such a string into the XML unescaped (it takes it
            # for its own rich-text runs); as three plain runs it is escaped like any text.
            args = ["<", "r", text[2:]]
            if fmt is not None:
                args.append(fmt)
            self.worksheet.write_rich_string(row, column, *args)
            return
        self.worksheet.write_string(row, column, text, fmt)


def write_rows(headers: list[str], rows, *, title: str = "Sheet1", widths: dict | None = None) -> bytes:
    """An xlsx of ``headers`` (bold) and ``rows`` (an iterable of lists) on one sheet.

    ``widths`` maps a header to its column width; by default from the header's length.
    A sized ``rows`` over the row limit is refused before anything is written.
    """
    if hasattr(rows, "__len__") and len(rows) + 1 > MAX_ROWS:
        raise WorkbookLimitError(
            f"共 {len(rows):,} 行，超过 Excel 每张工作表 {MAX_ROWS - 1:,} 行数据的上限，无法导出。请缩小范围（筛选）后再导出。"
        )
    book = Book()
    sheet = book.add_sheet(title)
    for i, header in enumerate(headers):
        width = (widths or {}).get(header) or max(10, min(40, len(str(header)) * 2 + 4))
        sheet.set_width(i, width)
    sheet.append([str(h) for h in headers], style="bold")
    for row in rows:
        sheet.append(row)
    return book.close()
