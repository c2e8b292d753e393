"""The workspace pages and the review queue, through the test client."""

import io
import uuid

import pytest
from django.utils import timezone
from PIL import Image

from apps.core.models import Notice
from apps.party import logs
from apps.party.models import ActivityLog, ActivityPhoto, Attendance
from tests import factories as f
from tests.conftest import client_for
from tests.workspace.conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db

# Queries of a signed-in page: the session and the user (with its scope joined). The
# test settings read both from the database; tests/accounts/test_user_cache.py covers
# the cached session and user of a deployment with Redis (no query at all).
SESSION = 2
# Workspace home, first visit: notices, 3 obligations (rules, approved counts from
# ActivityMonth, pending logs), the branch's logs (returned,
# drafts, recent and their total in one query), and 6 for the branch's own figures
# (dashboard partial). A repeat visit finds the notices and the branch's part cached.
HOME_QUERIES = SESSION + 1 + 3 + 1 + 6
HOME_CACHED_QUERIES = SESSION
# Review queue: the branch filter, the page count, the page, the working calendar of its deadlines.
QUEUE_QUERIES = SESSION + 4
# The branch's log list: the count, the page.
LIST_QUERIES = SESSION + 2


def _draft(cast, basics, roster=None, **kwargs):
    attendance = {p.pk: (True, "") for p in roster["members"]} if roster else None
    return logs.activity_log_save(
        user=cast.secretary, organisation=cast.branch, data=basics, attendance=attendance, **kwargs
    )


def _submitted(cast, basics, roster, org=None):
    if org is None:
        log = _draft(cast, basics, roster)
        return logs.activity_log_submit(log=log, user=cast.secretary)
    log = f.ActivityLogFactory(organisation=org, status="submitted", submitted_at=timezone.now())
    return log


# ---------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------
# (The volunteer team leader has a workspace of his own: tests/workspace/test_team_leader.py.)
@pytest.mark.parametrize("role", ["district", "staff", "leader", "sysadmin"])
def test_it_refuses_the_workspace_to_everyone_but_secretaries_and_team_leaders(client, cast, role):
    assert client_for(client, cast, role).get("/workspace/").status_code == 403


@pytest.mark.parametrize("suffix", ["", "basics/", "attendance/", "content/", "done/"])
def test_it_hides_another_branchs_log(client, cast, basics, suffix):
    other = logs.activity_log_save(user=cast.secretary_other, organisation=cast.other_branch, data=basics)
    response = client_for(client, cast, "secretary").get(f"/workspace/logs/{other.pk}/{suffix}")
    assert response.status_code == 404


def test_it_hides_another_branchs_photo(client, cast, basics):
    other = logs.activity_log_save(
        user=cast.secretary_other, organisation=cast.other_branch, data=basics, photos=[jpeg_with_gps(80, 60)]
    )
    photo = other.photos.get()
    assert client_for(client, cast, "secretary").get(f"/workspace/photos/{photo.pk}/").status_code == 404


