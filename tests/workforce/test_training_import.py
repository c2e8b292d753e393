"""Training classes and their sign-in sheets from Excel: all-or-nothing with a Chinese
error per row, in scope; art. 15's withdrawal and the credited hours as the services set them."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.excel.formats import XLSX
from apps.workforce.models import Enrolment, LeaveRecord, TrainingClass
from apps.workforce.resources import EnrolmentResource, TrainingClassResource
from apps.workforce.services import enrolment_create
from tests.conftest import client_for
from tests.excel.conftest import xlsx
from tests.factories import region
from tests.workforce.factories import StaffFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db

CLASS_HEADERS = [
    "班次名称",
    "培训类型",
    "主办单位",
    "所属区域",
    "开班日期",
    "结业日期",
    "线下学时",
    "线上学时",
    "脱产培训",
]
SHEET_HEADERS = ["班次名称", "开班日期", "姓名", "单位", "签到时间", "签退时间", "请假学时", "请假日期", "请假事由"]
UNIT = "广陵区委老干部局"


def _import(resource, headers, user, rows):
    dataset = XLSX().create_dataset(xlsx(headers, rows))
    return resource(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def _messages(result) -> str:
    return " ".join(m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms)


# ---------------------------------------------------------------------------
# Classes
# ---------------------------------------------------------------------------
def test_a_class_plan_is_imported_whole_with_its_days(cast):
    result = _import(
        TrainingClassResource,
        CLASS_HEADERS,
        cast.district,
        [
            [
                "“双讲双升”专题培训班",
                "党的理论教育和党性教育专题培训",
                "广陵区委老干部局",
                "广陵区",
                "2026-05-11",
                "2026-05-15",
                "35",
                "",
                "是",
            ],
            [
                "党纪学习教育网络专题班",
                "集中轮训",
                "江苏省干部在线学习中心",
                "广陵区",
                "2026-06-01",
                "2026-06-01",
                "",
                "8.5",
                "否",
            ],
        ],
    )
    assert not result.has_errors() and not result.has_validation_errors()
    full, online = TrainingClass.objects.order_by("starts_on")
    assert (full.total_hours, full.days, full.full_time, full.training_type) == (
        Decimal("35"),
        Decimal("5"),
        True,
        "theory",
    )
    assert (online.hours_online, online.days, online.full_time) == (Decimal("8.5"), Decimal("0"), False)
    assert full.history.count() == 1


def test_one_bad_class_imports_no_class_and_says_why_in_chinese(cast):
    TrainingClassFactory(name="科级干部任职培训班", starts_on=datetime.date(2026, 5, 11))
    good = ["新入职干部初任培训班", "初任培训", UNIT, "广陵区", "2026-03-02", "2026-03-06", "35", "0", "是"]
    result = _import(
        TrainingClassResource,
        CLASS_HEADERS,
        cast.district,
        [
            good,
            ["业务培训", "在职培训", UNIT, "广陵区", "2026-04-10", "2026-04-08", "14", "", "是"],
            ["业务培训二", "在职培训", UNIT, "广陵区", "2026-04-10", "2026-04-10", "", "", "否"],
            ["业务培训三", "在职培训", UNIT, "邗江区", "2026-04-10", "2026-04-10", "七", "", "否"],
            ["科级干部任职培训班", "任职培训", UNIT, "广陵区", "2026-05-11", "2026-05-15", "35", "", "是"],
            good,
        ],
    )
    assert result.has_validation_errors()
    messages = _messages(result)
    for expected in (
        "结业日期不能早于开班日期",
        "线上、线下学时至少填写一项",
        "不在您的数据权限范围内",
        "“七”不是数字",
        "同名班次在同一开班日期已登记",
        "与第 2 行重复",
    ):
        assert expected in messages, expected
    assert TrainingClass.objects.count() == 1


# ---------------------------------------------------------------------------
# Sign-in sheets
# ---------------------------------------------------------------------------
@pytest.fixture
def course(db):
    """A full-time class of 35 hours over five days in 广陵区, and three trainees."""
    cls = TrainingClassFactory(name="“双讲双升”专题培训班（第1期）")
    people = [StaffFactory(name=n, unit=UNIT) for n in ("王建国", "李秀英", "张明")]
    return cls, people


def _row(name, signed_in="2026-05-11 08:30", signed_out="2026-05-15 17:00", leave="", on="", reason=""):
    return ["“双讲双升”专题培训班（第1期）", "2026-05-11", name, UNIT, signed_in, signed_out, leave, on, reason]


def test_a_sign_in_sheet_credits_hours_and_withdraws_over_a_seventh(cast, course):
    cls, (wang, li, zhang) = course
    result = _import(
        EnrolmentResource,
        SHEET_HEADERS,
        cast.district,
        [
            _row("王建国", leave="2", on="2026-05-12", reason="病假"),
            _row("李秀英", leave="6", reason="事假"),  # 6 > 35/7 = 5: withdrawn (art. 15)
            _row("张明", signed_out=""),
        ],
    )
    assert not result.has_errors() and not result.has_validation_errors(), _messages(result)
    done = Enrolment.objects.get(staff=wang)
    assert (done.status, done.credited_hours, done.credited_days, done.leave_hours) == (
        "completed",
        Decimal("33"),
        Decimal("5"),
        Decimal("2"),
    )
    assert done.signed_in_at.date() == datetime.date(2026, 5, 11)
    withdrawn = Enrolment.objects.get(staff=li)
    assert (withdrawn.status, withdrawn.credited_hours, withdrawn.signed_out_at) == ("withdrawn", Decimal("0"), None)
    assert "第十五条" in withdrawn.note
    assert Enrolment.objects.get(staff=zhang).status == "enrolled"
    leaves = dict(LeaveRecord.objects.values_list("enrolment__staff__name", "on"))
    assert leaves == {"王建国": datetime.date(2026, 5, 12), "李秀英": cls.starts_on}
    assert done.history.count() == 1


def test_a_bad_sign_in_sheet_writes_nothing_and_says_why(cast, course):
    cls, (_, _, zhang) = course

    enrolment_create(training_class=cls, staff=zhang)
    TrainingClassFactory(name="邗江区业务培训班", region=region("邗江区"))
    StaffFactory(name="邗江干部", unit="邗江区委老干部局", region=region("邗江区"))
    result = _import(
        EnrolmentResource,
        SHEET_HEADERS,
        cast.district,
        [
            _row("王建国", signed_in="2026-05-15 17:00", signed_out="2026-05-11 08:30"),
            _row("李秀英", signed_in="", signed_out="2026-05-15 17:00"),
            _row("无此人"),
            _row("张明"),
            ["“双讲双升”专题培训班（第1期）", "2026-05-11", "王建国", UNIT, "", "", "40", "", ""],
            ["邗江区业务培训班", "2026-05-11", "王建国", UNIT, "", "", "", "", ""],
            ["无此班", "2026-05-11", "王建国", UNIT, "", "", "", "", ""],
            _row("李秀英", signed_in="昨天上午"),
            ["“双讲双升”专题培训班（第1期）", "2026-05-11", "邗江干部", "邗江区委老干部局", "", "", "", "", ""],
        ],
    )
    assert result.has_validation_errors()
    messages = _messages(result)
    for expected in (
        "签退时间不能早于签到时间",
        "尚未签到，不能签退",
        "工作人员名册中没有该单位的此人",
        "张明已报名本班，不能重复报名",
        "请假学时40超过本班总学时35",
        "该班次属于邗江区，不在您的数据权限范围内",
        "该班次（名称和开班日期）未登记",
        "时间“昨天上午”无法识别",
        "邗江干部（邗江区委老干部局）不在您的数据权限范围内",
    ):
        assert expected in messages, expected
    assert Enrolment.objects.count() == 1 and not LeaveRecord.objects.exists()


def test_the_class_and_sheet_templates_download_from_the_back_office(client, cast):
    c = client_for(client, cast, "district")
    for url, headers in (
        ("admin:workforce_trainingclass_excel_template", CLASS_HEADERS),
        ("admin:workforce_enrolment_excel_template", SHEET_HEADERS),
    ):
        response = c.get(reverse(url))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[1]] == headers
