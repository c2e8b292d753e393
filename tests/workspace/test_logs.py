"""apps.party.logs: the activity-log write path, on hand-built data."""

import io
import uuid
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.party import logs, photos
from apps.party.models import ActivityLog, ActivityPhoto, Attendance
from tests.workspace.conftest import GPS_IFD, jpeg_with_gps, png_with_alpha

pytestmark = pytest.mark.django_db


def _draft(cast, roster, basics, **kwargs):
    members = roster["members"]
    attendance = {members[0].pk: (True, ""), members[1].pk: (True, ""), members[2].pk: (False, "住院")}
    return logs.activity_log_save(
        user=cast.secretary, organisation=cast.branch, data=basics, attendance=attendance, **kwargs
    )


# ---------------------------------------------------------------------------
# Saving drafts
# ---------------------------------------------------------------------------
def test_it_creates_a_draft_with_attendance_and_history(cast, roster, basics):
    log = _draft(cast, roster, basics)

    assert log.status == "draft"
    assert log.version == 0
    assert log.created_by == cast.secretary
    assert Attendance.objects.filter(log=log, present=True).count() == 2
    absent = Attendance.objects.get(log=log, present=False)
    assert absent.absence_reason == "住院"
    assert log.history.count() == 1
    assert Attendance.history.filter(log_id=log.pk).count() == 3
    assert log.history.first().history_user == cast.secretary


def test_every_update_bumps_the_version_and_is_in_history(cast, roster, basics):
    log = _draft(cast, roster, basics)
    log = logs.activity_log_save(
        user=cast.secretary, organisation=cast.branch, data={"theme": "学习党章"}, log=log, expected_version=0
    )
    log = logs.activity_log_save(
        user=cast.secretary, organisation=cast.branch, data={"content": "集体学习"}, log=log, expected_version=1
    )

    log.refresh_from_db()
    assert (log.version, log.theme, log.content) == (2, "学习党章", "集体学习")
    assert log.history.count() == 3


def test_it_replaces_attendance_recording_each_change(cast, roster, basics):
    log = _draft(cast, roster, basics)
    members = roster["members"]
    logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={},
        attendance={members[0].pk: (False, "外出"), members[2].pk: (True, "住院")},
        log=log,
        expected_version=0,
    )

    rows = dict(Attendance.objects.filter(log=log).values_list("person_id", "absence_reason"))
    assert rows == {members[0].pk: "外出", members[2].pk: ""}  # present people carry no reason
    # 3 created, 1 deleted, 2 changed
    assert Attendance.history.filter(log_id=log.pk).count() == 6


def test_a_repeated_save_with_the_same_token_returns_the_first_log(cast, roster, basics):
    token = uuid.uuid4()
    first = _draft(cast, roster, basics, client_token=token)
    again = _draft(cast, roster, {**basics, "theme": "另一个主题"}, client_token=str(token))

    assert again.pk == first.pk
    assert ActivityLog.objects.count() == 1
    assert ActivityLog.objects.get().theme == "重温入党誓词"
    assert Attendance.objects.count() == 3


def test_a_concurrent_insert_with_the_same_token_is_caught_by_the_unique_constraint(cast, roster, basics):
    token = uuid.uuid4()
    first = _draft(cast, roster, basics, client_token=token)
    # The second request checked for the token before the first one committed.
    with mock.patch.object(logs, "_log_for_token", return_value=None):
        again = _draft(cast, roster, basics, client_token=token)

    assert again.pk == first.pk
    assert ActivityLog.objects.count() == 1
    assert Attendance.objects.count() == 3


def test_a_token_of_another_branch_is_refused(cast, roster, basics):
    token = uuid.uuid4()
    logs.activity_log_save(user=cast.secretary_other, organisation=cast.other_branch, data=basics, client_token=token)
    with pytest.raises(ValidationError):
        _draft(cast, roster, basics, client_token=token)
    assert ActivityLog.objects.filter(organisation=cast.branch).count() == 0


