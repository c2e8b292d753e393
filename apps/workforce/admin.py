from django.contrib import admin
from unfold.decorators import display

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

    # Not a boolean column: unfold draws True as a green tick and False as a red cross,
    # the opposite of what an overdue flag means. Overdue is a red 已逾期, the rest neutral.
    @display(description="逾期", label={"已逾期": "danger"})
    def overdue_flag(self, obj):
        return "已逾期" if obj.is_overdue else "未逾期"
