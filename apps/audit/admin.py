"""The audit log in the back office: the audit administrator searches, filters and
exports it; nobody (superusers included) can add, change or delete an entry."""

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


@admin.register(AuditEvent)
class AuditEventAdmin(ModelAdmin):
    list_display = ["created_at", "username", "ip_address", "action", "result", "object_type", "object_repr"]
    list_filter = [("created_at", RangeDateTimeFilter), "action", "result", "object_type"]
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
        "username",
        "user",
        "ip_address",
        "action",
        "result",
        "object_type",
        "object_id",
        "object_repr",
        "detail",
    ]
    readonly_fields = fields
    change_list_template = "audit/auditevent_change_list.html"

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
        from apps.core.excel.formats import write_rows

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
                *rest,
            ]
            for created_at, username, ip, action, result, *rest in queryset
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
