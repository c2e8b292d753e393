from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from apps.accounts.models import User
from apps.accounts.services import user_set_role

admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_set_role(user=obj, role=obj.role)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, ModelAdmin):
    pass
