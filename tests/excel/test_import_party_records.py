"""Organisations, activity logs and training attendance through their resources."""

import datetime

from apps.core.excel.formats import XLSX
from apps.party.models import ActivityLog, Organisation, TrainingAttendance, TrainingClass
from apps.party.resources import ActivityLogResource, OrganisationResource, TrainingAttendanceResource
from tests import factories as f
from tests.excel.conftest import id_numbers, xlsx


def run(resource_class, user, headers, rows, *, dry_run=False):
    dataset = XLSX().create_dataset(xlsx(headers, rows))
    return resource_class(user=user).import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def errors_of(result) -> dict:
    return {row.number: row.error_dict for row in result.invalid_rows}


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
ORG_HEADERS = ["组织名称", "组织类别", "上级党组织", "所属区域", "设置方式", "成立时间"]


def test_organisations_import_with_parents_in_the_file(cast):
    rows = [
        ["广陵区离退休干部工委", "工委", None, "广陵区", "建制类", "2001-07-01"],
        ["东关街道离退休干部党委", "党委", "广陵区离退休干部工委", "广陵区", "社区", None],
        ["东关街道第一党支部", "党支部", "东关街道离退休干部党委", "广陵区", "社区", datetime.date(2010, 3, 1)],
        ["东关街道第二党支部", "党支部", cast.branch.name, "广陵区", None, None],
    ]
    result = run(OrganisationResource, cast.district, ORG_HEADERS, rows)
    assert not result.has_validation_errors(), errors_of(result)
    committee = Organisation.objects.get(name="广陵区离退休干部工委")
    first = Organisation.objects.get(name="东关街道第一党支部")
    second = Organisation.objects.get(name="东关街道第二党支部")
    assert first.parent.parent == committee
    assert first.path.startswith(committee.path) and first.depth == 2
    assert first.founded_on == datetime.date(2010, 3, 1) and first.setup_type == "community"
    assert second.parent == cast.branch and second.path.startswith(cast.branch.path)
    assert second.setup_type == "established"


def test_organisations_outside_the_district_are_refused(cast):
    rows = [
        ["邗江区某党支部", "党支部", None, "邗江区", None, None],
        ["广陵区某党支部", "党支部", cast.other_branch.name, "广陵区", None, None],
        [cast.branch.name, "党支部", None, "广陵区", None, None],
    ]
    before = Organisation.objects.count()
    result = run(OrganisationResource, cast.district, ORG_HEADERS, rows)
    assert errors_of(result) == {
        2: {"所属区域": ["区域“邗江区”不在您的数据权限范围内"]},
        3: {"上级党组织": [f"党组织“{cast.other_branch.name}”不存在或不在您的数据权限范围内"]},
        4: {"组织名称": ["该区域已有同名党组织，请勿重复导入"]},
    }
    assert Organisation.objects.count() == before


# ---------------------------------------------------------------------------
# Activity logs
# ---------------------------------------------------------------------------
LOG_HEADERS = ["党组织", "活动类型", "活动形式", "活动日期", "活动地点", "主持人", "活动主题", "活动内容", "状态"]


def test_activity_logs_import_with_a_sensible_status(cast):
    rows = [
        [
            cast.branch.name,
            "主题党日",
            "线下",
            "2026-03-05",
            "党群服务中心",
            "王建华",
            "学雷锋志愿服务",
            "清扫街巷",
            "已通过",
        ],
        [cast.branch.name, "党课", "线上（云端）", "2026-03-20", None, None, "云端党课", None, None],
    ]
    result = run(ActivityLogResource, cast.staff, LOG_HEADERS, rows)
    assert not result.has_validation_errors(), errors_of(result)
    approved = ActivityLog.objects.get(theme="学雷锋志愿服务")
    assert approved.status == "approved" and approved.reviewed_by == cast.staff and approved.created_by == cast.staff
    assert approved.activity_type == "theme_day" and approved.held_on == datetime.date(2026, 3, 5)
    draft = ActivityLog.objects.get(theme="云端党课")
    assert draft.status == "draft" and draft.mode == "online" and draft.submitted_at is None


