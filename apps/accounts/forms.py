"""Password and second-factor forms, in Chinese, writing through the services."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from simple_history.models import HistoricalRecords
from unfold.forms import AdminPasswordChangeForm as UnfoldAdminPasswordChangeForm

from apps.accounts.services import user_end_sessions, user_set_password


class PasswordChangeForm(DjangoPasswordChangeForm):
    """The user's own change: old password, new one twice; ends their other sessions."""

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
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": "请输入手机验证器中显示的 6 位数字。", "required": "请输入动态口令。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
