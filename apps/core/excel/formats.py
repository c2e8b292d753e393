"""The project's xlsx format, as the library's own format class (``base_formats.XLSX``).

Reading uses python-calamine (Rust; ~10× faster than openpyxl on a 20,000-row sheet);
writing goes through the project's one writer, :mod:`apps.core.excel.writer` (XlsxWriter,
constant memory, formulae escaped).
"""

import datetime
import io

import tablib
from import_export.formats import base_formats

from apps.core.excel.uploads import check_xlsx_bytes
from apps.core.excel.writer import FORMULA_PREFIXES, escape_formula, write_rows

__all__ = ["FORMULA_PREFIXES", "XLSX", "escape_formula", "read_rows", "write_rows"]


def _cell(value):
    # calamine gives floats for every number; whole numbers come back as int so an ID
    # typed as a number is at least reported with its digits.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime.datetime) and not value.time():
        return value.date()
    return value


def read_rows(data: bytes) -> tuple[list[str], list[list], list[int]]:
    """Headers, rows and the rows' numbers as Excel shows them, from the first sheet;
    blank rows dropped."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = workbook.get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    if not rows:
        return [], [], []
    headers = ["" if h is None else str(h).strip() for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body, numbers = [], []
    for number, raw in enumerate(rows[1:], 2):
        # Text, most of a sheet, inline; everything else through ``_cell``.
        row = [(v.strip() or None) if type(v) is str else _cell(v) for v in raw[:width]]
        if row.count(None) != len(row):
            row.extend([None] * (width - len(row)))
            body.append(row)
            numbers.append(number)
    return headers, body, numbers


class XLSX(base_formats.XLSX):
    """xlsx in (calamine) and out (:func:`write_rows`), checked and escaped."""

    def get_title(self):
        return "xlsx"

    def create_dataset(self, in_stream):
        from apps.core.excel.resources import gc_paused

        check_xlsx_bytes(in_stream)
        with gc_paused():
            headers, rows, numbers = read_rows(in_stream)
            dataset = tablib.Dataset(headers=headers)
            dataset.excel_rows = numbers
            # tablib's append() re-validates every row; the rows are already rectangular.
            dataset._data = [tablib.core.Row(r) for r in rows]
        return dataset

    def export_data(self, dataset, **kwargs):
        # tablib's Row iterates through a generator; its list is read directly.
        rows = [row._row if type(row) is tablib.core.Row else row for row in dataset._data]
        return write_rows(list(dataset.headers or []), rows, title=dataset.title or "Sheet1")
