"""Per-request security checks. Neither middleware queries the database."""

import re
import time

from csp.constants import UNSAFE_EVAL
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import LazyObject, empty
from django.utils.http import urlencode

from apps.accounts import security


def _resolved(user):
    """The user behind ``request.user``'s lazy wrappers (django-otp wraps the
    authentication middleware's: two levels)."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class SessionSecurityMiddleware:
    """Ends sessions that are stale, and holds a signed-in user at the second-factor and
    password-change steps until they are done.

    A session ends (and the request goes on anonymous, so the page sends the user to the
    login page) when the user's ``session_epoch`` moved on since sign-in (signed out
    elsewhere, password changed, deactivated), after ``SESSION_ABSOLUTE_TIMEOUT`` since
    sign-in, or after ``SESSION_IDLE_TIMEOUT`` without a request.
    """

    # Last-activity writes are throttled so an active session is saved at most once a minute.
    TOUCH_INTERVAL = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if isinstance(user, LazyObject):
            # Every request reads the user here anyway; handing on the user itself rather
            # than the lazy wrappers saves a proxied lookup on each of the ~300 reads of
            # ``request.user`` further down (middleware, views, templates).
            user = request.user = _resolved(user)
        if user is not None and user.is_authenticated:
            reason = self.ended(request, user)
            if reason:
                self.end(request, user, reason)
            else:
                step = self.pending_step(request, user)
                if step and request.path_info not in self.exempt_paths():
                    return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    # -- session lifetime -------------------------------------------------------------
    def ended(self, request, user) -> str:
        session, now = request.session, time.time()
        if session.get(security.EPOCH_KEY) != user.session_epoch:
            return "您的会话已在其他位置结束（退出登录、修改密码或账号停用），请重新登录。"
        if now - session.get(security.AUTH_AT_KEY, 0) > settings.SESSION_ABSOLUTE_TIMEOUT:
            return "登录已超过 8 小时，请重新登录。"
        seen = session.get(security.SEEN_KEY, 0)
        if now - seen > settings.SESSION_IDLE_TIMEOUT:
            return "长时间未操作，登录已超时，请重新登录。"
        if now - seen > self.TOUCH_INTERVAL:
            session[security.SEEN_KEY] = now
        return ""

    def end(self, request, user, reason: str) -> None:
        from apps.audit.choices import AuditAction
        from apps.audit.services import audit_record

        audit_record(user=user, action=AuditAction.SESSION_ENDED, request=request, obj=user, detail=reason)
        request.session.flush()
        request.user = AnonymousUser()
        messages.warning(request, reason)

    # -- steps after the password --------------------------------------------------------
    def pending_step(self, request, user) -> str:
        otp_needed = security.otp_required_for(user) or request.session.get(security.OTP_DEVICE_KEY)
        if otp_needed and not user.is_verified():
            return "otp_verify" if request.session.get(security.OTP_DEVICE_KEY) else "otp_setup"
        if security.password_change_due(user):
            return "password_change"
        return ""

    _exempt: set[str] | None = None

    def exempt_paths(self) -> set[str]:
        """The pages a user held at a step may still reach (the steps, and signing out)."""
        if self._exempt is None:
            self._exempt = {
                reverse(name) for name in ("otp_verify", "otp_setup", "password_change", "logout", "admin:logout")
            }
        return self._exempt


# ---------------------------------------------------------------------------
# Admin filters that would enumerate personal data
# ---------------------------------------------------------------------------
# Field names (anywhere in a lookup path) that no query-string filter may touch.
SENSITIVE_FIELDS = {
    "id_number",
    "id_number_hash",
    "id_number_encrypted",
    "phone",
    "mobile",
    "address",
    "emergency_contact",
    "emergency_phone",
    "password",
    "key",
    # 牵手夕阳's hardship aid: the money and the illness, masked in the list for every role
    # (a filter such as ?amount_requested__gte= would read them back row by row).
    "monthly_income",
    "amount_requested",
    "approved_amount",
    "paid_amount",
    "illness",
}


class SensitiveLookupMiddleware:
    """Refuses (400) back-office query strings that filter on personal-data fields, such
    as ``?id_number_hash__startswith=ab`` or ``?person__phone__contains=138``: Django's
    admin accepts lookups on any local field, which would let a user enumerate values
    character by character even where the column is masked."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        if request.path_info.startswith(self.prefix):
            for key in request.GET:
                if set(re.split(r"__", key)) & SENSITIVE_FIELDS:
                    return bad_request(request, "不允许按身份证号、电话、地址、金额等个人敏感信息筛选。")
        return self.get_response(request)


def bad_request(request, reason: str):
    """The Chinese 400 page with ``reason``; its link back is the path alone (the query
    string is what was refused)."""
    return render(request, "400.html", {"reason": reason, "back_url": request.path}, status=400)


# ---------------------------------------------------------------------------
# ID numbers in query strings
# ---------------------------------------------------------------------------
# An 18-character resident ID number (or an old 15-digit one), not part of a longer run of
# letters or digits, in a value whose spaces are removed ("3210 0219 5005 …" counts too).
ID_IN_QUERY = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
ID_IN_QUERY_REASON = (
    "为保护个人信息，网址中不能包含身份证号，本次请求未被处理。"
    "按身份证号查找人员，请在后台人员列表上方的“按身份证号查找”框中输入，它不会出现在网址中。"
)


def carries_id_number(value: str) -> bool:
    return bool(ID_IN_QUERY.search(value) or ID_IN_QUERY.search(re.sub(r"\s+", "", value)))


class IdNumberQueryMiddleware:
    """Refuses (400) every request whose query string carries an ID number, in a
    parameter's value or name, on any page: a URL is kept in browser history, access logs,
    proxies and ``Referer`` headers. It runs before the second-factor and password steps, which
    would copy the URL into ``next=``, and before any view; the value is never logged (the
    ``django.request`` warning names the path only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING"):
            for key, values in request.GET.lists():
                if carries_id_number(key) or any(carries_id_number(value) for value in values):
                    return bad_request(request, ID_IN_QUERY_REASON)
        return self.get_response(request)


# ---------------------------------------------------------------------------
# Content security policy
# ---------------------------------------------------------------------------
class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one exception: the back office's theme (django-unfold) runs
    Alpine.js, which compiles its ``x-data`` expressions and so needs ``'unsafe-eval'``.
    The portal front keeps the strict policy (scripts from our own origin only)."""

    ADMIN_SCRIPT_SRC = {"script-src": [UNSAFE_EVAL]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), **self.ADMIN_SCRIPT_SRC}
        return parts


# ---------------------------------------------------------------------------
# No caching of what a signed-in user sees
# ---------------------------------------------------------------------------
class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user (pages, exports, the back office, photos, error
    pages) carries ``Cache-Control: no-store``: personal data must stay out of browser and
    proxy caches. Static files are answered by WhiteNoise before this middleware and stay
    cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.signed_in(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def signed_in(request) -> bool:
        user = getattr(request, "user", None)
        if isinstance(user, LazyObject) and user._wrapped is empty:
            # Answered before the user was read (a refused query string, say): the
            # session cookie decides, without a query.
            return settings.SESSION_COOKIE_NAME in request.COOKIES
        return bool(user is not None and user.is_authenticated)
