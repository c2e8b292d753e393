"""Members (people + membership) through MemberResource: success and every error path.

Every failing case checks that **nothing** was written: all-or-nothing.
"""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.core import crypto
from apps.core.excel.formats import XLSX
from apps.core.excel.resources import failed_rows_bytes
from apps.core.validators import id_birth_date, id_sex
from apps.party.models import Membership
from apps.party.resources import MemberResource
from apps.people.models import Person
from tests import factories as f
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_file, member_row, xlsx


def run(user, data, *, dry_run=False):
    dataset = XLSX().create_dataset(data)
    return MemberResource(user=user).import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def errors_of(result) -> dict:
    return {row.number: row.error_dict for row in result.invalid_rows}


def test_it_imports_people_and_their_membership(cast):
    numbers = id_numbers(3)
    rows = [
        member_row(n, cast.branch.name, name=name)
        for n, name in zip(numbers, ["张建国", "王秀英", "李德明"], strict=True)
    ]
    result = run(cast.staff, xlsx(MEMBER_HEADERS, rows))
    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["new"] == 3
    person = Person.objects.get(id_number_hash=crypto.search_hash(numbers[1]))
    assert person.name == "王秀英"
    assert person.id_number == numbers[1]
    assert person.id_number_encrypted != numbers[1]
    assert person.name_pinyin == "wangxiuying"
    assert person.name_initials == "wxy"
    assert person.retirement_type == "tuixiu"
    assert person.former_rank == "division"
    assert person.region.name == "广陵区"
    membership = Membership.objects.get(person=person)
    assert membership.organisation == cast.branch
    assert str(membership.joined_on) == "2015-03-01"
    assert str(membership.joined_party_on) == "1972-07-01"
    assert membership.status == "normal"
    # History rows are written with the bulk insert.
    assert person.history.count() == 1
    assert membership.history.count() == 1


def test_a_dry_run_writes_nothing(cast):
    result = run(cast.staff, member_file(cast.branch.name, 4), dry_run=True)
    assert result.totals["new"] == 4
    assert Person.objects.count() == 0


def test_a_bad_id_checksum_fails_its_row_and_nothing_is_written(cast):
    good, other = id_numbers(2)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    data = xlsx(MEMBER_HEADERS, [member_row(other, cast.branch.name), member_row(bad, cast.branch.name)])
    result = run(cast.staff, data)
    assert errors_of(result) == {3: {"身份证号": ["身份证号校验位错误，请核对。"]}}
    assert Person.objects.count() == 0 and Membership.objects.count() == 0


def test_an_unknown_organisation_is_an_error_for_its_row(cast):
    numbers = id_numbers(2)
    data = xlsx(MEMBER_HEADERS, [member_row(numbers[0], cast.branch.name), member_row(numbers[1], "不存在的党支部")])
    result = run(cast.staff, data)
    assert errors_of(result) == {3: {"所在党组织": ["党组织“不存在的党支部”不存在或不在您的数据权限范围内"]}}
    assert Person.objects.count() == 0


def test_an_organisation_outside_the_users_scope_is_refused(cast):
    # district_other works in 邗江区; cast.branch is in 广陵区.
    numbers = id_numbers(2)
    rows = [
        member_row(numbers[0], cast.other_branch.name, region="邗江区"),
        member_row(numbers[1], cast.branch.name, region="邗江区"),
    ]
    result = run(cast.district_other, xlsx(MEMBER_HEADERS, rows))
    assert errors_of(result) == {3: {"所在党组织": [f"党组织“{cast.branch.name}”不存在或不在您的数据权限范围内"]}}
    assert Person.objects.count() == 0


def test_a_region_outside_the_users_scope_is_refused(cast):
    (number,) = id_numbers(1)
    result = run(cast.district, xlsx(MEMBER_HEADERS, [member_row(number, cast.branch.name, region="邗江区")]))
    assert errors_of(result)[2]["所属区域"] == ["区域“邗江区”不在您的数据权限范围内"]
    assert Person.objects.count() == 0


def test_a_person_twice_in_the_file_is_refused(cast):
    a, b = id_numbers(2)
    rows = [member_row(a, cast.branch.name), member_row(b, cast.branch.name), member_row(a, cast.branch.name)]
    result = run(cast.staff, xlsx(MEMBER_HEADERS, rows))
    assert errors_of(result) == {4: {"身份证号": ["与第 2 行身份证号重复"]}}
    assert Person.objects.count() == 0


