from django.contrib import admin

from apps.core.admin import BaseAdmin
from apps.workforce.models import RectificationItem


@admin.register(RectificationItem)
class RectificationItemAdmin(BaseAdmin):
    list_display = ["problem_short", "source", "region", "owner", "deadline", "status", "overdue_flag"]
    list_filter = ["status", "region", "source"]
    search_fields = ["problem", "owner", "source"]
    list_select_related = ["region"]
    date_hierarchy = "deadline"

    @admin.display(description="问题")
    def problem_short(self, obj):
        return str(obj)

    @admin.display(description="逾期", boolean=True)
    def overdue_flag(self, obj):
        return obj.is_overdue
