"""Back office of 丹心向党. Workflow steps (sign-in/out, leave, progress, evidence, the two
sign-offs, 回头看, reviews, visits, issues) are buttons on the change page that open a form
calling one service (``apps.workforce.admin_views``); the fields those steps own are
read-only here, so a record can never be closed by editing it."""

import datetime

from django import forms as django_forms
from django.contrib import admin
from django.db.models import Count, Max, Q
from django.urls import path
from django.utils import timezone
from unfold.admin import TabularInline
from unfold.decorators import action, display

from apps.core.admin import BaseAdmin, ServiceCreateAdminMixin
from apps.core.excel.admin import ExcelAdminMixin
from apps.core.scoping import ScopedInlineMixin
from apps.workforce import admin_views as v
from apps.workforce import choices as c
from apps.workforce import forms, resources, services
from apps.workforce import models as m

READONLY_INLINE = {"extra": 0, "can_delete": False, "show_change_link": True}


def _page(model_admin, url: str, name: str, view):
    return path(url, model_admin.admin_site.admin_view(lambda request: view(model_admin, request)), name=name)


def _overdue_label(item) -> str:
    if item.is_overdue:
        return f"已逾期{(timezone.localdate() - item.deadline).days}天"
    return "未逾期" if item.status in m.OPEN_STATUSES else "—"


# ---------------------------------------------------------------------------
# Roster and training
# ---------------------------------------------------------------------------
@admin.register(m.StaffMember)
class StaffMemberAdmin(ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.StaffResource]
    list_display = ["name", "region", "unit", "post", "rank_band", "joined_on", "left_on", "is_leader", "user"]
    list_filter = ["rank_band", "region", "is_leader", "is_bureau_head"]
    search_fields = ["name", "unit", "post"]
    list_select_related = ["region", "user"]
    autocomplete_fields = ["user"]

    def get_urls(self):
        return [_page(self, "compliance/", "workforce_staffmember_compliance", v.compliance_view), *super().get_urls()]


@admin.register(m.TrainingRequirement)
class TrainingRequirementAdmin(BaseAdmin):
    list_display = ["rank_band", "period_years", "min_hours", "min_days", "note"]
    list_filter = ["rank_band"]
    search_fields = ["note"]


class EnrolmentInline(ScopedInlineMixin, TabularInline):
    model = m.Enrolment
    fields = ["staff", "status", "signed_in_at", "signed_out_at", "leave_hours", "credited_hours"]
    readonly_fields = ["status", "signed_in_at", "signed_out_at", "leave_hours", "credited_hours"]
    autocomplete_fields = ["staff"]
    extra = 0
    show_change_link = True


@admin.register(m.TrainingClass)
class TrainingClassAdmin(ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.TrainingClassResource]
    list_display = [
        "name",
        "training_type",
        "organiser",
        "region",
        "starts_on",
        "ends_on",
        "hours",
        "full_time",
        "person_times",
    ]
    list_filter = ["training_type", "full_time", "region"]
    search_fields = ["name", "organiser"]
    list_select_related = ["region"]
    date_hierarchy = "starts_on"
    inlines = [EnrolmentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(completed_n=Count("enrolments", filter=Q(enrolments__status=c.EnrolmentStatus.COMPLETED)))
        )

    @display(description="总学时（线下+线上）")
    def hours(self, obj):
        return f"{obj.total_hours}（{obj.hours_offline}+{obj.hours_online}）"

    @display(description="结业人次", ordering="completed_n")
    def person_times(self, obj):
        return obj.completed_n

    def save_model(self, request, obj, form, change):
        services.training_class_save(training_class=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        for enrolment in formset.save(commit=False):
            if enrolment.pk is None:
                services.enrolment_create(training_class=form.instance, staff=enrolment.staff, user=request.user)
            else:
                enrolment.save()
        for obj in formset.deleted_objects:
            obj.delete()


class LeaveInline(TabularInline):
    model = m.LeaveRecord
    fields = ["on", "hours", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Enrolment)
class EnrolmentAdmin(ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.EnrolmentResource]
    list_display = [
        "staff",
        "training_class",
        "status",
        "signed_in_at",
        "signed_out_at",
        "leave_hours",
        "credited_hours",
    ]
    list_filter = ["status", "training_class__training_type", "training_class__region"]
    search_fields = ["staff__name", "training_class__name"]
    list_select_related = ["staff", "training_class"]
    autocomplete_fields = ["staff", "training_class"]
    readonly_fields = ["status", "signed_in_at", "signed_out_at", "leave_hours", "credited_hours", "credited_days"]
    inlines = [LeaveInline]
    actions_detail = ["sign_in_action", "sign_out_action", "leave_action"]

    def service_create(self, request, obj, form):
        return services.enrolment_create(training_class=obj.training_class, staff=obj.staff, user=request.user)

    @action(description="签到", url_path="sign-in", permissions=["change"], icon="login")
    def sign_in_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.SignForm,
            title=lambda e: f"签到：{e}",
            intro="登记学员到班时间。",
            run=lambda e, d, u: services.enrolment_sign_in(enrolment=e, at=d["at"]),
            done="已签到。",
        )

    @action(description="签退", url_path="sign-out", permissions=["change"], icon="logout")
    def sign_out_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.SignForm,
            title=lambda e: f"签退：{e}",
            intro="签退即结业：认定学时为本班总学时扣除请假学时。",
            run=lambda e, d, u: services.enrolment_sign_out(enrolment=e, at=d["at"]),
            done="已签退，学时已认定。",
        )

    @action(description="登记请假", url_path="leave", permissions=["change"], icon="event_busy")
    def leave_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.LeaveForm,
            title=lambda e: f"登记请假：{e}",
            intro="脱产培训请假累计超过总学时七分之一的，按退学处理（干部教育培训工作条例第十五条）。",
            run=lambda e, d, u: services.leave_record(enrolment=e, on=d["on"], hours=d["hours"], reason=d["reason"]),
            done="已登记请假。",
        )