def test_a_stale_version_is_refused_and_nothing_is_written(cast, roster, basics):
    log = _draft(cast, roster, basics)
    logs.activity_log_save(
        user=cast.secretary, organisation=cast.branch, data={"theme": "先改的"}, log=log, expected_version=0
    )
    stale = ActivityLog.objects.get(pk=log.pk)

    with pytest.raises(ValidationError) as exc:
        logs.activity_log_save(
            user=cast.secretary,
            organisation=cast.branch,
            data={"theme": "后改的"},
            attendance={roster["members"][0].pk: (False, "")},
            photos=[jpeg_with_gps(200, 100)],
            log=stale,
            expected_version=0,
        )

    assert exc.value.messages == ["该记录已被他人修改，请刷新后再试。"]
    log.refresh_from_db()
    assert (log.theme, log.version) == ("先改的", 1)
    assert log.history.count() == 2
    assert Attendance.objects.filter(log=log).count() == 3
    assert ActivityPhoto.objects.count() == 0


def test_a_person_not_on_the_roster_is_refused(cast, roster, basics):
    log = _draft(cast, roster, basics)
    forged = {roster["members"][0].pk: (True, ""), roster["others"][0].pk: (True, "")}

    with pytest.raises(ValidationError) as exc:
        logs.activity_log_save(
            user=cast.secretary, organisation=cast.branch, data={}, attendance=forged, log=log, expected_version=0
        )

    assert "attendance" in exc.value.message_dict
    assert Attendance.objects.filter(log=log).count() == 3
    assert not Attendance.objects.filter(person=roster["others"][0]).exists()
    log.refresh_from_db()
    assert log.version == 0


def test_a_former_member_is_not_on_the_roster(cast, roster):
    assert logs.roster_person_ids(cast.branch) == {p.pk for p in roster["members"]}


def test_a_forged_organisation_is_refused(cast, roster, basics):
    with pytest.raises(ValidationError) as exc:
        logs.activity_log_save(user=cast.secretary, organisation=cast.other_branch, data=basics)
    assert "organisation" in exc.value.message_dict
    assert ActivityLog.objects.count() == 0


def test_a_log_cannot_be_moved_to_another_branch(cast, roster, basics):
    log = _draft(cast, roster, basics)
    with pytest.raises(ValidationError):
        logs.activity_log_save(user=cast.staff, organisation=cast.other_branch, data={}, log=log)
    assert ActivityLog.objects.get(pk=log.pk).organisation == cast.branch


def test_unknown_fields_are_refused(cast, roster, basics):
    with pytest.raises(ValidationError):
        logs.activity_log_save(user=cast.secretary, organisation=cast.branch, data={**basics, "status": "approved"})
    assert ActivityLog.objects.count() == 0


# ---------------------------------------------------------------------------
# The workflow
# ---------------------------------------------------------------------------
def test_draft_submitted_approved(cast, roster, basics):
    log = _draft(cast, roster, basics)
    log = logs.activity_log_submit(log=log, user=cast.secretary, expected_version=0)
    assert (log.status, log.version) == ("submitted", 1)
    assert log.submitted_at is not None

    log = logs.activity_log_approve(log=log, reviewer=cast.district, comment="材料齐全", expected_version=1)
    log.refresh_from_db()
    assert (log.status, log.version, log.review_comment) == ("approved", 2, "材料齐全")
    assert log.reviewed_by == cast.district
    assert [h.status for h in log.history.order_by("history_id")] == ["draft", "submitted", "approved"]
    assert log.history.latest().history_user == cast.district


def test_returned_then_fixed_then_submitted_again(cast, roster, basics):
    log = logs.activity_log_submit(log=_draft(cast, roster, basics), user=cast.secretary)
    log = logs.activity_log_return(log=log, reviewer=cast.district, comment="请补充活动照片")
    assert (log.status, log.review_comment) == ("returned", "请补充活动照片")

    log = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={},
        photos=[jpeg_with_gps(400, 300)],
        log=log,
        expected_version=log.version,
    )
    assert log.status == "returned"  # still being fixed
    log = logs.activity_log_submit(log=log, user=cast.secretary, expected_version=log.version)
    assert log.status == "submitted"
    assert log.photos.count() == 1


