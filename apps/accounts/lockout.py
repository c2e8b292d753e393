"""Sign-in lockout (django-axes), tuned so one person's typos never lock out the others.

- An account is locked at one address after ``AXES_FAILURE_LIMIT`` (5) failures there
  (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``): a colleague behind the
  same address, or the same user at another desk, still signs in.
- An address is locked after ``AXES_IP_FAILURE_LIMIT`` (20) failures across accounts
  (guessing many names), by the check of :class:`LockoutHandler`: axes counts one limit
  per request, so the higher per-address limit is a small check of our own over the same
  ``AccessAttempt`` rows.
- A security administrator is never held by the per-address lock (only by his own five
  failures), so he can always sign in and lift a lockout.

What axes stores is stripped of personal data: the user name goes through
:func:`client_username` (ID and mobile numbers masked), and no request data is kept
(:func:`strip_request_data`).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum

from apps.core.masking import redact_pii


def client_username(request, credentials) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the typed user name with ID and mobile numbers masked,
    so a citizen's ID number typed into the name field is never stored or logged whole."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    return redact_pii(str(username)) if username else username


def strip_request_data(sender, instance, **kwargs):
    """``pre_save`` of ``AccessAttempt`` (connected in ``AccountsConfig.ready``): axes would
    keep the query string and form of every failed sign-in; keep neither."""
    instance.get_data = ""
    instance.post_data = ""


def _raw_username(request, credentials) -> str:
    if credentials:
        return str(credentials.get(settings.AXES_USERNAME_FORM_FIELD) or "")
    return str(getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD) or "")


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit (see the module doc)."""

    def address_failures(self, request) -> int:
        ip_address = getattr(request, "axes_ip_address", None)
        if not ip_address:
            return 0
        attempts = AccessAttempt.objects.filter(
            ip_address=ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request, credentials=None) -> bool:
        if self.address_failures(request) < settings.AXES_IP_FAILURE_LIMIT:
            return False
        return not self.exempt_from_address_lock(request, credentials)

    @staticmethod
    def exempt_from_address_lock(request, credentials) -> bool:
        from apps.accounts.choices import Role
        from apps.accounts.models import User

        username = _raw_username(request, credentials)
        return (
            bool(username) and User.objects.filter(username=username, role=Role.SECURITY_ADMIN, is_active=True).exists()
        )

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.address_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