@admin.register(m.OutsideTraining)
class OutsideTrainingAdmin(BaseAdmin):
    list_display = [
        "staff",
        "kind",
        "title",
        "organiser",
        "starts_on",
        "ends_on",
        "hours_offline",
        "hours_online",
        "graduated",
    ]
    list_filter = ["kind", "graduated", "staff__region"]
    search_fields = ["staff__name", "title", "organiser"]
    list_select_related = ["staff"]
    autocomplete_fields = ["staff"]
    date_hierarchy = "starts_on"


# ---------------------------------------------------------------------------
# Rectification ledger
# ---------------------------------------------------------------------------
@admin.register(m.RectificationPolicy)
class RectificationPolicyAdmin(BaseAdmin):
    list_display = [
        "rect_class",
        "deadline_working_days",
        "remind_days_before",
        "escalate_leader_after",
        "escalate_head_after",
        "recheck_after_days",
    ]
    list_filter = ["rect_class"]
    search_fields = ["rect_class"]


@admin.register(m.RectificationRound)
class RectificationRoundAdmin(BaseAdmin):
    list_display = ["name", "region", "feedback_on", "item_count", "open_count"]
    list_filter = ["region"]
    search_fields = ["name"]
    list_select_related = ["region"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                item_n=Count("items"), open_n=Count("items", filter=~Q(items__status=c.RectificationStatus.CLOSED))
            )
        )

    @display(description="整改事项", ordering="item_n")
    def item_count(self, obj):
        return obj.item_n

    @display(description="未销号", ordering="open_n")
    def open_count(self, obj):
        return obj.open_n