def test_activity_log_errors(cast):
    f.ActivityLogFactory(
        organisation=cast.branch, activity_type="lecture", held_on=datetime.date(2026, 4, 1), theme="已有"
    )
    rows = [
        [cast.branch.name, "党课", None, "2026-04-01", None, None, "已有", None, None],
        [cast.branch.name, "主题党日", None, "2026-04-02", None, None, "新的", None, "已退回"],
        [cast.branch.name, "主题党日", None, "2099-01-01", None, None, "将来", None, None],
        [cast.other_branch.name, "主题党日", None, "2026-04-03", None, None, "别的区", None, None],
        [cast.branch.name, "党课", None, "2026-04-05", None, None, "重复", None, None],
        [cast.branch.name, "党课", None, "2026-04-05", None, None, "重复", None, None],
    ]
    before = ActivityLog.objects.count()
    result = run(ActivityLogResource, cast.district, LOG_HEADERS, rows)
    assert errors_of(result) == {
        2: {"活动主题": ["系统中已有该组织同日期、同类型、同主题的记录，请勿重复导入"]},
        3: {"状态": ["“已退回”不是可选值，应为：草稿、已提交、已通过"]},
        4: {"活动日期": ["活动日期不能晚于今天"]},
        5: {"党组织": [f"党组织“{cast.other_branch.name}”不存在或不在您的数据权限范围内"]},
        7: {"活动主题": ["与第 6 行重复（同一组织、类型、日期、主题）"]},
    }
    assert ActivityLog.objects.count() == before


# ---------------------------------------------------------------------------
# Training attendance
# ---------------------------------------------------------------------------
TRAINING_HEADERS = ["培训班名称", "开班日期", "学员身份证号", "学员姓名", "所在党组织", "是否参训"]


def _class(cast, start=datetime.date(2026, 5, 1)):
    return TrainingClass.objects.create(
        name="支部书记业务培训班",
        training_type="business",
        organiser_level="county",
        region=cast.branch.region,
        start_on=start,
        end_on=start + datetime.timedelta(days=2),
    )


def _person(number):
    from apps.core.validators import id_birth_date, id_sex

    return f.PersonFactory(id_number=number, birth_date=id_birth_date(number), sex=id_sex(number))


def test_training_attendance_imports(cast):
    training = _class(cast)
    a, b = id_numbers(2)
    pa, pb = _person(a), _person(b)
    rows = [
        ["支部书记业务培训班", None, a, pa.name, cast.branch.name, "是"],
        ["支部书记业务培训班", None, b, None, None, "否"],
    ]
    result = run(TrainingAttendanceResource, cast.district, TRAINING_HEADERS, rows)
    assert not result.has_validation_errors(), errors_of(result)
    assert TrainingAttendance.objects.get(person=pa).attended is True
    assert TrainingAttendance.objects.get(person=pa).organisation == cast.branch
    assert TrainingAttendance.objects.get(person=pb, training_class=training).attended is False


def test_training_attendance_errors(cast):
    _class(cast)
    _class(cast, start=datetime.date(2026, 9, 1))
    a, b, c = id_numbers(3)
    pa = _person(a)
    _person(b)
    TrainingAttendance.objects.create(training_class=_class(cast, datetime.date(2025, 5, 1)), person=pa)
    bad = a[:17] + ("0" if a[17] != "0" else "1")
    rows = [
        ["支部书记业务培训班", None, a, None, None, None],
        ["支部书记业务培训班", "2026-05-01", c, None, None, None],
        ["支部书记业务培训班", "2026-05-01", bad, None, None, None],
        ["不存在的培训班", None, b, None, None, None],
        ["支部书记业务培训班", "2025-05-01", a, None, None, None],
    ]
    before = TrainingAttendance.objects.count()
    result = run(TrainingAttendanceResource, cast.staff, TRAINING_HEADERS, rows)
    assert errors_of(result) == {
        2: {"开班日期": ["有 3 期“支部书记业务培训班”，请填写开班日期以区分"]},
        3: {"学员身份证号": ["人员库中没有此身份证号（或不在您的数据权限范围内），请先录入人员"]},
        4: {"学员身份证号": ["身份证号校验位错误，请核对。"]},
        5: {"培训班名称": ["培训班“不存在的培训班”不存在或不在您的数据权限范围内"]},
        6: {"学员身份证号": ["该学员在此培训班已有参训记录，请勿重复导入"]},
    }
    assert TrainingAttendance.objects.count() == before
