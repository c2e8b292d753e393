"""The xlsx format: calamine in, openpyxl write-only out, formulae escaped."""

import datetime

import pytest
from openpyxl import load_workbook

from apps.core.excel.formats import XLSX, escape_formula, read_rows, write_rows
from tests.excel.conftest import xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 139", "'+86 139"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("张建国", "张建国"),
        ("a=b", "a=b"),
        (12, 12),
        (None, None),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


def test_written_cells_never_start_a_formula():
    data = write_rows(["姓名", "备注"], [['=HYPERLINK("http://x")', "-1"], ["王秀英", 3]])
    sheet = load_workbook(__import__("io").BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["姓名", "备注"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "'-1"
    assert [c.value for c in sheet[3]] == ["王秀英", 3]


def test_reading_keeps_excel_row_numbers_and_drops_blank_rows():
    data = xlsx(["姓名", "入党时间"], [["王秀英", datetime.date(1970, 7, 1)], [None, None], [" 李建国 ", "1975-05-04"]])
    headers, rows, numbers = read_rows(data)
    assert headers == ["姓名", "入党时间"]
    assert rows == [["王秀英", datetime.date(1970, 7, 1)], ["李建国", "1975-05-04"]]
    assert numbers == [2, 4]


def test_dataset_carries_row_numbers():
    dataset = XLSX().create_dataset(xlsx(["姓名"], [["王秀英"], ["李建国"]]))
    assert dataset.headers == ["姓名"]
    assert len(dataset) == 2
    assert dataset.excel_rows == [2, 3]


def test_an_id_typed_as_a_number_comes_back_as_a_number():
    _headers, rows, _ = read_rows(xlsx(["身份证号"], [[321002195005171234]]))
    assert isinstance(rows[0][0], int)
