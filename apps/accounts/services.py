"""Writes to user accounts: creation, role, password, status and sessions.

三员分立 is enforced here: nobody changes their own role, and the system, security and
audit administrators are three different people (a user has exactly one role, and its
group is the only group they hold).
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.choices import BACK_OFFICE_ROLES, SEPARATED_ROLES, Role
from apps.accounts.models import OTPEnrolmentCode, PasswordHistory, User
from apps.accounts.roles import group_for
from apps.audit.choices import AuditAction, AuditResult
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
    _remember_password(user)
    user_set_role(user=user, role=role)
    return user


@transaction.atomic
def user_set_role(*, user: User, role: str, actor: User | None = None, request=None) -> User:
    """Give ``user`` exactly one role: its group, and back-office access if it has one.

    ``actor`` (the administrator making the change) may not change their own role, not
    even a superuser: a system administrator cannot grant himself data or another
    administrator's duties. This is the only write of roles and role groups.
    """
    previous = User.objects.filter(pk=user.pk).values_list("role", flat=True).first() if user.pk else None
    if actor is not None and actor.pk == user.pk and previous != role:
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
    _remember_password(user)
    user_end_sessions(user=user, reason="修改密码", request=request, actor=actor)
    audit_record(
        user=actor or user,
        action=AuditAction.PASSWORD_CHANGE,
        obj=user,
        request=request,
        detail="管理员重置密码，下次登录须修改" if require_change else "用户修改本人密码",
    )
    return user


def _remember_password(user: User) -> None:
    """Keep the hash of the password just set, and only the last
    ``PASSWORD_HISTORY_COUNT`` (validators.PasswordHistoryValidator reads them)."""
    PasswordHistory.objects.create(user=user, password=user.password)
    older = PasswordHistory.objects.filter(user=user).order_by("-id").values_list("pk", flat=True)
    PasswordHistory.objects.filter(pk__in=list(older[settings.PASSWORD_HISTORY_COUNT :])).delete()


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


# ---------------------------------------------------------------------------
# Second factor: enrolment codes (first binding of an authenticator) and device reset
# ---------------------------------------------------------------------------
# Twelve characters without look-alikes (0/O, 1/I) and without vowels (so a code never
# spells a word, English or pinyin): about 58 bits, read out over the phone.
ENROLMENT_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ23456789"


def _enrolment_code_hash(user_id, code: str) -> str:
    """Keyed hash of a code (by ``SECRET_KEY``), bound to its user; spaces, dashes and
    case do not matter."""
    normalised = re.sub(r"[^A-Z0-9]", "", code.upper())
    return salted_hmac("cadre.otp-enrolment-code", f"{user_id}:{normalised}", algorithm="sha256").hexdigest()


def otp_enrolment_code_check(*, user: User, actor: User | None) -> None:
    """Refuse a code that must not be issued (ValidationError with a Chinese message)."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(
            {
                "user": "不能为自己签发绑定码：请由另一名安全管理员签发，"
                "或由运维人员在服务器上执行 issue_otp_enrolment_code 命令。"
            }
        )
    if not user.is_active:
        raise ValidationError({"user": "该账号已停用，不能签发绑定码。"})
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError({"user": "该用户已绑定动态口令。如需更换手机，请先在“动态口令设备”中重置其设备。"})


@transaction.atomic
def otp_enrolment_code_issue(*, user: User, actor: User | None = None, request=None) -> str:
    """Issue a one-time enrolment code for ``user`` and return it (the only time it exists
    in clear: only its keyed hash is stored). Earlier unused codes of the user are void.
    ``actor`` is the security administrator; ``None`` for the command line."""
    otp_enrolment_code_check(user=user, actor=actor)
    now = timezone.now()
    OTPEnrolmentCode.objects.filter(user=user, used_at=None, voided_at=None).update(voided_at=now)
    raw = "".join(secrets.choice(ENROLMENT_CODE_ALPHABET) for _ in range(12))
    code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    hours = settings.OTP_ENROLMENT_CODE_HOURS
    OTPEnrolmentCode.objects.create(
        user=user,
        code_hash=_enrolment_code_hash(user.pk, code),
        issued_by=actor,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    audit_record(
        user=actor,
        username="" if actor is not None else "system",
        action=AuditAction.OTP_ENROL,
        obj=user,
        request=request,
        detail=f"签发动态口令绑定码（{hours} 小时内有效，仅可使用一次）",
    )
    return code


@transaction.atomic
def otp_enrolment_start(*, user: User, code: str, request=None) -> TOTPDevice | None:
    """Redeem an enrolment code: on success the code is used up and a fresh, unconfirmed
    device is made for the QR code (any device prepared before is thrown away: whoever
    prepared it may have scanned it). ``None`` for a wrong, used, void or expired code;
    each wrong entry counts against the code."""
    now = timezone.now()
    candidate = (
        OTPEnrolmentCode.objects.select_for_update()
        .filter(
            user=user,
            used_at=None,
            voided_at=None,
            expires_at__gt=now,
            failures__lt=OTPEnrolmentCode.MAX_FAILURES,
        )
        .order_by("-id")
        .first()
    )
    if candidate is None or not constant_time_compare(candidate.code_hash, _enrolment_code_hash(user.pk, code)):
        if candidate is not None:
            OTPEnrolmentCode.objects.filter(pk=candidate.pk).update(failures=F("failures") + 1)
        audit_record(
            user=user,
            action=AuditAction.OTP_ENROL,
            obj=user,
            request=request,
            result=AuditResult.FAILURE,
            detail="绑定码不正确、已使用或已过期",
        )
        return None
    candidate.used_at = now
    candidate.save(update_fields=["used_at"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)
    audit_record(
        user=user, action=AuditAction.OTP_ENROL, obj=user, request=request, detail="使用安全管理员签发的绑定码"
    )
    return device


def otp_verify_own_token(*, user: User, token: str, request=None, purpose: str) -> str:
    """Step-up check with ``user``'s own authenticator; returns a Chinese error, or "" when
    the code is right. Wrong codes are throttled by django-otp and audited."""
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return "您须先绑定本人的动态口令，才能进行此操作。"
    if not token:
        return "请输入您本人的动态口令。"
    if any(device.verify_token(token) for device in devices):
        return ""
    audit_record(
        user=user,
        action=AuditAction.OTP_VERIFY,
        obj=user,
        request=request,
        result=AuditResult.FAILURE,
        detail=f"{purpose}：动态口令不正确",
    )
    return "动态口令不正确或已过期，请重新输入。"


@transaction.atomic
def otp_device_reset(*, device: TOTPDevice, actor: User, request=None) -> None:
    """Delete ``device`` (a lost phone): every session of its owner ends, and they bind
    again at the next sign-in, with a new enrolment code where the role requires the
    second factor."""
    owner = device.user
    audit_record(
        user=actor,
        action=AuditAction.DELETE,
        object_type=device._meta.label_lower,
        object_id=str(device.pk),
        object_repr=f"{owner.username} 的动态口令设备",
        request=request,
        detail="重置动态口令设备：该用户下次登录须重新绑定（须由安全管理员签发绑定码）",
    )
    device.delete()
    user_end_sessions(user=owner, reason="重置动态口令设备", request=request, actor=actor)
