"""The team leader's workspace, the certificate print and the public verification page."""

import datetime
import re
from decimal import Decimal

import pytest

from apps.volunteers import services as s
from apps.volunteers.choices import RecordStatus
from apps.volunteers.models import Activity, ServiceRecord
from tests.access.table_volunteers import OUTSIDE_PAGES, _certificate
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(OUTSIDE_PAGES))
def test_a_team_leader_gets_404_for_another_teams_records(name, client, cast):
    path = OUTSIDE_PAGES[name](cast)
    client.force_login(cast.team_leader)
    assert client.get(path).status_code == 404


def test_district_staff_cannot_print_a_certificate_of_another_district(client, cast):
    client.force_login(cast.district)
    assert client.get(OUTSIDE_PAGES["certificate_print"](cast)).status_code == 404


def test_team_leader_lands_on_his_workspace(client, cast):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": "team_leader", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"


def test_record_an_activity_with_hours_in_three_screens(client, cast):
    a, b = member(cast.team), member(cast.team)
    client.force_login(cast.team_leader)
    from apps.volunteers.models import ServiceCategory

    # Screen 1: the activity
    response = client.post(
        "/workspace/team/activities/new/",
        {
            "title": "重阳节敬老",
            "date": "2026-10-29",
            "start_time": "08:30",
            "end_time": "11:00",
            "place": "东关社区",
            "category": ServiceCategory.objects.get(name="家政清洁").pk,
            "content": "为独居老人打扫卫生",
            "intensity": "moderate",
            "risk_notice": "注意防滑",
        },
    )
    activity_ = Activity.objects.get(title="重阳节敬老")
    assert activity_.team == cast.team and activity_.record_due_on is not None
    assert response["Location"] == f"/workspace/team/activities/{activity_.pk}/hours/"
    # Screen 2: participants and hours (default from the activity's times)
    page = client.get(response["Location"])
    assert 'value="2.5"' in page.content.decode()
    response = client.post(
        response["Location"], {f"m{a.pk}": "on", f"h{a.pk}": "2.5", f"m{b.pk}": "on", f"h{b.pk}": "3"}
    )
    assert response["Location"] == f"/workspace/team/activities/{activity_.pk}/"
    # Screen 3: confirm
    ids = list(ServiceRecord.objects.filter(activity=activity_).values_list("pk", flat=True))
    client.post("/workspace/team/hours/confirm/", {"record": ids, "back": activity_.pk})
    assert set(ServiceRecord.objects.values_list("status", flat=True)) == {RecordStatus.CONFIRMED}
    assert ServiceRecord.objects.get(member=a).reviewed_by == cast.team_leader


def test_bad_hours_show_a_chinese_error_and_save_nothing(client, cast):
    a, b = member(cast.team), member(cast.team)
    act = activity(cast.team)
    client.force_login(cast.team_leader)
    response = client.post(
        f"/workspace/team/activities/{act.pk}/hours/",
        {f"m{a.pk}": "on", f"h{a.pk}": "2", f"m{b.pk}": "on", f"h{b.pk}": "30"},
    )
    assert response.status_code == 200
    assert "一天不能超过 24 小时" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_return_with_reason(client, cast):
    act = activity(cast.team)
    (record,) = s.records_enter(activity=act, entries=[s.HoursEntry(member=member(cast.team), hours=Decimal(2))])
    client.force_login(cast.team_leader)
    response = client.post(f"/workspace/team/hours/{record.pk}/return/", {"reason": ""})
    assert response.status_code == 200 and "必填" in response.content.decode()
    client.post(f"/workspace/team/hours/{record.pk}/return/", {"reason": "时长与签到表不符"})
    record.refresh_from_db()
    assert record.status == RecordStatus.RETURNED and record.return_reason == "时长与签到表不符"


