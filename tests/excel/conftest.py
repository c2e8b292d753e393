"""Fixtures of the Excel tests: a private file root per test, and workbooks built in memory."""

import datetime
import io
import random

import pytest

from apps.core import demo_data as gen

MEMBER_HEADERS = [
    "身份证号",
    "姓名",
    "联系电话",
    "居住地址",
    "离退休类型",
    "原工作单位",
    "原职级",
    "所属区域",
    "所在党组织",
    "入党时间",
    "转入本支部时间",
]


@pytest.fixture(autouse=True)
def _excel_root(settings, tmp_path):
    settings.EXCEL_PRIVATE_ROOT = tmp_path / "excel"


def xlsx(headers, rows, *, id_as_number=False) -> bytes:
    """A workbook as a user would save it from Excel (openpyxl, normal mode)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def id_numbers(count: int, seed: int = 11, region_code: str = "321002") -> list[str]:
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < count:
        # Born by 1953: the rows' 入党时间 (1972-07-01) must find every member at least 18.
        born = gen.birth_date(rng, youngest=1953)
        number = gen.id_number(rng, region_code, born, rng.choice("MF"))
        if number not in seen:
            seen.add(number)
            out.append(number)
    return out


def member_row(id_number: str, organisation: str, *, name="张建国", region="广陵区", **over) -> list:
    row = {
        "身份证号": id_number,
        "姓名": name,
        "联系电话": "13905140000",
        "居住地址": "扬州市广陵区东关街12号3幢201室",
        "离退休类型": "退休",
        "原工作单位": "市财政局",
        "原职级": "县处级",
        "所属区域": region,
        "所在党组织": organisation,
        "入党时间": datetime.date(1972, 7, 1),
        "转入本支部时间": "2015-03-01",
    }
    row.update(over)
    return [row[h] for h in MEMBER_HEADERS]


def member_file(organisation: str, count: int, *, seed: int = 11, **over) -> bytes:
    return xlsx(MEMBER_HEADERS, [member_row(n, organisation, **over) for n in id_numbers(count, seed)])
