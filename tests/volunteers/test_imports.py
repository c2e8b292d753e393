"""Excel: the volunteer roster and the service-hours import, all-or-nothing with per-row errors."""

import datetime
from decimal import Decimal

import pytest

from apps.volunteers import services as s
from apps.volunteers.models import ServiceRecord, TeamMember
from apps.volunteers.resources import ServiceHoursResource, VolunteerResource
from tests import factories as f
from tests.excel.test_import_party_records import errors_of, run
from tests.volunteers.conftest import activity

pytestmark = pytest.mark.django_db

VOL_HEADERS = ["所在团队", "身份证号", "姓名", "加入时间", "专业技能", "健康自述", "同意方式"]
HOURS_HEADERS = ["团队", "活动名称", "活动日期", "志愿者编号", "姓名", "服务时长（小时）"]


def test_volunteer_roster_import_gives_numbers_and_records_consent(cast):
    people = [f.PersonFactory() for _ in range(2)]
    rows = [
        [cast.team.name, p.id_number, p.name, "2024-03-01", "法律", "宜参加轻体力服务", "本人签字同意"] for p in people
    ]
    result = run(VolunteerResource, cast.district, VOL_HEADERS, rows)
    assert not result.has_validation_errors(), errors_of(result)
    members = list(TeamMember.objects.order_by("volunteer_number"))
    assert [m.volunteer_number for m in members] == ["ZY2024000001", "ZY2024000002"]
    assert all(m.consent_by == cast.district and m.consent_at for m in members)
    assert members[0].health_declaration == "light_only"
    assert members[0].history.count() == 1


def test_volunteer_roster_import_refuses_a_bad_file_whole(cast):
    person = f.PersonFactory()
    rows = [
        [cast.team.name, person.id_number, person.name, "2024-03-01", "", "", "本人签字同意"],
        [cast.other_team.name, person.id_number, person.name, "2024-03-01", "", "", "本人签字同意"],
        [cast.team.name, person.id_number, person.name, "2024-03-01", "", "", ""],
    ]
    result = run(VolunteerResource, cast.district, VOL_HEADERS, rows)
    errors = errors_of(result)
    assert errors[3] == {"所在团队": [f"团队“{cast.other_team.name}”不存在或不在您的数据权限范围内"]}
    assert errors[4]["同意方式"] == ["必填，不能为空"]
    assert "与第 2 行重复" in errors[4]["身份证号"][0]
    assert not TeamMember.objects.exists()


def _world(cast):
    day = datetime.date(2026, 3, 2)
    a = activity(cast.team, date=day, title="文明劝导")
    joined = s.member_join(
        team=cast.team, person=f.PersonFactory(), joined_on=datetime.date(2024, 1, 1), consent_note="同意"
    )
    late = s.member_join(
        team=cast.team, person=f.PersonFactory(), joined_on=datetime.date(2026, 5, 1), consent_note="同意"
    )
    return a, joined, late


def test_hours_import_writes_pending_records(cast):
    a, m, _ = _world(cast)
    result = run(
        ServiceHoursResource,
        cast.district,
        HOURS_HEADERS,
        [[cast.team.name, a.title, "2026-03-02", m.volunteer_number, "", "2.5"]],
    )
    assert not result.has_validation_errors(), errors_of(result)
    record = ServiceRecord.objects.get()
    assert (record.hours, record.status, record.source) == (Decimal("2.5"), "pending", "import")
    a.refresh_from_db()
    assert a.records_done_at is not None


def test_hours_import_refuses_every_bad_row_and_writes_nothing(cast):
    a, m, late = _world(cast)
    other = activity(cast.team, date=datetime.date(2026, 3, 2), title="下午宣讲")
    s.records_enter(activity=other, entries=[s.HoursEntry(member=m, hours=Decimal(20))])
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    rows = [
        [cast.team.name, a.title, "2026-03-02", m.volunteer_number, "", "5"],  # 20 + 5 > 24
        [cast.team.name, a.title, "2026-03-02", late.volunteer_number, "", "2"],  # before joining
        [cast.team.name, a.title, future, m.volunteer_number, "", "2"],
        [cast.team.name, "不存在的活动", "2026-03-02", m.volunteer_number, "", "2"],
        [cast.team.name, a.title, "2026-03-02", "ZY0000", "", "两小时"],
        [cast.other_team.name, a.title, "2026-03-02", m.volunteer_number, "", "2"],
    ]
    before = ServiceRecord.objects.count()
    result = run(ServiceHoursResource, cast.district, HOURS_HEADERS, rows)
    errors = errors_of(result)
    assert "超过 24 小时" in errors[2]["服务时长（小时）"][0]
    assert "加入之前" in errors[3]["活动日期"][0]
    assert "今天之后" in errors[4]["活动日期"][0]
    assert "没有名为“不存在的活动”的活动" in errors[5]["活动名称"][0]
    assert "不是有效的小时数" in errors[6]["服务时长（小时）"][0]
    assert "不在您的数据权限范围内" in errors[7]["团队"][0]
    assert ServiceRecord.objects.count() == before
