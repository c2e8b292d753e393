"""Issue 12 item 9: the second factor guards what would otherwise let a stolen password
take over an account — changing the password, binding an authenticator (first enrolment
of a staff account needs a one-time code from the security administrator) and resetting
someone's authenticator (the security administrator's own code)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import OTPEnrolmentCode, User
from apps.accounts.services import otp_enrolment_code_issue
from apps.audit.choices import AuditAction, AuditResult
from tests.conftest import PASSWORD
from tests.security.conftest import login_form, totp_token

pytestmark = pytest.mark.django_db

NEW = "Xin-Mima-2026"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b")


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED = True


def _enrolled(user):
    return TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=True)


def _unthrottle(device):
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)


# ---------------------------------------------------------------------------
# Password change
# ---------------------------------------------------------------------------
def test_with_an_authenticator_a_password_alone_does_not_change_the_password(client, cast, otp_required):
    path = "/accounts/password/"
    device = _enrolled(cast.staff)
    assert login_form(client, "staff").status_code == 302  # password given, code not yet
    response = client.post(path, CHANGE)
    assert response.status_code == 200
    assert "请输入动态口令" in response.content.decode()
    assert User.objects.get(pk=cast.staff.pk).check_password(PASSWORD)
    # A wrong code neither.
    wrong = f"{(int(totp_token(device)) + 1) % 1000000:06d}"
    response = client.post(path, {**CHANGE, "otp_token": wrong})
    assert "动态口令不正确" in response.content.decode()
    assert User.objects.get(pk=cast.staff.pk).check_password(PASSWORD)
    # With the code from the phone, it does.
    _unthrottle(device)
    assert client.post(path, {**CHANGE, "otp_token": totp_token(device)}).status_code == 302
    assert User.objects.get(pk=cast.staff.pk).check_password(NEW)


@pytest.mark.parametrize("path", ["/accounts/password/", "/admin/password_change/"])
def test_a_session_that_predates_the_authenticator_must_give_its_code(client, cast, path):
    # Signed in before binding the phone elsewhere: this session never gave a code.
    client.force_login(cast.staff)
    device = _enrolled(cast.staff)
    assert 'name="otp_token"' in client.get(path).content.decode()
    response = client.post(path, CHANGE)
    assert response.status_code == 200 and "请输入动态口令" in response.content.decode()
    assert User.objects.get(pk=cast.staff.pk).check_password(PASSWORD)
    assert client.post(path, {**CHANGE, "otp_token": totp_token(device)}).status_code == 302
    assert User.objects.get(pk=cast.staff.pk).check_password(NEW)


def test_the_back_office_password_page_is_closed_until_the_code_is_given(client, cast, otp_required):
    _enrolled(cast.staff)
    login_form(client, "staff")
    response = client.post("/admin/password_change/", CHANGE)
    assert response["Location"].startswith("/accounts/otp/verify/")
    assert User.objects.get(pk=cast.staff.pk).check_password(PASSWORD)


def test_a_session_verified_with_the_code_changes_the_password(client, cast, otp_required):
    device = _enrolled(cast.staff)
    login_form(client, "staff")
    assert client.post("/accounts/otp/verify/", {"token": totp_token(device)}).status_code == 302
    assert client.post("/accounts/password/", CHANGE).status_code == 302
    assert User.objects.get(pk=cast.staff.pk).check_password(NEW)


def test_without_an_authenticator_the_password_page_asks_for_no_code(client, cast):
    client.force_login(cast.secretary)
    assert "otp_token" not in client.get("/accounts/password/").content.decode()
    assert client.post("/accounts/password/", CHANGE).status_code == 302


# ---------------------------------------------------------------------------
# First enrolment: a one-time code from the security administrator
# ---------------------------------------------------------------------------
def test_a_staff_account_cannot_bind_an_authenticator_without_an_enrolment_code(client, cast, otp_required):
    login_form(client, "staff")
    response = client.get("/accounts/otp/setup/")
    html = response.content.decode()
    assert response.status_code == 200 and "绑定码" in html
    assert "<svg" not in html  # no secret before the code
    assert not TOTPDevice.objects.filter(user=cast.staff).exists()
    response = client.post("/accounts/otp/setup/", {"token": "123456"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=cast.staff).exists()
    # Still held at enrolment.
    assert client.get("/")["Location"].startswith("/accounts/otp/setup/")


def test_the_security_admin_issues_a_code_in_the_back_office_and_it_binds_once(
    client, client_factory, cast, events, settings
):
    client.force_login(cast.security)
    assert client.get("/admin/accounts/otpenrolmentcode/add/").status_code == 200
    response = client.post("/admin/accounts/otpenrolmentcode/add/", {"user": cast.staff.pk})
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")
    html = response.content.decode()
    code = CODE.search(html).group(1)
    assert "24 小时" in html
    stored = OTPEnrolmentCode.objects.get(user=cast.staff)
    assert stored.issued_by == cast.security
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash
    issued = events(AuditAction.OTP_ENROL)
    assert issued[-1].user == cast.security and "签发" in issued[-1].detail
    assert code not in issued[-1].detail
    # The code never shows again.
    listing = client.get("/admin/accounts/otpenrolmentcode/").content.decode()
    assert code not in listing and "未使用" in listing

    settings.OTP_REQUIRED = True
    staff = client_factory()
    login_form(staff, "staff")
    _bind_with(staff, cast.staff, code.lower().replace("-", " "))
    assert staff.get("/").status_code == 200
    stored.refresh_from_db()
    assert stored.used_at is not None
    # One-time: the same code binds nothing after the device is reset.
    TOTPDevice.objects.filter(user=cast.staff).delete()
    other = client_factory()
    login_form(other, "staff")
    response = other.post("/accounts/otp/setup/", {"enrolment_code": code})
    assert "绑定码不正确、已使用或已过期" in response.content.decode()


def _bind_with(client, user, code):
    response = client.post("/accounts/otp/setup/?next=/", {"enrolment_code": code, "next": "/"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"])
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": totp_token(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_device_prepared_before_the_code_is_thrown_away(client, cast, otp_required):
    # A device someone prepared (and may have scanned) before the code was given.
    stale = TOTPDevice.objects.create(user=cast.staff, name="手机验证器", confirmed=False)
    code = otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
    login_form(client, "staff")
    device = _bind_with(client, cast.staff, code)
    assert device.pk != stale.pk
    assert not TOTPDevice.objects.filter(pk=stale.pk).exists()


def test_an_expired_code_is_refused(client, cast, otp_required):
    code = otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
    OTPEnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    login_form(client, "staff")
    response = client.post("/accounts/otp/setup/", {"enrolment_code": code})
    assert "绑定码不正确、已使用或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.staff).exists()


def test_five_wrong_codes_void_the_code(client, cast, otp_required, events):
    code = otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
    login_form(client, "staff")
    for _ in range(5):
        client.post("/accounts/otp/setup/", {"enrolment_code": "AAAA-BBBB-CCCC"})
    response = client.post("/accounts/otp/setup/", {"enrolment_code": code})
    assert "绑定码不正确、已使用或已过期" in response.content.decode()
    failures = [e for e in events(AuditAction.OTP_ENROL) if e.result == AuditResult.FAILURE]
    assert len(failures) == 6


def test_a_new_code_voids_the_previous_one(client, cast, otp_required):
    first = otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
    second = otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
    login_form(client, "staff")
    assert "绑定码不正确" in client.post("/accounts/otp/setup/", {"enrolment_code": first}).content.decode()
    _bind_with(client, cast.staff, second)


def test_a_code_is_for_one_account_only(client, cast, otp_required):
    code = otp_enrolment_code_issue(user=cast.leader, actor=cast.security)
    login_form(client, "staff")
    assert "绑定码不正确" in client.post("/accounts/otp/setup/", {"enrolment_code": code}).content.decode()


def test_only_accounts_whose_role_requires_the_second_factor_are_offered(client, cast):
    client.force_login(cast.security)
    html = client.get("/admin/accounts/otpenrolmentcode/add/").content.decode()
    assert f'value="{cast.staff.pk}"' in html
    assert f'value="{cast.secretary.pk}"' not in html


def test_the_security_admin_cannot_issue_a_code_for_himself(client, cast):
    client.force_login(cast.security)
    response = client.post("/admin/accounts/otpenrolmentcode/add/", {"user": cast.security.pk})
    assert response.status_code == 200
    assert "不能为自己签发绑定码" in response.content.decode()
    assert not OTPEnrolmentCode.objects.exists()


def test_an_account_with_an_authenticator_gets_no_code(client, cast):
    _enrolled(cast.staff)
    client.force_login(cast.security)
    response = client.post("/admin/accounts/otpenrolmentcode/add/", {"user": cast.staff.pk})
    assert "已绑定动态口令" in response.content.decode()
    assert not OTPEnrolmentCode.objects.exists()


def test_the_first_security_admin_gets_his_code_from_the_command_line(client, cast, otp_required, events):
    out = StringIO()
    call_command("issue_otp_enrolment_code", "security", stdout=out)
    code = CODE.search(out.getvalue()).group(1)
    assert events(AuditAction.OTP_ENROL)[-1].username == "system"
    login_form(client, "security")
    _bind_with(client, cast.security, code)


# ---------------------------------------------------------------------------
# Resetting someone's authenticator: the security administrator's own code
# ---------------------------------------------------------------------------
def test_resetting_a_device_needs_the_security_admins_own_code(client, client_factory, cast, events):
    own = _enrolled(cast.security)
    target = _enrolled(cast.staff)
    client.force_login(cast.security)
    # A session verified at sign-in is not enough: the reset asks for a fresh code.
    assert client.post("/accounts/otp/verify/", {"token": totp_token(own)}).status_code == 302
    path = f"/admin/otp_totp/totpdevice/{target.pk}/delete/"
    page = client.get(path)
    assert page.status_code == 200 and 'name="otp_token"' in page.content.decode()
    response = client.post(path, {"post": "yes"})
    assert response.status_code == 200 and "请输入您本人的动态口令" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=target.pk).exists()
    wrong = f"{(int(totp_token(own)) + 1) % 1000000:06d}"
    response = client.post(path, {"post": "yes", "otp_token": wrong})
    assert "动态口令不正确" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=target.pk).exists()
    # The target's code is not the security administrator's.
    response = client.post(path, {"post": "yes", "otp_token": totp_token(target)})
    assert TOTPDevice.objects.filter(pk=target.pk).exists()
    staff_session = client_factory()
    staff_session.force_login(cast.staff)
    _unthrottle(own)
    response = client.post(path, {"post": "yes", "otp_token": totp_token(own, offset=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=target.pk).exists()
    # The owner's sessions end (a lost phone may be a stolen one).
    assert staff_session.get("/")["Location"].startswith("/accounts/login/")
    reset = events(AuditAction.DELETE)
    assert reset and reset[-1].object_type == "otp_totp.totpdevice" and "重置" in reset[-1].detail


def test_a_security_admin_without_an_authenticator_cannot_reset_one(client, cast):
    target = _enrolled(cast.staff)
    client.force_login(cast.security)
    response = client.post(f"/admin/otp_totp/totpdevice/{target.pk}/delete/", {"post": "yes", "otp_token": "123456"})
    assert "须先绑定本人的动态口令" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=target.pk).exists()


def test_devices_cannot_be_reset_in_bulk(client, cast):
    target = _enrolled(cast.staff)
    client.force_login(cast.security)
    html = client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "delete_selected" not in html
    client.post(
        "/admin/otp_totp/totpdevice/", {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"}
    )
    assert TOTPDevice.objects.filter(pk=target.pk).exists()


def test_the_security_admins_new_pages_are_in_chinese(client, cast):
    from tests.core.test_admin_chinese import assert_chinese

    target = _enrolled(cast.leader)
    client.force_login(cast.security)
    assert_chinese(client.get(f"/admin/otp_totp/totpdevice/{target.pk}/delete/"))
    assert_chinese(client.get("/admin/accounts/otpenrolmentcode/add/"))
    assert_chinese(client.post("/admin/accounts/otpenrolmentcode/add/", {"user": cast.staff.pk}))
    assert_chinese(client.get("/admin/accounts/otpenrolmentcode/"))
    code = OTPEnrolmentCode.objects.get()
    assert_chinese(client.get(f"/admin/accounts/otpenrolmentcode/{code.pk}/change/"))


def test_an_enrolment_code_never_spells_a_word(cast):
    """The code is shown on a Chinese page and read out over the phone: no vowels, so no
    English word (the crawl of English UI words once caught “SAVE” in one)."""
    from apps.accounts.services import otp_enrolment_code_issue

    for _ in range(50):
        code = otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
        assert not set(code) & set("AEIOUY"), code
