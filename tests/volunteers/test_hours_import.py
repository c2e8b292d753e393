"""The hours import parses each distinct cell value once (bench: 60,000 rows): it must
parse exactly as the Excel base does, and a repeated bad value must mark every row
holding it."""

import datetime

import pytest
import tablib

from apps.core.excel.resources import ExcelResource
from apps.volunteers.resources import ServiceHoursResource

pytestmark = pytest.mark.django_db


def _dataset(rows):
    data = tablib.Dataset(headers=ServiceHoursResource.headers())
    for row in rows:
        data.append(row)
    return data


ROWS = [
    ["队", "活动", "2026-03-02", "ZY1", "", "2.5"],
    ["队", "活动", datetime.date(2026, 3, 2), "ZY2", None, 2.5],
    ["队", "活动", "2026年3月2日", "ZY3", "张三", 2.0],
    ["队", "活动", "2026-02-30", "ZY1", "", "两小时"],  # bad date, bad hours
    ["队", "活动", "2026-02-30", "ZY1", "", "两小时"],  # the same bad values again
    ["", "活动", "", "", "", ""],  # required cells empty
    ["队", "x" * 101, "2026-03-02", "ZY1\x00", "", "3"],  # too long, NUL
    ["队", "活动", "2026-03-02", 12345.0, "", 3],
]


def test_the_memoised_parse_matches_the_base_row_for_row(cast):
    resource = ServiceHoursResource(user=cast.staff)
    fast = resource.parse_rows(_dataset(ROWS))
    base = ExcelResource.parse_rows(resource, _dataset(ROWS))
    # The base parses hours as text; the hours resource then reads the number.
    from apps.volunteers.resources import parse_hours

    for row in base:
        if "服务时长（小时）" not in row.errors and row.values["hours"] not in (None, ""):
            try:
                row.values["hours"] = parse_hours(row.values["hours"], None)
            except ValueError as exc:
                row.error("服务时长（小时）", str(exc))
                row.values["hours"] = None
        elif row.values["hours"] == "":
            row.values["hours"] = None
    assert [(r.number, r.values, r.errors) for r in fast] == [(r.number, r.values, r.errors) for r in base]
    assert fast[3].errors == fast[4].errors and "不是有效的小时数" in fast[4].errors["服务时长（小时）"][0]
