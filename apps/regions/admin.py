from django.contrib import admin
from unfold.admin import ModelAdmin

from apps.core.scoping import ScopedAdminMixin
from apps.regions.models import Region


@admin.register(Region)
class RegionAdmin(ScopedAdminMixin, ModelAdmin):
    # Reference data loaded from fixtures/regions.json: no history.
    list_display = ["name", "code", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
