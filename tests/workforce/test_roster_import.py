"""The staff roster's Excel import: all-or-nothing with a Chinese error per row, in scope."""

import pytest

from apps.core.excel.formats import XLSX
from apps.workforce.models import StaffMember
from apps.workforce.resources import StaffResource
from tests.excel.conftest import xlsx
from tests.workforce.factories import StaffFactory

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "所属区域", "单位", "职务", "职级类别", "入职日期", "离职日期"]


def _import(user, rows):
    dataset = XLSX().create_dataset(xlsx(HEADERS, rows))
    return StaffResource(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def test_a_clean_file_is_imported_whole(cast):
    result = _import(
        cast.district,
        [
            ["王建国", "广陵区", "广陵区委老干部局", "科员", "乡科级及以下", "2015-03-01", ""],
            ["李秀英", "广陵区", "广陵区委老干部局", "局长", "县处级及以上", "2010-01-01", ""],
        ],
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert StaffMember.objects.filter(region__name="广陵区").count() == 2
    assert StaffMember.objects.get(name="李秀英").history.count() == 1


def test_one_bad_row_imports_nothing_and_says_why_in_chinese(cast):
    StaffFactory(name="王建国", unit="广陵区委老干部局")
    result = _import(
        cast.district,
        [
            ["张三", "广陵区", "广陵区委老干部局", "科员", "乡科级及以下", "2015-03-01", ""],
            ["王建国", "广陵区", "广陵区委老干部局", "科员", "乡科级及以下", "2015-03-01", ""],
            ["李四", "邗江区", "邗江区委老干部局", "科员", "乡科级及以下", "2015-03-01", ""],
            ["赵五", "广陵区", "广陵区委老干部局", "科员", "乡科级及以下", "2015-03-01", "2010-01-01"],
        ],
    )
    assert result.has_validation_errors()
    messages = " ".join(m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms)
    assert (
        "同名工作人员" in messages and "不在您的数据权限范围内" in messages and "离职日期不能早于入职日期" in messages
    )
    assert StaffMember.objects.count() == 1
