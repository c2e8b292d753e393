"""Writes of the workspace itself (activity-log writes live in ``apps.party.logs``)."""

from django.db import transaction
from django.utils import timezone

from apps.core.models import Notice, notices_changed


@transaction.atomic
def notice_mark_read(*, notice: Notice, user) -> Notice:
    """Mark ``notice`` read by its recipient; reading it again changes nothing."""
    if notice.user_id != user.pk:
        raise PermissionError("只能标记自己的通知。")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.full_clean()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
        notices_changed([user.pk])
    return notice
