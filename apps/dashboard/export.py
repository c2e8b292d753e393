"""The dashboard's tables as an .xlsx workbook, one sheet per table.

Written by the project's one xlsx writer (:mod:`apps.core.excel.writer`), which escapes
formulae and makes names typed by users safe to open.
"""

from apps.core.excel.writer import Book
from apps.core.figures import DEC, DEC1, INT, PCT, SIGNED, SIGNED_DEC, SIGNED_DEC1, SIGNED_PCT, Table

NUMBER_FORMATS = {
    DEC: "#,##0.00",
    DEC1: "#,##0.0",
    INT: "#,##0",
    SIGNED: "+#,##0;-#,##0;0",
    PCT: "0.0%",
    SIGNED_PCT: "+0.0%;-0.0%;0.0%",
    SIGNED_DEC: "+#,##0.00;-#,##0.00;0.00",
    SIGNED_DEC1: "+#,##0.0;-#,##0.0;0.0",
}


def workbook_bytes(tables: list[Table], *, title: str, generated_at: str) -> bytes:
    """One sheet per table, each headed by the dashboard's title, filters and date."""
    book = Book()
    for table in tables:
        sheet = book.add_sheet(table.title)
        sheet.set_width(0, 34)
        sheet.append([f"{title} · {table.title}"], style="heading")
        sheet.append([f"导出时间：{generated_at}"])
        if table.note:
            sheet.append([table.note])
        sheet.append([])
        sheet.append(table.headers, style="header")
        for i, row in enumerate(table.rows):
            sheet.append(row, number_formats=[NUMBER_FORMATS.get(kind) for kind in table.kinds_of(i)])
    return book.close()