class ProgressInline(TabularInline):
    model = m.RectificationProgress
    fields = ["on", "note", "attachment", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(ProgressInline):
    model = m.RectificationEvidence
    fields = ["title", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class RecheckInline(ProgressInline):
    model = m.RectificationRecheck
    fields = ["due_on", "result", "done_on", "note", "checked_by"]
    readonly_fields = fields
    show_change_link = True


class RectificationItemForm(django_forms.ModelForm):
    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("round") and not data.get("source"):
            self.add_error("source", "请选择巡察轮次或填写问题来源。")
        return data


class OverdueFilter(admin.SimpleListFilter):
    title = "是否逾期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "已逾期"), ("no", "未逾期")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.overdue().values("pk"))
        return queryset


@admin.register(m.RectificationItem)
class RectificationItemAdmin(ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [resources.RectificationItemResource]
    form = RectificationItemForm
    list_display = [
        "problem_short",
        "round",
        "region",
        "rect_class",
        "owner_name",
        "deadline",
        "status",
        "overdue_flag",
    ]
    list_filter = ["status", OverdueFilter, "rect_class", "region", "round"]
    search_fields = ["problem", "task", "owner", "owner_staff__name", "source", "responsible_unit"]
    list_select_related = ["region", "round", "owner_staff"]
    autocomplete_fields = ["round", "owner_staff", "leader"]
    date_hierarchy = "deadline"
    inlines = [ProgressInline, EvidenceInline, RecheckInline]
    actions_detail = ["progress_action", "evidence_action", "submit_action", "verify_action", "sign_off_action"]
    fields = [
        "round",
        "source",
        "problem",
        "task",
        "region",
        "responsible_unit",
        "owner_staff",
        "owner",
        "leader",
        "measures",
        "rect_class",
        "deadline",
        "status",
        "completed_on",
        "evidence",
        "verifier",
        "verified_at",
        "signed_off_by",
        "closed_at",
        "escalation_level",
    ]
    readonly_fields = [
        "owner",
        "status",
        "completed_on",
        "evidence",
        "verifier",
        "verified_at",
        "signed_off_by",
        "closed_at",
        "escalation_level",
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "deadline" in form.base_fields:
            form.base_fields["deadline"].required = False
            form.base_fields["deadline"].help_text = "不填则按整改类别的默认期限（工作日）自动计算"
        if "source" in form.base_fields:
            form.base_fields["source"].required = False
            form.base_fields["source"].help_text = "不填则取巡察轮次名称"
        return form

    created_fields = ("deadline",)

    def service_create(self, request, obj, form):
        data = {
            name: getattr(obj, name)
            for name in (
                "round",
                "source",
                "problem",
                "task",
                "region",
                "responsible_unit",
                "owner_staff",
                "leader",
                "measures",
                "rect_class",
            )
        }
        return services.rectification_create(user=request.user, deadline=obj.deadline, **data)

    @admin.display(description="问题")
    def problem_short(self, obj):
        return str(obj)

    @admin.display(description="责任人")
    def owner_name(self, obj):
        return obj.owner_display or "—"

    # Words, not a tick: 已逾期N天 in red with its text, the rest neutral (issue 14 item 15).
    @display(description="逾期", label={"已逾期": "danger"})
    def overdue_flag(self, obj):
        text = _overdue_label(obj)
        return "已逾期" if text.startswith("已逾期") else text

    def _form(self, request, object_id, form_class, title, intro, run, done):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=form_class,
            title=lambda i: f"{title}：{i}",
            intro=intro,
            run=run,
            done=done,
        )

    @action(description="填报进展", url_path="progress", permissions=["change"], icon="edit_note")
    def progress_action(self, request, object_id):
        return self._form(
            request,
            object_id,
            forms.ProgressForm,
            "填报整改进展",
            "进展日期不能早于事项建立日期，也不能晚于今天；可附文件。",
            lambda i, d, u: services.progress_add(
                item=i, on=d["on"], note=d["note"], attachment=d["attachment"], user=u
            ),
            "已记录整改进展。",
        )

    @action(description="上传佐证材料", url_path="evidence", permissions=["change"], icon="upload_file")
    def evidence_action(self, request, object_id):
        return self._form(
            request,
            object_id,
            forms.EvidenceForm,
            "上传佐证材料",
            "销号须有佐证材料：整改报告、制度文件、照片等。",
            lambda i, d, u: services.evidence_add(item=i, title=d["title"], file=d["file"], user=u),
            "已上传佐证材料。",
        )

    @action(description="报送完成", url_path="submit", permissions=["change"], icon="task_alt")
    def submit_action(self, request, object_id):
        return self._form(
            request,
            object_id,
            forms.SubmitForm,
            "报送整改完成",
            "报送后由验收人核验佐证材料，再由另一位负责同志复签销号。",
            lambda i, d, u: services.rectification_submit(
                item=i, completed_on=d["completed_on"], outcome=d["outcome"], user=u
            ),
            "已报送完成，等待验收。",
        )

    @action(description="验收签字", url_path="verify", permissions=["change"], icon="fact_check")
    def verify_action(self, request, object_id):
        return self._form(
            request,
            object_id,
            forms.ConfirmForm,
            "验收签字",
            "验收人核对佐证材料后签字；责任人不能验收自己负责的事项。",
            lambda i, d, u: services.rectification_verify(item=i, user=u),
            "已验收，等待复签销号。",
        )

    @action(description="复签销号", url_path="sign-off", permissions=["change"], icon="verified")
    def sign_off_action(self, request, object_id):
        return self._form(
            request,
            object_id,
            forms.ConfirmForm,
            "复签销号",
            "复签人须与验收人不同；销号后按规则自动安排回头看。",
            lambda i, d, u: services.rectification_sign_off(item=i, user=u),
            "已销号，回头看已排期。",
        )

    def get_urls(self):
        return [_page(self, "lists/", "workforce_rectificationitem_lists", v.lists_view), *super().get_urls()]


@admin.register(m.RectificationRecheck)
class RectificationRecheckAdmin(BaseAdmin):
    list_display = ["item", "due_on", "result", "done_on", "checked_by"]
    list_filter = ["result", "item__region"]
    search_fields = ["item__problem", "note"]
    list_select_related = ["item", "checked_by"]
    readonly_fields = ["item", "result", "done_on", "note", "checked_by"]
    actions_detail = ["record_action"]

    def has_add_permission(self, request):
        return False  # scheduled by the sign-off

    @action(description="登记回头看", url_path="record", permissions=["change"], icon="manage_search")
    def record_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.RecheckForm,
            title=lambda r: f"登记回头看：{r.item}",
            intro="问题反弹的，事项重新打开并按默认期限重新计时。",
            run=lambda r, d, u: services.recheck_record(
                recheck=r, result=d["result"], on=d["on"], note=d["note"], user=u
            ),
            done="已登记回头看结果。",
        )


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------
class ReviewStateFilter(admin.SimpleListFilter):
    title = "评估状态"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "已到期未评估"), ("soon", "30天内到期"), ("superseded", "已被替代")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "due":
            return queryset.filter(superseded_by__isnull=True, review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                superseded_by__isnull=True, review_due__gte=today, review_due__lte=today + datetime.timedelta(days=30)
            )
        if self.value() == "superseded":
            return queryset.filter(superseded_by__isnull=False)
        return queryset


class RuleClosureInline(ScopedInlineMixin, TabularInline):
    model = m.RuleClosure
    fields = ["item"]
    autocomplete_fields = ["item"]
    extra = 0
    verbose_name = "建章立制对应整改事项"
    verbose_name_plural = "建章立制对应整改事项"


@admin.register(m.Rule)
class RuleAdmin(BaseAdmin):
    list_display = [
        "title",
        "number",
        "area",
        "region",
        "issued_on",
        "version",
        "owner_unit",
        "review_due",
        "review_state",
        "closes",
    ]
    list_filter = [ReviewStateFilter, "area", "region"]
    search_fields = ["title", "number", "owner_unit"]
    list_select_related = ["region", "superseded_by"]
    autocomplete_fields = ["owner", "superseded_by"]
    readonly_fields = ["last_reviewed_on"]
    inlines = [RuleClosureInline]
    actions_detail = ["review_action"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(closes_n=Count("closes_items"))

    @display(description="评估状态", label={"评估已逾期": "danger", "即将评估": "warning"})
    def review_state(self, obj):
        if obj.superseded_by_id:
            return "已被替代"
        today = timezone.localdate()
        if obj.review_due < today:
            return "评估已逾期"
        if obj.review_due <= today + datetime.timedelta(days=30):
            return "即将评估"
        return "在有效期内"

    @display(description="建章立制对应整改事项", ordering="closes_n")
    def closes(self, obj):
        return obj.closes_n

    @action(description="登记评估", url_path="review", permissions=["change"], icon="rule")
    def review_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.ReviewForm,
            title=lambda r: f"登记制度评估：{r.title}",
            intro="下次评估日期从原定评估日期起按周期顺延，不因晚评估而推迟。",
            run=lambda r, d, u: services.rule_review(rule=r, on=d["on"], user=u),
            done="已登记评估，下次评估日期已更新。",
        )


# ---------------------------------------------------------------------------
# Contact points and research
# ---------------------------------------------------------------------------
class VisitInline(TabularInline):
    model = m.ContactVisit
    fields = ["visited_on", "visitors", "summary"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.ContactPoint)
class ContactPointAdmin(BaseAdmin):
    list_display = ["name", "leader", "kind", "region", "visit_every_months", "last_visit", "active"]
    list_filter = ["kind", "region", "active"]
    search_fields = ["name", "leader__name"]
    list_select_related = ["leader", "region"]
    autocomplete_fields = ["leader"]
    inlines = [VisitInline]
    actions_detail = ["visit_action"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_visit_on=Max("visits__visited_on"))

    @display(description="最近走访", ordering="last_visit_on")
    def last_visit(self, obj):
        return obj.last_visit_on or "尚未走访"

    @action(description="登记走访", url_path="visit", permissions=["change"], icon="directions_walk")
    def visit_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.VisitForm,
            title=lambda p: f"登记走访：{p.name}",
            intro="反映的问题每行一条，登记后逐条交办、办结。",
            run=lambda p, d, u: services.contact_visit_log(
                point=p,
                visited_on=d["visited_on"],
                visitors=d["visitors"],
                summary=d["summary"],
                issues=d["issues"].splitlines(),
                user=u,
            ),
            done="已登记走访。",
        )

    def get_urls(self):
        return [_page(self, "overdue/", "workforce_contactpoint_overdue", v.overdue_points_view), *super().get_urls()]


