"""The venue network through Excel: template, all-or-nothing import with per-row Chinese
errors and the failing-rows file, parents in the file or in the scope, export."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.excel.formats import XLSX
from apps.education.models import Venue
from apps.education.resources import VenueResource
from tests.conftest import client_for
from tests.education.conftest import make_venue
from tests.excel.conftest import _excel_root, xlsx  # noqa: F401 - the fixture keeps files in tmp

pytestmark = pytest.mark.django_db

HEADERS = ["名称", "层级", "类型", "所属区域", "上级办学点", "地址", "可容纳学员数", "示范校（点）", "开放时间"]
# The template and the export also carry the dates (a file without them still imports).
ALL_HEADERS = [*HEADERS, "启用日期", "停用日期"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run(user, rows, headers=HEADERS):
    dataset = XLSX().create_dataset(xlsx(headers, rows))
    return VenueResource(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def errors_of(result) -> dict:
    return {row.number: row.error_dict for row in result.invalid_rows}


def test_the_network_imports_with_parents_in_the_file_and_in_the_scope(cast):
    university = make_venue("广陵区", name="广陵区老年大学")
    rows = [
        [
            "东关街道老年学校",
            "街道（乡镇）级",
            "分校",
            "广陵区",
            university.name,
            "东关街 100 号",
            120,
            "市级示范",
            "周一至周五",
        ],
        ["东关社区学习点", "社区（村）级", "学习点", "广陵区", "东关街道老年学校", None, None, None, None],
        ["汶河街道活动中心", "街道（乡镇）级", "活动中心", "广陵区", None, None, "80", "非示范", None],
    ]
    result = run(cast.district, rows)
    assert not result.has_validation_errors(), errors_of(result)
    school = Venue.objects.get(name="东关街道老年学校")
    point = Venue.objects.get(name="东关社区学习点")
    assert (school.parent, school.level, school.kind, school.capacity) == (university, "street", "branch", 120)
    assert school.demonstration == "municipal" and school.opening_hours == "周一至周五"
    assert (point.parent, point.capacity, point.demonstration) == (school, 0, "none")
    assert Venue.objects.get(name="汶河街道活动中心").capacity == 80
    assert school.history.get().history_type == "+"  # simple-history rows written by the bulk insert


def test_one_bad_row_saves_nothing_and_every_error_is_chinese_per_row(cast):
    make_venue("广陵区", name="广陵区老年大学")
    make_venue("邗江区", name="邗江区老年大学", level="district")
    rows = [
        ["好的学校", "街道（乡镇）级", "分校", "广陵区", "广陵区老年大学", None, 50, None, None],
        ["邗江某点", "社区（村）级", "学习点", "邗江区", None, None, 10, None, None],
        ["越级学校", "县（市、区）级", "分校", "广陵区", "好的学校", None, 10, None, None],
        ["负数学校", "街道（乡镇）级", "分校", "广陵区", "邗江区老年大学", None, -3, None, None],
        ["广陵区老年大学", "县（市、区）级", "老年大学", "广陵区", None, None, 2.5, "国家级", None],
        ["好的学校", "街道（乡镇）级", "分校", "广陵区", None, None, None, None, None],
    ]
    before = Venue.objects.count()
    result = run(cast.district, rows)
    assert errors_of(result) == {
        3: {"所属区域": ["区域“邗江区”不在您的数据权限范围内"]},
        4: {"上级办学点": ["上级办学点“好的学校”是街道（乡镇）级，须高于本办学点的层级（县（市、区）级）"]},
        5: {
            "可容纳学员数": ["“-3”不是 0 或正整数"],
            "上级办学点": ["“邗江区老年大学”不存在或不在您的数据权限范围内（也不在本文件更靠前的行）"],
        },
        6: {
            "示范校（点）": ["“国家级”不是可选值，应为：非示范、市级示范、省级示范、全国示范"],
            "名称": ["该区域已有同名办学点，请勿重复导入"],
            "可容纳学员数": ["“2.5”不是 0 或正整数"],
        },
        7: {"名称": ["与第 2 行重复（同区域同名）"]},
    }
    assert Venue.objects.count() == before
    assert result.failed_dataset.headers[-1] == "错误原因" and len(result.failed_dataset) == 5


def test_the_back_office_template_upload_and_failing_rows_file(client, cast):
    c = client_for(client, cast, "district")
    template = c.get(reverse("admin:education_venue_excel_template"))
    assert template.status_code == 200 and template["Content-Type"] == XLSX_TYPE
    assert [cell.value for cell in load_workbook(io.BytesIO(template.content)).active[1]] == ALL_HEADERS
    bad = xlsx(HEADERS, [["某学习点", "社区（村）级", "学习点", "无此区", None, None, 5, None, None]])
    response = c.post(
        reverse("admin:education_venue_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("网络.xlsx", bad, content_type=XLSX_TYPE)},
    )
    page = response.content.decode()
    assert "区域“无此区”不存在" in page
    from apps.core.models import ImportJob

    job = ImportJob.objects.get()
    download = c.get(reverse("excel:job_failed_rows", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [cell.value for cell in sheet[1]][-1] == "错误原因" and sheet.max_row == 2
    good = xlsx(HEADERS, [["某学习点", "社区（村）级", "学习点", "广陵区", None, None, 5, None, None]])
    response = c.post(
        reverse("admin:education_venue_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("网络.xlsx", good, content_type=XLSX_TYPE)},
    )
    assert not Venue.objects.filter(name="某学习点").exists()  # the preview is a dry run
    response = c.post(reverse("admin:education_venue_process_import"), response.context["confirm_form"].initial)
    assert response.status_code == 302
    assert Venue.objects.get(name="某学习点").region.name == "广陵区"


def test_the_export_has_the_import_headers_and_round_trips(client, cast):
    make_venue("广陵区", name="广陵区老年大学", opening_hours="全天", opened_on=datetime.date(2012, 9, 1))
    c = client_for(client, cast, "district")
    response = c.post(reverse("admin:education_venue_export"), {"format": "0", "resource": "0"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(rows[0]) == ALL_HEADERS
    assert rows[1][0] == "广陵区老年大学" and rows[1][3] == "广陵区" and rows[1][8] == "全天"
    assert rows[1][9].date() == datetime.date(2012, 9, 1) and rows[1][10] is None


def test_the_dates_import_and_a_closing_before_the_opening_is_refused(cast):
    make_venue("广陵区", name="广陵区老年大学")
    rows = [
        ["东关学习点", "社区（村）级", "学习点", "广陵区", "广陵区老年大学", None, 30, None, None, "2019-09-01", None],
        ["汶河学习点", "社区（村）级", "学习点", "广陵区", None, None, 30, None, None, "2019-09-01", "2024-03-01"],
    ]
    result = run(cast.district, rows, ALL_HEADERS)
    assert not result.has_validation_errors(), errors_of(result)
    assert Venue.objects.get(name="汶河学习点").closed_on == datetime.date(2024, 3, 1)
    assert Venue.objects.get(name="东关学习点").opened_on == datetime.date(2019, 9, 1)
    bad = [["湾头学习点", "社区（村）级", "学习点", "广陵区", None, None, 30, None, None, "2024-03-01", "2024-03-01"]]
    result = run(cast.district, bad, ALL_HEADERS)
    assert errors_of(result) == {2: {"停用日期": ["停用日期 2024-03-01 须晚于启用日期 2024-03-01"]}}
    assert not Venue.objects.filter(name="湾头学习点").exists()
