"""Reads of the workspace shell."""

from apps.core.models import Notice

NOTICE_LIMIT = 5


def unread_notices(user) -> list:
    """The user's unread notices, newest first, at most ``NOTICE_LIMIT``."""
    return list(Notice.objects.for_user(user).unread().order_by("-created_at")[:NOTICE_LIMIT])
