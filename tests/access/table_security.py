"""Sign-in steps (password change, second factor) and the security administrator's admin."""

from tests.access.matrix import ALL_SIGNED_IN, AdminModel, Page

PAGES = {
    "password_change": Page("/accounts/password/", {r: 200 for r in ALL_SIGNED_IN} | {"anonymous": 302}),
    # Enrolment is open to everyone signed in (secretaries may opt in).
    "otp_setup": Page("/accounts/otp/setup/", {r: 200 for r in ALL_SIGNED_IN} | {"anonymous": 302}),
    # Without an enrolled device, verification sends the user to enrolment.
    "otp_verify": Page("/accounts/otp/verify/", {r: 302 for r in ALL_SIGNED_IN} | {"anonymous": 302}),
}


def _attempt(cast):
    from axes.models import AccessAttempt

    return AccessAttempt.objects.create(
        username="someone",
        ip_address="10.1.2.3",
        user_agent="pytest",
        get_data="",
        post_data="",
        http_accept="text/html",
        path_info="/accounts/login/",
        failures_since_start=2,
    )


def _device(cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=cast.secretary_other, name="手机验证器", confirmed=True)


def _enrolment_code(cast):
    from apps.accounts.models import OTPEnrolmentCode
    from apps.accounts.services import otp_enrolment_code_issue

    otp_enrolment_code_issue(user=cast.staff, actor=cast.security)
    return OTPEnrolmentCode.objects.get(user=cast.staff)


ADMIN = {
    # The security administrator lifts lockouts (deletes attempts) and resets devices.
    "axes.accessattempt": AdminModel(obj=_attempt, view={"security"}, delete={"security"}),
    "otp_totp.totpdevice": AdminModel(obj=_device, view={"security"}, delete={"security"}),
    # ... and issues one-time codes for a first binding (never changed or deleted).
    "accounts.otpenrolmentcode": AdminModel(obj=_enrolment_code, view={"security"}, add={"security"}),
}
