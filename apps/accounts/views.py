"""Sign-in steps after the password: second factor (TOTP) and password change."""

import io

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import security
from apps.accounts.choices import Role
from apps.accounts.forms import EnrolmentCodeForm, PasswordChangeForm, TokenForm
from apps.accounts.services import otp_enrolment_start
from apps.audit.choices import AuditAction, AuditResult
from apps.audit.services import audit_record
from apps.core import brands


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return landing_url(request.user)


# Where a role starts its day when sign-in names no page: the secretary's and the
# volunteer team leader's 工作台, the leader's 数据看板; every other role starts on the
# portal home. An account without a role lands where a brand declares
# (``Brand.landings``: a volunteer's on 我的志愿服务), else on the home.
LANDING_PAGES = {
    Role.SECRETARY: "workspace:home",
    Role.TEAM_LEADER: "workspace:home",
    Role.LEADERSHIP: "dashboard:index",
}


def role_landing_url(user) -> str:
    """The page ``user``'s role starts on (no query)."""
    return reverse(LANDING_PAGES.get(getattr(user, "role", None), settings.LOGIN_REDIRECT_URL))


def landing_url(user) -> str:
    """The page ``user`` lands on after signing in without a ``next`` address."""
    if user.is_authenticated and not user.role and (name := brands.landing(user)):
        return reverse(name)
    return role_landing_url(user)


class LoginView(auth_views.LoginView):
    """Django's sign-in, landing each role on its own start page (``next`` still wins)."""

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


def qr_svg(data: str) -> str:
    """An inline SVG QR code, made here: the TOTP secret never leaves the server."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


# ---------------------------------------------------------------------------
# Second factor
# ---------------------------------------------------------------------------
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol a TOTP authenticator: scan the QR code, type the code it shows.

    Where policy requires the second factor of the user's role, a first step asks for the
    one-time enrolment code the security administrator issued: without it, whoever signs
    in first with the password would bind their own phone. No QR code (no secret) is
    shown before that code is accepted.
    """
    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        messages.info(request, "您已绑定动态口令。如需更换手机，请联系安全管理员重置。")
        return redirect(_next_url(request))
    if security.otp_enrolment_code_required(user):
        device = _granted_device(request)
        if device is None:
            return _enrolment_code_step(request, next_url)
    else:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            request.session[security.OTP_DEVICE_KEY] = True
            request.session.pop(security.OTP_ENROL_GRANT_KEY, None)
            audit_record(user=user, action=AuditAction.OTP_ENROL, obj=user, request=request)
            messages.success(request, "动态口令绑定成功，以后登录时需输入手机验证器中的 6 位数字。")
            return redirect(_next_url(request))
        form.add_error("token", "动态口令不正确，请核对手机时间后重试。")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "required": security.otp_required_for(user),
            "next": next_url,
        },
    )


def _granted_device(request):
    """The unconfirmed device this session may bind, made when the enrolment code was
    accepted (``otp_enrolment_start``), or ``None``."""
    pk = request.session.get(security.OTP_ENROL_GRANT_KEY)
    if pk is None:
        return None
    return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()


def _enrolment_code_step(request, next_url: str):
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp_enrolment_start(user=request.user, code=form.cleaned_data["enrolment_code"], request=request)
        if device is not None:
            request.session[security.OTP_ENROL_GRANT_KEY] = device.pk
            query = f"?{urlencode({'next': next_url})}" if next_url else ""
            return redirect(f"{reverse('otp_setup')}{query}")
        form.add_error("enrolment_code", "绑定码不正确、已使用或已过期，请核对后重试，或请安全管理员重新签发。")
    return render(request, "accounts/otp_enrol_code.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of signing in: the code from the user's authenticator."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('otp_setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            audit_record(user=user, action=AuditAction.OTP_VERIFY, obj=user, request=request)
            return redirect(_next_url(request))
        audit_record(user=user, action=AuditAction.OTP_VERIFY, obj=user, request=request, result=AuditResult.FAILURE)
        form.add_error("token", "动态口令不正确或已过期，请重新输入。")
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


# ---------------------------------------------------------------------------
# Password change (own password; also serves the back office's "修改密码")
# ---------------------------------------------------------------------------
@method_decorator(sensitive_post_parameters(), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        # An account with a second factor changes its password only with it: a verified
        # session, or the current code typed into this form.
        if not user.is_verified():
            kwargs["otp_devices"] = TOTPDevice.objects.filter(user=user, confirmed=True)
        return kwargs

    def form_invalid(self, form):
        if form.has_error("otp_token", code="wrong_token"):
            audit_record(
                user=self.request.user,
                action=AuditAction.OTP_VERIFY,
                obj=self.request.user,
                request=self.request,
                result=AuditResult.FAILURE,
                detail="修改密码：动态口令不正确",
            )
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["forced"] = security.password_change_due(user)
        context["max_age_days"] = settings.PASSWORD_MAX_AGE_DAYS
        context["next"] = self.request.GET.get("next", "")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        # The service ended every session of the user; keep this one.
        security.restamp_epoch(self.request, form.user)
        messages.success(self.request, "密码已修改，您在其他设备上的登录已全部退出。")
        return response

    def get_success_url(self):
        return _next_url(self.request)


class AdminPasswordChangeView(PasswordChangeView):
    """The back office's own "修改密码" page, in the admin's look, through the same service."""

    template_name = "accounts/admin_password_change.html"

    def get_context_data(self, **kwargs):
        from django.contrib import admin

        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}

    def get_success_url(self):
        return reverse("admin:password_change_done")
