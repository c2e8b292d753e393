"""牵手夕阳 · 老年教育 in the back office.

Venues, district bases, targets, terms, discounts and courses are edited here; enrolments
are read-only rows whose changes (缴费、退费、逾期未缴费取消录取、抽签、结业) are actions that call
:mod:`apps.education.services`, each confirmed on a page of its own first.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from unfold.admin import TabularInline

from apps.core.admin import BaseAdmin
from apps.core.excel.admin import ExcelAdminMixin
from apps.education import models as m
from apps.education import selectors, services
from apps.education.choices import EnrolmentStatus
from apps.education.resources import EnrolmentResource, VenueResource


def _run(modeladmin, request, queryset, service, done: str, *, confirm: str = ""):
    """Call ``service(user, obj)`` for each selected row, after a confirmation page when
    ``confirm`` names what will happen; each row in its own transaction, each refusal
    reported by name."""
    if confirm and request.POST.get("confirmed") != "1":
        return TemplateResponse(
            request,
            "admin/education/confirm_action.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": "请确认操作",
                "opts": modeladmin.model._meta,
                "objects": list(queryset[:200]),
                "message": confirm,
                "action": request.POST.get("action"),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )
    ok = 0
    for obj in queryset:
        try:
            service(request.user, obj)
            ok += 1
        except (ValidationError, PermissionDenied) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            modeladmin.message_user(request, f"“{obj}”：{text}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, f"已为 {ok} 条记录{done}。", messages.SUCCESS)
    return None


# ---------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------
class InUseFilter(admin.SimpleListFilter):
    """在用 / 已停用 today (``Venue.open_on``): the dates decide, there is no flag to forget."""

    title = "在用状态"
    parameter_name = "in_use"

    def lookups(self, request, model_admin):
        return [("yes", "在用"), ("no", "已停用或未启用")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        open_now = queryset.open_on(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=open_now) if self.value() == "yes" else queryset.exclude(pk__in=open_now)


@admin.register(m.Venue)
class VenueAdmin(ExcelAdminMixin, BaseAdmin):
    resource_classes = [VenueResource]
    list_display = ["name", "level", "kind", "region", "parent", "capacity", "demonstration", "opened_on", "closed_on"]
    list_filter = ["level", "kind", "demonstration", "region", InUseFilter, "distance_learning"]
    search_fields = ["name", "address"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["parent"]
    ordering = ["region__sort_order", "level", "name"]

    def get_urls(self):
        return [
            path(
                "coverage/",
                self.admin_site.admin_view(self.coverage_view),
                name="education_venue_coverage",
            ),
            *super().get_urls(),
        ]

    def coverage_view(self, request):
        if not request.user.has_perm("education.view_venue"):
            raise PermissionDenied("您没有访问此页面的权限。")
        from django.utils.dateparse import parse_date

        from apps.regions.models import Region

        regions = list(Region.objects.workable_for(request.user).values_list("pk", flat=True))
        today = timezone.localdate()
        # ?date=YYYY-MM-DD reads the network as it stood on that day (not after today).
        try:
            day = min(parse_date(request.GET.get("date") or "") or today, today)
        except ValueError:
            day = today
        return TemplateResponse(
            request,
            "admin/education/coverage.html",
            {
                **self.admin_site.each_context(request),
                "title": "老年教育办学网络覆盖率",
                "opts": self.model._meta,
                "day": day,
                "rows": selectors.coverage(regions, as_of=day),
                "targets": selectors.targets(),
            },
        )


@admin.register(m.DistrictBase)
class DistrictBaseAdmin(BaseAdmin):
    list_display = ["region", "townships", "townships_with_school", "villages", "villages_with_point", "elders"]
    list_filter = ["region"]
    search_fields = ["region__name"]
    list_select_related = ["region"]


@admin.register(m.CoverageTarget)
class CoverageTargetAdmin(BaseAdmin):
    list_display = ["measure", "target", "basis"]
    list_filter = ["measure"]
    search_fields = ["basis"]


# ---------------------------------------------------------------------------
# Terms, discounts, courses
# ---------------------------------------------------------------------------
class DiscountInline(TabularInline):
    model = m.Discount
    extra = 0
    fields = ["name", "retirement_type", "min_age", "percent_off"]


@admin.register(m.Term)
class TermAdmin(BaseAdmin):
    list_display = ["name", "starts_on", "status", "new_closes_at", "seed_published_at", "drawn_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    readonly_fields = ["seed_shown", "seed_published_at", "list_digest", "drawn_at"]
    inlines = [DiscountInline]
    actions = ["publish_seed", "draw"]
    fieldsets = [
        (None, {"fields": ["name", "starts_on", "ends_on", "status"]}),
        ("报名时间", {"fields": ["returning_opens_at", "returning_closes_at", "new_opens_at", "new_closes_at"]}),
        (
            "规则（可调整）",
            {
                "fields": [
                    "course_limit",
                    "consent_age",
                    "offer_hold_hours",
                    "lixiu_priority",
                    "weight_mode",
                    "completion_rate",
                ]
            },
        ),
        ("公开抽签", {"fields": ["seed_shown", "seed_published_at", "list_digest", "drawn_at"]}),
    ]

    @admin.display(description="抽签种子")
    def seed_shown(self, obj):
        return obj.seed_display or "尚未公布"

    @admin.action(description="公布抽签种子", permissions=["run_lottery"])
    def publish_seed(self, request, queryset):
        return _run(self, request, queryset, services.seed_publish, "公布抽签种子")

    @admin.action(description="抽签（报名截止后）", permissions=["run_lottery"])
    def draw(self, request, queryset):
        return _run(
            self,
            request,
            queryset,
            services.lottery_draw,
            "完成抽签",
            confirm="将按已公布的种子对报名人数超过名额的课程抽签，结果一经产生不能重做。",
        )

    def has_run_lottery_permission(self, request):
        return request.user.has_perm("education.run_lottery")


class CourseForm(forms.ModelForm):
    class Meta:
        model = m.Course
        fields = [
            "term",
            "venue",
            "name",
            "level",
            "teacher",
            "teacher_user",
            "weekday",
            "starts_at",
            "ends_at",
            "seats",
            "tuition",
            "min_age",
            "max_age",
            "prerequisite",
            "mode",
            "description",
        ]

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if self.instance.pk and seats < self.instance.seats_taken:
            raise ValidationError(f"招生名额不能少于已占名额（{self.instance.seats_taken}）。")
        return seats


@admin.register(m.Course)
class CourseAdmin(BaseAdmin):
    form = CourseForm
    list_display = ["name", "level", "term", "venue", "weekday", "starts_at", "seats", "seats_taken", "applicants"]
    list_filter = ["term", "level", "mode", "weekday", "venue__region"]
    search_fields = ["name", "teacher", "venue__name"]
    list_select_related = ["term", "venue"]
    autocomplete_fields = ["venue", "prerequisite"]
    raw_id_fields = ["teacher_user"]
    readonly_fields = ["seats_taken"]
    actions = ["complete"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_applicants=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.WITHDRAWN)))
        )

    @admin.display(description="报名人数", ordering="n_applicants")
    def applicants(self, obj):
        return obj.n_applicants

    def save_model(self, request, obj, form, change):
        services.course_save(request.user, obj)

    @admin.action(description="办理结业", permissions=["change"])
    def complete(self, request, queryset):
        return _run(
            self,
            request,
            queryset,
            services.course_complete,
            "办理结业",
            confirm="将按出勤率为所选课程的在读学员办理结业，办理后学员状态为“已结业”或“未结业”。",
        )


# ---------------------------------------------------------------------------
# Enrolments (read-only rows; changes are actions)
# ---------------------------------------------------------------------------
@admin.register(m.Enrolment)
class EnrolmentAdmin(ExcelAdminMixin, BaseAdmin):
    resource_classes = [EnrolmentResource]
    list_display = [
        "person",
        "course",
        "status",
        "queue_position",
        "channel",
        "returning",
        "fee",
        "payment_status",
        "offer_expires_at",
    ]
    list_filter = ["status", "payment_status", "channel", "returning", "term", "course__venue__region"]
    search_fields = ["person__name", "person__name_pinyin", "person__name_initials", "course__name"]
    list_select_related = ["person", "course", "term"]
    actions = ["paid", "release", "refunded", "withdraw"]

    def has_add_permission(self, request):
        return False  # enrolments come through the desk, the elder pages or the lottery

    def has_delete_permission(self, request, obj=None):
        return False  # they leave through 退课 / 取消录取, which pass the seat on

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description="登记已缴费", permissions=["change"])
    def paid(self, request, queryset):
        return _run(self, request, queryset, services.mark_paid, "登记缴费")

    @admin.action(description="逾期未缴费，取消录取（名额递补）", permissions=["change"])
    def release(self, request, queryset):
        return _run(
            self,
            request,
            queryset,
            services.release_unpaid,
            "取消录取",
            confirm="所选学员将被取消录取，名额依次递补给候补学员。",
        )

    @admin.action(description="登记已退费", permissions=["change"])
    def refunded(self, request, queryset):
        return _run(self, request, queryset, services.refund, "登记退费")

    @admin.action(description="办理退课（名额递补）", permissions=["change"])
    def withdraw(self, request, queryset):
        return _run(
            self,
            request,
            queryset,
            services.staff_withdraw,
            "办理退课",
            confirm="所选报名将退课，已缴学费转为待退费，名额依次递补给候补学员。",
        )


class GuardianForm(forms.ModelForm):
    username = forms.CharField(label="家属账号（用户名）", max_length=150)

    class Meta:
        model = m.Guardian
        fields = ["person", "relation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].initial = self.instance.user.username

    def clean_username(self):
        User = get_user_model()
        try:
            return User.objects.get(username=self.cleaned_data["username"].strip(), is_active=True)
        except User.DoesNotExist as exc:
            raise ValidationError("没有这个用户名的有效账号。") from exc

    def save(self, commit=True):
        self.instance.user = self.cleaned_data["username"]
        return super().save(commit)


@admin.register(m.Guardian)
class GuardianAdmin(BaseAdmin):
    form = GuardianForm
    list_display = ["person", "user", "relation"]
    list_filter = ["relation", "person__region"]
    search_fields = ["person__name", "user__username", "user__full_name"]
    list_select_related = ["person", "user"]
    autocomplete_fields = ["person"]
    fields = ["username", "person", "relation"]


class AttendanceInline(TabularInline):
    model = m.Attendance
    extra = 0
    fields = ["enrolment", "present"]
    readonly_fields = ["enrolment", "present"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enrolment__person", "enrolment__course")


@admin.register(m.Lesson)
class LessonAdmin(BaseAdmin):
    list_display = ["course", "date", "taken_by", "present_count"]
    list_filter = ["course__term", "course__venue__region"]
    search_fields = ["course__name"]
    list_select_related = ["course", "taken_by"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]
    readonly_fields = ["course", "date", "taken_by"]

    def has_add_permission(self, request):
        return False  # roll call is taken on the phone page

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_present=Count("marks", filter=Q(marks__present=True)))

    @admin.display(description="出勤人数", ordering="n_present")
    def present_count(self, obj):
        return obj.n_present
