"""The back office of 牵手夕阳. Every save goes through :mod:`apps.care.services`; the
workflow steps (aid, modification files, a death) are pages of :mod:`apps.care.admin_views`."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.cache import add_never_cache_headers
from unfold.decorators import action, display

from apps.accounts.roles import role_may
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.care import admin_views, services
from apps.care.choices import TaskStatus
from apps.care.models import (
    AbilityGrade,
    AidApplication,
    AidReason,
    CarePlan,
    CareProfile,
    CareRule,
    CareVisitLog,
    Festival,
    HospitalStay,
    ModificationCase,
    ModificationItem,
    ModificationLine,
    ModificationPlan,
    Outing,
    OutingSignUp,
    ServedCadre,
    ServicePoint,
    TreatmentItem,
    TreatmentRecord,
    Visit,
    VisitTask,
)
from apps.care.resources import OutingResource, ServicePointResource, SignUpResource, VisitResource
from apps.core.admin import BaseAdmin, ServiceCheckedAdminMixin
from apps.core.excel.admin import ExcelAdminMixin
from apps.core.scoping import ScopedInlineMixin

MONEY_PERMISSION = "care.read_aid_money"


class ServiceSaveMixin(ServiceCheckedAdminMixin):
    """``save_model`` through a service; a refusal is shown on the form."""

    service = None

    def save_model(self, request, obj, form, change):
        type(self).service(**{self.service_arg: obj, "user": request.user})


# ---------------------------------------------------------------------------
# Reference data (the bureau's)
# ---------------------------------------------------------------------------
@admin.register(CareRule)
class CareRuleAdmin(BaseAdmin):
    list_display = ["__str__", "not_visited_months", "admission_visit_days", "aid_annual_cap", "notice_days"]
    search_fields = ["id"]
    list_filter = ["admission_working_days"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CareRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AbilityGrade)
class AbilityGradeAdmin(BaseAdmin):
    list_display = ["level", "name", "disabled"]
    search_fields = ["name"]
    list_filter = ["disabled"]


@admin.register(Festival)
class FestivalAdmin(BaseAdmin):
    list_display = ["name", "date", "lead_days"]
    search_fields = ["name"]
    list_filter = ["name"]
    date_hierarchy = "date"
    actions = ["open_tasks"]

    @admin.action(description="为在世离休干部生成节日慰问任务", permissions=["change"])
    def open_tasks(self, request, queryset):
        n = sum(services.festival_tasks_open(festival=f, user=request.user) for f in queryset)
        self.message_user(request, f"已生成{n}项节日慰问任务（已生成过的不重复生成）。")


@admin.register(AidReason)
class AidReasonAdmin(BaseAdmin):
    list_display = ["name", "active"]
    search_fields = ["name"]
    list_filter = ["active"]


@admin.register(TreatmentItem)
class TreatmentItemAdmin(BaseAdmin):
    list_display = ["name", "kind", "sort_order", "active"]
    search_fields = ["name"]
    list_filter = ["kind", "active"]


@admin.register(ModificationItem)
class ModificationItemAdmin(BaseAdmin):
    list_display = ["number", "category", "name", "basic", "unit_cost", "active"]
    search_fields = ["name", "category"]
    list_filter = ["category", "basic", "active"]


@admin.register(ModificationPlan)
class ModificationPlanAdmin(BaseAdmin):
    list_display = ["year", "region", "households"]
    search_fields = ["region__name"]
    list_filter = ["year", "region"]
    list_select_related = ["region"]


# ---------------------------------------------------------------------------
# The care profile, with its pages (alerts, gaps, coverage, death)
# ---------------------------------------------------------------------------
@admin.register(CareProfile)
class CareProfileAdmin(ServiceSaveMixin, BaseAdmin):
    service, service_arg = staticmethod(services.profile_save), "profile"
    list_display = [
        "person",
        "region",
        "retirement",
        "ability_grade",
        "lives_alone",
        "disabled",
        "family_doctor_signed",
        "green_channel_hospital",
    ]
    list_filter = [
        "person__region",
        "person__retirement_type",
        "family_doctor_signed",
        "medical_hardship_covered",
        "medical_policy_done",
        "lives_alone",
        "disabled",
        "ability_grade",
    ]
    search_fields = ["person__name", "person__name_pinyin", "person__name_initials"]
    list_select_related = ["person", "person__region", "ability_grade"]
    autocomplete_fields = ["person"]
    readonly_fields = ["died_on", "recent_visits", "open_tasks", "service_orders"]
    masked_fields = {"next_of_kin_phone": ("phone", "亲属联系电话")}
    fieldsets = [
        (None, {"fields": ["person", "died_on"]}),
        ("走访与任务", {"fields": ["recent_visits", "open_tasks"]}),
        ("上门服务工单", {"fields": ["service_orders"]}),
        (
            "三有一落实",
            {
                "fields": [
                    "green_channel_hospital",
                    "family_doctor_signed",
                    "family_doctor",
                    "doctor_institution",
                    "medical_hardship_covered",
                    "medical_policy_done",
                ]
            },
        ),
        ("生活状况", {"fields": ["ability_grade", "lives_alone", "disabled"]}),
        ("亲属联系人", {"fields": ["next_of_kin", "next_of_kin_relation", "next_of_kin_phone", "note"]}),
    ]
    actions_detail = ["door_order_action", "death_action"]

    @admin.display(description="上门服务工单")
    def service_orders(self, obj):
        """His orders in the 四单 loop (door services and any other), newest first."""
        if obj.pk is None:
            return "—"
        if not hasattr(obj, "_service_orders"):
            from apps.orders.models import ServiceOrder

            orders = (
                ServiceOrder.objects.filter(requester_person_id=obj.person_id)
                .select_related("category", "team")
                .order_by("-submitted_at", "-pk")[:10]
            )
            lines = []
            for o in orders:
                by = o.team.name if o.team_id else (o.provider or "待派单")
                rated = f"，满意度{o.satisfaction}星" if o.satisfaction else ""
                lines.append(f"{o.number} {o.category.name}（{o.get_status_display()}，{by}{rated}）")
            obj._service_orders = "；".join(lines) or "暂无工单"
        return obj._service_orders

    @action(description="上门服务点单", permissions=["change"], url_path="door-order", icon="home_health")
    def door_order_action(self, request, object_id):
        return admin_views.door_order_view(self, request, object_id)

    @admin.display(description="最近走访")
    def recent_visits(self, obj):
        if obj.pk is None:
            return "—"
        if not hasattr(obj, "_recent_visits"):  # the field is rendered more than once
            visits = Visit.objects.filter(person_id=obj.person_id).order_by("-visited_on", "-pk")[:5]
            lines = [f"{v.visited_on:%Y-%m-%d} {v.get_visit_type_display()}（{v.visitors}）" for v in visits]
            obj._recent_visits = "；".join(lines) or "暂无走访记录"
        return obj._recent_visits

    @admin.display(description="待办看望任务")
    def open_tasks(self, obj):
        if obj.pk is None:
            return "—"
        if not hasattr(obj, "_open_tasks"):
            tasks = VisitTask.objects.filter(person_id=obj.person_id, status=TaskStatus.OPEN).order_by("due_on")[:5]
            lines = [f"{t.reason}（应于{t.due_on:%Y-%m-%d}前{'，已逾期' if t.is_overdue else ''}）" for t in tasks]
            obj._open_tasks = "；".join(lines) or "暂无待办任务"
        return obj._open_tasks

    @admin.display(description="区域", ordering="person__region__sort_order")
    def region(self, obj):
        return obj.person.region

    @admin.display(description="离退休类型")
    def retirement(self, obj):
        return obj.person.get_retirement_type_display()

    @action(description="登记去世", permissions=["change"], url_path="death", icon="deceased")
    def death_action(self, request, object_id):
        return admin_views.death_view(self, request, object_id)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("alerts/", wrap(lambda r: admin_views.alerts_view(self, r)), name="care_careprofile_alerts"),
            path("gaps/", wrap(lambda r: admin_views.gaps_view(self, r)), name="care_careprofile_gaps"),
            path("coverage/", wrap(lambda r: admin_views.coverage_view(self, r)), name="care_careprofile_coverage"),
            *super().get_urls(),
        ]


# ---------------------------------------------------------------------------
# Hospital register, tasks, visits
# ---------------------------------------------------------------------------
@admin.register(HospitalStay)
class HospitalStayAdmin(ServiceSaveMixin, BaseAdmin):
    service, service_arg = staticmethod(services.stay_save), "stay"
    list_display = ["person", "hospital", "department", "admitted_on", "discharged_on", "visited"]
    list_filter = ["person__region", ("discharged_on", admin.EmptyFieldListFilter), "hospital"]
    search_fields = ["person__name", "person__name_pinyin", "hospital"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    date_hierarchy = "admitted_on"
    masked_fields = {"condition": ("hidden", "病情")}

    @display(description="是否看望", label={"已看望": "success", "未看望": "warning"})
    def visited(self, obj):
        return "已看望" if obj.visits.all() else "未看望"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("visits")


@admin.register(VisitTask)
class VisitTaskAdmin(BaseAdmin):
    list_display = ["person", "visit_type", "reason", "due_on", "status", "done_on", "overdue_flag"]
    list_filter = ["status", "visit_type", "person__region", "due_on"]
    search_fields = ["person__name", "person__name_pinyin", "reason"]
    list_select_related = ["person"]
    date_hierarchy = "due_on"
    readonly_fields = ["person", "visit_type", "reason", "due_on", "status", "stay", "festival", "done_on"]
    fields = ["person", "visit_type", "reason", "due_on", "status", "stay", "festival", "done_on", "closed_reason"]

    def has_add_permission(self, request):
        return False  # tasks come from admissions, birthdays, festivals and deaths

    def has_delete_permission(self, request, obj=None):
        return False  # a task is closed with a reason, never deleted

    def save_model(self, request, obj, form, change):
        if obj.closed_reason and obj.status == TaskStatus.OPEN:
            services.task_close(task=obj, reason=obj.closed_reason, user=request.user)

    @display(description="逾期", label={"已逾期": "danger"})
    def overdue_flag(self, obj):
        return "已逾期" if obj.is_overdue else "—"


@admin.register(Visit)
class VisitAdmin(ServiceSaveMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [VisitResource]
    service, service_arg = staticmethod(services.visit_record), "visit"
    list_display = ["person", "visit_type", "visited_on", "visitors", "gifts", "on_time"]
    list_filter = ["visit_type", "person__region", "visited_on"]
    search_fields = ["person__name", "person__name_pinyin", "visitors"]
    list_select_related = ["person", "task"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["stay", "task"]
    date_hierarchy = "visited_on"

    @display(description="按时", label={"按时": "success", "超期": "danger"})
    def on_time(self, obj):
        if obj.task_id is None:
            return "—"
        return "按时" if obj.visited_on <= obj.task.due_on else "超期"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        task_id = request.GET.get("task")
        if task_id and task_id.isdigit():
            task = VisitTask.objects.for_user(request.user).filter(pk=task_id).first()
            if task:
                initial.update(person=task.person_id, visit_type=task.visit_type, task=task.pk, stay=task.stay_id)
        return initial


# ---------------------------------------------------------------------------
# Two treatments, aid
# ---------------------------------------------------------------------------
@admin.register(TreatmentRecord)
class TreatmentRecordAdmin(ServiceSaveMixin, BaseAdmin):
    service, service_arg = staticmethod(services.treatment_record), "record"
    list_display = ["person", "item", "done_on", "evidence"]
    list_filter = ["item__kind", "item", "person__region", "done_on"]
    search_fields = ["person__name", "person__name_pinyin", "evidence"]
    list_select_related = ["person", "item"]
    autocomplete_fields = ["person"]
    date_hierarchy = "done_on"


MONEY_FIELDS = {
    "monthly_income": ("hidden", "家庭月人均收入（元）"),
    "amount_requested": ("hidden", "申请金额（元）"),
    "approved_amount": ("hidden", "批准金额（元）"),
    "paid_amount": ("hidden", "发放金额（元）"),
    "illness": ("hidden", "患病情况"),
}
# The amounts: shown in full to holders of the money permission (their work is the money);
# the illness is health data and stays masked for every role.
FIXED_FIELDS = ["person", "reason", "source", "applied_on", "monthly_income", "amount_requested", "illness"]
AMOUNT_FIELDS = {"monthly_income", "amount_requested", "approved_amount", "paid_amount"}


@admin.register(AidApplication)
class AidApplicationAdmin(ServiceSaveMixin, BaseAdmin):
    service, service_arg = staticmethod(services.aid_apply), "application"
    list_display = ["person", "reason", "source", "applied_on", "amount_requested", "status"]
    list_filter = ["status", "source", "reason", "person__region", "applied_on"]
    search_fields = ["person__name", "person__name_pinyin"]
    list_select_related = ["person", "reason"]
    autocomplete_fields = ["person"]
    date_hierarchy = "applied_on"
    # A list shows many people's money at once: masked for every role, the money
    # permission included (minimum disclosure); its holders see an application's amounts
    # on its change page, which is audited (``render_change_form``).
    masked_columns = {"amount_requested": ("hidden", lambda app: app.amount_requested, "申请金额（元）")}
    masked_fields = MONEY_FIELDS
    actions_detail = ["process_action"]
    readonly_fields = [
        "status",
        "eligibility_note",
        "checked_by",
        "checked_on",
        "approved_amount",
        "decided_by",
        "decided_on",
        "refusal_reason",
        "paid_amount",
        "paid_on",
        "payer",
    ]

    def _masked_here(self, request, obj, readonly) -> set:
        # The figures fixed once registered are read-only too (``get_readonly_fields``
        # adds them after the base has looked): they are masked like the others.
        if obj is not None:
            readonly = set(readonly) | set(FIXED_FIELDS)
        masked = super()._masked_here(request, obj, readonly)
        if self._sees_money(request):
            masked -= AMOUNT_FIELDS
        return masked

    @staticmethod
    def _sees_money(request) -> bool:
        return role_may(request.user, MONEY_PERMISSION)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and obj.pk and self._sees_money(request):
            # An existing application's amounts are shown in full: recorded like the
            # 显示完整信息 reveal, and the page is kept by no browser or proxy cache.
            audit_record(
                user=request.user,
                action=AuditAction.VIEW_SENSITIVE,
                obj=obj,
                request=request,
                detail="查看困难帮扶申请的金额（家庭月人均收入、申请金额、批准金额、发放金额）",
            )
            add_never_cache_headers(response)
        return response

    def get_readonly_fields(self, request, obj=None):
        # The workflow fields move only through the 办理 page; an application's own
        # figures are fixed once registered. A view-only page masks them all
        # (masked_fields), money and illness included, unless the user holds the money
        # permission (``_masked_here``): then the amounts are shown, the illness is not.
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += [name for name in FIXED_FIELDS if name not in readonly]
        return readonly

    @action(description="办理（审核/审批/发放）", permissions=["change"], url_path="process", icon="task_alt")
    def process_action(self, request, object_id):
        return admin_views.aid_process_view(self, request, object_id)


# ---------------------------------------------------------------------------
# Modification files
# ---------------------------------------------------------------------------
class ModificationLineForm(forms.ModelForm):
    """Unit cost defaults to the catalogue's; without a split, a basic item is subsidised
    and an optional one paid by the family."""

    class Meta:
        model = ModificationLine
        fields = ["item", "quantity", "unit_cost", "subsidy", "self_pay"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit_cost", "subsidy", "self_pay"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        item, quantity = data.get("item"), data.get("quantity")
        if not item or not quantity:
            return data
        if data.get("unit_cost") is None:
            data["unit_cost"] = item.unit_cost
        total = data["unit_cost"] * quantity
        if data.get("subsidy") is None and data.get("self_pay") is None:
            data["subsidy"], data["self_pay"] = (total, Decimal(0)) if item.basic else (Decimal(0), total)
        data["subsidy"] = data.get("subsidy") or Decimal(0)
        data["self_pay"] = data.get("self_pay") or Decimal(0)
        if data["subsidy"] + data["self_pay"] != total:
            raise forms.ValidationError(f"“{item.name}”的政府补贴与个人自付之和应等于费用合计{total:.2f}元。")
        for name in ("unit_cost", "subsidy", "self_pay"):
            setattr(self.instance, name, data[name])
        return data


class ModificationLineInline(ScopedInlineMixin, admin.TabularInline):
    model = ModificationLine
    form = ModificationLineForm
    extra = 0
    fields = ["item", "quantity", "unit_cost", "subsidy", "self_pay"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.stage == "assessed")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.stage == "assessed")

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.stage == "assessed")


@admin.register(ModificationCase)
class ModificationCaseAdmin(ServiceSaveMixin, BaseAdmin):
    service, service_arg = staticmethod(services.modification_open), "case"
    inlines = [ModificationLineInline]
    list_display = ["person", "year", "ability_grade", "assessed_on", "stage", "accepted_on"]
    list_filter = ["stage", "year", "person__region", "ability_grade"]
    search_fields = ["person__name", "person__name_pinyin", "contractor"]
    list_select_related = ["person", "ability_grade"]
    autocomplete_fields = ["person"]
    readonly_fields = [
        "stage",
        "approved_on",
        "notice_start",
        "contractor",
        "works_started_on",
        "before_photo",
        "after_photo",
        "accepted_on",
        "followed_up_on",
        "followup_note",
    ]
    actions_detail = ["advance_action"]

    def save_formset(self, request, form, formset, change):
        for line in formset.save(commit=False):
            services.modification_line_save(line=line, user=request.user)
        for line in formset.deleted_objects:
            line.delete()

    @action(description="办理下一环节", permissions=["change"], url_path="advance", icon="task_alt")
    def advance_action(self, request, object_id):
        return admin_views.modification_advance_view(self, request, object_id)


# ---------------------------------------------------------------------------
# Home care
# ---------------------------------------------------------------------------
@admin.register(CarePlan)
class CarePlanAdmin(ServiceSaveMixin, BaseAdmin):
    service, service_arg = staticmethod(services.care_plan_save), "plan"
    list_display = ["person", "ability_grade", "items", "frequency_days", "provider", "assessed_on", "active"]
    list_filter = ["active", "ability_grade", "person__region", "provider"]
    search_fields = ["person__name", "person__name_pinyin", "provider"]
    list_select_related = ["person", "ability_grade"]
    autocomplete_fields = ["person"]


@admin.register(CareVisitLog)
class CareVisitLogAdmin(ServiceSaveMixin, BaseAdmin):
    service, service_arg = staticmethod(services.care_visit_log), "log"
    list_display = ["plan", "visited_on", "minutes", "work_done", "signed_by"]
    list_filter = ["plan__person__region", "visited_on"]
    search_fields = ["plan__person__name", "work_done", "signed_by"]
    list_select_related = ["plan", "plan__person"]
    raw_id_fields = ["plan"]
    date_hierarchy = "visited_on"


# ---------------------------------------------------------------------------
# Organised outings and their sign-ups
# ---------------------------------------------------------------------------
@admin.register(Outing)
class OutingAdmin(ServiceSaveMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [OutingResource]
    service, service_arg = staticmethod(services.outing_save), "outing"
    list_display = ["title", "starts_on", "region", "place", "capacity", "signed", "insured"]
    list_filter = ["region", "insured", "starts_on"]
    search_fields = ["title", "place", "organiser"]
    list_select_related = ["region"]
    date_hierarchy = "starts_on"
    readonly_fields = ["participants"]
    fieldsets = [
        (None, {"fields": ["title", "region", "starts_on", "place", "organiser", "capacity"]}),
        ("安全与适宜性", {"fields": ["risk_notice", "insured", "fit_max_age", "fit_max_grade"]}),
        ("报名情况", {"fields": ["participants"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        # Ordered again after the count's GROUP BY (the autocomplete pages through it).
        return super().get_queryset(request).annotate(n_signed=Count("signups")).order_by("-starts_on", "-pk")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._viewer = request.user  # the sign-up list shows the viewer's scope only
        return obj

    def _editable(self, request, obj) -> bool:
        """An outing is changed only in its own region's scope: district staff read the
        city bureau's outings (市直) and sign their cadres up, but do not change them."""
        if obj is None:
            return True
        if getattr(obj, "_editable_by", None) != request.user.pk:
            obj._editable_by = request.user.pk
            obj._editable = Outing.objects.editable_for(request.user).filter(pk=obj.pk).exists()
        return obj._editable

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)

    def get_deleted_objects(self, objs, request):
        # The bulk delete checks the permission without the objects: an outing of another
        # region among them is refused (listed as missing a permission, the POST is a 403).
        deletable, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        pks = {o.pk for o in objs}
        if Outing.objects.editable_for(request.user).filter(pk__in=pks).count() != len(pks):
            perms_needed = {*perms_needed, "其他区域主办的组织活动（只能查看）"}
        return deletable, counts, perms_needed, protected

    @admin.display(description="报名人数", ordering="n_signed")
    def signed(self, obj):
        return f"{obj.n_signed}/{obj.capacity}"

    @admin.display(description="报名名单")
    def participants(self, obj):
        """The sign-ups the viewer may see: a district's own cadres on a city outing."""
        if obj.pk is None:
            return "—"
        if not hasattr(obj, "_participants"):
            viewer = getattr(obj, "_viewer", None)
            rows = (
                OutingSignUp.objects.for_user(viewer)
                .filter(outing=obj)
                .select_related("person")
                .order_by("signed_up_on", "pk")
            )
            shown = {True: "实到", False: "未到", None: ""}
            lines = [
                f"{r.person.name}{'（' + shown[r.attended] + '）' if shown[r.attended] else ''}"
                f"{'（需关注适宜性）' if r.fit_warning else ''}"
                for r in rows
            ]
            obj._participants = "、".join(lines) or "暂无报名"
        return obj._participants