def test_return_needs_a_comment_and_writes_nothing_without_one(cast, roster, basics):
    log = logs.activity_log_submit(log=_draft(cast, roster, basics), user=cast.secretary)
    with pytest.raises(ValidationError) as exc:
        logs.activity_log_return(log=log, reviewer=cast.district, comment="   ")
    assert "review_comment" in exc.value.message_dict
    log.refresh_from_db()
    assert (log.status, log.version) == ("submitted", 1)


def test_a_draft_cannot_be_approved(cast, roster, basics):
    log = _draft(cast, roster, basics)
    # A draft is not even in the reviewer's view: it is the secretary's own until submitted.
    with pytest.raises(ValidationError) as exc:
        logs.activity_log_approve(log=log, reviewer=cast.district)
    assert "不在您的数据权限范围内" in exc.value.messages[0]
    assert ActivityLog.objects.get(pk=log.pk).status == "draft"


def test_an_approved_log_cannot_be_edited(cast, roster, basics):
    log = logs.activity_log_submit(log=_draft(cast, roster, basics), user=cast.secretary)
    log = logs.activity_log_approve(log=log, reviewer=cast.staff)
    with pytest.raises(ValidationError):
        logs.activity_log_save(user=cast.secretary, organisation=cast.branch, data={"theme": "改"}, log=log)
    assert ActivityLog.objects.get(pk=log.pk).theme == "重温入党誓词"


def test_a_secretary_cannot_review(cast, roster, basics):
    log = logs.activity_log_submit(log=_draft(cast, roster, basics), user=cast.secretary)
    with pytest.raises(ValidationError):
        logs.activity_log_approve(log=log, reviewer=cast.secretary)
    assert ActivityLog.objects.get(pk=log.pk).status == "submitted"


def test_district_staff_of_another_region_cannot_review(cast, roster, basics):
    log = logs.activity_log_submit(log=_draft(cast, roster, basics), user=cast.secretary)
    with pytest.raises(ValidationError):
        logs.activity_log_approve(log=log, reviewer=cast.district_other)
    with pytest.raises(ValidationError):
        logs.activity_log_return(log=log, reviewer=cast.district_other, comment="不行")
    assert ActivityLog.objects.get(pk=log.pk).status == "submitted"


def test_a_second_reviewer_with_the_old_version_is_told_it_changed(cast, roster, basics):
    log = logs.activity_log_submit(log=_draft(cast, roster, basics), user=cast.secretary)
    seen = log.version
    logs.activity_log_approve(log=ActivityLog.objects.get(pk=log.pk), reviewer=cast.district, expected_version=seen)
    with pytest.raises(ValidationError) as exc:
        logs.activity_log_return(
            log=ActivityLog.objects.get(pk=log.pk), reviewer=cast.staff, comment="退回", expected_version=seen
        )
    assert exc.value.messages == [logs.STALE_MESSAGE]
    assert ActivityLog.objects.get(pk=log.pk).status == "approved"


def test_submitting_twice_submits_once(cast, roster, basics):
    log = _draft(cast, roster, basics)
    logs.activity_log_submit(log=log, user=cast.secretary, expected_version=0)
    again = logs.activity_log_submit(log=ActivityLog.objects.get(pk=log.pk), user=cast.secretary, expected_version=0)
    assert (again.status, again.version) == ("submitted", 1)
    assert again.history.count() == 2


def test_submit_needs_attendance_when_the_branch_has_members(cast, roster, basics):
    log = logs.activity_log_save(user=cast.secretary, organisation=cast.branch, data=basics)
    with pytest.raises(ValidationError) as exc:
        logs.activity_log_submit(log=log, user=cast.secretary)
    assert "attendance" in exc.value.message_dict
    assert ActivityLog.objects.get(pk=log.pk).status == "draft"


