"""Password rules, forced rotation for staff roles, no accounts from migrations."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from tests.conftest import PASSWORD
from tests.security.conftest import login_form

CJK = re.compile(r"[\u4e00-\u9fff]")


def _messages(password, user=None):
    try:
        with translation.override("zh-hans"):
            validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ab1!xyz", "too short"),
        ("abcdefghijkl", "one class"),
        ("abcdefgh1234", "two classes"),
        ("1234567890123", "numeric"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, reason, db):
    messages = _messages(password)
    assert messages, reason
    assert all(CJK.search(m) for m in messages), messages


def test_three_of_four_classes_and_ten_characters_pass(db):
    assert _messages("Yangzhou2026") == []  # upper, lower, digits
    assert _messages("yangzhou@2026") == []  # lower, symbol, digits
    assert "密码须包含大写字母、小写字母、数字、特殊符号中的至少 3 类。" in _messages("yangzhoushi2026")


def test_a_common_password_is_refused(db):
    # Ten characters and three classes, but on Django's list of common passwords.
    assert _messages("Qwertyuiop1") == ["这个密码太常见了。"]


def test_a_password_like_the_username_is_refused(cast):
    user = cast.staff
    user.full_name = "Wangkezhang"
    messages = _messages("Wangkezhang1!", user)
    assert any(CJK.search(m) and "相似" in m for m in messages), messages


def test_the_new_password_must_differ_from_the_current_one(cast):
    assert "新密码不能与当前密码相同。" in _messages(PASSWORD, cast.staff)


# ---------------------------------------------------------------------------
# Forced change
# ---------------------------------------------------------------------------
def _age_password(user, days):
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=days))


@pytest.mark.parametrize("role", ["leader", "staff", "district", "sysadmin", "security", "auditor"])
def test_staff_roles_must_change_a_password_older_than_90_days(client, cast, role):
    _age_password(getattr(cast, role), 91)
    client.force_login(getattr(cast, role))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password/?next=")
    # The back office too.
    assert client.get("/admin/")["Location"].startswith("/accounts/password/")


@pytest.mark.parametrize("role", ["secretary", "team_leader"])
def test_secretaries_and_team_leaders_are_not_forced_to_rotate(client, cast, role):
    _age_password(getattr(cast, role), 400)
    client.force_login(getattr(cast, role))
    assert client.get("/").status_code == 200


def test_a_password_of_89_days_is_still_good(client, cast):
    _age_password(cast.staff, 89)
    client.force_login(cast.staff)
    assert client.get("/").status_code == 200


def test_changing_the_password_lifts_the_block_and_ends_other_sessions(client, client_factory, cast, events):
    _age_password(cast.staff, 100)
    other = client_factory()
    other.force_login(cast.staff)
    client.force_login(cast.staff)
    response = client.post(
        "/accounts/password/?next=/",
        {"old_password": PASSWORD, "new_password1": "Xin-Mima-2026", "new_password2": "Xin-Mima-2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(pk=cast.staff.pk)
    assert timezone.now() - user.password_changed_at < timedelta(minutes=1)
    assert not user.must_change_password
    # This session goes on; the other one has ended.
    assert client.get("/").status_code == 200
    assert other.get("/")["Location"].startswith("/accounts/login/")
    assert len(events(AuditAction.PASSWORD_CHANGE)) == 1


def test_a_wrong_old_password_is_refused_in_chinese(client, cast):
    client.force_login(cast.staff)
    response = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": "Xin-Mima-2026", "new_password2": "Xin-Mima-2026"},
    )
    assert response.status_code == 200
    assert "旧密码" in response.content.decode()


def test_an_administrator_reset_forces_a_change_at_next_sign_in(client, cast):
    client.force_login(cast.sysadmin)
    response = client.post(
        f"/admin/accounts/user/{cast.secretary.pk}/password/",
        {"password1": "Chongzhi-2026", "password2": "Chongzhi-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    secretary = User.objects.get(pk=cast.secretary.pk)
    assert secretary.must_change_password
    client.logout()
    assert login_form(client, "secretary", "Chongzhi-2026").status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/password/")


def test_the_back_office_password_page_uses_the_same_rules(client, cast):
    client.force_login(cast.staff)
    response = client.post(
        "/admin/password_change/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "密码须包含" in response.content.decode()
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "Houtai-Mima-2026", "new_password2": "Houtai-Mima-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_change/done/"
    assert User.objects.get(pk=cast.staff.pk).check_password("Houtai-Mima-2026")


# ---------------------------------------------------------------------------
# No default accounts
# ---------------------------------------------------------------------------
def test_migrations_create_no_user_account(db):
    assert User.objects.count() == 0


def test_seed_demo_refuses_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="生产环境禁止"):
        call_command("seed_demo")
    assert User.objects.count() == 0


# ---------------------------------------------------------------------------
# Password history: none of the last five
# ---------------------------------------------------------------------------
HISTORY_MESSAGE = "新密码不能与最近 5 次使用过的密码相同。"


def _change(user, password):
    from apps.accounts.services import user_set_password

    user_set_password(user=user, password=password, actor=user)


def test_none_of_the_last_five_passwords_may_be_used_again(cast):
    user = cast.staff
    recent = [f"Lishi-Mima-{n}x" for n in range(1, 6)]
    for password in recent:
        _change(user, password)
    user.refresh_from_db()
    for old in recent[:-1]:
        assert _messages(old, user) == [HISTORY_MESSAGE], old
    assert _messages(recent[-1], user) == ["新密码不能与当前密码相同。"]
    # The sixth-last (the one the account was created with) may come back.
    assert _messages(PASSWORD, user) == []


def test_the_history_keeps_five_hashes_and_never_the_password(cast):
    from django.contrib.auth.hashers import check_password

    from apps.accounts.models import PasswordHistory

    for n in range(1, 8):
        _change(cast.staff, f"Lishi-Mima-{n}x")
    kept = list(PasswordHistory.objects.filter(user=cast.staff).order_by("-id"))
    assert len(kept) == 5
    assert all("Lishi" not in row.password for row in kept)
    assert check_password("Lishi-Mima-7x", kept[0].password)
    assert check_password("Lishi-Mima-3x", kept[-1].password)


def test_the_password_page_refuses_a_recent_password_in_chinese(client, cast):
    client.force_login(cast.staff)
    first = {"old_password": PASSWORD, "new_password1": "Xin-Mima-2026", "new_password2": "Xin-Mima-2026"}
    assert client.post("/accounts/password/", first).status_code == 302
    back = {"old_password": "Xin-Mima-2026", "new_password1": PASSWORD, "new_password2": PASSWORD}
    response = client.post("/accounts/password/", back)
    assert response.status_code == 200
    assert HISTORY_MESSAGE in response.content.decode()
    assert User.objects.get(pk=cast.staff.pk).check_password("Xin-Mima-2026")