@admin.register(OutingSignUp)
class OutingSignUpAdmin(ServiceSaveMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [SignUpResource]
    service, service_arg = staticmethod(services.signup_save), "signup"
    list_display = ["person", "outing", "signed_up_on", "health_declared", "warning", "attended"]
    # Only the outings of the user's own sign-ups in the filter (a city outing's list holds
    # his region's cadres only).
    list_filter = [("outing", admin.RelatedOnlyFieldListFilter), "attended", "health_declared", "person__region"]
    search_fields = ["person__name", "person__name_pinyin", "outing__title"]
    list_select_related = ["person", "outing"]
    autocomplete_fields = ["outing", "person"]
    readonly_fields = ["fit_warning"]
    masked_fields = {"health_note": ("hidden", "健康状况说明")}
    fields = [
        "outing",
        "person",
        "signed_up_on",
        "health_declared",
        "health_note",
        "fit_warning",
        "attended",
        "feedback",
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # a sign-up is for one cadre and one outing
            readonly += [n for n in ("outing", "person", "signed_up_on", "health_declared") if n not in readonly]
        return readonly

    @display(description="适宜性提示", label={"需关注": "warning"})
    def warning(self, obj):
        return "需关注" if obj.fit_warning else "—"


# ---------------------------------------------------------------------------
# 四就近 service points
# ---------------------------------------------------------------------------
class ServedCadreForm(forms.ModelForm):
    class Meta:
        model = ServedCadre
        fields = ["person", "needs", "since"]

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if person is not None and getattr(self.instance, "point", None) is not None:
            self.instance.person = person
            try:
                services.served_check(served=self.instance)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data


class ServedCadreInline(ScopedInlineMixin, admin.TabularInline):
    model = ServedCadre
    form = ServedCadreForm
    extra = 0
    fields = ["person", "needs", "since"]
    autocomplete_fields = ["person"]


@admin.register(ServicePoint)
class ServicePointAdmin(ServiceSaveMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [ServicePointResource]
    service, service_arg = staticmethod(services.point_save), "point"
    inlines = [ServedCadreInline]
    list_display = ["name", "region", "kind", "offers", "opening_hours", "contact", "served_count", "active"]
    list_filter = ["region", "kind", "active"]
    search_fields = ["name", "address", "offers", "contact"]
    list_select_related = ["region"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_served=Count("served"))

    @admin.display(description="服务老干部（人）", ordering="n_served")
    def served_count(self, obj):
        return obj.n_served

    def save_formset(self, request, form, formset, change):
        for served in formset.save(commit=False):
            services.served_save(served=served, user=request.user)
        for served in formset.deleted_objects:
            served.delete()
