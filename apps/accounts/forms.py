"""Password and second-factor forms, in Chinese, writing through the services."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.db.models import Q
from simple_history.models import HistoricalRecords
from unfold.forms import AdminPasswordChangeForm as UnfoldAdminPasswordChangeForm

from apps.accounts.models import OTPEnrolmentCode, User
from apps.accounts.services import otp_enrolment_code_check, user_end_sessions, user_set_password

TOKEN_REGEX = r"^\d{6}$"
TOKEN_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric"}


class PasswordChangeForm(DjangoPasswordChangeForm):
    """The user's own change: old password, new one twice; ends their other sessions.

    ``otp_devices``: the user's authenticators when this session has not given a code
    yet (the view passes them). Then the form also asks for the current code: a password
    alone must not change the password of an account that has a second factor.
    """

    def __init__(self, user, *args, otp_devices=(), **kwargs):
        super().__init__(user, *args, **kwargs)
        self.otp_devices = list(otp_devices)
        if self.otp_devices:
            self.fields["otp_token"] = forms.RegexField(
                label="动态口令",
                regex=TOKEN_REGEX,
                max_length=6,
                help_text="您的账号已绑定动态口令：请输入手机验证器中显示的 6 位数字。",
                error_messages={"invalid": "请输入手机验证器中显示的 6 位数字。", "required": "请输入动态口令。"},
                widget=forms.TextInput(attrs=TOKEN_WIDGET_ATTRS),
            )

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"]
        if not any(device.verify_token(token) for device in self.otp_devices):
            raise forms.ValidationError("动态口令不正确或已过期，请重新输入。", code="wrong_token")
        return token

    def save(self, commit=True):
        return user_set_password(user=self.user, password=self.cleaned_data["new_password1"], actor=self.user)


class AdminSetPasswordForm(UnfoldAdminPasswordChangeForm):
    """An administrator sets someone's password: the user must change it at next sign-in.

    Disabling password sign-in instead (Django's "usable password" switch) also ends the
    user's sessions.
    """

    def save(self, commit=True):
        # The admin builds this form itself; the acting administrator is the request's user,
        # which simple-history's middleware keeps for the current thread.
        request = getattr(HistoricalRecords.context, "request", None)
        actor = getattr(request, "user", None)
        if not self.cleaned_data.get("set_usable_password", True):
            user = super().save(commit=commit)
            user_end_sessions(user=user, reason="禁用密码登录", request=request, actor=actor)
            return user
        return user_set_password(
            user=self.user, password=self.cleaned_data["password1"], require_change=True, actor=actor, request=request
        )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label="动态口令",
        regex=TOKEN_REGEX,
        max_length=6,
        error_messages={"invalid": "请输入手机验证器中显示的 6 位数字。", "required": "请输入动态口令。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrolmentCodeForm(forms.Form):
    """First step of binding an authenticator where the role requires one: the one-time
    code the security administrator issued."""

    enrolment_code = forms.CharField(
        label="绑定码",
        max_length=20,
        error_messages={"required": "请输入安全管理员签发的绑定码。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": True}
        ),
    )


class OTPEnrolmentCodeAdminForm(forms.ModelForm):
    """The security administrator picks the account a code is for (back office)."""

    actor = None  # the signed-in security administrator, set by the admin

    class Meta:
        model = OTPEnrolmentCode
        fields = ["user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("user")
        if field is None:  # an issued code, shown read-only
            return
        # Those whose second factor policy requires (secretaries and team leaders who opt in
        # need no code).
        field.queryset = (
            User.objects.filter(is_active=True)
            .filter(Q(role__in=settings.OTP_REQUIRED_ROLES) | Q(is_superuser=True))
            .order_by("username")
        )
        field.label_from_instance = lambda u: (
            f"{u.username}（{u.full_name or '未填姓名'}，{u.get_role_display() or '无角色'}）"
        )
        field.error_messages["required"] = "请选择要绑定动态口令的用户。"

    def clean_user(self):
        user = self.cleaned_data["user"]
        try:
            otp_enrolment_code_check(user=user, actor=self.actor)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["user"]) from exc
        return user
