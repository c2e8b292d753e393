"""我的志愿服务: a volunteer's own account (no role) sees his records, hours by year and
star level, and asks himself for a record to be corrected or a missing one added; his
team leader handles it in the workspace. He sees only his own records."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.volunteers import services as s
from apps.volunteers.choices import CorrectionChannel, CorrectionKind, CorrectionStatus, RecordStatus
from apps.volunteers.models import CorrectionRequest, ServiceRecord, StarLevel
from tests.access.table_volunteers import _omission
from tests.conftest import make_user
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db


def _recent(days=5):
    return timezone.localdate() - datetime.timedelta(days=days)


def _served(m, *, day, hours, confirm=True, title="东关街文明劝导"):
    (record,) = s.records_enter(
        activity=activity(m.team, date=day, title=title), entries=[s.HoursEntry(member=m, hours=hours)]
    )
    if confirm:
        s.records_confirm(records=[record], user=None)
    return record


@pytest.fixture
def wang(cast):
    m = member(cast.team)
    user = make_user("wang", "", person=m.person)
    return m, user


def test_he_sees_his_records_hours_by_year_and_star_level_and_nobody_elses(client, cast, wang):
    m, user = wang
    # Thresholds are data: one star from 10 hours here.
    StarLevel.objects.filter(stars=1).update(min_hours=10)
    _served(m, day=datetime.date(2025, 6, 1), hours=Decimal(6), title="二〇二五年服务")
    _served(m, day=datetime.date(2026, 3, 2), hours=Decimal(5), title="二〇二六年服务")
    _served(m, day=datetime.date(2026, 3, 3), hours=Decimal(2), confirm=False, title="待确认的服务")
    theirs = _served(member(cast.team), day=datetime.date(2026, 3, 2), hours=Decimal(7), title="别人的服务")
    client.force_login(user)
    html = client.get("/volunteers/mine/").content.decode()
    assert "二〇二五年服务" in html and "二〇二六年服务" in html and "待确认的服务" in html
    assert "别人的服务" not in html
    assert "<dt>累计确认时长</dt><dd>11.0 小时</dd>" in html  # the pending 2 hours not counted
    assert "2025年</dt><dd>6.0 小时，1 次" in html and "2026年</dt><dd>5.0 小时，1 次" in html
    assert "<dt>星级</dt><dd>一星志愿者（距二星志愿者还差 289.0 小时）" in html
    # Another volunteer's record: 404, not even its page.
    assert client.get(f"/volunteers/mine/records/{theirs.pk}/correction/").status_code == 404
    assert client.post(f"/volunteers/mine/records/{theirs.pk}/correction/", {"description": "x"}).status_code == 404
    assert not CorrectionRequest.objects.exists()


def test_his_page_has_a_fixed_query_count(client, cast, wang, django_assert_num_queries):
    m, user = wang
    _served(m, day=datetime.date(2026, 3, 2), hours=Decimal(2))
    client.force_login(user)
    # session, user, his teams, records, hours by year, star levels, requests
    with django_assert_num_queries(7) as first:
        client.get("/volunteers/mine/")
    for day in range(3, 9):
        record = _served(m, day=datetime.date(2026, 3, day), hours=Decimal(2), title=f"活动{day}")
        s.correction_request(record=record, channel="self", description="有误")
    _served(m, day=datetime.date(2025, 3, 2), hours=Decimal(2), title="去年")
    with django_assert_num_queries(len(first)):
        html = client.get("/volunteers/mine/").content.decode()
    assert "活动8" in html and "去年" in html


def test_he_asks_for_one_of_his_records_to_be_corrected(client, cast, wang):
    m, user = wang
    record = _served(m, day=datetime.date(2026, 3, 2), hours=Decimal(3))
    client.force_login(user)
    path = f"/volunteers/mine/records/{record.pk}/correction/"
    response = client.post(path, {"description": "", "proposed_hours": "30"})
    html = response.content.decode()
    assert response.status_code == 200 and "这个字段是必填项" in html and "24" in html
    response = client.post(path, {"description": "签退时间登记有误", "proposed_hours": "4"})
    assert (response.status_code, response["Location"]) == (302, "/volunteers/mine/")
    c = CorrectionRequest.objects.get()
    assert (c.kind, c.record, c.member, c.channel, c.requested_by) == (
        CorrectionKind.RECORD,
        record,
        m,
        CorrectionChannel.SELF,
        user,
    )
    html = client.get("/volunteers/mine/").content.decode()
    assert "已申请更正，等待团队办理" in html and "待团队办理" in html


def test_he_asks_for_a_missing_record_and_it_appears_once_his_team_leader_accepts(client, cast, wang):
    m, user = wang
    mine = activity(cast.team, date=_recent(), title="重阳节敬老服务")
    elsewhere = activity(cast.other_team, date=_recent(), title="别队活动")
    client.force_login(user)
    page = client.get("/volunteers/mine/omitted/").content.decode()
    assert "重阳节敬老服务" in page and "别队活动" not in page
    # Another team's activity is not among his choices.
    response = client.post(
        "/volunteers/mine/omitted/", {"activity": elsewhere.pk, "proposed_hours": "3", "description": "参加了"}
    )
    assert response.status_code == 200 and not CorrectionRequest.objects.exists()
    response = client.post(
        "/volunteers/mine/omitted/", {"activity": mine.pk, "proposed_hours": "3", "description": "当天签到了"}
    )
    assert response.status_code == 302
    c = CorrectionRequest.objects.get()
    assert (c.kind, c.activity, c.member, c.channel, c.proposed_hours) == (
        CorrectionKind.OMITTED,
        mine,
        m,
        CorrectionChannel.SELF,
        Decimal(3),
    )
    # His team leader sees it counted on his landing page and handles it in the workspace.
    client.force_login(cast.team_leader)
    assert "更正申请（待办理 1 件）" in client.get("/workspace/").content.decode()
    html = client.get("/workspace/team/corrections/").content.decode()
    assert "记录遗漏" in html and "重阳节敬老服务" in html and "无服务记录" in html
    response = client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "accept", "hours": "3"})
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.member, record.activity, record.hours, record.status) == (
        m,
        mine,
        Decimal(3),
        RecordStatus.CONFIRMED,
    )
    assert "更正申请（待办理 0 件）" in client.get("/workspace/").content.decode()
    client.force_login(user)
    html = client.get("/volunteers/mine/").content.decode()
    assert "重阳节敬老服务 · 3.0 小时" in html and "已补记 3.0 小时" in html


def test_a_refused_missing_record_on_the_page_saves_nothing(client, cast):
    c = _omission(cast.team)
    client.force_login(cast.team_leader)
    response = client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "refuse", "reason": ""})
    assert "不予更正须写明理由" in response.content.decode()
    client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "refuse", "reason": "签到表上没有"})
    c.refresh_from_db()
    assert c.status == CorrectionStatus.REFUSED and not ServiceRecord.objects.exists()


def test_an_accept_refused_by_a_check_shows_the_reason_and_saves_nothing(client, cast):
    c = _omission(cast.team)
    other = activity(cast.team, date=c.activity.date, title="同日另一活动")
    s.records_enter(activity=other, entries=[s.HoursEntry(member=c.member, hours=Decimal(23))])
    client.force_login(cast.team_leader)
    response = client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "accept", "hours": "2"})
    assert "超过一天 24 小时" in response.content.decode()
    c.refresh_from_db()
    assert c.status == CorrectionStatus.OPEN and ServiceRecord.objects.count() == 1


def test_overdue_requests_are_counted_in_words_on_his_landing_page(client, cast):
    c = _omission(cast.team)  # asked for in March: long overdue
    assert c.due_on < timezone.localdate()
    client.force_login(cast.team_leader)
    html = client.get("/workspace/").content.decode()
    assert "更正申请（待办理 1 件，！已逾期 1 件）" in html
    assert "已逾期 1 件" in client.get("/workspace/team/corrections/").content.decode()


def test_a_team_leader_of_another_team_and_district_staff_elsewhere_cannot_handle_it(client, cast):
    c = _omission(cast.other_team)
    client.force_login(cast.team_leader)
    assert client.post(f"/workspace/team/corrections/{c.pk}/", {"decision": "accept", "hours": "2"}).status_code == 404
    # District staff of 广陵区 in the back office: the 邗江区 request is not there.
    client.force_login(cast.district)
    assert client.get(f"/admin/volunteers/correctionrequest/{c.pk}/accept/").status_code == 404
    c.refresh_from_db()
    assert c.status == CorrectionStatus.OPEN and not ServiceRecord.objects.exists()


def test_an_account_that_is_not_a_volunteer_is_refused(client, cast):
    client.force_login(make_user("zhao", "", person=None))
    assert client.get("/volunteers/mine/").status_code == 403
    assert client.get("/volunteers/mine/omitted/").status_code == 403


def test_his_home_card_leads_to_his_page_and_staffs_to_the_back_office(client, cast, wang):
    m, user = wang
    _served(m, day=datetime.date(2026, 3, 2), hours=Decimal(3))
    client.force_login(user)
    html = client.get("/").content.decode()
    assert '<a class="brand-card brand-afterglow" href="/volunteers/mine/"' in html
    assert "<dt>我的确认服务时长（小时）</dt><dd>3.0</dd>" in html
    client.force_login(cast.staff)
    assert 'href="/volunteers/mine/"' not in client.get("/").content.decode()


def test_the_demo_gives_a_volunteer_his_own_account_and_missing_records_in_two_states(client, cast):
    from apps.accounts.models import User
    from apps.volunteers.demo import _seed_volunteer_account

    a, b = member(cast.team), member(cast.team)
    for m in (a, b):
        _served(m, day=_recent(20), hours=Decimal(2), title=f"已记录{m.pk}")
    missing = activity(cast.team, date=_recent(10), title="漏记的活动")
    _seed_volunteer_account({"showcase_team": cast.team, "password": "Demo-Pass-2026"}, timezone.localdate())
    user = User.objects.get(username="demo_volunteer")
    assert (user.role, user.person) == ("", a.person)
    asked = {c.member: c for c in CorrectionRequest.objects.filter(kind=CorrectionKind.OMITTED, activity=missing)}
    assert asked[a].status == CorrectionStatus.OPEN
    assert asked[b].status == CorrectionStatus.ACCEPTED and asked[b].record.member == b
    client.force_login(user)
    assert "漏记的活动" in client.get("/volunteers/mine/").content.decode()


def test_a_volunteer_without_a_role_signs_in_and_lands_on_his_own_pages(client, cast, wang):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": "wang", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/volunteers/mine/"
    client.logout()
    # An elder's account that is no volunteer still starts on the home page; ``next`` still wins.
    from tests import factories as f

    make_user("li", "", person=f.PersonFactory())
    assert client.post("/accounts/login/", {"username": "li", "password": PASSWORD})["Location"] == "/"
    client.logout()
    response = client.post("/accounts/login/?next=/accounts/password/", {"username": "wang", "password": PASSWORD})
    assert response["Location"] == "/accounts/password/"
