"""The failing-rows file of a checked import: ID numbers in full only for an uploader who
may see them (``people.view_sensitive_person``) and only for people within their scope."""

import io

from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.choices import Role
from apps.accounts.models import User
from apps.core.excel.formats import XLSX
from apps.core.excel.resources import failed_rows_bytes
from apps.core.masking import mask_id_number
from apps.core.models import ImportJob
from apps.core.validators import id_birth_date, id_sex
from apps.party.resources import MemberResource
from tests import factories as f
from tests.conftest import client_for, make_user
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_row, xlsx
from tests.excel.test_admin_flow import upload


def check(user, data):
    dataset = XLSX().create_dataset(data)
    return MemberResource(user=user).import_data(
        dataset, dry_run=True, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def failing_rows(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def downloaded_rows(client, job) -> list[list]:
    response = client.get(reverse("excel:job_failed_rows", args=[job.pk]))
    assert response.status_code == 200
    return failing_rows(b"".join(response.streaming_content))


def test_a_permitted_uploader_gets_the_id_numbers_of_the_rows_in_full(client, cast):
    a, b = id_numbers(2)
    c = client_for(client, cast, "district")
    upload(c, xlsx(MEMBER_HEADERS, [member_row(a, "无此支部"), member_row(b, "无此支部")]))
    rows = downloaded_rows(c, ImportJob.objects.get())
    assert [r[0] for r in rows] == [a, b]
    assert rows[0][2] == "13905140000"


def test_the_id_number_of_a_person_outside_the_uploaders_scope_is_masked(client, cast):
    (inside,) = id_numbers(1, seed=21)
    (outside,) = id_numbers(1, seed=22, region_code="321003")
    f.PersonFactory(
        id_number=outside, birth_date=id_birth_date(outside), sex=id_sex(outside), region=f.region("邗江区")
    )
    c = client_for(client, cast, "district")
    upload(c, xlsx(MEMBER_HEADERS, [member_row(inside, "无此支部"), member_row(outside, "无此支部")]))
    rows = downloaded_rows(c, ImportJob.objects.get())
    assert [r[0] for r in rows] == [inside, mask_id_number(outside)]
    assert outside not in str(rows)


def test_an_uploader_without_the_sensitive_permission_gets_masked_numbers(cast):
    staff_group = Group.objects.get(user=cast.staff)
    limited = Group.objects.create(name="仅导入（测试）")
    limited.permissions.set(staff_group.permissions.exclude(codename="view_sensitive_person"))
    importer = make_user("importer", Role.BUREAU_STAFF)
    importer.groups.set([limited])
    importer = User.objects.get(pk=importer.pk)
    assert importer.has_perm("party.add_membership")
    assert not importer.has_perm("people.view_sensitive_person")
    a, b = id_numbers(2, seed=23)
    result = check(importer, xlsx(MEMBER_HEADERS, [member_row(a, "无此支部"), member_row(b, "无此支部")]))
    rows = failing_rows(failed_rows_bytes(result, user=importer, resource_class=MemberResource))
    assert [r[0] for r in rows] == [mask_id_number(a), mask_id_number(b)]
    assert rows[0][2] == "139****0000"
    assert a not in str(rows) and b not in str(rows)
    # The same file, checked by someone who may see the numbers, has them in full.
    result = check(cast.staff, xlsx(MEMBER_HEADERS, [member_row(a, "无此支部"), member_row(b, "无此支部")]))
    assert [r[0] for r in failing_rows(failed_rows_bytes(result, user=cast.staff, resource_class=MemberResource))] == [
        a,
        b,
    ]


def test_the_failing_rows_file_opens_with_the_rows_as_typed_and_formulae_escaped(client, cast):
    (number,) = id_numbers(1, seed=31)
    c = client_for(client, cast, "district")
    row = member_row(number, "无此支部", 居住地址="@SUM(A1) 东关街", 原工作单位="<r>&</r>")
    upload(c, xlsx(MEMBER_HEADERS, [row]))
    (written,) = downloaded_rows(c, ImportJob.objects.get())
    assert written[3] == "'@SUM(A1) 东关街"
    assert written[5] == "<r>&</r>"
    assert "所在党组织" in written[-1]
