"""The project's xlsx format, as the library's own format class (``base_formats.XLSX``).

Reading uses python-calamine (Rust, much faster than openpyxl); writing streams the
sheet's XML straight into the zip instead of building openpyxl cell objects. Every
export escapes formulae: a text cell starting with ``= + - @``, tab or CR gets a leading
``'`` so a spreadsheet never evaluates it (CSV/formula injection).
"""

import datetime
import decimal
import io
import re
import zipfile

import tablib
from django.utils import timezone
from import_export.formats import base_formats

from apps.core.excel.uploads import check_xlsx_bytes

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """``=1+1`` → ``'=1+1``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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


def write_rows(headers: list[str], rows, *, title: str = "Sheet1", widths: dict | None = None) -> bytes:
    """An xlsx of ``headers`` (bold) and ``rows`` (an iterable of lists), formulae escaped.

    Writes the SpreadsheetML parts directly (inline strings, one sheet), streamed into the
    zip: per cell a string join, not an openpyxl cell object. Strings, numbers, booleans,
    dates and datetimes are typed; ``None`` is an empty cell.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in _PACKAGE_PARTS.items():
            archive.writestr(name, xml.replace("{title}", _escape(_sheet_title(title))))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{(widths or {}).get(h) or max(10, min(40, len(str(h)) * 2 + 4))}" customWidth="1"/>'
                for i, h in enumerate(headers, 1)
            )
            sheet.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f"{'<cols>' + cols + '</cols>' if cols else ''}<sheetData>"
                    + _row_xml([str(h) for h in headers], header=True)
                ).encode()
            )
            chunk = []
            for row in rows:
                chunk.append(_row_xml(row))
                if len(chunk) >= 1000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return buffer.getvalue()


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title or "Sheet1")[:31] or "Sheet1"


def _cell_xml(value, header: bool = False) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | decimal.Decimal):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - _EXCEL_EPOCH).total_seconds() / 86400
        return f'<c s="3"><v>{serial:.8f}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="2"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
    text = str(value)
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if text.startswith(FORMULA_PREFIXES):
        text = "'" + text
    style = ' s="1"' if header else ""
    return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{_escape(text)}</t></is></c>'


def _row_xml(values, header: bool = False) -> str:
    return "<row>" + "".join([_cell_xml(v, header) for v in values]) + "</row>"


_PACKAGE_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # Styles: 0 plain, 1 bold (headers), 2 date, 3 date and time.
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


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
        return write_rows(list(dataset.headers or []), dataset._data, title=dataset.title or "Sheet1")
