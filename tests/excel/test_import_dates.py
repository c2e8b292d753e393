"""Impossible dates in imports (issue 12, low): a clear Chinese message on the row, and
nothing written."""

import datetime

import pytest
from django.utils import timezone

from apps.core.excel.formats import XLSX
from apps.core.validators import id_birth_date
from apps.party.models import Organisation
from apps.party.resources import MemberResource, OrganisationResource
from apps.people.models import Person
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_row, xlsx

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
ORG_HEADERS = ["组织名称", "组织类别", "上级党组织", "所属区域", "设置方式", "依托单位/社区", "成立时间", "联系电话"]


def run(resource_class, user, data):
    dataset = XLSX().create_dataset(data)
    return resource_class(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def errors_of(result) -> dict:
    return {row.number: row.error_dict for row in result.invalid_rows}


def test_a_member_who_joined_the_party_in_the_future_is_refused(cast):
    a, b = id_numbers(2)
    rows = [member_row(a, cast.branch.name), member_row(b, cast.branch.name, 入党时间=TOMORROW)]
    result = run(MemberResource, cast.staff, xlsx(MEMBER_HEADERS, rows))
    assert errors_of(result) == {3: {"入党时间": ["入党时间不能晚于今天"]}}
    assert Person.objects.count() == 0


def test_a_member_who_joined_the_party_before_eighteen_is_refused(cast):
    (a,) = id_numbers(1)
    born = id_birth_date(a)
    too_young = born.replace(year=born.year + 17)
    result = run(
        MemberResource, cast.staff, xlsx(MEMBER_HEADERS, [member_row(a, cast.branch.name, 入党时间=too_young)])
    )
    eighteen = born.replace(year=born.year + 18)
    assert errors_of(result) == {
        2: {"入党时间": [f"入党时须年满18周岁：入党时间不能早于 {eighteen:%Y-%m-%d}（按出生日期计算）"]}
    }
    assert Person.objects.count() == 0


def test_an_organisation_founded_in_the_future_is_refused(cast):
    row = ["新成立党支部", "党支部", "", "广陵区", "社区", "东关街道", TOMORROW, ""]
    result = run(OrganisationResource, cast.staff, xlsx(ORG_HEADERS, [row]))
    assert errors_of(result) == {2: {"成立时间": ["成立时间不能晚于今天"]}}
    assert not Organisation.objects.filter(name="新成立党支部").exists()
