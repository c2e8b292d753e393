from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin
from unfold.forms import UserChangeForm, UserCreationForm

from apps.accounts.forms import AdminSetPasswordForm, OTPEnrolmentCodeAdminForm
from apps.accounts.models import OTPEnrolmentCode, User
from apps.accounts.services import (
    otp_device_reset,
    otp_enrolment_code_issue,
    otp_verify_own_token,
    user_set_active,
    user_set_role,
)
from apps.core.admin import ServiceCreateAdminMixin
from apps.core.history import HistoryAdminMixin

admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(HistoryAdminMixin, SimpleHistoryAdmin, BaseUserAdmin, ModelAdmin):
    """Users and roles, for the system administrator.

    Role, status and password changes go through the services, which enforce 三员分立
    (nobody changes their own role) and end sessions on deactivation. The history pages
    are read-only (no revert): a role changes only through ``user_set_role``. Superuser status,
    groups and individual permissions are not editable here: a role is the only grant.
    """

    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminSetPasswordForm
    list_display = ["username", "full_name", "role", "scope_display", "is_active", "last_login"]
    list_filter = ["role", "is_active", "scope_region"]
    search_fields = ["username", "full_name"]
    list_select_related = ["scope_region", "scope_organisation", "scope_team"]
    autocomplete_fields = ["scope_organisation", "scope_team", "person"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["full_name", "mobile", "email", "person"]}),
        ("角色与数据范围", {"fields": ["role", "scope_region", "scope_organisation", "scope_team"]}),
        ("状态", {"fields": ["is_active", "must_change_password", "last_login", "date_joined", "password_changed_at"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        ("角色与数据范围", {"fields": ["full_name", "role", "scope_region", "scope_organisation", "scope_team"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "password_changed_at"]

    @admin.display(description="数据范围")
    def scope_display(self, obj):
        return obj.scope_label

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # 三员分立: an administrator cannot change his own role, scope or status.
            readonly += ["role", "scope_region", "scope_organisation", "scope_team", "is_active"]
        return readonly

    def save_model(self, request, obj, form, change):
        new_role, new_active = obj.role, obj.is_active
        if change:
            # Save the other fields first; role and status change through the services.
            # The stored values, not the form's initial ones: those may come from an old
            # version of the record.
            obj.role, obj.is_active = User.objects.filter(pk=obj.pk).values_list("role", "is_active").get()
        else:
            # An account made by an administrator: its owner picks the password.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
        try:
            user_set_role(user=obj, role=new_role, actor=request.user, request=request)
            if new_active != obj.is_active:
                user_set_active(user=obj, is_active=new_active, actor=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))


# Django's default permissions by codename prefix; a custom permission keeps its own name.
PERMISSION_ACTIONS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, ModelAdmin):
    """Roles' groups, read-only: ``sync_roles`` owns their permissions and the role
    service (``user_set_role``) their members, for everybody, superusers included.

    Permissions are listed in Chinese, by model ("考评申诉：新增、查看"): Django names its
    own "Can add …" in the database, in English."""

    fields = ["name", "permission_list"]
    readonly_fields = ["name", "permission_list"]

    @admin.display(description="权限")
    def permission_list(self, obj):
        from django.utils.html import format_html_join

        by_model: dict[str, list[str]] = {}
        for perm in obj.permissions.select_related("content_type").order_by("content_type__app_label", "codename"):
            model = perm.content_type.model_class()
            model_name = model._meta.verbose_name if model else perm.content_type.model
            action = perm.codename.split("_", 1)[0]
            by_model.setdefault(str(model_name), []).append(PERMISSION_ACTIONS.get(action, perm.name))
        return format_html_join("", "<div>{}：{}</div>", ((name, "、".join(acts)) for name, acts in by_model.items()))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------
# Security administrator: lockouts and second-factor devices
# ---------------------------------------------------------------------------
@admin.register(AccessAttempt)
class AccessAttemptAdmin(ModelAdmin):
    """Failed sign-ins counted by django-axes. Deleting a row lifts that lockout."""

    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    readonly_fields = [
        "attempt_time",
        "username",
        "ip_address",
        "user_agent",
        "path_info",
        "failures_since_start",
    ]
    # Axes keeps no request data here any more (apps.accounts.lockout).
    exclude = ["http_accept", "get_data", "post_data"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-otp registers its own admin (which shows the secret and a QR code): replace it.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ModelAdmin):
    """Users' authenticators. The secret is never shown; deleting a device makes its
    owner enrol again at the next sign-in (a lost phone), with a new enrolment code.

    A reset takes the security administrator's own current code on the confirmation page
    (a stolen administrator password alone must not strip someone's second factor), one
    device at a time: no bulk delete.
    """

    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = dict(extra_context or {})
        if request.method == "POST":
            error = otp_verify_own_token(
                user=request.user,
                token=request.POST.get("otp_token", "").strip(),
                request=request,
                purpose="重置动态口令设备",
            )
            if error:
                # Show the confirmation again, with the error, instead of deleting.
                extra_context["otp_error"] = error
                request.POST = QueryDict()
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        otp_device_reset(device=obj, actor=request.user, request=request)


@admin.register(OTPEnrolmentCode)
class OTPEnrolmentCodeAdmin(ServiceCreateAdminMixin, ModelAdmin):
    """One-time codes for a first binding of an authenticator, issued by the security
    administrator after checking who asks (in person or by a call-back). The code is shown
    once, on the page after issuing; only its keyed hash is stored."""

    form = OTPEnrolmentCodeAdminForm
    list_display = ["user", "issued_by", "created_at", "expires_at", "status_display", "used_at"]
    list_select_related = ["user", "issued_by"]
    search_fields = ["user__username", "user__full_name"]
    ordering = ["-created_at"]
    show_full_result_count = False
    readonly_fields = ["user", "issued_by", "created_at", "expires_at", "used_at", "voided_at", "failures"]

    @admin.display(description="状态")
    def status_display(self, obj):
        return obj.status

    def get_fields(self, request, obj=None):
        return ["user"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # What the page after issuing shows of the new code (never its hash).
    created_fields = ("issued_by", "created_at", "expires_at")

    def service_create(self, request, obj, form):
        request._otp_enrolment_code = otp_enrolment_code_issue(user=obj.user, actor=request.user, request=request)
        return OTPEnrolmentCode.objects.filter(user=obj.user).order_by("-id").first()

    def response_add(self, request, obj, post_url_continue=None):
        response = TemplateResponse(
            request,
            "admin/accounts/otpenrolmentcode/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "绑定码已签发",
                "record": obj,
                "code": request._otp_enrolment_code,
            },
        )
        add_never_cache_headers(response)
        return response
