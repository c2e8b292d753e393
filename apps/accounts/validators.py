"""Password rules in Chinese: length and character classes (等保 2.0 身份鉴别)."""

import re

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "特殊符号"),
]


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case, upper-case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if found < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类。"


class NotCurrentPasswordValidator:
    """A new password must differ from the current one (rotation that rotates)."""

    def validate(self, password, user=None):
        # The bare hasher check: never re-hashes or saves the user as a side effect.
        if user is not None and user.pk and user.has_usable_password() and check_password(password, user.password):
            raise ValidationError("新密码不能与当前密码相同。", code="password_unchanged")

    def get_help_text(self):
        return "新密码不能与当前密码相同。"


class PasswordHistoryValidator:
    """A new password may not be any of the user's last ``count`` passwords (their hashes
    are kept by ``services.user_set_password``). The current one is
    :class:`NotCurrentPasswordValidator`'s: it has its own message."""

    def __init__(self, count: int | None = None):
        self.count = count or settings.PASSWORD_HISTORY_COUNT

    def validate(self, password, user=None):
        if user is None or not user.pk:
            return
        from apps.accounts.models import PasswordHistory

        hashes = PasswordHistory.objects.filter(user=user).order_by("-id").values_list("password", flat=True)
        for encoded in hashes[: self.count]:
            # The bare hasher check: never re-hashes or saves anything as a side effect.
            if encoded != user.password and check_password(password, encoded):
                raise ValidationError(f"新密码不能与最近 {self.count} 次使用过的密码相同。", code="password_reused")

    def get_help_text(self):
        return f"新密码不能与最近 {self.count} 次使用过的密码相同。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Chinese (Django 5.2 changed the message
    and its Simplified Chinese catalogue has not caught up)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"
