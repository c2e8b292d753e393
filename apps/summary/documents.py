"""The summary written as a Word document (python-docx) and a PDF (reportlab, with the
Adobe-GB1 CID font STSong-Light that PDF readers carry: no font file to ship)."""

from __future__ import annotations

import datetime
import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from apps.summary.builder import Summary

CHINESE_NUMERALS = "一二三四五六七八九十"


def _numbered(index: int, heading: str) -> str:
    numeral = CHINESE_NUMERALS[index] if index < len(CHINESE_NUMERALS) else str(index + 1)
    return f"{numeral}、{heading}"


def _set_font(run, size: float, bold: bool = False):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "宋体"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def docx_bytes(summary: Summary) -> bytes:
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(summary.title), 18, bold=True)

    def paragraph(text, size=12, bold=False):
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(size * 2) if not bold else None
        _set_font(p.add_run(text), size, bold)

    for text in summary.opening:
        paragraph(text)
    for index, part in enumerate(summary.parts):
        paragraph(_numbered(index, part.heading), 14, bold=True)
        for text in part.paragraphs:
            paragraph(text)
        for table in part.tables:
            paragraph(table.title, 12, bold=True)
            grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
            grid.style = "Table Grid"
            # grid.cell(r, c) walks the whole table each time; list the cells once.
            cells = grid._cells
            width = len(table.headers)
            for index, value in enumerate([*table.headers, *(v for row in table.rows for v in row)]):
                cell = cells[index].paragraphs[0]
                _set_font(cell.add_run(str(value)), 10.5, bold=index < width)
                if index >= width and _numeric(value):
                    cell.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if table.note:
                paragraph(f"注：{table.note}", 10.5)
    for text in summary.closing:
        paragraph(text)
    # The document's own dates are the summary's day, not the moment it was written.
    written = datetime.datetime.combine(summary.as_of, datetime.time())
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = summary.title, "", ""
    properties.comments = ""
    properties.created = properties.modified = written
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FONT = "STSong-Light"
PAGE_WIDTH = A4[0] - 40 * mm  # the frame between the 20 mm margins
_NUMERIC = re.compile(r"^[—\d,.%+-]+[^\d]{0,2}$")


def _numeric(value) -> bool:
    """A cell written right-aligned: a figure (``1,437``, ``84.0%``, ``65个``, ``—``)."""
    return bool(_NUMERIC.match(str(value)))


def _widths(columns: int) -> list[float]:
    """The table across the whole frame: the first column (names) wider than the figures."""
    if columns == 1:
        return [PAGE_WIDTH]
    first = PAGE_WIDTH * (0.4 if columns <= 4 else 0.24)
    return [first] + [(PAGE_WIDTH - first) / (columns - 1)] * (columns - 1)


def pdf_bytes(summary: Summary) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    title = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=12)
    heading = ParagraphStyle("heading", fontName=FONT, fontSize=14, leading=22, spaceBefore=10, spaceAfter=6)
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    small = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    number = ParagraphStyle("number", parent=small, alignment=TA_RIGHT)
    story = [Paragraph(escape(summary.title), title)]
    for text in summary.opening:
        story.append(Paragraph(escape(text), body))
    for index, part in enumerate(summary.parts):
        story.append(Paragraph(escape(_numbered(index, part.heading)), heading))
        for text in part.paragraphs:
            story.append(Paragraph(escape(text), body))
        for table in part.tables:
            story.append(Spacer(1, 4 * mm))
            story.append(Paragraph(escape(table.title), heading))
            cells = [[Paragraph(escape(str(v)), small) for v in table.headers]]
            cells += [[Paragraph(escape(str(v)), number if _numeric(v) else small) for v in row] for row in table.rows]
            grid = Table(cells, repeatRows=1, colWidths=_widths(len(table.headers)))
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ]
                )
            )
            story.append(grid)
            if table.note:
                story.append(Paragraph(escape(f"注：{table.note}"), small))
    for text in summary.closing:
        story.append(Paragraph(escape(text), body))
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=summary.title,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        invariant=True,  # no creation time or random document id: the same summary, the same bytes
    ).build(story)
    return out.getvalue()
