"""Writes to the audit log: one function records, one purges. Nothing else writes it."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.audit.choices import AuditAction, AuditResult
from apps.audit.models import AuditEvent
from apps.core.masking import redact_pii

# Entries are kept at least this long (等保 2.0: 审计记录留存不少于六个月).
MIN_RETENTION_DAYS = 180


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` reverse
    proxies, the address the outermost trusted proxy saw (from ``X-Forwarded-For``)."""
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    user,
    action: str,
    obj=None,
    request=None,
    result: str = AuditResult.SUCCESS,
    detail: str = "",
    username: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event. ``user`` may be ``None`` (failed sign-in, system task); ``obj`` a
    model instance whose type, key and name are recorded. ID and mobile numbers in
    ``detail``, the object's name or the user name (one typed at a failed sign-in) are
    masked: the log never holds them in full."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk or "")
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        user=user,
        username=redact_pii(username or (user.get_username() if user else ""))[:150],
        ip_address=client_ip(request),
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_repr=redact_pii(object_repr)[:200],
        result=result,
        detail=redact_pii(detail),
    )


def audit_purge(*, older_than_days: int | None = None) -> int:
    """Delete entries older than the retention period (never less than 180 days).

    On PostgreSQL through ``audit_purge_before(cutoff)``, a SECURITY DEFINER function owned
    by the table's owner (migration ``0004``): the application's role has no DELETE on the
    table, and the function itself never deletes an entry younger than 180 days. On
    SQLite (the embedded demo) the same DELETE with the same floor. The purge itself is
    recorded.
    """
    days = older_than_days if older_than_days is not None else settings.AUDIT_RETENTION_DAYS
    if days < MIN_RETENTION_DAYS:
        raise ValueError(f"审计日志至少保留 {MIN_RETENTION_DAYS} 天。")
    now = timezone.now()
    cutoff = min(now - timedelta(days=days), now - timedelta(days=MIN_RETENTION_DAYS))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT audit_purge_before(%s)", [cutoff])
                deleted = cursor.fetchone()[0]
        else:
            deleted, _ = AuditEvent.objects.filter(created_at__lt=cutoff).delete()
    audit_record(
        user=None,
        username="system",
        action=AuditAction.PURGE,
        detail=f"清理 {timezone.localtime(cutoff):%Y-%m-%d %H:%M} 之前的审计日志 {deleted} 条（保留 {days} 天）",
    )
    return deleted
