"""The back office of 绿扬霞光: every list searchable and filtered, history on every record,
writes through ``apps.volunteers.services``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from unfold.admin import TabularInline
from unfold.decorators import action

from apps.core.admin import BaseAdmin, ServiceCheckedAdminMixin, ServiceCreateAdminMixin
from apps.core.excel.admin import ExcelAdminMixin
from apps.core.scoping import ScopedInlineMixin
from apps.volunteers import admin_views, resources, services
from apps.volunteers import models as m
from apps.volunteers.choices import CertificateStatus, CorrectionKind, CorrectionStatus, MemberStatus, RecordStatus


class TeamMemberInline(ScopedInlineMixin, TabularInline):
    model = m.TeamMember
    extra = 0
    fields = ["person", "volunteer_number", "joined_on", "status"]
    readonly_fields = ["person", "volunteer_number", "joined_on", "status"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Joining records the volunteer's consent: through the volunteer's own form.
        return False


@admin.register(m.Team)
class TeamAdmin(BaseAdmin):
    list_display = ["name", "brand_name", "region", "leader", "partner_branch", "founded_on", "four_unified_percent"]
    list_filter = ["region"]
    search_fields = ["name", "brand_name", "theme", "service_content"]
    list_select_related = ["region", "leader", "partner_branch"]
    autocomplete_fields = ["leader", "partner_branch"]
    readonly_fields = ["four_unified_card"]
    fieldsets = [
        ("基本信息", {"fields": ["name", "brand_name", "emblem", "region", "leader", "partner_branch", "founded_on"]}),
        ("四个统一", {"fields": ["four_unified_card", "service_content", "theme", "charter"]}),
        ("年度计划与目标", {"fields": ["annual_plan", "target_hours", "target_members", "managing_unit"]}),
    ]
    inlines = [TeamMemberInline]

    @admin.display(description="四个统一完成度")
    def four_unified_percent(self, obj):
        return f"{obj.four_unified()['percent']}%"

    @admin.display(description="四个统一")
    def four_unified_card(self, obj):
        if obj is None or obj.pk is None:
            return "保存后显示。"
        card = obj.four_unified()
        parts = []
        for group in card["groups"]:
            items = "、".join(f"{name}{'✓' if ok else '（未填）'}" for name, ok in group["items"])
            parts.append(format_html("<div><strong>{}</strong>：{}</div>", group["title"], items))
        summary = format_html(
            "<div>已完成 {} / {} 项，完成度 {}%</div>", card["filled"], card["total"], card["percent"]
        )
        return format_html("{}{}", summary, format_html_join("", "{}", ((p,) for p in parts)))

    def save_model(self, request, obj, form, change):
        services.team_save(team=obj, user=request.user)


class StatusFilter(admin.SimpleListFilter):
    title = "状态"
    parameter_name = "member_status"

    def lookups(self, request, model_admin):
        from apps.volunteers.choices import MemberStatus

        return MemberStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(m.TeamMember)
class TeamMemberAdmin(ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.VolunteerResource]
    list_display = [
        "person",
        "volunteer_number",
        "team",
        "age_band_column",
        "joined_on",
        "status",
        "health_declaration",
    ]
    list_filter = [StatusFilter, "health_declaration", "team__region", "team"]
    search_fields = [
        "person__name",
        "person__name_initials",
        "person__name_pinyin",
        "volunteer_number",
        "team__name",
        "skills",
    ]
    list_select_related = ["person", "team"]
    autocomplete_fields = ["person", "team"]
    add_fields = [
        "team",
        "person",
        "joined_on",
        "skills",
        "service_types",
        "availability",
        "health_declaration",
        "consent_note",
    ]
    actions_detail = ["pause_action", "resume_action", "leave_action"]

    @admin.display(description="年龄段")
    def age_band_column(self, obj):
        return obj.age_band

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return [
            "team",
            "person",
            "volunteer_number",
            "joined_on",
            "status",
            "paused_on",
            "left_on",
            "status_reason",
            "skills",
            "service_types",
            "availability",
            "health_declaration",
            "consent_note",
            "consent_at",
            "consent_by",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "team",
            "person",
            "volunteer_number",
            "joined_on",
            "status",
            "paused_on",
            "left_on",
            "status_reason",
            "consent_note",
            "consent_at",
            "consent_by",
        ]

    created_fields = ("volunteer_number",)

    def service_change(self, request, obj, form):
        obj.full_clean()
        super().service_change(request, obj, form)

    def service_create(self, request, obj, form):
        return services.member_join(
            team=obj.team,
            person=obj.person,
            joined_on=obj.joined_on,
            consent_note=obj.consent_note,
            skills=obj.skills,
            service_types=obj.service_types,
            availability=obj.availability,
            health_declaration=obj.health_declaration,
            user=request.user,
        )

    @action(description="暂停服务", url_path="pause", permissions=["change"], icon="pause")
    def pause_action(self, request, object_id):
        return admin_views.member_status_view(self, request, object_id, MemberStatus.PAUSED)

    @action(description="恢复服务", url_path="resume", permissions=["change"], icon="play_arrow")
    def resume_action(self, request, object_id):
        return admin_views.member_status_view(self, request, object_id, MemberStatus.ACTIVE)

    @action(description="办理离队", url_path="leave", permissions=["change"], icon="logout")
    def leave_action(self, request, object_id):
        return admin_views.member_status_view(self, request, object_id, MemberStatus.LEFT)


@admin.register(m.ServiceCategory)
class ServiceCategoryAdmin(BaseAdmin):
    list_display = ["name", "sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(m.ServiceProject)
class ServiceProjectAdmin(BaseAdmin):
    list_display = ["name", "team", "category", "mode", "active"]
    list_filter = ["mode", "category", "active", "team__region"]
    search_fields = ["name", "team__name"]
    list_select_related = ["team", "category"]
    autocomplete_fields = ["team"]


class PositionInline(ScopedInlineMixin, TabularInline):
    model = m.Position
    extra = 0


@admin.register(m.Activity)
class ActivityAdmin(BaseAdmin):
    list_display = [
        "title",
        "team",
        "date",
        "category",
        "intensity",
        "needs_insurance",
        "record_due_on",
        "records_state",
    ]
    list_filter = ["category", "intensity", "needs_insurance", "team__region", "campaign"]
    search_fields = ["title", "place", "team__name", "campaign"]
    list_select_related = ["team", "category"]
    autocomplete_fields = ["team", "project", "person_in_charge"]
    readonly_fields = ["record_due_on", "records_done_at"]
    date_hierarchy = "date"
    inlines = [PositionInline]

    @admin.display(description="记录情况")
    def records_state(self, obj):
        from django.utils import timezone

        if obj.records_done_at:
            return "按时完成" if obj.on_time else "逾期完成"
        if obj.record_due_on and obj.record_due_on < timezone.localdate():
            return "已逾期未记录"
        return "待记录"

    def save_model(self, request, obj, form, change):
        services.activity_save(activity=obj, user=request.user)


@admin.register(m.SignUp)
class SignUpAdmin(ServiceCreateAdminMixin, BaseAdmin):
    list_display = ["member", "activity", "position", "status", "fit_warning", "signed_at", "cancel_reason"]
    list_filter = ["status", "activity__team__region"]
    search_fields = ["member__person__name", "activity__title"]
    list_select_related = ["member__person", "member__team", "activity", "position"]
    autocomplete_fields = ["member", "activity"]
    readonly_fields = ["fit_warning", "cancelled_at"]

    def service_create(self, request, obj, form):
        created = services.signup_create(
            activity=obj.activity, member=obj.member, position=obj.position, user=request.user
        )
        if created.fit_warning:
            messages.warning(request, f"适宜性提醒：{created.fit_warning}")
        return created


@admin.register(m.ServiceRecord)
class ServiceRecordAdmin(ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.ServiceHoursResource]
    list_display = ["member", "activity", "date", "hours", "source", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["status", "source", "activity__team__region", "activity__category"]
    search_fields = ["member__person__name", "member__volunteer_number", "activity__title", "activity__team__name"]
    list_select_related = ["member__person", "member__team", "activity", "reviewed_by"]
    autocomplete_fields = ["member", "activity"]
    readonly_fields = ["status", "return_reason", "reviewed_by", "reviewed_at", "source"]
    date_hierarchy = "date"
    actions = ["confirm_selected"]

    @admin.action(description="确认所选服务时长", permissions=["change"])
    def confirm_selected(self, request, queryset):
        count = services.records_confirm(records=list(queryset.filter(status=RecordStatus.PENDING)), user=request.user)
        messages.success(request, f"已确认 {count} 条服务记录。")

    def service_change(self, request, obj, form):
        services.record_correct(record=obj, hours=obj.hours, user=request.user)

    def service_create(self, request, obj, form):
        services.records_enter(
            activity=obj.activity,
            entries=[
                services.HoursEntry(
                    member=obj.member, hours=obj.hours, start_time=obj.start_time, end_time=obj.end_time
                )
            ],
            user=request.user,
        )
        return m.ServiceRecord.objects.get(activity=obj.activity, member=obj.member)


@admin.register(m.Certificate)
class CertificateAdmin(ServiceCreateAdminMixin, BaseAdmin):
    list_display = [
        "number",
        "holder",
        "period_start",
        "period_end",
        "hours",
        "status",
        "issued_on",
        "notice_end",
        "print_link",
    ]
    list_filter = ["status", "member__team__region"]
    search_fields = ["number", "member__person__name", "member__volunteer_number"]
    list_select_related = ["member__person", "member__team"]
    autocomplete_fields = ["member"]
    readonly_fields = [
        "status",
        "number",
        "holder_name",
        "holder_id_masked",
        "holder_volunteer_number",
        "hours",
        "activity_count",
        "content",
        "issuer",
        "person_in_charge",
        "handler",
        "contact",
        "issued_on",
        "accepted_at",
        "accepted_by",
        "issued_by",
        "revoked_at",
        "revoke_reason",
        "notice_start",
        "notice_end",
        "registered_on",
    ]

    actions_detail = ["accept_action", "issue_action", "object_action", "revoke_action"]
    actions = ["register_due"]

    @action(description="登记公示异议", url_path="object", permissions=["change"], icon="report")
    def object_action(self, request, object_id):
        return admin_views.certificate_object_view(self, request, object_id)

    @admin.action(description="登记公示期满的所选证明", permissions=["change"])
    def register_due(self, request, queryset):
        done, refused = 0, []
        for cert in queryset:
            try:
                services.certificate_register(certificate=cert, user=request.user)
                done += 1
            except ValidationError as exc:
                refused.append(f"{cert}：{'；'.join(exc.messages)}")
        messages.success(request, f"已登记 {done} 份证明。")
        for message in refused[:10]:
            messages.warning(request, message)

    @action(description="受理", url_path="accept", permissions=["change"], icon="inbox")
    def accept_action(self, request, object_id):
        return admin_views.certificate_accept_view(self, request, object_id)

    @action(description="开具", url_path="issue", permissions=["change"], icon="verified")
    def issue_action(self, request, object_id):
        return admin_views.certificate_issue_view(self, request, object_id)

    @action(description="撤销", url_path="revoke", permissions=["change"], icon="block")
    def revoke_action(self, request, object_id):
        return admin_views.certificate_revoke_view(self, request, object_id)

    @admin.display(description="志愿者")
    def holder(self, obj):
        return obj.holder_name or obj.member.person.name

    def get_readonly_fields(self, request, obj=None):
        # Once accepted, the certificate changes only through 受理/开具/撤销.
        if obj is not None and obj.status != CertificateStatus.REQUESTED:
            return [*self.readonly_fields, "member", "period_start", "period_end", "purpose"]
        return self.readonly_fields

    @admin.display(description="打印")
    def print_link(self, obj):
        if obj.status in (CertificateStatus.REQUESTED, CertificateStatus.ACCEPTED):
            return "—"
        return format_html(
            '<a href="{}" target="_blank">打印证明</a>', reverse("volunteers:certificate_print", args=[obj.pk])
        )

    def service_create(self, request, obj, form):
        return services.certificate_request(
            member=obj.member,
            period_start=obj.period_start,
            period_end=obj.period_end,
            purpose=obj.purpose,
            user=request.user,
        )


@admin.register(m.StarLevel)
class StarLevelAdmin(BaseAdmin):
    list_display = ["stars", "name", "min_hours"]
    search_fields = ["name"]
    list_filter = ["stars"]


@admin.register(m.Honour)
class HonourAdmin(BaseAdmin):
    list_display = ["name", "level", "awarded_on", "awarding_body", "team", "member"]
    list_filter = ["level", "team__region"]
    search_fields = ["name", "awarding_body", "team__name", "member__person__name"]
    list_select_related = ["team", "member__person", "member__team"]
    autocomplete_fields = ["team", "member"]
    date_hierarchy = "awarded_on"


@admin.register(m.MediaItem)
class MediaItemAdmin(BaseAdmin):
    list_display = ["title", "outlet", "level", "published_on", "team"]
    list_filter = ["level", "outlet", "team__region"]
    search_fields = ["title", "outlet", "team__name"]
    list_select_related = ["team"]
    autocomplete_fields = ["team"]
    date_hierarchy = "published_on"


@admin.register(m.StarAward)
class StarAwardAdmin(BaseAdmin):
    list_display = ["member", "level", "hours", "notice_start", "notice_end", "status", "awarded_on"]
    list_filter = ["status", "level", "member__team__region"]
    search_fields = ["member__person__name", "member__volunteer_number", "member__team__name"]
    list_select_related = ["member__person", "member__team", "level"]
    readonly_fields = ["member", "level", "hours", "notice_start", "notice_end", "status", "awarded_on"]
    actions = ["award_selected"]

    def has_add_permission(self, request):
        # Notices are opened from confirmed hours (services.star_notices_open), not typed in.
        return False

    @admin.action(description="评定所选（公示期满）", permissions=["change"])
    def award_selected(self, request, queryset):
        done, refused = 0, []
        for award in queryset:
            try:
                services.star_award(award=award, user=request.user)
                done += 1
            except ValidationError as exc:
                refused.append(f"{award}：{'；'.join(exc.messages)}")
        messages.success(request, f"已评定 {done} 项。")
        for message in refused[:10]:
            messages.warning(request, message)


# ---------------------------------------------------------------------------
# Deadlines, training and evaluation records (67号令 art. 8, 10)
# ---------------------------------------------------------------------------
@admin.register(m.RecordRule)
class RecordRuleAdmin(BaseAdmin):
    list_display = ["kind", "days"]
    list_filter = ["kind"]
    search_fields = ["kind"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["kind"]


@admin.register(m.TrainingRecord)
class TrainingRecordAdmin(ServiceCheckedAdminMixin, ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.TrainingResource]
    list_display = ["member", "name", "hours", "organiser", "date"]
    list_filter = ["member__team__region", "member__team", "organiser"]
    search_fields = ["name", "organiser", "member__person__name", "member__volunteer_number"]
    list_select_related = ["member__person", "member__team"]
    autocomplete_fields = ["member"]
    date_hierarchy = "date"

    # Added, corrected and deleted through the services (permission, scope, the checks of
    # 67号令 art. 8 in Chinese, the history's author).
    def service_change(self, request, obj, form):
        services.training_update(record=obj, user=request.user)

    def service_create(self, request, obj, form):
        return services.training_record(
            member=obj.member,
            name=obj.name,
            content=obj.content,
            hours=obj.hours,
            organiser=obj.organiser,
            date=obj.date,
            user=request.user,
        )

    def delete_model(self, request, obj):
        services.training_delete(record=obj, user=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.training_delete(record=obj, user=request.user)


@admin.register(m.EvaluationRecord)
class EvaluationRecordAdmin(ServiceCheckedAdminMixin, ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.EvaluationResource]
    list_display = ["member", "kind", "evaluator", "date", "rating", "result"]
    list_filter = ["kind", "rating", "member__team__region"]
    search_fields = ["evaluator", "content", "member__person__name", "member__volunteer_number"]
    list_select_related = ["member__person", "member__team"]
    autocomplete_fields = ["member", "activity"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        # Once recorded, only a complaint's result is added (services.evaluation_resolve).
        if obj is not None:
            return ["member", "kind", "activity", "evaluator", "date", "rating", "content"]
        return []

    def service_change(self, request, obj, form):
        services.evaluation_resolve(evaluation=obj, result=obj.result, user=request.user)

    def service_create(self, request, obj, form):
        return services.evaluation_record(
            member=obj.member,
            kind=obj.kind,
            evaluator=obj.evaluator,
            date=obj.date,
            content=obj.content,
            rating=obj.rating,
            result=obj.result,
            activity=obj.activity,
            user=request.user,
        )


# ---------------------------------------------------------------------------
# 涉老社团联盟 and 联席会议
# ---------------------------------------------------------------------------
@admin.register(m.AllianceMember)
class AllianceMemberAdmin(ServiceCheckedAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.AllianceMemberResource]
    list_display = ["name", "kind", "region", "contact_person", "phone", "joined_on", "left_on"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "contact_person", "note"]
    list_select_related = ["region"]
    masked_fields = {"contact_phone": ("phone", "联系电话")}
    date_hierarchy = "joined_on"

    @admin.display(description="联系电话")
    def phone(self, obj):
        # A list shows many at once: masked for every role (the full number on the form).
        from apps.core.masking import mask_phone

        return mask_phone(obj.contact_phone)

    def save_model(self, request, obj, form, change):
        services.alliance_member_save(member=obj, user=request.user)


class FollowUpItemInline(ScopedInlineMixin, TabularInline):
    model = m.FollowUpItem
    extra = 1
    fields = ["task", "owner", "working_days", "due_on", "done_on", "outcome"]
    readonly_fields = ["due_on"]


class JointMeetingForm(forms.ModelForm):
    class Meta:
        model = m.JointMeeting
        fields = [
            "title",
            "held_on",
            "place",
            "region",
            "recorder",
            "alliance_attendees",
            "staff_attendees",
            "other_attendees",
            "topics",
            "decisions",
        ]

    def clean(self):
        data = super().clean()
        day = data.get("held_on")
        if day:
            absent = [a.name for a in data.get("alliance_attendees") or [] if not a.member_on(day)]
            if absent:
                self.add_error("alliance_attendees", f"{'、'.join(absent)}在 {day:%Y-%m-%d} 不是联盟成员。")
        return data


@admin.register(m.JointMeeting)
class JointMeetingAdmin(ServiceCheckedAdminMixin, ExcelAdminMixin, BaseAdmin):
    form = JointMeetingForm
    resource_classes = [resources.JointMeetingResource]
    list_display = ["held_on", "title", "place", "region", "open_items"]
    list_filter = ["region"]
    search_fields = ["title", "place", "topics", "decisions", "items__task", "items__owner"]
    list_select_related = ["region"]
    date_hierarchy = "held_on"
    inlines = [FollowUpItemInline]
    fieldsets = [
        ("会议", {"fields": ["title", "held_on", "place", "region", "recorder"]}),
        ("参会人员", {"fields": ["alliance_attendees", "staff_attendees", "other_attendees"]}),
        ("纪要", {"fields": ["topics", "decisions"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count, Q
        from django.utils import timezone

        return (
            super()
            .get_queryset(request)
            .annotate(
                open_n=Count("items", filter=Q(items__done_on__isnull=True)),
                overdue_n=Count("items", filter=Q(items__done_on__isnull=True, items__due_on__lt=timezone.localdate())),
            )
        )

    @admin.display(description="落实事项（未办结/逾期）")
    def open_items(self, obj):
        return f"{obj.open_n} / {obj.overdue_n}"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Tick boxes: a short list, and no "hold down Control" hint in English.
        kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "staff_attendees":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        services.meeting_save(
            meeting=form.instance,
            alliance_attendees=list(form.cleaned_data.get("alliance_attendees") or []),
            staff_attendees=list(form.cleaned_data.get("staff_attendees") or []),
            user=request.user,
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        items = formset.save(commit=False)
        for item in formset.deleted_objects:
            item.delete()
        for item in items:
            item.meeting = form.instance
            services.follow_up_save(item=item, user=request.user)


# ---------------------------------------------------------------------------
# Special campaigns
# ---------------------------------------------------------------------------
@admin.register(m.Campaign)
class CampaignAdmin(ServiceCheckedAdminMixin, BaseAdmin):
    list_display = ["name", "organiser", "region", "starts_on", "ends_on", "activity_count", "figures_link"]
    list_filter = ["region"]
    search_fields = ["name", "organiser", "description"]
    list_select_related = ["region"]
    actions_detail = ["figures_action"]

    def get_queryset(self, request):
        from django.db.models import Count, Q

        mine = m.Activity.objects.for_user(request.user).values("pk")
        return super().get_queryset(request).annotate(activity_n=Count("activities", filter=Q(activities__in=mine)))

    @admin.display(description="服务活动（次）")
    def activity_count(self, obj):
        return obj.activity_n

    @admin.display(description="统计")
    def figures_link(self, obj):
        return format_html(
            '<a href="{}">人次与时长</a>', reverse("admin:volunteers_campaign_figures_action", args=[obj.pk])
        )

    @action(description="人次与时长统计", url_path="figures", permissions=["view"], icon="bar_chart")
    def figures_action(self, request, object_id):
        return admin_views.campaign_figures_view(self, request, object_id)

    def save_model(self, request, obj, form, change):
        services.campaign_save(campaign=obj, user=request.user)


# ---------------------------------------------------------------------------
# Correction requests (67号令 art. 12–13)
# ---------------------------------------------------------------------------
class OverdueFilter(admin.SimpleListFilter):
    title = "办理时限"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "已逾期未办理")]

    def queryset(self, request, queryset):
        from django.utils import timezone

        if self.value() == "yes":
            return queryset.filter(status=CorrectionStatus.OPEN, due_on__lt=timezone.localdate())
        return queryset


@admin.register(m.CorrectionRequest)
class CorrectionRequestAdmin(ServiceCheckedAdminMixin, ServiceCreateAdminMixin, BaseAdmin):
    list_display = ["__str__", "kind", "channel", "requested_on", "due_on", "status_text", "handled_on"]
    list_filter = ["status", OverdueFilter, "kind", "channel", "member__team__region"]
    search_fields = [
        "member__person__name",
        "member__volunteer_number",
        "record__activity__title",
        "activity__title",
    ]
    list_select_related = ["member__person", "member__team", "record__member__person", "record__activity", "activity"]
    autocomplete_fields = ["record", "member", "activity"]
    actions_detail = ["accept_action", "refuse_action"]
    readonly_fields = [
        "requested_on",
        "due_on",
        "requested_by",
        "status",
        "old_hours",
        "new_hours",
        "refuse_reason",
        "handled_by",
        "handled_on",
    ]

    @admin.display(description="状态")
    def status_text(self, obj):
        from django.utils import timezone

        if obj.overdue_on(timezone.localdate()):
            return f"已逾期（截止 {obj.due_on:%Y-%m-%d}）"
        return obj.get_status_display()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [
                *self.readonly_fields,
                "kind",
                "member",
                "record",
                "activity",
                "channel",
                "description",
                "proposed_hours",
            ]
        return self.readonly_fields

    saved_on_change = False

    def service_create(self, request, obj, form):
        if obj.kind == CorrectionKind.OMITTED:
            return services.omission_request(
                member=obj.member,
                activity=obj.activity,
                hours=obj.proposed_hours,
                channel=obj.channel,
                description=obj.description,
                user=request.user,
            )
        else:
            return services.correction_request(
                record=obj.record,
                channel=obj.channel,
                description=obj.description,
                proposed_hours=obj.proposed_hours,
                user=request.user,
            )

    @action(description="同意更正", url_path="accept", permissions=["change"], icon="check")
    def accept_action(self, request, object_id):
        return admin_views.correction_accept_view(self, request, object_id)

    @action(description="不予更正", url_path="refuse", permissions=["change"], icon="close")
    def refuse_action(self, request, object_id):
        return admin_views.correction_refuse_view(self, request, object_id)


# ---------------------------------------------------------------------------
# Objections to a certificate on notice
# ---------------------------------------------------------------------------
@admin.register(m.CertificateObjection)
class CertificateObjectionAdmin(BaseAdmin):
    list_display = ["certificate", "raised_by", "raised_on", "status", "resolution", "resolved_on"]
    list_filter = ["status", "certificate__member__team__region"]
    search_fields = ["certificate__number", "raised_by", "content"]
    list_select_related = ["certificate__member__person", "certificate__member__team"]
    readonly_fields = [
        "certificate",
        "raised_on",
        "raised_by",
        "content",
        "status",
        "resolution",
        "resolved_by",
        "resolved_on",
    ]
    actions_detail = ["resolve_action"]

    def has_add_permission(self, request):
        # Raised from the certificate (登记公示异议) while it is on notice.
        return False

    @action(description="核实办结", url_path="resolve", permissions=["change"], icon="fact_check")
    def resolve_action(self, request, object_id):
        return admin_views.objection_resolve_view(self, request, object_id)
