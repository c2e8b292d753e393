"""Writes to user accounts: creation, role, password, status and sessions.

三员分立 is enforced here: nobody changes their own role, and the system, security and
audit administrators are three different people (a user has exactly one role, and its
group is the only group they hold).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.choices import BACK_OFFICE_ROLES, SEPARATED_ROLES, Role
from apps.accounts.models import User
from apps.accounts.roles import group_for
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    scope_region=None,
    scope_organisation=None,
    scope_team=None,
    person=None,
    email: str = "",
    must_change_password: bool = False,
) -> User:
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        scope_region=scope_region,
        scope_organisation=scope_organisation,
        scope_team=scope_team,
        person=person,
        email=email,
        must_change_password=must_change_password,
    )
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.is_staff = role in BACK_OFFICE_ROLES
    user.full_clean()
    user.save()
    user_set_role(user=user, role=role)
    return user


@transaction.atomic
def user_set_role(*, user: User, role: str, actor: User | None = None, request=None) -> User:
    """Give ``user`` exactly one role: its group, and back-office access if it has one.

    ``actor`` (the administrator making the change) may not change their own role: a
    system administrator cannot grant himself data or another administrator's duties.
    """
    previous = User.objects.filter(pk=user.pk).values_list("role", flat=True).first() if user.pk else None
    if actor is not None and actor.pk == user.pk and not actor.is_superuser and previous != role:
        raise ValidationError({"role": "不能修改自己的角色（三员分立）。"})
    user.role = role
    user.is_staff = role in BACK_OFFICE_ROLES
    user.full_clean()
    user.save(update_fields=["role", "is_staff"])
    user.groups.set([group_for(role)] if role else [])
    # The invariant, checked after the write: at most one of the three administrator roles.
    separated = {str(Role(r).label) for r in SEPARATED_ROLES}
    if user.groups.filter(name__in=separated).count() > 1:
        raise ValidationError("同一用户不能同时担任系统管理员、安全管理员、审计管理员中的两个角色。")
    if previous is not None and previous != role:
        audit_record(
            user=actor,
            action=AuditAction.ROLE_CHANGE,
            obj=user,
            request=request,
            detail=f"角色：{Role(previous).label if previous else '无'} → {Role(role).label if role else '无'}",
        )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, require_change: bool = False, actor=None, request=None) -> User:
    """Set a new password and end every session of the user.

    ``require_change``: set by an administrator for someone else, so the user must pick
    their own at the next sign-in.
    """
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = require_change
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    user_end_sessions(user=user, reason="修改密码", request=request, actor=actor)
    audit_record(
        user=actor or user,
        action=AuditAction.PASSWORD_CHANGE,
        obj=user,
        request=request,
        detail="管理员重置密码，下次登录须修改" if require_change else "用户修改本人密码",
    )
    return user


def user_end_sessions(*, user: User, reason: str, request=None, actor=None) -> None:
    """End every session of ``user``: each is refused at its next request."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    audit_record(
        user=actor or user,
        action=AuditAction.SESSION_ENDED,
        obj=user,
        request=request,
        detail=f"结束该用户的全部会话：{reason}",
    )


@transaction.atomic
def user_set_active(*, user: User, is_active: bool, actor=None, request=None) -> User:
    """Enable or disable an account; disabling ends all its sessions at once."""
    if actor is not None and actor.pk == user.pk and not is_active:
        raise ValidationError({"is_active": "不能停用自己的账号。"})
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_record(
        user=actor, action=AuditAction.ACCOUNT_STATUS, obj=user, request=request, detail="启用" if is_active else "停用"
    )
    if not is_active:
        user_end_sessions(user=user, reason="账号停用", request=request, actor=actor)
    return user
