"""Writes to activity logs (组织生活记录): the one path every screen, admin action and task uses.

The workflow is 草稿 → 已提交 → 已通过, or → 已退回 → (fixed) → 已提交 again. Every write:

- checks the user's data scope (a log outside it, or a forged organisation, is refused);
- is optimistic-locked: it claims the row with ``UPDATE … SET version = version + 1 WHERE
  version = <the version the user saw>``; when someone else wrote first nothing is written
  and the user is told to reload (``STALE_MESSAGE``);
- is idempotent on creation: a repeated or double-clicked request carrying the same
  ``client_token`` returns the log the first one created (unique constraint as backstop);
- leaves a history record (simple-history) for the log, its attendance and photos.

Photos go through the one photo service, ``apps.party.photos.photo_prepare``: checked by
content, resized and re-encoded from their pixels alone (no EXIF, so no GPS position).
"""

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.accounts.roles import role_may
from apps.party.choices import LogStatus
from apps.party.models import ActivityLog, ActivityPhoto, Attendance, Organisation
from apps.party.photos import PHOTO_MAX_COUNT, PreparedPhoto, photo_prepare

STALE_MESSAGE = "该记录已被他人修改，请刷新后再试。"

PHOTO_DIRECTORY = "activity_photos"  # models._photo_path

EDITABLE_STATUSES = (LogStatus.DRAFT, LogStatus.RETURNED)
# Granted in apps/party/roles.py: secretaries record logs in the workspace, staff review them.
RECORD_PERMISSION = "party.record_activitylog"
REVIEW_PERMISSION = "party.review_activitylog"

# The fields of a log the secretary fills in (screen 1 and screen 3).
LOG_FIELDS = ("activity_type", "mode", "held_on", "place", "host", "theme", "campaign", "content")

AttendanceMap = Mapping[int, tuple[bool, str]]


# ---------------------------------------------------------------------------
# Scope and roster
# ---------------------------------------------------------------------------
def _check_organisation(*, user, organisation: Organisation) -> None:
    if not Organisation.objects.for_user(user).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": "只能为本人负责的党组织填报组织生活记录。"})


def _check_log_in_scope(*, user, log: ActivityLog) -> None:
    if not ActivityLog.objects.for_user(user).filter(pk=log.pk).exists():
        raise ValidationError("该记录不在您的数据权限范围内。")


def roster_person_ids(organisation: Organisation) -> set[int]:
    """Ids of the people on today's roster of ``organisation`` (and its Party groups)."""
    from apps.party.selectors import members_on

    return set(members_on(timezone.localdate(), organisation=organisation).values_list("person_id", flat=True))


def _check_reviewer(*, reviewer, log: ActivityLog) -> None:
    if not role_may(reviewer, REVIEW_PERMISSION):
        raise ValidationError("只有局机关或区县工作人员可以审核组织生活记录。")
    _check_log_in_scope(user=reviewer, log=log)


# ---------------------------------------------------------------------------
# Optimistic locking
# ---------------------------------------------------------------------------
def _claim(*, log: ActivityLog, expected_version: int | None, from_statuses: Iterable[str], verb: str) -> None:
    """Bump ``version`` if the row still has the version the user saw and an allowed status.

    The conditional UPDATE takes the row lock, so of two concurrent writers the second
    waits, then finds the version changed and writes nothing.
    """
    expected = log.version if expected_version is None else int(expected_version)
    from_statuses = list(from_statuses)
    claimed = ActivityLog.objects.filter(pk=log.pk, version=expected, status__in=from_statuses).update(
        version=F("version") + 1
    )
    if claimed:
        log.version = expected + 1
        return
    current = ActivityLog.objects.filter(pk=log.pk).values("version", "status").first()
    if current is None:
        raise ValidationError("该记录已不存在。")
    if current["version"] != expected:
        raise ValidationError(STALE_MESSAGE, code="stale")
    status_label = LogStatus(current["status"]).label
    raise ValidationError(f"该记录当前状态为“{status_label}”，不能{verb}。", code="status")