def test_a_person_already_registered_is_refused(cast):
    a, b = id_numbers(2)
    f.PersonFactory(id_number=b, birth_date=id_birth_date(b), sex=id_sex(b))
    result = run(cast.staff, xlsx(MEMBER_HEADERS, [member_row(a, cast.branch.name), member_row(b, cast.branch.name)]))
    assert errors_of(result) == {
        3: {"身份证号": ["人员库中已有此身份证号，请勿重复导入（已登记人员请在后台调整组织关系）"]}
    }
    assert Person.objects.count() == 1 and Membership.objects.count() == 0


def test_every_error_of_a_row_is_reported_per_field(cast):
    (number,) = id_numbers(1)
    row = member_row(
        number, cast.branch.name, 离退休类型="退职", 入党时间="去年", 联系电话="12345", 转入本支部时间=None
    )
    result = run(cast.staff, xlsx(MEMBER_HEADERS, [row]))
    assert errors_of(result) == {
        2: {
            "离退休类型": ["“退职”不是可选值，应为：离休、退休"],
            "入党时间": ["日期“去年”无法识别，请填写如 2021-07-01 的日期"],
            "转入本支部时间": ["必填，不能为空"],
            "联系电话": ["电话号码格式不正确：手机号为11位数字，座机请带区号（如 0514-87654321）。"],
        }
    }
    assert Person.objects.count() == 0


def test_an_id_stored_as_a_number_is_explained(cast):
    (number,) = id_numbers(1)
    row = member_row(number, cast.branch.name)
    row[0] = int(number[:17] + "0")
    result = run(cast.staff, xlsx(MEMBER_HEADERS, [row]))
    assert errors_of(result) == {2: {"身份证号": ["身份证号被存成了数字，请把该列设为“文本”格式后重新填写"]}}


def test_a_wrong_header_aborts_the_file(cast):
    data = xlsx(["编号", "名字", "电话"], [["1", "张建国", "13905140000"]])
    result = run(cast.staff, data)
    assert result.has_errors()
    message = result.base_errors[0].error.messages[0]
    assert message.startswith("表头不正确：第一行应为列名（身份证号、姓名、")
    assert Person.objects.count() == 0


def test_a_missing_required_column_aborts_the_file(cast):
    headers = [h for h in MEMBER_HEADERS if h != "所在党组织"]
    (number,) = id_numbers(1)
    row = [v for h, v in zip(MEMBER_HEADERS, member_row(number, cast.branch.name), strict=True) if h != "所在党组织"]
    result = run(cast.staff, xlsx(headers, [row]))
    assert result.base_errors[0].error.messages == ["表头缺少必填列：所在党组织。请下载模板，按模板填写后上传。"]
    assert Person.objects.count() == 0


def test_a_file_with_only_headers_aborts(cast):
    result = run(cast.staff, xlsx(MEMBER_HEADERS, []))
    assert result.base_errors[0].error.messages == ["文件中没有数据行：请在表头下方逐行填写后再上传。"]


