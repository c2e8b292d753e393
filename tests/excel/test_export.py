"""Exports: the user's scope, masking unless the role may see personal data, formulae escaped."""

import io

from openpyxl import load_workbook

from apps.core.excel.formats import XLSX
from apps.party.resources import ActivityLogResource, MemberResource, OrganisationResource
from apps.people.resources import PersonResource
from tests import factories as f
from tests.excel.conftest import id_numbers

GL_ID, HJ_ID = id_numbers(1, seed=5)[0], id_numbers(1, seed=6, region_code="321003")[0]


def sheet_of(dataset):
    return load_workbook(io.BytesIO(XLSX().export_data(dataset))).active


def _member(org, number, **person):
    from apps.core.validators import id_birth_date, id_sex

    person = f.PersonFactory(id_number=number, birth_date=id_birth_date(number), sex=id_sex(number), **person)
    return f.MembershipFactory(person=person, organisation=org)


def test_members_are_masked_for_leadership_and_whole_for_staff(cast):
    _member(cast.branch, GL_ID, name="张建国", phone="13905141234", address="扬州市广陵区东关街12号3幢201室")
    masked = MemberResource(user=cast.leader).export()
    assert masked._data[0][:4] == [GL_ID[:6] + "********" + GL_ID[-4:], "张建国", "139****1234", "扬州市广陵区东关****"]
    whole = MemberResource(user=cast.staff).export()
    assert whole._data[0][:4] == [GL_ID, "张建国", "13905141234", "扬州市广陵区东关街12号3幢201室"]


def test_member_export_is_limited_to_the_users_scope(cast):
    _member(cast.branch, GL_ID, name="广陵党员")
    _member(cast.other_branch, HJ_ID, name="邗江党员", region=f.region("邗江区"))
    assert [r[1] for r in MemberResource(user=cast.district).export()._data] == ["广陵党员"]
    assert [r[1] for r in MemberResource(user=cast.district_other).export()._data] == ["邗江党员"]
    assert sorted(r[1] for r in MemberResource(user=cast.staff).export()._data) == ["广陵党员", "邗江党员"]


def test_people_export_is_scoped_and_masked(cast):
    from apps.core.validators import id_birth_date, id_sex

    number = GL_ID
    f.PersonFactory(id_number=number, birth_date=id_birth_date(number), sex=id_sex(number), name="王秀英")
    f.PersonFactory(name="李建国", region=f.region("邗江区"))
    rows = PersonResource(user=cast.leader).export()._data
    assert sorted(r[0] for r in rows) == ["李建国", "王秀英"]
    row = next(r for r in rows if r[0] == "王秀英")
    assert row[3] == GL_ID[:6] + "********" + GL_ID[-4:]
    assert [r[0] for r in PersonResource(user=cast.district).export()._data] == ["王秀英"]


def test_formulae_in_exported_cells_are_escaped(cast):
    f.ActivityLogFactory(
        organisation=cast.branch, status="submitted", theme='=HYPERLINK("http://evil","点我")', place="@SUM(1)"
    )
    sheet = sheet_of(ActivityLogResource(user=cast.staff).export())
    headers = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    assert row["活动主题"] == '\'=HYPERLINK("http://evil","点我")'
    assert row["活动地点"] == "'@SUM(1)"
    assert all(c.data_type != "f" for c in sheet[2])


def test_organisation_export_shows_labels(cast):
    rows = [list(r) for r in OrganisationResource(user=cast.district).export()._data]
    assert rows == [[cast.branch.name, "党支部", "", "广陵区", "建制类", "", None, ""]]


HAZARD = "主题\x07\ufffe<r>&</r>\r\n第二行"
HAZARD_READ = "主题\ufffd<r>&</r>\n第二行"


def test_the_back_office_export_survives_what_users_type(client, cast):
    from django.urls import reverse

    from tests.conftest import client_for

    # Submitted: a draft is its secretary's own until then.
    f.ActivityLogFactory(organisation=cast.branch, theme="=1+1", content=HAZARD, status="submitted")
    response = client_for(client, cast, "staff").post(
        reverse("admin:party_activitylog_export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = {h.value: c.value for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert row["活动主题"] == "'=1+1"
    assert row["活动内容"] == HAZARD_READ


def test_a_cell_longer_than_excel_allows_stops_the_export_with_a_message(client, cast):
    from django.contrib.messages import get_messages
    from django.urls import reverse

    from tests.conftest import client_for

    f.ActivityLogFactory(organisation=cast.branch, content="长" * 40_000, status="submitted")
    response = client_for(client, cast, "staff").post(
        reverse("admin:party_activitylog_export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:party_activitylog_changelist")
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "32,767" in message and "无法导出" in message