# ---------------------------------------------------------------------------
# Save (create or update a draft, or fix a returned log)
# ---------------------------------------------------------------------------
@transaction.atomic
def activity_log_save(
    *,
    user,
    organisation: Organisation,
    data: Mapping,
    attendance: AttendanceMap | None = None,
    photos: Sequence = (),
    remove_photo_ids: Iterable[int] = (),
    log: ActivityLog | None = None,
    expected_version: int | None = None,
    client_token: uuid.UUID | str | None = None,
) -> ActivityLog:
    """Create a draft, or update a draft / a returned log being fixed.

    ``data`` holds any of ``LOG_FIELDS``; ``attendance`` (``{person_id: (present,
    reason)}``) replaces the log's attendance when given and may name only people on the
    branch's current roster; ``photos`` are uploaded files to add, ``remove_photo_ids``
    photos to drop. With ``log=None`` and a ``client_token`` already used, the log that
    token created is returned unchanged (a retried or double-clicked request).
    """
    _check_organisation(user=user, organisation=organisation)
    if log is None and client_token:
        existing = _log_for_token(user=user, organisation=organisation, client_token=client_token)
        if existing is not None:
            return existing

    unknown = set(data) - set(LOG_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    if attendance is not None:
        _check_attendance(organisation=organisation, attendance=attendance)
    prepared = [photo_prepare(p) for p in photos]

    if log is None:
        log = ActivityLog(organisation=organisation, created_by=user, status=LogStatus.DRAFT)
        if client_token:
            log.client_token = uuid.UUID(str(client_token))
    else:
        if log.organisation_id != organisation.pk:
            raise ValidationError({"organisation": "记录所属党组织不能更改。"})
        _check_log_in_scope(user=user, log=log)
    for name, value in data.items():
        setattr(log, name, value)
    log.full_clean(exclude=["client_token", "version", "reviewed_by", "created_by"])

    if log.pk is None:
        created, log = _create_once(user=user, organisation=organisation, log=log)
        if not created:
            return log
    else:
        _claim(log=log, expected_version=expected_version, from_statuses=EDITABLE_STATUSES, verb="修改")
        log._history_user = user
        log.save()

    if attendance is not None:
        _replace_attendance(user=user, log=log, attendance=attendance)
    _change_photos(user=user, log=log, prepared=prepared, remove_photo_ids=set(remove_photo_ids))
    return log


def _log_for_token(*, user, organisation: Organisation, client_token) -> ActivityLog | None:
    try:
        token = uuid.UUID(str(client_token))
    except ValueError:
        raise ValidationError("提交令牌无效，请刷新页面后重试。")
    existing = ActivityLog.objects.filter(client_token=token).first()
    if existing is None:
        return None
    if (
        existing.organisation_id != organisation.pk
        or not ActivityLog.objects.for_user(user).filter(pk=existing.pk).exists()
    ):
        raise ValidationError("提交令牌无效，请刷新页面后重试。")
    return existing


def _create_once(*, user, organisation: Organisation, log: ActivityLog) -> tuple[bool, ActivityLog]:
    """Insert ``log``: ``(True, log)``; or, when a concurrent request carrying the same
    token inserted first (the unique constraint fires), ``(False, that request's log)``."""
    log._history_user = user
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        if not log.client_token:
            raise
        existing = ActivityLog.objects.filter(client_token=log.client_token, organisation=organisation).first()
        if existing is None:
            raise
        return False, existing
    return True, log


def _check_attendance(*, organisation: Organisation, attendance: AttendanceMap) -> None:
    roster = roster_person_ids(organisation)
    foreign = [pid for pid in attendance if int(pid) not in roster]
    if foreign:
        raise ValidationError({"attendance": "出席名单中有不属于本支部在册党员的人员，请刷新页面后重新勾选。"})
    for present, reason in attendance.values():
        if not present and len(reason or "") > 100:
            raise ValidationError({"attendance": "缺席原因请控制在 100 字以内。"})


def _replace_attendance(*, user, log: ActivityLog, attendance: AttendanceMap) -> None:
    wanted = {
        int(pid): (bool(present), "" if present else (reason or "").strip())
        for pid, (present, reason) in attendance.items()
    }
    current = {a.person_id: a for a in Attendance.objects.filter(log=log)}
    # Delete row by row so simple-history records each removal.
    for person_id, row in current.items():
        if person_id not in wanted:
            row._history_user = user
            row.delete()
    to_create, to_update = [], []
    for person_id, (present, reason) in wanted.items():
        row = current.get(person_id)
        if row is None:
            to_create.append(Attendance(log=log, person_id=person_id, present=present, absence_reason=reason))
        elif (row.present, row.absence_reason) != (present, reason):
            row.present, row.absence_reason = present, reason
            to_update.append(row)
    for row in to_create + to_update:
        row.full_clean(exclude=["log", "person"], validate_unique=False)
    if to_create:
        bulk_create_with_history(to_create, Attendance, default_user=user)
    if to_update:
        bulk_update_with_history(to_update, Attendance, ["present", "absence_reason"], default_user=user)


def _change_photos(*, user, log: ActivityLog, prepared: list[PreparedPhoto], remove_photo_ids: set[int]) -> None:
    if remove_photo_ids:
        for photo in ActivityPhoto.objects.filter(log=log, pk__in=remove_photo_ids):
            photo._history_user = user
            name, storage = photo.image.name, photo.image.storage
            photo.delete()
            # The file goes once the removal is committed: a write that fails later keeps
            # the photo and its file together.
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    if not prepared:
        return
    kept = ActivityPhoto.objects.filter(log=log).count()
    if kept + len(prepared) > PHOTO_MAX_COUNT:
        raise ValidationError({"photos": f"每条记录最多 {PHOTO_MAX_COUNT} 张照片，现有 {kept} 张。"})
    for item in prepared:
        photo = ActivityPhoto(log=log)
        photo.image = item.as_file()
        photo._history_user = user
        photo.save()


def photos_sweep_orphans(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete photo files no photo refers to, last written more than ``older_than`` ago.

    A write that stored its photos and then failed (a stale version, a full roster check,
    a lost connection) rolled back their rows, not their files; a log deleted with its
    photos leaves theirs too. The age keeps a file whose row is still being committed.
    Returns the number of files deleted. Runs nightly (``party.sweep_orphan_photos``).
    """
    storage = ActivityPhoto._meta.get_field("image").storage
    cutoff = timezone.now() - older_than
    referenced = set(ActivityPhoto.objects.values_list("image", flat=True).iterator())
    deleted = 0
    for name in _stored_files(storage, PHOTO_DIRECTORY):
        if name in referenced or storage.get_modified_time(name) > cutoff:
            continue
        storage.delete(name)
        deleted += 1
    return deleted


def _stored_files(storage, directory: str):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for file_name in files:
        yield f"{directory}/{file_name}"
    for sub in directories:
        yield from _stored_files(storage, f"{directory}/{sub}")


# ---------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------
@transaction.atomic
def activity_log_submit(*, log: ActivityLog, user, expected_version: int | None = None) -> ActivityLog:
    """草稿/已退回 → 已提交. Submitting a log that is already submitted changes nothing."""
    _check_log_in_scope(user=user, log=log)
    log.refresh_from_db()
    if log.status == LogStatus.SUBMITTED:
        # A retried or double-clicked submit: the first one already did the job.
        return log
    errors = {}
    if not log.theme:
        errors["theme"] = "请填写活动主题。"
    if log.held_on and log.held_on > timezone.localdate():
        errors["held_on"] = "活动还没有开展，不能提交；请在活动结束后再提交。"
    if roster_person_ids(log.organisation) and not log.attendance.exists():
        errors["attendance"] = "请先填写出席情况。"
    if errors:
        raise ValidationError(errors)
    _claim(log=log, expected_version=expected_version, from_statuses=EDITABLE_STATUSES, verb="提交")
    log.status = LogStatus.SUBMITTED
    log.submitted_at = timezone.now()
    log.full_clean(exclude=["client_token", "version"])
    log._history_user = user
    log.save()
    return log


@transaction.atomic
def activity_log_approve(
    *, log: ActivityLog, reviewer, comment: str = "", expected_version: int | None = None
) -> ActivityLog:
    """已提交 → 已通过, by bureau or district staff whose scope holds the log."""
    _check_reviewer(reviewer=reviewer, log=log)
    _claim(log=log, expected_version=expected_version, from_statuses=[LogStatus.SUBMITTED], verb="审核通过")
    return _record_review(log=log, reviewer=reviewer, status=LogStatus.APPROVED, comment=comment)


@transaction.atomic
def activity_log_return(
    *, log: ActivityLog, reviewer, comment: str, expected_version: int | None = None
) -> ActivityLog:
    """已提交 → 已退回, with the reviewer's comment telling the secretary what to fix."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"review_comment": "退回时必须填写退回意见，告诉书记需要修改什么。"})
    _check_reviewer(reviewer=reviewer, log=log)
    _claim(log=log, expected_version=expected_version, from_statuses=[LogStatus.SUBMITTED], verb="退回")
    return _record_review(log=log, reviewer=reviewer, status=LogStatus.RETURNED, comment=comment)


def _record_review(*, log: ActivityLog, reviewer, status: str, comment: str) -> ActivityLog:
    log.refresh_from_db()
    log.status = status
    log.review_comment = (comment or "").strip()
    log.reviewed_by = reviewer
    log.reviewed_at = timezone.now()
    log.full_clean(exclude=["client_token", "version"])
    log._history_user = reviewer
    log.save()
    return log
