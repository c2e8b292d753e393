"""Issue 12, items 12 and 13 in the member import: rows stay within the user's scope, and an
ID number registered outside it is refused without saying so (the attempt audited)."""

import pytest

from apps.audit.choices import AuditAction, AuditResult
from apps.audit.models import AuditEvent
from apps.core.excel.formats import XLSX
from apps.core.validators import id_birth_date, id_sex
from apps.party.models import Membership
from apps.party.resources import MemberResource
from apps.people.models import Person
from tests import factories as f
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_row, xlsx

pytestmark = pytest.mark.django_db

NOT_REGISTRABLE = "该身份证号无法登记，请联系市局"


def run(user, data, *, dry_run=False):
    dataset = XLSX().create_dataset(data)
    return MemberResource(user=user).import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def errors_of(result) -> dict:
    return {row.number: row.error_dict for row in result.invalid_rows}


def _registered(number, region):
    return f.PersonFactory(id_number=number, birth_date=id_birth_date(number), sex=id_sex(number), region=region)


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_id_number_registered_outside_scope_is_refused_without_disclosure(cast, dry_run):
    a, b = id_numbers(2)
    elsewhere = _registered(b, f.region("邗江区"))
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    rows = [member_row(a, cast.branch.name), member_row(b, cast.branch.name)]
    result = run(cast.district, xlsx(MEMBER_HEADERS, rows), dry_run=dry_run)
    assert errors_of(result) == {3: {"身份证号": [NOT_REGISTRABLE]}}
    assert Person.objects.count() == 1 and Membership.objects.count() == 0
    probes = AuditEvent.objects.filter(id__gt=start, result=AuditResult.FAILURE, action=AuditAction.CREATE)
    [probe] = probes
    assert probe.user == cast.district and probe.object_id == str(elsewhere.pk)
    assert "第 3 行" in probe.detail and b not in probe.detail


def test_an_in_scope_duplicate_is_still_named_as_such(cast):
    (a,) = id_numbers(1)
    _registered(a, f.region("广陵区"))
    result = run(cast.district, xlsx(MEMBER_HEADERS, [member_row(a, cast.branch.name)]))
    assert errors_of(result) == {
        2: {"身份证号": ["人员库中已有此身份证号，请勿重复导入（已登记人员请在后台调整组织关系）"]}
    }
    assert not AuditEvent.objects.filter(result=AuditResult.FAILURE).exists()


def test_the_preview_page_does_not_disclose_it_either(client, cast):
    (a,) = id_numbers(1)
    _registered(a, f.region("邗江区"))
    client.force_login(cast.district)
    upload = xlsx(MEMBER_HEADERS, [member_row(a, cast.branch.name)])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/party/membership/import/",
        {
            "resource": 0,
            "format": 0,
            "import_file": SimpleUploadedFile("members.xlsx", upload),
        },
    )
    html = response.content.decode()
    assert NOT_REGISTRABLE in html, html[:3000]
    assert "人员库中已有" not in html