class IssueInline(VisitInline):
    model = m.ContactIssue
    fields = ["description", "status", "task", "assignee", "due_on", "closed_on"]
    readonly_fields = fields


@admin.register(m.ContactVisit)
class ContactVisitAdmin(BaseAdmin):
    list_display = ["point", "visited_on", "visitors"]
    list_filter = ["point__region"]
    search_fields = ["point__name", "visitors", "summary"]
    list_select_related = ["point"]
    autocomplete_fields = ["point"]
    inlines = [IssueInline]
    date_hierarchy = "visited_on"


@admin.register(m.ContactIssue)
class ContactIssueAdmin(BaseAdmin):
    list_display = ["__str__", "visit", "status", "assignee", "due_on", "closed_on"]
    list_filter = ["status", "visit__point__region"]
    search_fields = ["description", "task", "assignee"]
    list_select_related = ["visit__point"]
    autocomplete_fields = ["visit"]
    readonly_fields = ["status", "task", "assignee", "due_on", "closed_on", "outcome"]
    actions_detail = ["assign_action", "close_action"]

    @action(description="交办", url_path="assign", permissions=["change"], icon="assignment_ind")
    def assign_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.AssignForm,
            title=lambda i: f"交办：{i}",
            intro="把走访中反映的问题转为任务，明确承办单位和时限。",
            run=lambda i, d, u: services.contact_issue_assign(
                issue=i, task=d["task"], assignee=d["assignee"], due_on=d["due_on"]
            ),
            done="已交办。",
        )

    @action(description="办结", url_path="close", permissions=["change"], icon="done_all")
    def close_action(self, request, object_id):
        return v.service_form(
            self,
            request,
            object_id,
            form_class=forms.CloseIssueForm,
            title=lambda i: f"办结：{i}",
            intro="填写办理结果后办结。",
            run=lambda i, d, u: services.contact_issue_close(issue=i, outcome=d["outcome"], closed_on=d["closed_on"]),
            done="已办结。",
        )


