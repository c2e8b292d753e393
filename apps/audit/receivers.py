"""Feeds the audit log from the framework's own signals: sign-in and sign-out, lockouts,
permission changes, and every history record of the project's models.

Infrastructure only: each receiver calls :func:`audit_record` and nothing else.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from apps.audit.choices import AuditAction, AuditResult
from apps.audit.services import audit_record

HISTORY_ACTIONS = {"+": AuditAction.CREATE, "~": AuditAction.UPDATE, "-": AuditAction.DELETE}


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(user=user, action=AuditAction.LOGIN, request=request, obj=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(user=user, action=AuditAction.LOGOUT, request=request, obj=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", "") or "")
    locked = getattr(request, "axes_locked_out", False)
    audit_record(
        user=None,
        username=username,
        action=AuditAction.LOGIN_FAILED,
        request=request,
        result=AuditResult.FAILURE,
        detail="账号已锁定，拒绝登录" if locked else "用户名或密码错误",
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        user=None,
        username=username or "",
        action=AuditAction.LOCKOUT,
        request=request,
        result=AuditResult.FAILURE,
        detail="连续登录失败次数过多，锁定 30 分钟",
    )


def _permission_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    verb = {"post_add": "增加", "post_remove": "移除", "post_clear": "清空"}[action]
    names = ""
    if pk_set:
        shown = [str(o) for o in model._default_manager.filter(pk__in=list(pk_set)[:20])]
        names = "、".join(shown) + (f" 等 {len(pk_set)} 项" if len(pk_set) > 20 else "")
    request = getattr(HistoricalRecords.context, "request", None)
    actor = getattr(request, "user", None)
    audit_record(
        user=actor,
        username="" if actor and actor.is_authenticated else "system",
        action=AuditAction.PERMISSION_CHANGE,
        request=request,
        obj=instance,
        detail=f"{verb}{model._meta.verbose_name}：{names}" if names else f"{verb}{model._meta.verbose_name}",
    )


User = get_user_model()
for _through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(_permission_change, sender=_through, dispatch_uid=f"audit_m2m_{_through._meta.label}")


@receiver(post_create_historical_record, dispatch_uid="audit_history")
def _history(sender, instance, history_instance, history_user=None, **kwargs):
    """Creation, change and deletion of every model that keeps history (people, records,
    accounts). The object is named by type and key only: no personal data in the log,
    and no extra query to build a name."""
    request = getattr(HistoricalRecords.context, "request", None)
    audit_record(
        user=history_user,
        action=HISTORY_ACTIONS.get(history_instance.history_type, AuditAction.UPDATE),
        request=request,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk or history_instance.id),
        object_repr=f"{instance._meta.verbose_name} #{instance.pk or history_instance.id}",
    )
