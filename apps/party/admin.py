"""银发先锋 in the back office.

Every list has search, filters, an ordering and ``list_select_related``; every model keeps
its history (``BaseAdmin``). Changes that are more than a save — moving an organisation,
transferring a member, recording a death — go through ``apps.party.services`` from the
forms in ``apps.party.admin_views`` (buttons on the change page), so the fields they own
are read-only here.
"""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from unfold.admin import TabularInline
from unfold.decorators import action, display

from apps.core.admin import BaseAdmin, ServiceCreateAdminMixin
from apps.core.excel.admin import ExcelAdminMixin
from apps.core.scoping import ScopedInlineMixin
from apps.party import admin_views, resources, services
from apps.party import models as m
from apps.party import selectors as party_selectors
from apps.party.admin_actions import approve_logs, return_logs
from apps.party.choices import OrgKind, PostKind, ReviewItemKind
from apps.party.forms import PhotoUploadField, PostFormSet, ReviewItemFormSet, TrainingAttendanceFormSet


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
class SubtreeFilter(admin.SimpleListFilter):
    """An organisation and everything under it (the materialised path makes it one filter)."""

    title = "所属上级（含全部下级）"
    parameter_name = "subtree"

    def lookups(self, request, model_admin):
        parents = (
            m.Organisation.objects.for_user(request.user)
            .exclude(kind__in=[OrgKind.BRANCH, OrgKind.GROUP])
            .order_by("path")
            .values_list("pk", "name", "depth")
        )
        return [(str(pk), "　" * depth + name) for pk, name, depth in parents]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            top = m.Organisation.objects.for_user(request.user).only("path").get(pk=int(self.value()))
        except (ValueError, m.Organisation.DoesNotExist):
            return queryset.none()
        return queryset.filter(path__startswith=top.path)


class CoManagerInline(ScopedInlineMixin, TabularInline):
    model = m.CoManager
    extra = 0
    tab = True


class PostInline(ScopedInlineMixin, TabularInline):
    """Secretary and committee, with every past term (ended ones keep their dates)."""

    model = m.OrganisationPost
    formset = PostFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["post", "person", "started_on", "ended_on"]
    ordering = ["ended_on", "post", "-started_on"]
    verbose_name_plural = "书记与班子成员（含历任）"
    tab = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class OrganisationAdminForm(forms.ModelForm):
    class Meta:
        model = m.Organisation
        fields = [
            "name",
            "kind",
            "parent",
            "region",
            "status",
            "setup_type",
            "former_unit",
            "founded_on",
            "contact_phone",
            "note",
        ]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("kind"):
            try:
                services.organisation_check_parent(kind=data["kind"], parent=data.get("parent"))
            except ValidationError as exc:
                self.add_error("parent", exc.message_dict["parent"])
        return data


