"""An inspection round's list from Excel: each item new (待整改), its deadline the class's
default when blank, owner and leader from the roster; all-or-nothing, Chinese errors, the
failing rows offered for download."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.excel.formats import XLSX
from apps.core.models import ImportJob
from apps.core.workdays import add_working_days
from apps.workforce.models import RectificationItem, RectificationRound
from apps.workforce.resources import RectificationItemResource
from tests.conftest import client_for
from tests.excel.conftest import xlsx
from tests.factories import region
from tests.workforce.factories import RoundFactory, StaffFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "巡察轮次",
    "问题描述",
    "整改任务",
    "责任区域",
    "责任单位",
    "责任人",
    "责任领导",
    "整改措施",
    "整改类别",
    "整改时限",
]
ROUND = "市委第三巡察组巡察反馈"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def people(db):
    RoundFactory(name=ROUND, feedback_on=datetime.date(2026, 3, 1))
    return StaffFactory(name="王科长"), StaffFactory(name="李局长", is_leader=True)


def _row(
    problem, *, owner="王科长", leader="李局长", region="广陵区", rect_class="限期整改", deadline="", round_=ROUND
):
    return [round_, problem, "补齐台账", region, "组织处", owner, leader, "开展专项检查", rect_class, deadline]


def _import(user, rows):
    dataset = XLSX().create_dataset(xlsx(HEADERS, rows))
    return RectificationItemResource(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def _messages(result) -> str:
    return " ".join(m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms)


def test_a_rounds_list_is_imported_new_with_default_deadlines(cast, people):
    owner, leader = people
    result = _import(
        cast.district,
        [_row("组织生活台账不完整"), _row("经费凭证不完整", rect_class="立行立改", deadline="2026-04-30")],
    )
    assert not result.has_errors() and not result.has_validation_errors(), _messages(result)
    ledger = RectificationItem.objects.get(problem="组织生活台账不完整")
    assert ledger.deadline == add_working_days(timezone.localdate(), 60)
    assert (ledger.status, ledger.owner_staff, ledger.owner, ledger.leader) == ("open", owner, "王科长", leader)
    assert ledger.round.name == ROUND and ledger.source == ROUND
    assert timezone.localdate(ledger.created_at) == timezone.localdate()
    assert RectificationItem.objects.get(problem="经费凭证不完整").deadline == datetime.date(2026, 4, 30)
    assert ledger.history.count() == 1


def test_one_bad_item_imports_none_and_says_why(cast, people):
    RoundFactory(name="邗江区委巡察组反馈", region=region("邗江区"))
    RectificationItem.objects.create(
        round=RectificationRound.objects.get(name=ROUND),
        source=ROUND,
        problem="已登记的问题",
        region=people[0].region,
        deadline=datetime.date(2026, 6, 1),
    )
    result = _import(
        cast.district,
        [
            _row("问题一"),
            _row("问题二", round_="无此轮次"),
            _row("问题三", owner="无此人"),
            _row("问题四", deadline="2026-02-01"),
            _row("问题五", region="邗江区"),
            _row("已登记的问题"),
            _row("问题一"),
            _row("问题六", round_="邗江区委巡察组反馈"),
        ],
    )
    assert result.has_validation_errors()
    messages = _messages(result)
    for expected in (
        "该巡察轮次未登记",
        "“无此人”不在广陵区的工作人员名册中",
        "整改时限不能早于巡察反馈日期",
        "区域“邗江区”不在您的数据权限范围内",
        "该轮次已有相同问题",
        "与第 2 行重复",
        "该巡察轮次属于邗江区，不在您的数据权限范围内",
    ):
        assert expected in messages, expected
    assert RectificationItem.objects.count() == 1


def test_the_back_office_offers_the_template_and_the_failing_rows(client, cast, people):
    c = client_for(client, cast, "staff")
    template = c.get(reverse("admin:workforce_rectificationitem_excel_template"))
    assert [cell.value for cell in load_workbook(io.BytesIO(template.content)).active[1]] == HEADERS
    response = c.post(
        reverse("admin:workforce_rectificationitem_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile(
                "整改清单.xlsx", xlsx(HEADERS, [_row("问题一"), _row("问题二", owner="无此人")]), content_type=XLSX_TYPE
            ),
        },
    )
    assert response.status_code == 200
    assert "“无此人”不在广陵区的工作人员名册中" in response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.error_rows == 1
    download = c.get(reverse("excel:job_failed_rows", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [cell.value for cell in sheet[1]][-1] == "错误原因" and sheet.max_row == 2
    assert not RectificationItem.objects.exists()
