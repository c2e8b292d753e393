"""The one xlsx writer: every output opens in openpyxl with the values written (after the
documented clean-up), formulae escaped; Excel's limits raise a Chinese error instead of
giving a broken file."""

import datetime
import decimal
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.excel.formats import read_rows, write_rows

HAZARDS = [
    # (written, read back)
    ("他说\"好\"，'引号'", "他说\"好\"，'引号'"),
    ("a\x00b\x01c\x0bd\x1fe", "abcde"),
    ("行一\r\n行二\r行三\n行四\t列", "行一\n行二\n行三\n行四\t列"),
    ("a\ufffeb\uffffc", "a\ufffdb\ufffdc"),
    ("半个\ud800字\udfff", "半个\ufffd字\ufffd"),
    ("<r>&amp;</r>", "<r>&amp;</r>"),
    ("<r><t>注入</t></r>", "<r><t>注入</t></r>"),
    ("  前后空格  ", "  前后空格  "),
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("-1", "'-1"),
    ("\r=1+1", "'\n=1+1"),
    ("😀" * 3, "😀" * 3),
]


def opened(data: bytes):
    """The workbook as openpyxl loads it in full (a malformed part raises)."""
    return load_workbook(io.BytesIO(data))


def cells(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_text_hazards_round_trip_through_openpyxl():
    data = write_rows(["内容"], [[written] for written, _ in HAZARDS])
    sheet = opened(data).active
    assert cells(sheet)[1:] == [[read] for _, read in HAZARDS]
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))


def test_text_hazards_round_trip_through_the_projects_reader():
    data = write_rows(["内容"], [[written] for written, _ in HAZARDS] + [["_x0041_ 字面"]])
    _headers, rows, _numbers = read_rows(data)
    # The reader strips cells, as it does for any upload.
    assert rows == [[read.strip()] for _, read in HAZARDS] + [["_x0041_ 字面"]]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ('“两委”"班子"', '“两委”"班子"'),
        ("'引号'", "引号"),
        ("a[b]c:d*e?f/g\\h", "a b c d e f g h"),
        ("标题\x00\ud800", "标题\ufffd"),
        ("很" * 40, "很" * 31),
        ("", "Sheet"),
        ("History", "History 1"),
    ],
)
def test_sheet_titles_are_kept_where_excel_allows(title, expected):
    data = write_rows(["a"], [[1]], title=title)
    assert opened(data).sheetnames == [expected]


def test_nan_and_infinity_are_empty_cells():
    nan, inf = float("nan"), float("inf")
    row = [nan, inf, -inf, decimal.Decimal("NaN"), decimal.Decimal("sNaN"), decimal.Decimal("-Infinity"), 1.5]
    data = write_rows(list("abcdefg"), [row])
    assert cells(opened(data).active)[1] == [None, None, None, None, None, None, 1.5]


def test_values_keep_their_types():
    aware = timezone.make_aware(datetime.datetime(2025, 7, 1, 9, 30))
    row = [
        "文本",
        42,
        -3.25,
        decimal.Decimal("12.50"),
        True,
        datetime.date(1949, 10, 1),
        aware,
        321002195005171234,
        datetime.date(1899, 12, 31),
        None,
        datetime.date(1900, 1, 1),
        datetime.date(1900, 3, 1),
    ]
    sheet = opened(write_rows([str(i) for i in range(len(row))], [row])).active
    values = cells(sheet)[1]
    assert values[:5] == ["文本", 42, -3.25, 12.5, True]
    assert values[5] == datetime.datetime(1949, 10, 1)
    assert sheet["F2"].number_format == "yyyy-mm-dd"
    assert values[6] == datetime.datetime(2025, 7, 1, 9, 30)
    # More digits than Excel keeps: text, so no digit is lost; before 1900: text.
    assert values[7:10] == ["321002195005171234", "1899-12-31", None]
    assert values[10:] == [datetime.datetime(1900, 1, 1), datetime.datetime(1900, 3, 1)]


def test_a_cell_at_the_character_limit_round_trips_and_one_more_is_refused():
    from apps.core.excel.writer import WorkbookLimitError

    full = "字" * 32_767
    assert cells(opened(write_rows(["a"], [[full]])).active)[1] == [full]
    with pytest.raises(WorkbookLimitError, match="32,767"):
        write_rows(["a"], [["字" * 32_768]])
    # Excel counts UTF-16 units: 16,384 emoji are 32,768 of them.
    with pytest.raises(WorkbookLimitError, match="A2"):
        write_rows(["a"], [["😀" * 16_384]])


class _Rows:
    """As many (empty) rows as Excel allows and one more, by their count only."""

    def __len__(self):
        return 1_048_576

    def __iter__(self):
        return iter(())


def test_more_rows_than_a_sheet_holds_are_refused_before_writing():
    from apps.core.excel.writer import WorkbookLimitError

    with pytest.raises(WorkbookLimitError, match="1,048,575"):
        write_rows(["a"], _Rows())


def test_a_sheet_at_the_row_limit_opens_and_the_next_row_is_refused():
    from python_calamine import CalamineWorkbook

    from apps.core.excel.writer import MAX_ROWS, Book, WorkbookLimitError

    book = Book()
    sheet = book.add_sheet("上限")
    sheet.append(["序号"], style="bold")
    # Empty rows count as rows but write nothing: the last row of the sheet is reached fast.
    for _ in range(MAX_ROWS - 2):
        sheet.append([])
    sheet.append(["最后一行"])
    with pytest.raises(WorkbookLimitError, match="1,048,576"):
        sheet.append(["多出的一行"])
    data = book.close()
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    assert workbook.sheetnames == ["上限"]
    assert workbook.active.max_row == MAX_ROWS
    assert [row for row in workbook.active.iter_rows(values_only=True) if any(row)] == [("序号",), ("最后一行",)]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert len(rows) == MAX_ROWS
    assert rows[-1] == ["最后一行"]


def test_sheets_of_one_workbook_get_unique_titles():
    from apps.core.excel.writer import Book

    book = Book()
    for title in ["数据", "数据", "DATA", "很" * 40, "很" * 40]:
        book.add_sheet(title).append([title])
    assert opened(book.close()).sheetnames == ["数据", "数据(2)", "DATA", "很" * 31, "很" * 28 + "(2)"]


def test_no_other_module_of_the_portal_writes_xlsx():
    import pathlib
    import re

    from django.conf import settings

    writing = re.compile(r"^\s*(from|import)\s+(openpyxl|xlsxwriter)\b|ZipFile\([^)]*[\"']w[\"']", re.MULTILINE)
    apps = pathlib.Path(settings.BASE_DIR) / "apps"
    offenders = [
        str(path.relative_to(apps))
        for path in apps.rglob("*.py")
        if path.name != "writer.py" and writing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