def test_it_serves_a_photo_of_the_branch(client, cast, basics):
    log = _draft(cast, basics, photos=[jpeg_with_gps(80, 60)])
    response = client_for(client, cast, "secretary").get(f"/workspace/photos/{log.photos.get().pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (80, 60)


# ---------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------
def test_home_shows_returned_logs_with_the_comment_first(client, cast, roster, basics):
    log = _submitted(cast, basics, roster)
    logs.activity_log_return(log=log, reviewer=cast.district, comment="请补充出席人员的缺席原因")
    _draft(cast, {**basics, "theme": "学习党章草稿"})
    Notice.objects.create(user=cast.secretary, title="请按时开展11月主题党日")
    Notice.objects.create(user=cast.secretary_other, title="别人的通知")
    logs.activity_log_save(
        user=cast.secretary_other, organisation=cast.other_branch, data={**basics, "theme": "邗江的记录"}
    )

    html = client_for(client, cast, "secretary").get("/workspace/").content.decode()

    assert "请补充出席人员的缺席原因" in html
    assert html.index("请补充出席人员的缺席原因") < html.index("本月、本季度应开展的组织生活")
    assert "学习党章草稿" in html
    assert "请按时开展11月主题党日" in html
    assert "别人的通知" not in html
    assert "邗江的记录" not in html


def test_home_shows_this_months_obligations(client, cast, roster, basics):
    today = timezone.localdate()
    approved = logs.activity_log_submit(
        log=_draft(cast, {**basics, "held_on": today.replace(day=1)}, roster), user=cast.secretary
    )
    logs.activity_log_approve(log=approved, reviewer=cast.district)

    response = client_for(client, cast, "secretary").get("/workspace/")

    duties = {d["activity_type"]: d for d in response.context["obligations"]}
    assert duties["theme_day"]["held_approved"] == 1
    assert duties["theme_day"]["done"] is True
    assert duties["committee_meeting"]["done"] is False
    assert "✓ 已完成" in response.content.decode()


@pytest.mark.parametrize("n_logs", [1, 6])
def test_home_query_count_is_fixed(client, cast, roster, basics, django_assert_num_queries, n_logs):
    for i in range(n_logs):
        log = _submitted(cast, {**basics, "theme": f"记录{i}"}, roster)
        if i % 2:
            logs.activity_log_return(log=log, reviewer=cast.district, comment="请修改")
        _draft(cast, {**basics, "theme": f"草稿{i}"})
        Notice.objects.create(user=cast.secretary, title=f"通知{i}")
    client = client_for(client, cast, "secretary")
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/workspace/").status_code == 200
    with django_assert_num_queries(HOME_CACHED_QUERIES):
        assert client.get("/workspace/").status_code == 200


# The home page is kept in the cache; each write below must show at the next visit.
def test_home_shows_a_new_notice_at_the_next_visit(client, cast):
    client = client_for(client, cast, "secretary")
    assert "请按时开展主题党日" not in client.get("/workspace/").content.decode()

    Notice.objects.create(user=cast.secretary, title="请按时开展主题党日")

    assert "请按时开展主题党日" in client.get("/workspace/").content.decode()


def test_home_shows_a_reminder_sent_in_bulk_at_the_next_visit(client, cast):
    from apps.party.services import theme_day_reminders_send

    client = client_for(client, cast, "secretary")
    client.get("/workspace/")

    assert theme_day_reminders_send(on=timezone.localdate()) >= 1

    notices = client.get("/workspace/").content.decode().split('id="h-duty"')[0]
    assert f"请及时开展{timezone.localdate().month}月主题党日" in notices


def test_home_drops_a_notice_once_it_is_read(client, cast):
    notice = Notice.objects.create(user=cast.secretary, title="请按时开展主题党日")
    client = client_for(client, cast, "secretary")
    assert "请按时开展主题党日" in client.get("/workspace/").content.decode()

    client.post(f"/workspace/notices/{notice.pk}/read/")

    assert "请按时开展主题党日" not in client.get("/workspace/").content.decode()


def test_home_shows_a_returned_log_at_the_next_visit(client, cast, roster, basics):
    log = _submitted(cast, basics, roster)
    client = client_for(client, cast, "secretary")
    assert "请补充出席人员的缺席原因" not in client.get("/workspace/").content.decode()

    logs.activity_log_return(log=log, reviewer=cast.district, comment="请补充出席人员的缺席原因")

    assert "请补充出席人员的缺席原因" in client.get("/workspace/").content.decode()


def test_home_shows_a_new_draft_and_the_new_total_at_the_next_visit(client, cast, basics):
    client = client_for(client, cast, "secretary")
    assert "还没有提交过记录" in client.get("/workspace/").content.decode()

    _draft(cast, {**basics, "theme": "学习党章草稿"})

    html = client.get("/workspace/").content.decode()
    assert "学习党章草稿" in html
    assert "查看全部 1 条记录" in html


def test_home_keeps_one_branchs_logs_from_another_branchs_cached_page(client, cast, basics):
    client_for(client, cast, "secretary").get("/workspace/")
    logs.activity_log_save(
        user=cast.secretary_other, organisation=cast.other_branch, data={**basics, "theme": "邗江的记录"}
    )
    assert "邗江的记录" not in client.get("/workspace/").content.decode()


def test_home_lists_at_most_five_of_each_kind_with_the_total_in_one_query(
    cast, roster, basics, django_assert_num_queries
):
    from apps.party.workspace.selectors import HOME_LIST_LIMIT, home_logs

    held = timezone.localdate() - timezone.timedelta(days=30)
    for i in range(7):
        _submitted(cast, {**basics, "theme": f"记录{i}", "held_on": held + timezone.timedelta(days=i)}, roster)
        _draft(cast, {**basics, "theme": f"草稿{i}"})
    returned = [_submitted(cast, {**basics, "theme": f"退回{i}"}, roster) for i in range(6)]
    for log in returned:
        logs.activity_log_return(log=log, reviewer=cast.district, comment="请修改")
    elsewhere = _draft(cast, {**basics, "theme": "别的支部"})
    ActivityLog.objects.filter(pk=elsewhere.pk).update(organisation=cast.other_branch)

    with django_assert_num_queries(1):
        lists = home_logs(cast.branch)

    assert lists["total"] == 7 + 7 + 6
    assert [log.theme for log in lists["recent"]] == [f"记录{i}" for i in range(6, 6 - HOME_LIST_LIMIT, -1)]
    assert [log.theme for log in lists["drafts"]] == [f"草稿{i}" for i in range(6, 6 - HOME_LIST_LIMIT, -1)]
    assert [log.theme for log in lists["returned"]] == [f"退回{i}" for i in range(5, -1, -1)]
    assert all(log.reviewed_by.pk == cast.district.pk for log in lists["returned"])


def test_marking_a_notice_read(client, cast):
    notice = Notice.objects.create(user=cast.secretary, title="提醒", link="/workspace/logs/new/")
    response = client_for(client, cast, "secretary").post(f"/workspace/notices/{notice.pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == "/workspace/logs/new/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_of_someone_else_is_a_404(client, cast):
    notice = Notice.objects.create(user=cast.secretary_other, title="提醒")
    response = client_for(client, cast, "secretary").post(f"/workspace/notices/{notice.pk}/read/")
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_an_external_notice_link_is_not_followed(client, cast):
    notice = Notice.objects.create(user=cast.secretary, title="提醒", link="https://evil.example.com/")
    response = client_for(client, cast, "secretary").post(f"/workspace/notices/{notice.pk}/read/")
    assert response["Location"] == "/workspace/"


# ---------------------------------------------------------------------------
# Logging an activity in three screens
# ---------------------------------------------------------------------------
def _screen1(basics, token):
    return {**basics, "held_on": basics["held_on"].isoformat(), "client_token": str(token)}


def test_three_screens_create_and_submit_one_log(client, cast, roster, basics):
    client = client_for(client, cast, "secretary")
    page = client.get("/workspace/logs/new/")
    token = page.context["form"].initial["client_token"]
    assert f'value="{token}"' in page.content.decode()

    response = client.post("/workspace/logs/new/", _screen1(basics, token))
    log = ActivityLog.objects.get()
    assert response["Location"] == f"/workspace/logs/{log.pk}/attendance/"
    # A double-clicked "next": the same token finds the same draft.
    again = client.post("/workspace/logs/new/", _screen1(basics, token))
    assert again["Location"] == f"/workspace/logs/{log.pk}/attendance/"
    assert ActivityLog.objects.count() == 1

    members = roster["members"]
    response = client.post(
        f"/workspace/logs/{log.pk}/attendance/",
        {
            "version": 0,
            "person": [p.pk for p in members],
            "present": [members[0].pk, members[1].pk],
            f"reason_{members[2].pk}": "住院",
        },
    )
    assert response["Location"] == f"/workspace/logs/{log.pk}/content/"

    response = client.post(
        f"/workspace/logs/{log.pk}/content/",
        {"version": 1, "content": "重温入党誓词，交流心得。", "action": "submit", "photos": [jpeg_with_gps()]},
    )
    assert response["Location"] == f"/workspace/logs/{log.pk}/done/"
    log.refresh_from_db()
    assert (log.status, log.version, log.content) == ("submitted", 3, "重温入党誓词，交流心得。")
    assert dict(Attendance.objects.filter(log=log).values_list("person_id", "present")) == {
        members[0].pk: True,
        members[1].pk: True,
        members[2].pk: False,
    }
    stored = Image.open(log.photos.get().image)
    assert max(stored.size) == 1600
    assert len(stored.getexif()) == 0

    # The submit button pressed twice: the second post lands on the same done page,
    # whether it arrives after the first committed (here) or waits on its lock.
    again = client.post(f"/workspace/logs/{log.pk}/content/", {"version": 2, "action": "submit"})
    assert again["Location"] == f"/workspace/logs/{log.pk}/done/"
    assert ActivityLog.objects.get().version == 3
    assert ActivityPhoto.objects.count() == 1


def test_the_attendance_screen_ticks_everyone_by_default(client, cast, roster, basics):
    log = _draft(cast, basics)
    html = client_for(client, cast, "secretary").get(f"/workspace/logs/{log.pk}/attendance/").content.decode()
    for person in roster["members"]:
        assert f'name="present" value="{person.pk}" id="p{person.pk}" checked' in html
    assert roster["others"][0].name not in html


def test_a_forged_roster_person_in_the_post_is_refused(client, cast, roster, basics):
    log = _draft(cast, basics)
    forged = roster["others"][0].pk
    response = client_for(client, cast, "secretary").post(
        f"/workspace/logs/{log.pk}/attendance/", {"version": 0, "person": [forged], "present": [forged]}
    )
    assert response.status_code == 200
    assert "不属于本支部" in response.content.decode()
    assert not Attendance.objects.exists()
    assert ActivityLog.objects.get(pk=log.pk).version == 0


def test_a_stale_form_is_told_to_reload(client, cast, roster, basics):
    log = _draft(cast, basics, roster)
    logs.activity_log_save(user=cast.secretary, organisation=cast.branch, data={"content": "别处先改"}, log=log)
    response = client_for(client, cast, "secretary").post(
        f"/workspace/logs/{log.pk}/content/", {"version": 0, "content": "我的修改", "action": "draft"}
    )
    assert response.status_code == 200
    assert "该记录已被他人修改，请刷新后再试" in response.content.decode()
    assert ActivityLog.objects.get(pk=log.pk).content == "别处先改"


def test_a_non_image_upload_is_refused_on_screen_three(client, cast, roster, basics):
    from django.core.files.uploadedfile import SimpleUploadedFile

    log = _draft(cast, basics, roster)
    response = client_for(client, cast, "secretary").post(
        f"/workspace/logs/{log.pk}/content/",
        {
            "version": 0,
            "content": "内容",
            "action": "submit",
            "photos": [SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")],
        },
    )
    assert response.status_code == 200
    assert "不是有效的图片" in response.content.decode()
    log.refresh_from_db()
    assert (log.status, log.content, log.version) == ("draft", "", 0)


def test_submit_without_attendance_keeps_the_draft_and_says_why(client, cast, roster, basics):
    log = _draft(cast, basics)
    response = client_for(client, cast, "secretary").post(
        f"/workspace/logs/{log.pk}/content/", {"version": 0, "content": "内容", "action": "submit"}
    )
    assert response["Location"] == f"/workspace/logs/{log.pk}/content/"
    log.refresh_from_db()
    assert (log.status, log.content) == ("draft", "内容")


def test_fixing_a_returned_log_and_submitting_again(client, cast, roster, basics):
    log = logs.activity_log_return(
        log=_submitted(cast, basics, roster), reviewer=cast.district, comment="主题写得不具体"
    )
    client = client_for(client, cast, "secretary")
    page = client.get(f"/workspace/logs/{log.pk}/basics/")
    assert "主题写得不具体" in page.content.decode()
    response = client.post(
        f"/workspace/logs/{log.pk}/basics/",
        {**_screen1({**basics, "theme": "重温入党誓词，学习党章第一章"}, uuid.uuid4()), "version": log.version},
    )
    assert response.status_code == 302
    log.refresh_from_db()
    client.post(f"/workspace/logs/{log.pk}/content/", {"version": log.version, "action": "submit"})
    log.refresh_from_db()
    assert (log.status, log.theme) == ("submitted", "重温入党誓词，学习党章第一章")


def test_a_submitted_log_cannot_be_edited_from_the_workspace(client, cast, roster, basics):
    log = _submitted(cast, basics, roster)
    response = client_for(client, cast, "secretary").post(
        f"/workspace/logs/{log.pk}/basics/", {**_screen1(basics, uuid.uuid4()), "theme": "改", "version": 1}
    )
    assert response["Location"] == f"/workspace/logs/{log.pk}/"
    assert ActivityLog.objects.get(pk=log.pk).theme == "重温入党誓词"


def test_the_log_list_filters_by_status(client, cast, roster, basics):
    _submitted(cast, {**basics, "theme": "已提交的"}, roster)
    _draft(cast, {**basics, "theme": "草稿的"})
    html = client_for(client, cast, "secretary").get("/workspace/logs/?status=draft").content.decode()
    assert "草稿的" in html
    assert "已提交的" not in html


@pytest.mark.parametrize("n_logs", [1, 8])
def test_log_list_query_count_is_fixed(client, cast, basics, django_assert_num_queries, n_logs):
    for i in range(n_logs):
        _draft(cast, {**basics, "theme": f"草稿{i}"})
    client = client_for(client, cast, "secretary")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/workspace/logs/")
    assert len(response.context["page"]) == n_logs


# ---------------------------------------------------------------------------
# Review queue
# ---------------------------------------------------------------------------
def test_district_staff_see_only_their_region(client, cast, roster, basics):
    mine = _submitted(cast, {**basics, "theme": "广陵的记录"}, roster)
    _submitted(cast, {**basics, "theme": "邗江的记录"}, roster, org=cast.other_branch)
    _draft(cast, {**basics, "theme": "还是草稿"})

    response = client_for(client, cast, "district").get("/workspace/review/")

    assert [log.pk for log in response.context["page"]] == [mine.pk]
    html = response.content.decode()
    assert "广陵的记录" in html
    assert "邗江的记录" not in html
    assert "还是草稿" not in html


def test_the_queue_is_oldest_first_and_filters(client, cast, roster, basics):
    old = _submitted(cast, {**basics, "theme": "先交的"}, roster)
    ActivityLog.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timezone.timedelta(days=20))
    new = _submitted(cast, {**basics, "theme": "后交的", "activity_type": "lecture"}, roster)
    other = _submitted(cast, basics, roster, org=cast.other_branch)
    client = client_for(client, cast, "staff")

    assert [log.pk for log in client.get("/workspace/review/").context["page"]] == [old.pk, new.pk, other.pk]
    assert [log.pk for log in client.get("/workspace/review/?activity_type=lecture").context["page"]] == [new.pk]
    region = cast.other_branch.region_id
    assert [log.pk for log in client.get(f"/workspace/review/?region={region}").context["page"]] == [other.pk]
    assert [log.pk for log in client.get("/workspace/review/?q=先交").context["page"]] == [old.pk]
    html = client.get("/workspace/review/").content.decode()
    # 20 days ago is past 7 working days whatever the holidays; one just submitted is not.
    assert html.count("已超过审核期限") == 1
    assert html.count("审核期限 ") == 2


def test_district_staff_have_no_region_filter(client, cast):
    response = client_for(client, cast, "district").get("/workspace/review/")
    assert "region" not in response.context["form"].fields


@pytest.mark.parametrize("n_logs", [1, 7])
def test_queue_query_count_is_fixed(client, cast, roster, basics, django_assert_num_queries, n_logs):
    for i in range(n_logs):
        _submitted(cast, {**basics, "theme": f"记录{i}"}, roster)
        if i == 0:
            _draft(cast, basics, photos=[jpeg_with_gps(40, 30)])
    client = client_for(client, cast, "district")
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get("/workspace/review/").status_code == 200


def test_another_regions_log_is_a_404_for_review(client, cast, roster, basics):
    other = _submitted(cast, basics, roster, org=cast.other_branch)
    client = client_for(client, cast, "district")
    for suffix in ("", "approve/", "return/"):
        assert client.get(f"/workspace/review/{other.pk}/{suffix}").status_code == 404
    assert client.post(f"/workspace/review/{other.pk}/approve/", {"version": 1}).status_code == 404
    assert ActivityLog.objects.get(pk=other.pk).status == "submitted"


def test_approving_from_the_confirmation_page(client, cast, roster, basics):
    log = _submitted(cast, basics, roster)
    client = client_for(client, cast, "district")
    assert "确认通过" in client.get(f"/workspace/review/{log.pk}/approve/").content.decode()
    response = client.post(f"/workspace/review/{log.pk}/approve/", {"version": log.version, "comment": ""})
    assert response["Location"] == "/workspace/review/"
    log.refresh_from_db()
    assert (log.status, log.reviewed_by) == ("approved", cast.district)


def test_returning_needs_a_comment(client, cast, roster, basics):
    log = _submitted(cast, basics, roster)
    client = client_for(client, cast, "district")
    response = client.post(f"/workspace/review/{log.pk}/return/", {"version": log.version, "comment": ""})
    assert response.status_code == 200
    assert "请填写退回意见" in response.content.decode()
    assert ActivityLog.objects.get(pk=log.pk).status == "submitted"

    response = client.post(f"/workspace/review/{log.pk}/return/", {"version": log.version, "comment": "照片不清楚"})
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.status, log.review_comment) == ("returned", "照片不清楚")


def test_a_stale_review_is_refused(client, cast, roster, basics):
    log = _submitted(cast, basics, roster)
    seen = log.version
    logs.activity_log_approve(log=log, reviewer=cast.staff)
    response = client_for(client, cast, "district").post(
        f"/workspace/review/{log.pk}/return/", {"version": seen, "comment": "退回"}
    )
    # Already reviewed: the page says so instead of overwriting.
    assert response.status_code == 302
    assert ActivityLog.objects.get(pk=log.pk).status == "approved"


def test_review_detail_shows_attendance_and_photos(client, cast, roster, basics):
    log = _draft(cast, basics, roster, photos=[jpeg_with_gps(80, 60)])
    logs.activity_log_submit(log=log, user=cast.secretary)
    html = client_for(client, cast, "district").get(f"/workspace/review/{log.pk}/").content.decode()
    for person in roster["members"]:
        assert person.name in html
    assert f"/workspace/photos/{log.photos.get().pk}/" in html
    assert 'loading="lazy"' in html


@pytest.mark.parametrize("content", [b"", b"\xff\xd8\xff\xe0 truncated"], ids=["empty", "undecodable"])
def test_an_empty_or_broken_photo_is_refused_and_nothing_is_saved(client, cast, roster, basics, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    log = _draft(cast, basics, roster)
    response = client_for(client, cast, "secretary").post(
        f"/workspace/logs/{log.pk}/content/",
        {
            "version": 0,
            "content": "新写的内容",
            "action": "draft",
            "photos": [SimpleUploadedFile("IMG_0002.jpg", content, content_type="image/jpeg")],
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain == []
    assert "已保存草稿" not in html
    assert ("空文件" if not content else "不是有效的图片") in html
    assert "IMG_0002.jpg" in html
    log.refresh_from_db()
    assert (log.content, log.version) == ("", 0)
    assert not ActivityPhoto.objects.exists()
