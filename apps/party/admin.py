from django.contrib import admin
from unfold.admin import TabularInline

from apps.core.admin import BaseAdmin
from apps.core.scoping import ScopedInlineMixin
from apps.party import models as m


class CoManagerInline(ScopedInlineMixin, TabularInline):
    model = m.CoManager
    extra = 0


class PostInline(ScopedInlineMixin, TabularInline):
    model = m.OrganisationPost
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(m.Organisation)
class OrganisationAdmin(BaseAdmin):
    list_display = ["name", "kind", "parent", "region", "setup_type", "status"]
    list_filter = ["region", "kind", "setup_type", "status"]
    search_fields = ["name", "former_unit"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["parent"]
    inlines = [PostInline, CoManagerInline]


@admin.register(m.Membership)
class MembershipAdmin(BaseAdmin):
    list_display = ["person", "organisation", "joined_party_on", "joined_on", "status", "left_on"]
    list_filter = ["status", "organisation__region"]
    search_fields = ["person__name", "person__name_initials", "person__name_pinyin", "organisation__name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person", "organisation"]


class AttendanceInline(ScopedInlineMixin, TabularInline):
    model = m.Attendance
    extra = 0
    autocomplete_fields = ["person"]


class PhotoInline(ScopedInlineMixin, TabularInline):
    model = m.ActivityPhoto
    extra = 0


@admin.register(m.ActivityLog)
class ActivityLogAdmin(BaseAdmin):
    list_display = ["held_on", "organisation", "activity_type", "theme", "mode", "status"]
    list_filter = ["status", "activity_type", "mode", "organisation__region"]
    search_fields = ["theme", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["organisation"]
    inlines = [AttendanceInline, PhotoInline]


@admin.register(m.ComplianceRule)
class ComplianceRuleAdmin(BaseAdmin):
    list_display = ["activity_type", "period", "required_count", "org_kind", "active"]
    list_filter = ["period", "active"]


@admin.register(m.TrainingClass)
class TrainingClassAdmin(BaseAdmin):
    list_display = ["name", "training_type", "organiser_level", "region", "start_on", "end_on", "capacity"]
    list_filter = ["training_type", "organiser_level", "region"]
    search_fields = ["name", "place"]
    list_select_related = ["region"]


@admin.register(m.TrainingAttendance)
class TrainingAttendanceAdmin(BaseAdmin):
    list_display = ["person", "training_class", "organisation", "attended"]
    list_filter = ["attended", "training_class__training_type"]
    search_fields = ["person__name", "person__name_initials", "training_class__name"]
    list_select_related = ["person", "training_class", "organisation"]
    autocomplete_fields = ["person", "training_class", "organisation"]


class ReviewItemInline(ScopedInlineMixin, TabularInline):
    model = m.ReviewItem
    extra = 0


@admin.register(m.StandardisationReview)
class StandardisationReviewAdmin(BaseAdmin):
    list_display = ["organisation", "year", "result", "reviewer", "reviewed_on"]
    list_filter = ["year", "result", "organisation__region"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    inlines = [ReviewItemInline]


@admin.register(m.DemonstrationPoint)
class DemonstrationPointAdmin(BaseAdmin):
    list_display = ["brand_name", "organisation", "level", "designated_year", "recheck_year", "recheck_passed"]
    list_filter = ["level", "designated_year"]
    search_fields = ["brand_name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(m.EducationBase)
class EducationBaseAdmin(BaseAdmin):
    list_display = ["name", "batch", "region"]
    list_filter = ["batch", "region"]
    search_fields = ["name"]
    list_select_related = ["region"]


@admin.register(m.EducationSession)
class EducationSessionAdmin(BaseAdmin):
    list_display = ["held_on", "topic", "base", "organisation", "participants"]
    list_filter = ["base"]
    search_fields = ["topic", "base__name", "organisation__name"]
    list_select_related = ["base", "organisation"]
    autocomplete_fields = ["base", "organisation"]


@admin.register(m.PartyProject)
class PartyProjectAdmin(BaseAdmin):
    list_display = ["name", "kind", "year", "organisation", "outcome"]
    list_filter = ["kind", "year", "outcome"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(m.FundingEntry)
class FundingEntryAdmin(BaseAdmin):
    list_display = ["organisation", "year", "kind", "amount"]
    list_filter = ["year", "kind"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
