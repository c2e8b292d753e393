"""Sign-in policy in one place: sessions, second factor, password age.

Session bookkeeping lives in the session itself, stamped at sign-in, so the per-request
checks in :mod:`apps.accounts.middleware` cost no query:

- ``EPOCH_KEY``: the user's ``session_epoch`` at sign-in. Signing out, changing the
  password or being deactivated bumps the epoch, which ends every other session of the
  user at its next request.
- ``AUTH_AT_KEY``: when the user signed in (absolute limit, 8 hours).
- ``SEEN_KEY``: last activity (idle limit, 30 minutes), refreshed at most once a minute.
- ``OTP_DEVICE_KEY``: whether the user has a confirmed TOTP device (opted in or enrolled).
- ``OTP_ENROL_GRANT_KEY``: the unconfirmed device this session may bind, once the
  security administrator's enrolment code was accepted.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apps.accounts.choices import Role

EPOCH_KEY = "_cadre_epoch"
AUTH_AT_KEY = "_cadre_auth_at"
SEEN_KEY = "_cadre_seen"
OTP_DEVICE_KEY = "_cadre_otp_device"
OTP_ENROL_GRANT_KEY = "_cadre_otp_enrol_device"

# Secretaries and team leaders are volunteers in their 70s: no forced rotation for them.
PASSWORD_ROTATION_EXEMPT = {Role.SECRETARY, Role.TEAM_LEADER}


def stamp_session(request, user) -> None:
    """Record the sign-in in the session (called on every sign-in, including
    ``Client.force_login`` in tests, through the ``user_logged_in`` signal)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    now = time.time()
    session = request.session
    session[EPOCH_KEY] = user.session_epoch
    session[AUTH_AT_KEY] = now
    session[SEEN_KEY] = now
    session[OTP_DEVICE_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def restamp_epoch(request, user) -> None:
    """After the user's own password change: keep this session, end the others."""
    request.session[EPOCH_KEY] = user.session_epoch


def otp_required_for(user) -> bool:
    """Does policy require a second factor of ``user`` (production: staff, leadership
    and the three administrators)?"""
    if not settings.OTP_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.role in settings.OTP_REQUIRED_ROLES


def otp_enrolment_code_required(user) -> bool:
    """Must ``user`` give an enrolment code issued by the security administrator before
    binding a first authenticator? Yes wherever policy requires their second factor;
    secretaries and team leaders who opt in do not."""
    return otp_required_for(user)


def password_change_due(user) -> bool:
    """Must ``user`` set a new password before going on?"""
    if user.must_change_password:
        return True
    if user.role in PASSWORD_ROTATION_EXEMPT and not user.is_superuser:
        return False
    if user.password_changed_at is None:
        return True
    return timezone.now() - user.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
