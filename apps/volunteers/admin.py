from django.contrib import admin
from unfold.admin import TabularInline

from apps.core.admin import BaseAdmin
from apps.core.scoping import ScopedInlineMixin
from apps.volunteers.models import Team, TeamMember


class TeamMemberInline(ScopedInlineMixin, TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Team)
class TeamAdmin(BaseAdmin):
    list_display = ["name", "brand_name", "region", "leader", "partner_branch", "founded_on"]
    list_filter = ["region"]
    search_fields = ["name", "brand_name"]
    list_select_related = ["region", "leader", "partner_branch"]
    autocomplete_fields = ["leader", "partner_branch"]
    inlines = [TeamMemberInline]


@admin.register(TeamMember)
class TeamMemberAdmin(BaseAdmin):
    list_display = ["person", "team", "joined_on", "active"]
    list_filter = ["active", "team__region"]
    search_fields = ["person__name", "person__name_initials", "team__name"]
    list_select_related = ["person", "team"]
    autocomplete_fields = ["person", "team"]
