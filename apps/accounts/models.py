from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.choices import ROLE_SCOPE, Role, ScopeKind


class User(AbstractUser):
    """A person who signs in. Role decides permissions (via its Group); scope decides data.

    The user and their scope are read from the database on every request, so changing a
    district staff member's region takes effect on their next request without signing in
    again.
    """

    full_name = models.CharField("姓名", max_length=40, blank=True)
    mobile = models.CharField("手机号", max_length=20, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    scope_region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_organisation = models.ForeignKey(
        "party.Organisation",
        verbose_name="所属党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_team = models.ForeignKey(
        "volunteers.Team",
        verbose_name="所属志愿团队",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="对应人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
        help_text="书记、团队负责人本人在人员库中的记录（可选）。",
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    # Bumped to end every session of the user at once (sign-out, password change,
    # deactivation); each session remembers the value it started with.
    session_epoch = models.PositiveIntegerField("会话版本", default=0, editable=False)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_epoch"])

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    @property
    def scope_kind(self) -> str:
        if not self.is_active:
            return ScopeKind.NONE
        if self.is_superuser:
            return ScopeKind.CITY
        return ROLE_SCOPE.get(self.role, ScopeKind.NONE) if self.role else ScopeKind.NONE

    @property
    def scope_label(self) -> str:
        kind = self.scope_kind
        if kind == ScopeKind.REGION and self.scope_region_id:
            return self.scope_region.name
        if kind == ScopeKind.ORGANISATION and self.scope_organisation_id:
            return self.scope_organisation.name
        if kind == ScopeKind.TEAM and self.scope_team_id:
            return self.scope_team.name
        return ScopeKind(kind).label

    def clean(self):
        super().clean()
        kind = ROLE_SCOPE.get(self.role) if self.role else None
        required = {
            ScopeKind.REGION: ("scope_region", "区县工作人员必须指定所属区域。"),
            ScopeKind.ORGANISATION: ("scope_organisation", "党支部书记必须指定所属党组织。"),
            ScopeKind.TEAM: ("scope_team", "志愿团队负责人必须指定所属志愿团队。"),
        }
        if kind in required:
            field, message = required[kind]
            if not getattr(self, f"{field}_id"):
                raise ValidationError({field: message})


class PasswordHistory(models.Model):
    """A password the user has had, as its hash: a new one may not be any of the last
    five (``validators.PasswordHistoryValidator``). Written by ``services.user_set_password``."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间", default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]
        default_permissions = ()

    def __str__(self):
        return f"{self.user} 的历史密码（{self.created_at:%Y-%m-%d}）"


class OTPEnrolmentCode(models.Model):
    """A one-time code the security administrator issues so that a user whose role
    requires the second factor may bind an authenticator: a stolen password alone must
    not bind the thief's phone. Only a keyed hash of the code is stored; it expires
    (``OTP_ENROLMENT_CODE_HOURS``), is used once, is voided by a newer code for the same
    user and after ``MAX_FAILURES`` wrong entries. Written by the ``otp_enrolment_code_*``
    services."""

    MAX_FAILURES = 5

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="otp_enrolment_codes")
    code_hash = models.CharField("绑定码摘要", max_length=64, editable=False)
    issued_by = models.ForeignKey(
        User, verbose_name="签发人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("签发时间", default=timezone.now)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    failures = models.PositiveSmallIntegerField("输错次数", default=0)

    class Meta:
        verbose_name = "动态口令绑定码"
        verbose_name_plural = "动态口令绑定码"
        ordering = ["-created_at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self):
        return f"{self.user} 的绑定码（{self.created_at:%Y-%m-%d %H:%M}）"

    @property
    def status(self) -> str:
        if self.used_at:
            return "已使用"
        if self.voided_at or self.failures >= self.MAX_FAILURES:
            return "已作废"
        if self.expires_at <= timezone.now():
            return "已过期"
        return "未使用"
