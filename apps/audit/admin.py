"""The audit log in the back office: the audit administrator searches, filters and
exports it; nobody (superusers included) can add, change or delete an entry."""

from django.apps import apps as django_apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RangeDateTimeFilter

from apps.audit.choices import AuditAction, AuditResult
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.downloads import export_filename, set_attachment

EXPORT_PERMISSION = "audit.export_auditevent"
EXPORT_LIMIT = 100_000
EXPORT_FIELDS = [
    "created_at",
    "username",
    "ip_address",
    "action",
    "result",
    "object_type",
    "object_id",
    "object_repr",
    "detail",
]


# Object types that are not models.
OBJECT_TYPE_NAMES = {"dashboard": "数据看板"}
# Who acted when nobody signed in did (scheduled tasks, the purge).
SYSTEM_USERNAME = "system"


def object_type_label(value: str) -> str:
    """``party.organisation`` → its model's Chinese name (党组织); the code itself only when
    it names nothing known."""
    if not value:
        return ""
    if value in OBJECT_TYPE_NAMES:
        return OBJECT_TYPE_NAMES[value]
    try:
        return str(django_apps.get_model(value)._meta.verbose_name)
    except (LookupError, ValueError):
        return value


class ObjectTypeFilter(admin.SimpleListFilter):
    title = "对象类型"
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        values = model_admin.get_queryset(request).order_by().values_list("object_type", flat=True).distinct()
        return sorted(((v, object_type_label(v)) for v in values if v), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ModelAdmin):
    list_display = ["created_at", "who", "ip_address", "action", "result", "object_type_display", "object_repr"]
    list_filter = [("created_at", RangeDateTimeFilter), "action", "result", ObjectTypeFilter]
    list_filter_submit = True
    search_fields = ["username", "object_repr", "object_id", "detail"]
    search_help_text = "按用户名、对象名称、对象编号或详情搜索"
    date_hierarchy = None
    ordering = ["-created_at", "-id"]
    list_per_page = 50
    show_full_result_count = False
    actions = None
    fields = [
        "created_at",
        "who",
        "user",
        "ip_address",
        "action",
        "result",
        "object_type_display",
        "object_id",
        "object_repr",
        "detail",
    ]
    readonly_fields = fields
    change_list_template = "audit/auditevent_change_list.html"

    @admin.display(description="用户名", ordering="username")
    def who(self, obj):
        return "系统" if obj.username == SYSTEM_USERNAME else obj.username

    @admin.display(description="对象类型", ordering="object_type")
    def object_type_display(self, obj):
        return object_type_label(obj.object_type)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        export = path("export/", self.admin_site.admin_view(self.export_view), name="audit_auditevent_export")
        return [export, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_export": request.user.has_perm(EXPORT_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def export_view(self, request):
        """The changelist as filtered and searched, as an xlsx (at most 100,000 rows)."""
        from apps.core.excel.writer import write_rows

        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied("您没有导出审计日志的权限。")
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request).values_list(*EXPORT_FIELDS)[:EXPORT_LIMIT]
        headers = [str(AuditEvent._meta.get_field(name).verbose_name) for name in EXPORT_FIELDS]
        actions, results = dict(AuditAction.choices), dict(AuditResult.choices)
        rows = [
            [
                timezone.localtime(created_at).strftime("%Y-%m-%d %H:%M:%S"),
                username,
                ip or "",
                actions.get(action, action),
                results.get(result, result),
                object_type_label(object_type),
                *rest,
            ]
            for created_at, username, ip, action, result, object_type, *rest in queryset
        ]
        data = write_rows(headers, rows, title="审计日志")
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            request=request,
            object_type="audit.auditevent",
            detail=f"导出审计日志 {len(rows)} 条",
        )
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return set_attachment(response, export_filename("审计日志"))