def test_a_future_activity_cannot_be_submitted(cast, roster, basics):
    import datetime

    from django.utils import timezone

    log = _draft(cast, roster, {**basics, "held_on": timezone.localdate() + datetime.timedelta(days=3)})
    with pytest.raises(ValidationError) as exc:
        logs.activity_log_submit(log=log, user=cast.secretary)
    assert "held_on" in exc.value.message_dict


def test_another_secretary_cannot_submit_or_edit(cast, roster, basics):
    log = _draft(cast, roster, basics)
    with pytest.raises(ValidationError):
        logs.activity_log_submit(log=log, user=cast.secretary_other)
    with pytest.raises(ValidationError):
        logs.activity_log_save(user=cast.secretary_other, organisation=cast.branch, data={"theme": "x"}, log=log)
    assert ActivityLog.objects.get(pk=log.pk).status == "draft"


# ---------------------------------------------------------------------------
# Photos
# ---------------------------------------------------------------------------
def test_a_photo_is_resized_and_loses_its_exif_and_gps(cast, roster, basics):
    upload = jpeg_with_gps(2400, 1800)
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(GPS_IFD)  # the source has GPS
    upload.seek(0)

    log = _draft(cast, roster, basics, photos=[upload])

    photo = log.photos.get()
    data = photo.image.read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert stored.size == (1600, 1200)
    assert len(stored.getexif()) == 0
    assert b"Exif" not in data
    assert photo.image.name.startswith(f"activity_photos/{log.pk}/")
    assert "IMG_0001" not in photo.image.name


def test_a_png_with_transparency_becomes_a_jpeg(cast, roster, basics):
    log = _draft(cast, roster, basics, photos=[png_with_alpha()])
    stored = Image.open(log.photos.get().image)
    assert (stored.format, stored.mode, stored.size) == ("JPEG", "RGB", (300, 200))


def test_a_file_that_is_not_an_image_is_refused(cast, roster, basics):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        _draft(cast, roster, basics, photos=[fake])
    assert "不是有效的图片" in exc.value.messages[0]
    assert ActivityLog.objects.count() == 0
    assert ActivityPhoto.objects.count() == 0


def test_an_image_format_outside_the_list_is_refused(cast, roster, basics):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("a.gif", buffer.getvalue(), content_type="image/gif")
    with pytest.raises(ValidationError) as exc:
        _draft(cast, roster, basics, photos=[gif])
    assert "格式不支持" in exc.value.messages[0]


def test_a_photo_over_the_size_limit_is_refused(cast, roster, basics, monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_BYTES", 1024)
    with pytest.raises(ValidationError) as exc:
        _draft(cast, roster, basics, photos=[jpeg_with_gps(800, 600)])
    assert "超过" in exc.value.messages[0]
    assert ActivityLog.objects.count() == 0


def test_at_most_nine_photos(cast, roster, basics):
    log = _draft(cast, roster, basics, photos=[jpeg_with_gps(60, 40) for _ in range(9)])
    with pytest.raises(ValidationError) as exc:
        logs.activity_log_save(
            user=cast.secretary, organisation=cast.branch, data={}, photos=[jpeg_with_gps(60, 40)], log=log
        )
    assert "最多 9 张" in exc.value.messages[0]
    assert log.photos.count() == 9
    assert ActivityLog.objects.get(pk=log.pk).version == 0


def test_a_photo_can_be_removed(cast, roster, basics):
    log = _draft(cast, roster, basics, photos=[jpeg_with_gps(60, 40), jpeg_with_gps(60, 40)])
    first = log.photos.first()
    logs.activity_log_save(user=cast.secretary, organisation=cast.branch, data={}, remove_photo_ids=[first.pk], log=log)
    assert list(log.photos.values_list("pk", flat=True)) != [first.pk]
    assert log.photos.count() == 1
    assert ActivityPhoto.history.filter(id=first.pk, history_type="-").exists()
