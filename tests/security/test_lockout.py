"""Lockout: 5 failed sign-ins for one account from one address, or 20 from one address
across accounts → 30 minutes, on the portal's and the admin's sign-in pages, with a
Chinese message. One account's failures never lock the others behind the same address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from apps.audit.choices import AuditAction, AuditResult
from tests.security.conftest import login_form

pytestmark = pytest.mark.django_db


def test_the_policy_is_five_failures_per_account_and_address_twenty_per_address():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_IP_FAILURE_LIMIT == 20
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_it_locks_an_account_after_five_failures_even_with_the_right_password(client, cast, events):
    for n in range(4):
        response = login_form(client, "staff", "wrong-password", remote_addr="10.0.0.1")
        assert response.status_code == 200, n
    # The fifth failure locks at once.
    assert login_form(client, "staff", "wrong-password", remote_addr="10.0.0.1").status_code == 429
    # Right password, same address: the account is locked there.
    response = login_form(client, "staff", remote_addr="10.0.0.1")
    assert response.status_code == 429
    text = response.content.decode()
    assert "锁定 30 分钟" in text
    assert "_auth_user_id" not in client.session
    failed = events(AuditAction.LOGIN_FAILED)
    assert len(failed) == 6
    assert {e.result for e in failed} == {AuditResult.FAILURE}
    assert failed[0].ip_address == "10.0.0.1" and failed[0].username == "staff"
    assert len(events(AuditAction.LOCKOUT)) >= 1


def test_one_accounts_failures_do_not_lock_the_others_behind_the_same_address(client, cast):
    for _ in range(5):
        login_form(client, "staff", "wrong-password", remote_addr="127.0.0.1")
    assert login_form(client, "staff", remote_addr="127.0.0.1").status_code == 429
    # Everybody else behind that address signs in, the security administrator included.
    for name in ["leader", "security", "district"]:
        assert login_form(client, name, remote_addr="127.0.0.1").status_code == 302, name
        client.logout()
    # And the locked account from its own desk.
    assert login_form(client, "staff", remote_addr="10.0.0.2").status_code == 302


def test_it_locks_an_address_after_twenty_failures_across_accounts(client, cast, events):
    # Four failures each for five names: no single account reaches its limit.
    for n in range(20):
        response = login_form(client, f"guess{n % 5}", "wrong-password", remote_addr="10.7.7.7")
        assert response.status_code == (429 if n == 19 else 200), n
    assert login_form(client, "leader", remote_addr="10.7.7.7").status_code == 429
    assert len(events(AuditAction.LOCKOUT)) >= 1
    # The same account from another address is not affected by that address's failures.
    assert login_form(client, "leader", remote_addr="10.7.7.8").status_code == 302


def test_the_security_admin_signs_in_from_an_address_that_is_locked(client, cast):
    for n in range(20):
        login_form(client, f"guess{n % 5}", "wrong-password", remote_addr="10.7.7.7")
    assert login_form(client, "leader", remote_addr="10.7.7.7").status_code == 429
    # So he can always lift the lockout; his own five failures still lock him.
    assert login_form(client, "security", remote_addr="10.7.7.7").status_code == 302


def test_the_admin_sign_in_is_locked_too(client, cast):
    for _ in range(4):
        response = login_form(client, "staff", "wrong-password", path="/admin/login/", remote_addr="10.1.0.9")
        assert response.status_code == 200
    login_form(client, "staff", "wrong-password", path="/admin/login/", remote_addr="10.1.0.9")
    response = login_form(client, "staff", path="/admin/login/", remote_addr="10.1.0.9")
    assert response.status_code == 429
    assert "登录已被暂时锁定" in response.content.decode()


def test_four_failures_do_not_lock_and_success_resets_the_count(client, cast):
    for _ in range(4):
        login_form(client, "district", "wrong-password")
    assert login_form(client, "district").status_code == 302
    assert not AccessAttempt.objects.filter(username="district").exists()


def test_the_lockout_ends_after_thirty_minutes(client, cast):
    for _ in range(5):
        login_form(client, "staff", "wrong-password")
    assert login_form(client, "staff").status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=31))
    assert login_form(client, "staff").status_code == 302


def test_the_security_admin_lifts_a_lockout_by_deleting_the_attempts(client, cast):
    for _ in range(5):
        login_form(client, "staff", "wrong-password", remote_addr="10.2.2.2")
    attempts = list(AccessAttempt.objects.filter(username="staff"))
    assert attempts
    client.force_login(cast.security)
    for attempt in attempts:
        response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
    client.logout()
    assert login_form(client, "staff", remote_addr="10.2.2.2").status_code == 302
