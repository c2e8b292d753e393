"""Pages of the records beyond hours: the team leader's correction requests, the
certificates on notice, the back office's campaign figures, meetings and Excel lists."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.volunteers import services as s
from apps.volunteers.choices import CertificateStatus, CorrectionStatus
from apps.volunteers.models import AllianceMember, Campaign, CorrectionRequest, JointMeeting, TrainingRecord
from apps.volunteers.resources import AllianceMemberResource, JointMeetingResource, TrainingResource
from tests.access.table_volunteers import _certificate
from tests.excel.test_import_party_records import errors_of, run
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 8)
TRAINING_HEADERS = ["志愿者编号", "姓名", "培训名称", "主要内容", "学习时长（小时）", "举办单位", "培训日期"]
ALLIANCE_HEADERS = ["组织名称", "组织类别", "所属区域", "联系人", "联系电话", "加入联盟时间", "退出联盟时间", "备注"]


def _record(team, m=None, hours=Decimal(3)):
    (record,) = s.records_enter(activity=activity(team), entries=[s.HoursEntry(member=m or member(team), hours=hours)])
    s.records_confirm(records=[record], user=None)
    return record


# ---------------------------------------------------------------------------
# The team leader's correction requests
# ---------------------------------------------------------------------------
def test_the_team_leader_asks_for_a_correction_and_accepts_it(client, cast):
    m = member(cast.team)
    record = _record(cast.team, m)
    client.force_login(cast.team_leader)
    page = client.get(f"/workspace/team/corrections/new/{m.pk}/").content.decode()
    assert "东关街文明劝导" in page
    response = client.post(
        f"/workspace/team/corrections/new/{m.pk}/",
        {
            "kind": "record",
            "record": record.pk,
            "channel": "self",
            "description": "签退时间有误，实际 4 小时",
            "proposed_hours": "4",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/workspace/team/corrections/"
    c = CorrectionRequest.objects.get()
    html = client.get("/workspace/team/corrections/").content.decode()
    assert "签退时间有误" in html and "待处理" in html
    # Accept without hours: a Chinese error, nothing changed.
    response = client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "accept", "hours": ""})
    assert "须填写更正后的服务时长" in response.content.decode()
    client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "accept", "hours": "4"})
    record.refresh_from_db()
    c.refresh_from_db()
    assert record.hours == Decimal(4) and c.status == CorrectionStatus.ACCEPTED
    assert "已更正：3.0 → 4.0 小时" in client.get("/workspace/team/corrections/").content.decode()


def test_refusing_on_the_page_needs_a_reason_and_overdue_requests_show(client, cast):
    record = _record(cast.team)
    c = s.correction_request(
        record=record, channel="leader", description="多记了一小时", today=datetime.date(2026, 3, 2)
    )
    client.force_login(cast.team_leader)
    html = client.get("/workspace/team/corrections/").content.decode()
    assert "已逾期" in html
    response = client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "refuse", "reason": ""})
    assert "不予更正须写明理由" in response.content.decode()
    client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "refuse", "reason": "与签到表一致"})
    c.refresh_from_db()
    assert c.status == CorrectionStatus.REFUSED and c.handled_by == cast.team_leader


def test_the_corrections_page_has_a_fixed_query_count(client, cast, django_assert_num_queries):
    client.force_login(cast.team_leader)
    s.correction_request(record=_record(cast.team), channel="self", description="有误")
    # session, user, his team, the requests (the workspace's roles.py check costs no query)
    with django_assert_num_queries(4) as first:
        client.get("/workspace/team/corrections/")
    for _ in range(5):
        s.correction_request(record=_record(cast.team), channel="self", description="有误")
    with django_assert_num_queries(len(first)):
        client.get("/workspace/team/corrections/")


# ---------------------------------------------------------------------------
# Certificates on notice
# ---------------------------------------------------------------------------
def test_the_notice_list_shows_certificates_on_notice_masked_in_scope(client, cast):
    mine = _certificate(cast.team, issued=True)
    theirs = _certificate(cast.other_team, issued=True)
    held = _certificate(cast.team, issued=True)
    s.certificate_object(certificate=held, raised_by="队员", content="次数不符")
    client.force_login(cast.district)
    html = client.get("/volunteers/certificates/notice/").content.decode()
    assert mine.number in html and held.number in html and theirs.number not in html
    assert mine.holder_name not in html  # masked
    assert "收到异议，核实中" in html and "公示中" in html
    s.certificate_register(certificate=mine, today=mine.notice_end + datetime.timedelta(days=1))
    assert mine.number not in client.get("/volunteers/certificates/notice/").content.decode()


def test_staff_raise_an_objection_from_the_certificate_and_resolve_it(client, cast):
    cert = _certificate(cast.team, issued=True)
    client.force_login(cast.staff)
    client.post(
        f"/admin/volunteers/certificate/{cert.pk}/object/", {"raised_by": "服务对象", "content": "未见该志愿者"}
    )
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.HELD
    objection = cert.objections.get()
    client.post(
        f"/admin/volunteers/certificateobjection/{objection.pk}/resolve/",
        {"upheld": "0", "resolution": "经核对签到表，确有参加"},
    )
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.ISSUED


# ---------------------------------------------------------------------------
# Campaigns, meetings in the back office
# ---------------------------------------------------------------------------
def test_the_campaign_figures_page_counts_within_the_district(client, cast):
    campaign = Campaign.objects.create(name="文明有我·银耀扬城")
    mine = activity(cast.team, campaign=campaign)
    theirs = activity(cast.other_team, campaign=campaign)
    for act, team in ((mine, cast.team), (theirs, cast.other_team)):
        s.records_confirm(
            records=s.records_enter(activity=act, entries=[s.HoursEntry(member=member(team), hours=Decimal(2))]),
            user=None,
        )
    client.force_login(cast.district)
    html = client.get(f"/admin/volunteers/campaign/{campaign.pk}/figures/").content.decode()
    assert cast.team.name in html and cast.other_team.name not in html
    assert "服务人次 <strong>1</strong>" in html


def test_a_meeting_is_saved_from_the_admin_with_its_follow_up_items(client, cast):
    a = s.alliance_member_save(
        member=AllianceMember(
            name="扬州市老年人体育协会", kind="association", contact_person="王", joined_on=datetime.date(2020, 1, 1)
        )
    )
    client.force_login(cast.staff)
    data = {
        "title": "联席会议",
        "held_on": "2026-09-29",
        "place": "市委老干部局",
        "topics": "重阳节",
        "decisions": "联合行动",
        "alliance_attendees": [a.pk],
        "staff_attendees": [cast.staff.pk],
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-task": "报送方案",
        "items-0-owner": "体育协会",
        "items-0-working_days": "3",
    }
    response = client.post("/admin/volunteers/jointmeeting/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = JointMeeting.objects.get()
    assert list(meeting.alliance_attendees.all()) == [a]
    assert meeting.items.get().due_on == datetime.date(2026, 10, 9)
    rows = list(JointMeetingResource(user=cast.staff).export_rows(JointMeeting.objects.all()))
    assert "报送方案（体育协会，2026-10-09前" in rows[0][-1] and rows[0][4] == "扬州市老年人体育协会"


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------
def test_training_import_writes_every_row_or_none(cast):
    m = member(cast.team, volunteer_number="ZY2024000001")
    other = member(cast.other_team, volunteer_number="ZY2024000002")
    good = ["ZY2024000001", m.person.name, "骨干培训", "志愿服务条例", "3", "市委老干部局", "2026-04-08"]
    result = run(TrainingResource, cast.district, TRAINING_HEADERS, [good])
    assert not result.has_validation_errors(), errors_of(result)
    assert TrainingRecord.objects.get().hours == Decimal(3)
    rows = [
        good,
        ["ZY2024000001", "张冒名", "培训", "内容", "30", "局", "2099-01-01"],
        [other.volunteer_number, "", "培训", "内容", "2", "局", "2026-04-08"],
    ]
    result = run(TrainingResource, cast.district, TRAINING_HEADERS, rows)
    errors = errors_of(result)
    assert "登记的姓名不是“张冒名”" in errors[3]["姓名"][0]
    assert "不超过 24 小时" in errors[3]["学习时长（小时）"][0]
    assert "不能晚于今天" in errors[3]["培训日期"][0]
    assert "不在您的数据权限范围内" in errors[4]["志愿者编号"][0]
    assert TrainingRecord.objects.count() == 1


def test_training_import_refuses_a_bad_row_with_the_services_reasons_and_writes_nothing(cast):
    """Each row is checked by the service's own checks (services.training_checked): a row
    the service refuses is reported with the service's reasons, every reason of the row,
    and the good rows of the file are not written either."""
    today = datetime.date.today()
    m = member(cast.team, volunteer_number="ZY2024000001")
    gone = member(cast.team, volunteer_number="ZY2024000003", left_on=DAY)
    good = ["ZY2024000001", m.person.name, "骨干培训", "志愿服务条例", "3", "市委老干部局", "2026-04-08"]
    after_leaving = ["ZY2024000003", gone.person.name, "骨干培训", "志愿服务条例", "0", "市委老干部局", "2026-04-09"]
    result = run(TrainingResource, cast.district, TRAINING_HEADERS, [good, after_leaving, good])
    errors = errors_of(result)
    assert list(errors) == [3]
    with pytest.raises(ValidationError) as refused:
        s.training_record(
            member=gone,
            name="骨干培训",
            content="志愿服务条例",
            hours=Decimal(0),
            organiser="市委老干部局",
            date=datetime.date(2026, 4, 9),
            user=cast.district,
            today=today,
        )
    said = refused.value.message_dict
    assert set(said) == {"date", "hours"}
    assert errors[3]["培训日期"] == [said["date"][0].rstrip("。")] and "离队" in errors[3]["培训日期"][0]
    assert errors[3]["学习时长（小时）"] == [said["hours"][0].rstrip("。")]
    assert not TrainingRecord.objects.exists()
    # The same file without the bad row is written whole.
    result = run(TrainingResource, cast.district, TRAINING_HEADERS, [good, good])
    assert not result.has_validation_errors(), errors_of(result)
    assert TrainingRecord.objects.filter(member=m).count() == 2


def test_a_district_imports_its_own_alliance_members_only(cast):
    rows = [
        ["广陵区老年协会", "社会团体", "广陵区", "王主任", "13812345678", "2021-05-01", "", ""],
        ["市级社团", "社会团体", "", "李", "", "2021-05-01", "", ""],
    ]
    result = run(AllianceMemberResource, cast.district, ALLIANCE_HEADERS, rows)
    errors = errors_of(result)
    assert "只能导入本区域的联盟成员" in errors[3]["所属区域"][0]
    assert not AllianceMember.objects.exists()
    result = run(AllianceMemberResource, cast.district, ALLIANCE_HEADERS, rows[:1])
    assert not result.has_validation_errors(), errors_of(result)
    exported = list(AllianceMemberResource(user=cast.district).export_rows(AllianceMember.objects.all()))
    assert exported[0][4] == "13812345678"  # staff hold the sensitive-data permission
    exported = list(AllianceMemberResource(user=cast.leader).export_rows(AllianceMember.objects.all()))
    assert exported[0][4] == "138****5678"  # the leadership does not


def test_a_refused_training_in_the_admin_shows_the_reason_and_saves_nothing(client, cast):
    m = member(cast.team, left_on=datetime.date(2026, 1, 10))
    client.force_login(cast.district)
    data = {
        "member": m.pk,
        "name": "骨干培训",
        "content": "志愿服务条例",
        "hours": "3",
        "organiser": "市委老干部局",
        "date": "2026-02-01",
    }
    response = client.post("/admin/volunteers/trainingrecord/add/", data)
    assert response.status_code == 200
    assert "已于 2026-01-10 离队" in response.content.decode()
    assert not TrainingRecord.objects.exists()
    response = client.post("/admin/volunteers/trainingrecord/add/", {**data, "date": "2026-01-05"})
    assert response.status_code == 302
    assert TrainingRecord.objects.get().history.count() == 1


def _training_form(record, **changes):
    data = {
        "member": record.member_id,
        "name": record.name,
        "content": record.content,
        "hours": str(record.hours),
        "organiser": record.organiser,
        "date": record.date.isoformat(),
    }
    return {**data, **changes}


def test_a_training_corrected_in_the_admin_goes_through_the_service_with_its_author(client, cast):
    record = s.training_record(
        member=member(cast.team), name="骨干培训", content="应急救护", hours=Decimal(2), organiser="局", date=DAY
    )
    url = f"/admin/volunteers/trainingrecord/{record.pk}/change/"
    client.force_login(cast.district)
    response = client.post(url, _training_form(record, hours="30"))
    assert response.status_code == 200 and "不超过 24 小时" in response.content.decode()
    record.refresh_from_db()
    assert record.hours == Decimal(2) and record.history.count() == 1  # nothing saved
    # The date check of 67号令 art. 8 holds on a correction too (a plain full_clean did not).
    response = client.post(url, _training_form(record, date="2099-01-01"))
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    response = client.post(url, _training_form(record, hours="3.5", organiser="  市委老干部局 "))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.hours, record.organiser) == (Decimal("3.5"), "市委老干部局")
    assert record.history.count() == 2 and record.history.first().history_user == cast.district


def test_a_district_cannot_move_a_training_to_another_districts_volunteer(client, cast):
    record = s.training_record(
        member=member(cast.team), name="骨干培训", content="应急救护", hours=Decimal(2), organiser="局", date=DAY
    )
    theirs = member(cast.other_team)
    with pytest.raises(ValidationError, match="数据权限"):
        record.member = theirs
        s.training_update(record=record, user=cast.district)
    record.refresh_from_db()
    assert record.member.team == cast.team and record.history.count() == 1


def test_a_training_deleted_in_the_admin_goes_through_the_service_with_its_author(client, cast):
    first, second, third = (
        s.training_record(
            member=member(cast.team), name="骨干培训", content="应急救护", hours=Decimal(2), organiser="局", date=DAY
        )
        for _ in range(3)
    )
    client.force_login(cast.district)
    response = client.post(f"/admin/volunteers/trainingrecord/{first.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    response = client.post(
        "/admin/volunteers/trainingrecord/",
        {"action": "delete_selected", "_selected_action": [second.pk, third.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not TrainingRecord.objects.exists()
    deleted = TrainingRecord.history.filter(history_type="-")
    assert sorted(h.id for h in deleted) == sorted(r.pk for r in (first, second, third))
    assert {h.history_user for h in deleted} == {cast.district}


@pytest.mark.parametrize("role", ["leader", "team_leader"])
def test_a_role_without_the_training_permissions_is_refused_by_the_services(cast, role):
    user = getattr(cast, role)
    record = s.training_record(
        member=member(cast.team), name="骨干培训", content="应急救护", hours=Decimal(2), organiser="局", date=DAY
    )
    with pytest.raises(PermissionDenied, match="您没有登记培训记录的权限"):
        s.training_record(
            member=record.member, name="培训", content="内容", hours=Decimal(1), organiser="局", date=DAY, user=user
        )
    record.hours = Decimal(5)
    with pytest.raises(PermissionDenied, match="您没有修改培训记录的权限"):
        s.training_update(record=record, user=user)
    with pytest.raises(PermissionDenied, match="您没有删除培训记录的权限"):
        s.training_delete(record=record, user=user)
    record.refresh_from_db()
    assert record.hours == Decimal(2) and TrainingRecord.objects.count() == 1


# ---------------------------------------------------------------------------
# The admin pages that run one service (apps.volunteers.admin_views)
# ---------------------------------------------------------------------------
def test_a_service_step_checks_the_role_without_a_query(rf, cast, django_assert_num_queries):
    from django.contrib.admin import site

    from apps.accounts.models import User
    from apps.volunteers import admin_views
    from apps.volunteers.models import TeamMember

    m = member(cast.team)
    request = rf.get("/")
    request.user = User.objects.get(pk=cast.district.pk)  # fresh: no permission cache yet
    with django_assert_num_queries(1):  # the volunteer, in the user's scope; roles.py costs none
        assert admin_views._object(site._registry[TeamMember], request, m.pk, "volunteers.change_teammember") == m
    request.user = User.objects.get(pk=cast.leader.pk)
    with pytest.raises(PermissionDenied), django_assert_num_queries(0):
        admin_views._object(site._registry[TeamMember], request, m.pk, "volunteers.change_teammember")


def test_the_pause_page_has_a_fixed_query_count(client, cast, django_assert_num_queries):
    m = member(cast.team)
    client.force_login(cast.district)
    # session, user, his permissions and his groups' (the admin's own checks), the
    # volunteer, his person, his team
    with django_assert_num_queries(7):
        assert client.get(f"/admin/volunteers/teammember/{m.pk}/pause/").status_code == 200
    for _ in range(5):
        member(cast.team)
    with django_assert_num_queries(7):
        assert client.get(f"/admin/volunteers/teammember/{m.pk}/pause/").status_code == 200


def test_a_district_cannot_file_a_campaign_for_the_whole_city(client, cast):
    client.force_login(cast.district)
    response = client.post("/admin/volunteers/campaign/add/", {"name": "全市专项行动", "region": ""})
    assert response.status_code == 200 and "数据权限" in response.content.decode()
    assert not Campaign.objects.exists()
    response = client.post("/admin/volunteers/campaign/add/", {"name": "广陵专项行动", "region": cast.team.region_id})
    assert response.status_code == 302 and Campaign.objects.get().region == cast.team.region


@pytest.mark.parametrize(
    "label", ["trainingrecord", "evaluationrecord", "alliancemember", "jointmeeting", "campaign", "correctionrequest"]
)
def test_the_changelists_take_a_fixed_number_of_queries(
    client, cast, label, django_assert_num_queries, django_assert_max_num_queries
):
    from tests.access import table_volunteers as t

    make = {
        "trainingrecord": t._training,
        "evaluationrecord": t._evaluation,
        "alliancemember": t._alliance,
        "jointmeeting": t._meeting,
        "campaign": t._campaign,
        "correctionrequest": t._correction,
    }[label]
    make(cast.team)
    client.force_login(cast.district)
    path = f"/admin/volunteers/{label}/"
    with django_assert_max_num_queries(30) as first:
        assert client.get(path).status_code == 200
    for _ in range(5):
        make(cast.team)
    with django_assert_num_queries(len(first)):
        client.get(path)
