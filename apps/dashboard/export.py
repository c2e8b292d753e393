"""The dashboard's tables as an .xlsx workbook, one sheet per table.

Written with openpyxl in write-only mode, unlike the Excel base's plain writer
(``apps.core.excel.formats.write_rows``), because these sheets need headings, fonts and
number formats; text is escaped with the base's ``escape_formula`` (names come from user
input).
"""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from apps.core.excel.formats import escape_formula
from apps.dashboard.tables import DEC, INT, PCT, SIGNED, SIGNED_PCT, Table

NUMBER_FORMATS = {DEC: "0.00", INT: "#,##0", SIGNED: "+#,##0;-#,##0;0", PCT: "0.0%", SIGNED_PCT: "+0.0%;-0.0%;0.0%"}


def _cell(ws, value, kind, bold=False):
    if isinstance(value, str):
        value = escape_formula(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif kind in NUMBER_FORMATS and value is not None:
        cell.number_format = NUMBER_FORMATS[kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(tables: list[Table], *, title: str, generated_at: str) -> bytes:
    """One sheet per table, each headed by the dashboard's title, filters and date."""
    wb = Workbook(write_only=True)
    for table in tables:
        ws = wb.create_sheet(title=table.title[:31].replace("“", "").replace("”", ""))
        ws.column_dimensions["A"].width = 34
        heading = WriteOnlyCell(ws, value=escape_formula(f"{title} · {table.title}"))
        heading.font = Font(bold=True, size=14)
        ws.append([heading])
        ws.append([_cell(ws, f"导出时间：{generated_at}", None)])
        if table.note:
            ws.append([_cell(ws, table.note, None)])
        ws.append([])
        header = []
        for text in table.headers:
            c = _cell(ws, text, None, bold=True)
            c.alignment = Alignment(horizontal="center")
            header.append(c)
        ws.append(header)
        for i, row in enumerate(table.rows):
            ws.append([_cell(ws, v, k) for v, k in zip(row, table.kinds_of(i), strict=True)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