@admin.register(m.Organisation)
class OrganisationAdmin(ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.OrganisationResource]
    form = OrganisationAdminForm
    list_display = ["tree_name", "kind", "region", "setup_type", "secretary_name", "member_count", "sub_link", "status"]
    list_filter = [SubtreeFilter, "region", "kind", "setup_type", "status"]
    search_fields = ["name", "former_unit"]
    list_select_related = ["region"]
    ordering = ["path"]
    autocomplete_fields = ["parent"]
    inlines = [PostInline, CoManagerInline]
    actions_detail = ["move_action"]
    fieldsets = [
        (None, {"fields": ["breadcrumbs", "name", "kind", "parent", "region", "status"]}),
        ("设置情况", {"fields": ["setup_type", "former_unit", "founded_on", "contact_phone", "note"]}),
        ("下级党组织", {"fields": ["children_list"]}),
    ]

    def get_queryset(self, request):
        # Who is secretary and who is a member today: a handover or transfer entered
        # ahead of time shows from its date.
        today = timezone.localdate()
        secretary = (
            party_selectors.posts_on(today)
            .filter(organisation=OuterRef("pk"), post=PostKind.SECRETARY)
            .order_by("-started_on")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                secretary_name=Subquery(secretary.values("person__name")[:1]),
                member_total=Count("memberships", filter=m.membership_on_q(today, prefix="memberships__")),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        fixed = ["breadcrumbs", "children_list"]
        # The place in the tree changes only through 调整隶属关系 (organisation_move).
        return [*fixed, "parent", "kind"] if obj else fixed

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.organisation_set_path(obj)

    def history_revert(self, request, obj, form):
        # Only the fields the change form edits; the tree (parent, kind, path, depth) is
        # never restored from history: it changes through 调整隶属关系 alone.
        editable = {f.name for f in m.Organisation._meta.concrete_fields}
        services.organisation_update(
            organisation=obj,
            user=request.user,
            **{name: value for name, value in form.cleaned_data.items() if name in editable},
        )

    @display(description="名称", ordering="path")
    def tree_name(self, obj):
        indent = "　" * obj.depth
        marker = "└ " if obj.depth else ""
        return f"{indent}{marker}{obj.name}"

    @display(description="书记")
    def secretary_name(self, obj):
        return obj.secretary_name or "—"

    @display(description="在册党员", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    @display(description="下级")
    def sub_link(self, obj):
        if obj.kind == OrgKind.GROUP:
            return "—"
        url = reverse("admin:party_organisation_changelist")
        return format_html('<a href="{}?subtree={}">查看下级</a>', url, obj.pk)

    @display(description="组织路径")
    def breadcrumbs(self, obj):
        if not obj or not obj.pk:
            return "—"
        ids = [int(part) for part in obj.path.split(".") if part]
        names = dict(m.Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
        return format_html_join(
            " › ",
            '<a href="{}">{}</a>',
            ((reverse("admin:party_organisation_change", args=[pk]), names[pk]) for pk in ids if pk in names),
        )

    @display(description="下级党组织")
    def children_list(self, obj):
        if not obj or not obj.pk:
            return "—"
        children = obj.children.order_by("path").values_list("pk", "name", "kind")
        if not children:
            return "无"
        kinds = dict(OrgKind.choices)
        # The separator is escaped unless marked safe: a bare "<br>" showed as text.
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>（{}）',
            ((reverse("admin:party_organisation_change", args=[pk]), name, kinds[kind]) for pk, name, kind in children),
        )

    @action(description="调整隶属关系", url_path="move", permissions=["change"], icon="drive_file_move")
    def move_action(self, request, object_id):
        return admin_views.organisation_move_view(self, request, object_id)

    def get_urls(self):
        return [
            path(
                "compliance/",
                self.admin_site.admin_view(lambda request: admin_views.compliance_view(self, request)),
                name="party_organisation_compliance",
            ),
            *super().get_urls(),
        ]


# ---------------------------------------------------------------------------
# Membership
# ---------------------------------------------------------------------------
class CurrentFilter(admin.SimpleListFilter):
    title = "是否在册"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "在册"), ("no", "不在册（已转出、去世或尚未转入）")]

    def queryset(self, request, queryset):
        # 在册 today (a transfer dated later has not taken effect yet).
        on_roll = m.membership_on_q(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(on_roll)
        if self.value() == "no":
            return queryset.exclude(on_roll)
        return queryset


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = m.Membership
        fields = ["person", "organisation", "joined_party_on", "joined_on", "counterpart", "note"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("person") and data.get("organisation") and data.get("joined_on"):
            try:
                services.membership_check_join(
                    person=data["person"],
                    organisation=data["organisation"],
                    joined_on=data["joined_on"],
                    joined_party_on=data.get("joined_party_on"),
                )
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return data


@admin.register(m.Membership)
class MembershipAdmin(ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.MemberResource]
    form = MembershipAdminForm
    list_display = ["person", "organisation", "joined_party_on", "joined_on", "status", "left_on", "counterpart"]
    list_filter = [CurrentFilter, "status", "organisation__region", "organisation__setup_type"]
    search_fields = ["person__name", "person__name_initials", "person__name_pinyin", "organisation__name"]
    list_select_related = ["person", "organisation"]
    ordering = ["organisation__path", "person__name_pinyin"]
    autocomplete_fields = ["person", "organisation"]
    actions_detail = ["transfer_action", "deceased_action"]
    add_fields = ["person", "organisation", "joined_party_on", "joined_on", "counterpart", "note"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return ["person", "organisation", "joined_party_on", "joined_on", "status", "left_on", "counterpart", "note"]

    def get_readonly_fields(self, request, obj=None):
        # Leaving a branch goes through 组织关系转接 / 登记去世, which keep the history whole.
        if obj is None:
            return []
        return ["person", "organisation", "joined_on", "status", "left_on", "counterpart"]

    created_fields = ("status",)

    def service_create(self, request, obj, form):
        return services.membership_join(
            person=obj.person,
            organisation=obj.organisation,
            joined_on=obj.joined_on,
            joined_party_on=obj.joined_party_on,
            counterpart=obj.counterpart,
            note=obj.note,
            user=request.user,
        )

    @action(description="组织关系转接", url_path="transfer", permissions=["change"], icon="move_up")
    def transfer_action(self, request, object_id):
        return admin_views.membership_transfer_view(self, request, object_id)

    @action(description="登记去世", url_path="deceased", permissions=["change"], icon="deceased")
    def deceased_action(self, request, object_id):
        return admin_views.membership_deceased_view(self, request, object_id)


# ---------------------------------------------------------------------------
# Activity logs (the write path is apps.party.logs; the back office reads and corrects)
# ---------------------------------------------------------------------------
class AttendanceInline(ScopedInlineMixin, TabularInline):
    model = m.Attendance
    extra = 0
    autocomplete_fields = ["person"]
    tab = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class PhotoInline(ScopedInlineMixin, TabularInline):
    """Photos are shown through the scope-checked ``workspace:photo`` view, never by their
    file's media address; an upload here goes through the one photo service, like the
    workspace's (``apps.party.photos``: re-encoded to clean pixels)."""

    model = m.ActivityPhoto
    extra = 0
    tab = True
    fields = ["preview", "image", "caption", "uploaded_at"]
    readonly_fields = ["preview", "uploaded_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "image":
            # A plain file input: the clearable one would print the stored file's address.
            kwargs["form_class"] = PhotoUploadField
            kwargs["widget"] = forms.FileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="照片")
    def preview(self, obj):
        if not obj.pk:
            return ""
        url = reverse("workspace:photo", args=[obj.pk])
        return format_html('<a href="{}"><img src="{}" alt="活动照片" width="160" loading="lazy"></a>', url, url)


class HeldYearFilter(admin.SimpleListFilter):
    title = "活动年度"
    parameter_name = "held_on__year"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(year), f"{year}年") for year in range(this_year, this_year - 6, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            year = int(self.value())
            return queryset.filter(held_on__gte=datetime.date(year, 1, 1), held_on__lt=datetime.date(year + 1, 1, 1))
        return queryset


@admin.register(m.ActivityLog)
class ActivityLogAdmin(ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.ActivityLogResource]
    list_display = ["held_on", "organisation", "activity_type", "theme", "mode", "present_count", "status"]
    # A year filter with a fixed list instead of date_hierarchy: the hierarchy scans the
    # whole table for its DISTINCT years on every page view (seconds at city scale).
    list_filter = [HeldYearFilter, "status", "activity_type", "mode", "organisation__region"]
    search_fields = ["theme", "campaign", "organisation__name"]
    list_select_related = ["organisation"]
    ordering = ["-held_on", "-id"]
    autocomplete_fields = ["organisation"]
    readonly_fields = [
        "status",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
        "review_comment",
        "created_by",
        "attendance_summary",
    ]
    inlines = [AttendanceInline, PhotoInline]
    actions = [approve_logs, return_logs]

    @display(description="出席汇总")
    def attendance_summary(self, obj):
        if obj is None or not obj.pk:
            return "保存后显示"
        summary = party_selectors.attendance_summary(obj)
        text = f"应到 {summary['expected']} 人 / 实到 {summary['present']} 人"
        if summary["absent"]:
            text += f"；缺席 {len(summary['absent'])} 人：" + "、".join(summary["absent"])
        return text

    def get_queryset(self, request):
        # A correlated subquery, computed for the page's rows only: a Count() join would
        # group the whole table with its attendance (3 million rows at city scale) for the
        # page, its count and the date hierarchy — 18 s instead of milliseconds.
        present = (
            m.Attendance.objects.filter(log=OuterRef("pk"), present=True)
            .order_by()
            .values("log")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(present_n=Coalesce(Subquery(present), 0))

    @display(description="出席人数", ordering="present_n")
    def present_count(self, obj):
        return obj.present_n


class RuleInForceFilter(admin.SimpleListFilter):
    title = "执行状态"
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", "今日有效"), ("no", "已停止或尚未生效")]

    def queryset(self, request, queryset):
        in_force = m.rule_in_force_q(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(in_force)
        if self.value() == "no":
            return queryset.exclude(in_force)
        return queryset


class ComplianceRuleAdminForm(forms.ModelForm):
    class Meta:
        model = m.ComplianceRule
        fields = ["activity_type", "period", "required_count", "org_kind", "valid_from", "note"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and not self.errors:
            try:
                services.compliance_rule_check_create(
                    activity_type=data["activity_type"],
                    period=data["period"],
                    org_kind=data["org_kind"],
                    valid_from=data["valid_from"],
                )
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return data


@admin.register(m.ComplianceRule)
class ComplianceRuleAdmin(ServiceCreateAdminMixin, BaseAdmin):
    """A rule is changed by adding a version (修订规则) or closing it (停止执行), never in
    place: a year's figures keep the rules in force then."""

    form = ComplianceRuleAdminForm
    list_display = ["activity_type", "period", "required_count", "org_kind", "valid_from", "valid_to", "note"]
    list_filter = [RuleInForceFilter, "period", "org_kind"]
    search_fields = ["note"]
    ordering = ["period", "activity_type", "valid_from"]
    actions_detail = ["revise_action", "close_action"]
    fields = ["activity_type", "period", "required_count", "org_kind", "valid_from", "valid_to", "note"]

    def get_fields(self, request, obj=None):
        return [name for name in self.fields if obj is not None or name != "valid_to"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.fields

    def get_changeform_initial_data(self, request):
        return {"valid_from": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def has_delete_permission(self, request, obj=None):
        # Deleting a rule would rewrite the years it was in force: close it instead.
        return False

    saved_on_change = False  # every field is read-only on an existing version

    def service_create(self, request, obj, form):
        return services.compliance_rule_create(
            activity_type=obj.activity_type,
            period=obj.period,
            required_count=obj.required_count,
            org_kind=obj.org_kind,
            valid_from=obj.valid_from,
            note=obj.note,
        )

    @action(description="修订规则", url_path="revise", permissions=["change"], icon="edit_calendar")
    def revise_action(self, request, object_id):
        return admin_views.compliance_rule_revise_view(self, request, object_id)

    @action(description="停止执行", url_path="close", permissions=["change"], icon="event_busy")
    def close_action(self, request, object_id):
        return admin_views.compliance_rule_close_view(self, request, object_id)


# ---------------------------------------------------------------------------
# 领头雁 training
# ---------------------------------------------------------------------------
class TrainingAttendanceInline(ScopedInlineMixin, TabularInline):
    model = m.TrainingAttendance
    formset = TrainingAttendanceFormSet
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    tab = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation")


@admin.register(m.TrainingClass)
class TrainingClassAdmin(BaseAdmin):
    list_display = [
        "name",
        "training_type",
        "organiser_level",
        "region",
        "start_on",
        "end_on",
        "capacity",
        "enrolled",
        "person_times",
    ]
    list_filter = ["training_type", "organiser_level", "region"]
    search_fields = ["name", "place"]
    list_select_related = ["region"]
    ordering = ["-start_on", "name"]
    date_hierarchy = "start_on"
    inlines = [TrainingAttendanceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                enrolled_n=Count("attendance"),
                attended_n=Count("attendance", filter=Q(attendance__attended=True)),
            )
        )

    @display(description="报名人数", ordering="enrolled_n")
    def enrolled(self, obj):
        return obj.enrolled_n

    @display(description="参训人次", ordering="attended_n")
    def person_times(self, obj):
        return obj.attended_n

    def get_urls(self):
        return [
            path(
                "coverage/",
                self.admin_site.admin_view(lambda request: admin_views.training_coverage_view(self, request)),
                name="party_trainingclass_coverage",
            ),
            *super().get_urls(),
        ]


@admin.register(m.TrainingAttendance)
class TrainingAttendanceAdmin(ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.TrainingAttendanceResource]
    list_display = ["person", "training_class", "organisation", "attended"]
    list_filter = ["attended", "training_class__training_type", "training_class__organiser_level", "person__region"]
    search_fields = ["person__name", "person__name_initials", "person__name_pinyin", "training_class__name"]
    list_select_related = ["person", "training_class", "organisation"]
    ordering = ["-training_class__start_on", "person__name_pinyin"]
    autocomplete_fields = ["person", "training_class", "organisation"]


# ---------------------------------------------------------------------------
# 六有一提升 and demonstration points
# ---------------------------------------------------------------------------
class ReviewItemInline(ScopedInlineMixin, TabularInline):
    model = m.ReviewItem
    formset = ReviewItemFormSet
    fields = ["item", "passed", "evidence"]
    max_num = len(ReviewItemKind.values)

    def get_extra(self, request, obj=None, **kwargs):
        # A new review starts with the seven items listed, ready to tick.
        return 0 if obj else len(ReviewItemKind.values)


@admin.register(m.StandardisationReview)
class StandardisationReviewAdmin(BaseAdmin):
    list_display = ["organisation", "year", "result", "items_passed", "reviewer", "reviewed_on"]
    list_filter = ["year", "result", "organisation__region"]
    search_fields = ["organisation__name", "reviewer"]
    list_select_related = ["organisation"]
    ordering = ["-year", "organisation__path"]
    autocomplete_fields = ["organisation"]
    inlines = [ReviewItemInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(passed_n=Count("items", filter=Q(items__passed=True)), items_n=Count("items"))
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ReviewItemInline) and not obj.pk and request.method == "GET":
            kwargs["initial"] = [{"item": kind} for kind in ReviewItemKind.values]
        return kwargs

    @display(description="达标项", ordering="passed_n")
    def items_passed(self, obj):
        return f"{obj.passed_n}/{obj.items_n}"


@admin.register(m.DemonstrationPoint)
class DemonstrationPointAdmin(BaseAdmin):
    list_display = ["brand_name", "organisation", "level", "designated_year", "recheck_year", "recheck_passed"]
    list_filter = ["level", "designated_year", "recheck_passed", "organisation__region"]
    search_fields = ["brand_name", "organisation__name"]
    list_select_related = ["organisation"]
    ordering = ["-designated_year", "brand_name"]
    autocomplete_fields = ["organisation"]


# ---------------------------------------------------------------------------
# Education bases, projects, funding
# ---------------------------------------------------------------------------
class EducationSessionInline(ScopedInlineMixin, TabularInline):
    model = m.EducationSession
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["held_on", "topic", "organisation", "participants"]
    ordering = ["-held_on"]
    tab = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(m.EducationBase)
class EducationBaseAdmin(BaseAdmin):
    list_display = ["name", "batch", "region", "session_count", "participant_total"]
    list_filter = ["batch", "region"]
    search_fields = ["name", "address"]
    list_select_related = ["region"]
    ordering = ["batch", "name"]
    inlines = [EducationSessionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(sessions_n=Count("sessions"), participants_n=Sum("sessions__participants"))
        )

    @display(description="教育活动场次", ordering="sessions_n")
    def session_count(self, obj):
        return obj.sessions_n

    @display(description="参加人次", ordering="participants_n")
    def participant_total(self, obj):
        return obj.participants_n or 0


@admin.register(m.EducationSession)
class EducationSessionAdmin(BaseAdmin):
    list_display = ["held_on", "topic", "base", "organisation", "participants"]
    list_filter = ["base__batch", "organisation__region"]
    search_fields = ["topic", "base__name", "organisation__name"]
    list_select_related = ["base", "organisation"]
    ordering = ["-held_on"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["base", "organisation"]


@admin.register(m.PartyProject)
class PartyProjectAdmin(BaseAdmin):
    list_display = ["name", "kind", "year", "organisation", "outcome"]
    list_filter = ["kind", "year", "outcome", "organisation__region"]
    search_fields = ["name", "summary", "organisation__name"]
    list_select_related = ["organisation"]
    ordering = ["-year", "organisation__path"]
    autocomplete_fields = ["organisation"]


@admin.register(m.FundingEntry)
class FundingEntryAdmin(BaseAdmin):
    list_display = ["organisation", "year", "kind", "amount", "note"]
    list_filter = ["year", "kind", "organisation__region"]
    search_fields = ["organisation__name", "note"]
    list_select_related = ["organisation"]
    ordering = ["-year", "organisation__path", "kind"]
    autocomplete_fields = ["organisation"]

    def get_urls(self):
        return [
            path(
                "totals/",
                self.admin_site.admin_view(lambda request: admin_views.funding_totals_view(self, request)),
                name="party_fundingentry_totals",
            ),
            *super().get_urls(),
        ]