def test_home_shows_overdue_activities_and_the_on_time_figure(client, cast, django_assert_max_num_queries):
    late = activity(cast.team, date=datetime.date(2026, 3, 2), title="逾期未记录的活动")
    done = activity(cast.team, date=datetime.date(2026, 3, 9), title="按时记录的活动")
    s.records_enter(activity=done, entries=[s.HoursEntry(member=member(cast.team), hours=Decimal(2))])
    Activity.objects.filter(pk=done.pk).update(records_done_at=datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC))
    client.force_login(cast.team_leader)
    with django_assert_max_num_queries(12):
        html = client.get("/workspace/").content.decode()
    assert late.title in html and "已逾期" in html
    assert "50%" in html  # one of the two activities due this year recorded on time


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------
def test_verification_shows_a_real_certificate_masked(client, cast, django_assert_num_queries):
    cert = _certificate(cast.team, issued=True)
    with django_assert_num_queries(1):
        html = client.get("/volunteers/verify/", {"number": cert.number}).content.decode()
    assert "正在公示" in html and "证明真实有效" not in html and cert.number in html
    cert = s.certificate_register(certificate=cert, today=cert.notice_end + datetime.timedelta(days=1))
    with django_assert_num_queries(1):
        html = client.get("/volunteers/verify/", {"number": cert.number}).content.decode()
    assert "证明真实有效" in html and cert.number in html
    assert cert.holder_name not in html  # the name masked
    assert cert.member.person.id_number not in html
    assert "不是全国志愿服务信息系统" in html


def test_verification_refuses_a_forged_number_without_a_look_up(client, cast, django_assert_num_queries):
    cert = _certificate(cast.team, issued=True)
    serial, _, _ = cert.number.rpartition("-")
    with django_assert_num_queries(0):
        html = client.get("/volunteers/verify/", {"number": f"{serial}-ABCDEF"}).content.decode()
    assert "查无此证明" in html and "证明真实有效" not in html


def test_verification_says_revoked(client, cast):
    cert = s.certificate_revoke(certificate=_certificate(cast.team, issued=True), reason="时长登记有误", user=None)
    html = client.get("/volunteers/verify/", {"number": cert.number}).content.decode()
    assert "已撤销" in html and "时长登记有误" in html


def test_print_has_the_four_parts_and_a_qr_code(client, cast):
    cert = _certificate(cast.team, issued=True)
    client.force_login(cast.staff)
    html = client.get(f"/volunteers/certificates/{cert.pk}/print/").content.decode()
    for part in ("一、志愿者身份信息", "二、志愿服务信息", "三、出具单位信息", "四、证明编号及日期"):
        assert part in html
    assert "<svg" in html and cert.number in html and cert.member.person.id_number not in html


def test_a_volunteers_record_page_has_a_fixed_query_count(client, cast, django_assert_num_queries):
    m = member(cast.team)
    first = activity(cast.team, date=datetime.date(2026, 3, 2))
    s.records_confirm(
        records=s.records_enter(activity=first, entries=[s.HoursEntry(member=m, hours=Decimal(3))]), user=None
    )
    client.force_login(cast.team_leader)
    path = f"/workspace/team/volunteers/{m.pk}/"
    # session, user, his team, the volunteer, the records, the total, the stars; his
    # trainings, evaluations and correction requests
    with django_assert_num_queries(10) as small:
        html = client.get(path).content.decode()
    assert "3.0 小时" in html and m.person.id_number not in html
    for day in range(3, 13):
        a = activity(cast.team, date=datetime.date(2026, 3, day), title=f"活动{day}")
        (record,) = s.records_enter(activity=a, entries=[s.HoursEntry(member=m, hours=Decimal(1))])
        s.training_record(
            member=m, name=f"培训{day}", content="应急救护", hours=Decimal(2), organiser="市委老干部局", date=a.date
        )
        s.evaluation_record(
            member=m, kind="evaluation", evaluator="服务对象", date=a.date, content="热情", rating="good", activity=a
        )
        s.correction_request(record=record, channel="self", description="时长有误")
    with django_assert_num_queries(len(small)):
        html = client.get(path).content.decode()
    assert "培训12" in html and "良好" in html and "时长有误" in html


def test_the_same_activity_form_sent_twice_makes_one_activity(client, cast):
    """A double tap or a retry of screen 1 leads both times to the same activity."""
    from apps.volunteers.models import ServiceCategory

    client.force_login(cast.team_leader)
    page = client.get("/workspace/team/activities/new/").content.decode()
    token = re.search(r'name="client_token" value="([^"]+)"', page).group(1)
    data = {
        "title": "重阳节敬老",
        "date": "2026-10-29",
        "place": "东关社区",
        "category": ServiceCategory.objects.get(name="家政清洁").pk,
        "content": "为独居老人打扫卫生",
        "intensity": "moderate",
        "risk_notice": "注意防滑",
        "client_token": token,
    }
    first = client.post("/workspace/team/activities/new/", data)
    second = client.post("/workspace/team/activities/new/", data)
    assert Activity.objects.filter(title="重阳节敬老").count() == 1
    assert first["Location"] == second["Location"]
    # A fresh form is a new activity.
    fresh = client.get("/workspace/team/activities/new/").content.decode()
    assert token not in fresh
