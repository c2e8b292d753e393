"""Second factor (TOTP): required in production for staff, leadership and the three
administrators; optional on the demo; secretaries may opt in."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.audit.choices import AuditAction, AuditResult
from tests.security.conftest import login_form, totp_token

pytestmark = pytest.mark.django_db

REQUIRED = ["leader", "staff", "district", "sysadmin", "security", "auditor"]


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED = True


def test_the_demo_keeps_the_second_factor_optional():
    assert settings.OTP_REQUIRED is False
    assert set(settings.OTP_REQUIRED_ROLES) == {
        "leadership",
        "bureau_staff",
        "district_staff",
        "system_admin",
        "security_admin",
        "audit_admin",
    }


def test_production_requires_it():
    env = {k: v for k, v in os.environ.items() if k not in {"CADRE_TESTING", "DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="cadre_portal.settings",
        SECRET_KEY="x" * 60,
        PII_ENCRYPTION_KEYS="Vq6t8S1wJb3eY8mU5n0cZ2aQ4rT7yH9kL1pX3dF6gB0=",
        PII_HASH_KEY="hash-key",
        ALLOWED_HOSTS="portal.example.cn",
    )
    code = "import django; django.setup(); from django.conf import settings; print(settings.OTP_REQUIRED)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert out.stdout.strip().splitlines()[-1] == "True", out.stderr


@pytest.mark.parametrize("role", REQUIRED)
def test_required_roles_must_enrol_before_anything_else(client, cast, otp_required, role):
    client.force_login(getattr(cast, role))
    for path in ["/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/otp/setup/?next=")


@pytest.mark.parametrize("role", ["secretary", "team_leader"])
def test_secretaries_and_team_leaders_are_not_required(client, cast, otp_required, role):
    client.force_login(getattr(cast, role))
    assert client.get("/").status_code == 200


def test_enrolment_shows_an_inline_qr_code_and_confirms_with_a_code(client, cast, otp_required, events):
    from apps.accounts.services import otp_enrolment_code_issue

    code = otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
    client.force_login(cast.staff)
    # A required role first gives the enrolment code the security administrator issued.
    response = client.post("/accounts/otp/setup/", {"enrolment_code": code, "next": "/admin/"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )
    device = TOTPDevice.objects.get(user=cast.staff)
    assert not device.confirmed
    bad = client.post("/accounts/otp/setup/", {"token": "000000", "next": "/admin/"})
    assert bad.status_code == 200 and "动态口令不正确" in bad.content.decode()
    # django-otp throttles after a failure; a real user waits a second, the test resets it.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    good = client.post("/accounts/otp/setup/", {"token": totp_token(device), "next": "/admin/"})
    assert good.status_code == 302 and good["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    # Issued, used, bound.
    assert len(events(AuditAction.OTP_ENROL)) == 3


def _enrolled(user):
    return TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=True)


def test_sign_in_asks_for_the_code_after_the_password(client, cast, otp_required, events):
    device = _enrolled(cast.leader)
    assert login_form(client, "leader").status_code == 302
    response = client.get("/")
    assert response["Location"].startswith("/accounts/otp/verify/")
    wrong = client.post("/accounts/otp/verify/", {"token": f"{(int(totp_token(device)) + 1) % 1000000:06d}"})
    assert wrong.status_code == 200 and "动态口令不正确" in wrong.content.decode()
    assert client.get("/").status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    right = client.post("/accounts/otp/verify/?next=/", {"token": totp_token(device), "next": "/"})
    assert right.status_code == 302 and right["Location"] == "/"
    assert client.get("/").status_code == 200
    results = [e.result for e in events(AuditAction.OTP_VERIFY)]
    assert results == [AuditResult.FAILURE, AuditResult.SUCCESS]


def test_the_back_office_is_closed_until_the_code_is_given(client, cast, otp_required):
    _enrolled(cast.sysadmin)
    client.force_login(cast.sysadmin)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/verify/")


def test_a_secretary_who_opted_in_is_asked_for_the_code(client, cast):
    device = _enrolled(cast.secretary)
    client.force_login(cast.secretary)
    assert client.get("/")["Location"].startswith("/accounts/otp/verify/")
    client.post("/accounts/otp/verify/", {"token": totp_token(device)})
    assert client.get("/").status_code == 200


def test_a_secretary_may_opt_in_on_the_demo(client, cast):
    client.force_login(cast.secretary)
    assert client.get("/accounts/otp/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=cast.secretary)
    assert client.post("/accounts/otp/setup/", {"token": totp_token(device)}).status_code == 302
    assert TOTPDevice.objects.get(user=cast.secretary).confirmed


def test_the_open_redirect_is_refused_after_verification(client, cast):
    device = _enrolled(cast.secretary)
    client.force_login(cast.secretary)
    response = client.post("/accounts/otp/verify/", {"token": totp_token(device), "next": "https://evil.example/"})
    # Refused: the secretary lands on their own start page, the 工作台.
    assert response["Location"] == "/workspace/"