def test_the_failing_rows_file_has_the_rows_and_their_reasons(cast):
    a, b, _c = id_numbers(3)
    rows = [member_row(a, cast.branch.name), member_row(b, "无此支部"), member_row(a, cast.branch.name, name="重复者")]
    result = run(cast.staff, xlsx(MEMBER_HEADERS, rows))
    sheet = load_workbook(io.BytesIO(failed_rows_bytes(result, user=cast.staff, resource_class=MemberResource))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [*MEMBER_HEADERS, "错误原因"]
    assert len(values) == 3
    assert values[1][0] == b and values[1][-1] == "所在党组织：党组织“无此支部”不存在或不在您的数据权限范围内"
    assert values[2][1] == "重复者" and values[2][-1] == "身份证号：与第 2 行身份证号重复"


@pytest.mark.parametrize("count", [10, 200])
def test_queries_do_not_grow_with_rows(cast, count):
    data = member_file(cast.branch.name, count, seed=count)
    with CaptureQueriesContext(connection) as queries:
        result = run(cast.staff, data)
    assert result.totals["new"] == count
    assert Person.objects.count() == count
    statements = [q["sql"] for q in queries.captured_queries]
    inserts = [s for s in statements if s.startswith("INSERT")]
    # Savepoint + release, 2 region look-ups, 1 organisation look-up, 1 registered-ID check:
    # the same for 10 rows as for 200.
    assert len(statements) - len(inserts) == 6
    # One INSERT per table (people, memberships and both history tables) per batch;
    # SQLite caps a statement at 999 parameters, so it needs a few batches for 200 rows.
    if connection.vendor == "postgresql" or count == 10:
        assert len(inserts) == 4
    else:
        assert len(inserts) <= 16


def test_the_postgresql_copy_path_writes_what_bulk_create_writes(cast, monkeypatch):
    """From COPY_THRESHOLD rows PostgreSQL takes ids from the sequence and COPYs the rows
    (elsewhere this is the bulk_create path): the people, memberships and one history row
    each, attributed to the importing user."""
    monkeypatch.setattr("apps.core.excel.bulk.COPY_THRESHOLD", 2)
    numbers = id_numbers(3, seed=99)
    result = run(cast.staff, xlsx(MEMBER_HEADERS, [member_row(n, cast.branch.name, name="赵德明") for n in numbers]))
    assert result.totals["new"] == 3
    person = Person.objects.get(id_number_hash=crypto.search_hash(numbers[2]))
    assert (person.name, person.name_pinyin, person.id_number, person.sex) == (
        "赵德明",
        "zhaodeming",
        numbers[2],
        id_sex(numbers[2]),
    )
    assert person.created_at is not None
    history = person.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+",
        cast.staff,
        "Excel 导入",
    )
    membership = person.memberships.get()
    assert membership.organisation == cast.branch and membership.history.count() == 1
    # The sequence moved past the imported ids: a person created afterwards gets a new one.
    later = f.PersonFactory()
    assert later.pk > person.pk


def _import_awkward_text(cast, count):
    """Cells holding tab, CR, LF, CRLF, backslash, ``\\N``, quotes and a 200-character
    string are stored as typed (people and their history rows), for ``count`` rows."""
    from tests.excel.test_bulk import AWKWARD

    numbers = id_numbers(count, seed=77)
    typed = [
        {
            "name": f"王“{i}”'\"",
            "address": AWKWARD[i % len(AWKWARD)],
            "former_unit": AWKWARD[(i + 1) % len(AWKWARD)][-100:],
        }
        for i in range(count)
    ]
    rows = [
        member_row(n, cast.branch.name, name=t["name"], 居住地址=t["address"], 原工作单位=t["former_unit"])
        for n, t in zip(numbers, typed, strict=True)
    ]
    result = run(cast.staff, xlsx(MEMBER_HEADERS, rows))
    assert not result.has_validation_errors() and result.totals["new"] == count
    fields = ("name", "address", "former_unit")
    by_hash = {h: row for h, *row in Person.objects.values_list("id_number_hash", *fields)}
    history = {h: row for h, *row in Person.history.values_list("id_number_hash", *fields)}
    expected = [[t[f] for f in fields] for t in typed]
    assert [by_hash[crypto.search_hash(n)] for n in numbers] == expected
    assert [history[crypto.search_hash(n)] for n in numbers] == expected


def _sizes():
    from apps.core.excel.bulk import COPY_THRESHOLD

    # A small file (bulk_create everywhere) and one large enough for PostgreSQL's COPY.
    return [10, COPY_THRESHOLD]


@pytest.mark.parametrize("count", _sizes())
def test_text_survives_exactly(cast, count):
    _import_awkward_text(cast, count)


@pytest.mark.services
@pytest.mark.parametrize("count", _sizes())
def test_text_survives_exactly_on_postgresql(require_services, cast, count):
    assert connection.vendor == "postgresql"
    _import_awkward_text(cast, count)


def test_a_nul_character_is_refused_in_chinese(cast):
    """A NUL (U+0000, ``_x0000_`` in the file) cannot be stored by PostgreSQL: refused on
    every database, with the row and column named, and nothing written."""
    (number,) = id_numbers(1, seed=78)
    result = run(cast.staff, xlsx(MEMBER_HEADERS, [member_row(number, cast.branch.name, 居住地址="东关街_x0000_12号")]))
    assert errors_of(result) == {2: {"居住地址": ["含有无法保存的空字符（U+0000），请删除后重新上传"]}}
    assert Person.objects.count() == 0 and Membership.objects.count() == 0
