"""The back-office flow: template → upload → dry-run preview → confirm; errors; permissions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.models import ImportJob
from apps.party.models import Membership
from apps.people.models import Person
from tests.conftest import client_for
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_file, member_row, xlsx

IMPORT_URL = "admin:party_membership_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data: bytes, name: str = "党员名册.xlsx", content_type: str = XLSX_TYPE, url=IMPORT_URL):
    return client.post(
        reverse(url),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def form_errors(response) -> list[str]:
    return response.context["form"].errors.get("import_file", [])


def test_the_template_has_the_chinese_headers_and_an_example(client, cast):
    response = client_for(client, cast, "staff").get(reverse("admin:party_membership_excel_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == MEMBER_HEADERS
    assert sheet["A2"].value == "321002195005171234"
    assert sheet["A1"].comment.text.startswith("必填。")
    assert sheet["A2"].number_format == "@"
    # 离退休类型 is a drop-down of its labels.
    assert any(v.formula1 == '"离休,退休"' for v in sheet.data_validations.dataValidation)
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("FDE2E1")  # required
    assert sheet.freeze_panes == "A2"


def test_the_import_page_links_the_template(client, cast):
    response = client_for(client, cast, "district").get(reverse(IMPORT_URL))
    assert response.status_code == 200
    assert reverse("admin:party_membership_excel_template") in response.content.decode()


def test_upload_preview_then_confirm_writes_the_rows(client, cast):
    c = client_for(client, cast, "staff")
    response = upload(c, member_file(cast.branch.name, 3))
    assert response.status_code == 200
    result = response.context["result"]
    assert result.totals["new"] == 3 and not result.has_validation_errors()
    assert Person.objects.count() == 0  # the preview is a dry run
    confirm = response.context["confirm_form"]
    response = c.post(reverse("admin:party_membership_process_import"), confirm.initial)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:party_membership_changelist")
    assert Membership.objects.filter(organisation=cast.branch).count() == 3
    assert Person.objects.count() == 3


def test_a_failing_file_shows_row_errors_and_offers_the_failing_rows(client, cast):
    c = client_for(client, cast, "staff")
    a, b = id_numbers(2)
    data = xlsx(MEMBER_HEADERS, [member_row(a, cast.branch.name), member_row(b, "无此支部")])
    response = upload(c, data)
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    page = response.content.decode()
    assert "党组织“无此支部”不存在或不在您的数据权限范围内" in page
    job = ImportJob.objects.get()
    assert job.user == cast.staff and job.status == "failed" and job.error_rows == 1
    assert reverse("excel:job_failed_rows", args=[job.pk]) in page
    download = c.get(reverse("excel:job_failed_rows", args=[job.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [c.value for c in sheet[1]][-1] == "错误原因"
    assert sheet.max_row == 2
    assert Person.objects.count() == 0


def test_a_wrong_header_is_reported_without_a_traceback(client, cast):
    response = upload(client_for(client, cast, "staff"), xlsx(["编号", "名字"], [["1", "张建国"]]))
    page = response.content.decode()
    assert "表头不正确" in page
    assert "Traceback" not in page and "ValidationError" not in page
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "content_type", "message"),
    [
        ("名册.xlsm", b"PK\x03\x04", XLSX_TYPE, "不接受含宏的工作簿（.xlsm 等），请另存为 .xlsx 后再上传。"),
        (
            "名册.csv",
            "身份证号,姓名\n".encode(),
            "text/csv",
            "仅支持 Excel 2007 及以上版本的 .xlsx 文件，请使用下载的模板填写。",
        ),
        ("名册.xlsx", b"not a zip at all", XLSX_TYPE, "文件内容不是有效的 Excel（.xlsx）文件，请使用下载的模板填写。"),
    ],
)
def test_bad_files_are_refused_in_chinese(client, cast, name, data, content_type, message):
    response = upload(client_for(client, cast, "staff"), data, name=name, content_type=content_type)
    assert response.status_code == 200
    assert form_errors(response) == [message]
    assert Person.objects.count() == 0


def test_an_oversize_file_is_refused(client, cast, settings):
    settings.EXCEL_MAX_UPLOAD_BYTES = 2048
    response = upload(client_for(client, cast, "staff"), member_file(cast.branch.name, 40))
    assert form_errors(response)[0].startswith("文件过大")
    assert Person.objects.count() == 0


def test_an_empty_file_is_refused(client, cast):
    response = upload(client_for(client, cast, "staff"), xlsx(MEMBER_HEADERS, []))
    assert form_errors(response) == ["文件中没有数据行：请在表头下方逐行填写后再上传。"]


def test_a_macro_enabled_workbook_renamed_xlsx_is_refused(client, cast):
    from tests.excel.test_uploads import _with_extra

    data = _with_extra(member_file(cast.branch.name, 1), "xl/vbaProject.bin", b"\x00" * 64)
    response = upload(client_for(client, cast, "staff"), data)
    assert form_errors(response) == ["不接受含宏的工作簿，请另存为 .xlsx 后再上传。"]
    assert Person.objects.count() == 0


def test_leadership_may_export_but_not_import(client, cast):
    c = client_for(client, cast, "leader")
    assert c.get(reverse(IMPORT_URL)).status_code == 403
    assert upload(c, member_file(cast.branch.name, 1)).status_code == 403
    assert c.get(reverse("admin:party_membership_excel_template")).status_code == 403
    assert c.get(reverse("admin:party_membership_export")).status_code == 200
    assert Person.objects.count() == 0


def test_people_are_export_only(client, cast):
    c = client_for(client, cast, "staff")
    assert c.get(reverse("admin:people_person_import")).status_code == 403
    assert c.get(reverse("admin:people_person_export")).status_code == 200


def test_an_export_downloads_an_xlsx(client, cast):
    from tests import factories as f

    f.MembershipFactory(organisation=cast.branch)
    c = client_for(client, cast, "staff")
    response = c.post(reverse("admin:party_membership_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == MEMBER_HEADERS
    assert sheet.max_row == 2


def test_someone_elses_job_is_not_found(client, cast):
    job = ImportJob.objects.create(user=cast.staff, resource="x", title="党员名册", original_name="a.xlsx")
    c = client_for(client, cast, "district")
    assert c.get(reverse("excel:job", args=[job.pk])).status_code == 404
    assert c.get(reverse("excel:job_status", args=[job.pk])).status_code == 404


def test_the_preview_shows_empty_cells_empty_not_none(client, cast):
    from tests.core.test_admin_chinese import visible_text

    c = client_for(client, cast, "staff")
    (a,) = id_numbers(1)
    data = xlsx(MEMBER_HEADERS, [member_row(a, cast.branch.name, 原工作单位=None, 原职级=None)])
    response = upload(c, data)
    assert response.context["result"].totals["new"] == 1
    text = visible_text(response.content.decode())
    assert "张建国" in text
    assert "None" not in text