@admin.register(m.ResearchQuota)
class ResearchQuotaAdmin(BaseAdmin):
    list_display = ["year", "min_days", "min_reports"]
    list_filter = ["year"]
    search_fields = ["year"]


@admin.register(m.ResearchVisit)
class ResearchVisitAdmin(BaseAdmin):
    list_display = ["topic", "leader", "region", "started_on", "days", "place"]
    list_filter = ["region"]
    search_fields = ["topic", "place", "leader__name"]
    list_select_related = ["leader", "region"]
    autocomplete_fields = ["leader"]
    date_hierarchy = "started_on"

    def get_urls(self):
        return [_page(self, "quota/", "workforce_researchvisit_quota", v.research_quota_view), *super().get_urls()]


@admin.register(m.ResearchReport)
class ResearchReportAdmin(BaseAdmin):
    list_display = [
        "title",
        "leader",
        "region",
        "submitted_on",
        "award_level",
        "award_grade",
        "instructed",
        "conversion",
    ]
    list_filter = ["award_level", "award_grade", "conversion", "region"]
    search_fields = ["title", "leader__name", "instruction"]
    list_select_related = ["leader", "region"]
    autocomplete_fields = ["leader", "visit"]
    date_hierarchy = "submitted_on"

    @display(description="领导批示")
    def instructed(self, obj):
        return "有批示" if obj.instruction else "无"
