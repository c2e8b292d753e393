"""Back office of 草根内参: informants, reports (registered, forwarded, 批示, answered, fed
back through the buttons, each a service), the informants' monthly counts page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from unfold.admin import TabularInline
from unfold.decorators import action, display

from apps.core.admin import BaseAdmin, ServiceCreateAdminMixin
from apps.core.excel.admin import ExcelAdminMixin
from apps.core.masking import mask_phone
from apps.core.scoping import ScopedInlineMixin
from apps.insights import forms, selectors, services
from apps.insights.choices import ReportStatus
from apps.insights.models import FeedbackRule, Informant, InsightCategory, Report, ReportAttachment
from apps.insights.resources import ReportResource


@admin.register(InsightCategory)
class InsightCategoryAdmin(BaseAdmin):
    list_display = ["name", "sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["name"]

    # Saved and deleted through the services (validation, permission, history's author).
    def save_model(self, request, obj, form, change):
        services.category_save(user=request.user, category=obj)

    def delete_model(self, request, obj):
        services.category_delete(user=request.user, category=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.category_delete(user=request.user, category=obj)


@admin.register(FeedbackRule)
class FeedbackRuleAdmin(BaseAdmin):
    list_display = ["months", "note"]
    list_filter = ["months"]
    search_fields = ["note"]

    def save_model(self, request, obj, form, change):
        services.feedback_rule_save(user=request.user, rule=obj)

    def has_delete_permission(self, request, obj=None):
        # The deadline in force is the latest rule: staff change it rather than delete it.
        return False


@admin.register(Informant)
class InformantAdmin(BaseAdmin):
    list_display = ["name", "region", "phone_masked", "joined_on", "active"]
    list_filter = ["active", "region"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["person"]
    masked_fields = {"phone": ("phone", "联系电话")}

    @display(description="联系电话")
    def phone_masked(self, obj):
        return mask_phone(obj.phone) or "—"


class FeedbackOverdueFilter(admin.SimpleListFilter):
    title = "反馈是否超期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "已超期未反馈")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(selectors.feedback_overdue_q())
        return queryset


class AttachmentInline(ScopedInlineMixin, TabularInline):
    model = ReportAttachment
    extra = 0
    fields = ["file", "name", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


@admin.register(Report)
class ReportAdmin(ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [ReportResource]
    form = forms.ReportAddForm
    list_display = [
        "number",
        "title",
        "category",
        "author_shown",
        "region",
        "status",
        "submitted_on",
        "feedback_due",
        "overdue",
        "adopted",
    ]
    list_filter = [FeedbackOverdueFilter, "status", "adopted", "category", "region", "anonymous"]
    search_fields = ["number", "title", "content", "place", "department"]
    list_select_related = ["category", "region", "informant"]
    autocomplete_fields = ["informant"]
    date_hierarchy = "submitted_on"
    inlines = [AttachmentInline]
    actions_detail = ["register_action", "forward_action", "instruct_action", "answer_action", "feedback_action"]
    add_fields = ["informant", "anonymous", "title", "content", "category", "place", "submitted_on"]
    step_fields = [
        "region",
        "status",
        "number",
        "registered_on",
        "adopted",
        "department",
        "forwarded_on",
        "feedback_due",
        "instruction",
        "instructed_by",
        "instructed_on",
        "answer",
        "answered_on",
        "feedback",
        "fed_back_on",
    ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return ["author_shown", *self.add_fields[1:], *self.step_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["author_shown", *self.add_fields, *self.step_fields]

    def has_delete_permission(self, request, obj=None):
        # A registered report is numbered in sequence: never deleted.
        return super().has_delete_permission(request, obj) and (obj is None or obj.number is None)

    saved_on_change = False

    def service_create(self, request, obj, form):
        return services.report_submit(user=request.user, **{name: form.cleaned_data[name] for name in self.add_fields})

    @display(description="作者")
    def author_shown(self, obj):
        return obj.author

    @display(description="反馈超期", boolean=True)
    def overdue(self, obj):
        return bool(
            obj.feedback_due and obj.feedback_due < timezone.localdate() and obj.status != ReportStatus.FED_BACK
        )

    # -- the steps ------------------------------------------------------------------------
    def _step(self, request, object_id, *, form_class, title, run, done):
        report = self.get_object(request, object_id)
        if report is None:
            raise Http404("对象不存在或不在您的数据权限范围内。")
        form = form_class(request.POST if request.method == "POST" else None)
        back = reverse("admin:insights_report_change", args=[report.pk])
        if request.method == "POST" and form.is_valid():
            try:
                run(report, form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, done)
                return redirect(back)
        return TemplateResponse(
            request,
            "admin/party/service_form.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{title}：{report.title}",
                "opts": self.model._meta,
                "app_label": "insights",
                "object": report,
                "original": report,
                "form": form,
                "intro": f"{report.number or '（未登记）'} · {report.category} · 报送于{report.submitted_on:%Y-%m-%d}",
                "cancel_url": back,
            },
        )

    @action(description="登记编号", url_path="register", permissions=["change"], icon="tag")
    def register_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=forms.RegisterForm,
            title="登记编号",
            run=lambda r, d: services.report_register(user=request.user, report=r, **d),
            done="已登记编号。",
        )

    @action(description="转办", url_path="forward", permissions=["change"], icon="forward_to_inbox")
    def forward_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=forms.ForwardForm,
            title="转办",
            run=lambda r, d: services.report_forward(user=request.user, report=r, **d),
            done="已转办，反馈期限已按规则计算。",
        )

    @action(description="领导批示", url_path="instruct", permissions=["change"], icon="draw")
    def instruct_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=forms.InstructForm,
            title="登记领导批示",
            run=lambda r, d: services.report_instruct(user=request.user, report=r, **d),
            done="已登记领导批示，计为采用。",
        )

    @action(description="办理答复", url_path="answer", permissions=["change"], icon="reply")
    def answer_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=forms.AnswerForm,
            title="登记办理答复",
            run=lambda r, d: services.report_answer(user=request.user, report=r, **d),
            done="已登记办理答复。",
        )

    @action(description="反馈作者", url_path="feedback", permissions=["change"], icon="mark_email_read")
    def feedback_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=forms.FeedbackForm,
            title="登记向作者反馈",
            run=lambda r, d: services.report_feedback(user=request.user, report=r, **d),
            done="已登记反馈，本篇内参办结。",
        )

    # -- the monthly counts ---------------------------------------------------------------
    def get_urls(self):
        return [
            path(
                "monthly/",
                self.admin_site.admin_view(self.monthly_view),
                name="insights_report_monthly",
            ),
            *super().get_urls(),
        ]

    def monthly_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        this_year = timezone.localdate().year
        try:
            year = int(request.GET.get("year", this_year))
        except ValueError:
            year = this_year
        if not 2000 <= year <= this_year:
            year = this_year
        reports = Report.objects.for_user(request.user).filter(submitted_on__year=year)
        return TemplateResponse(
            request,
            "admin/insights/monthly.html",
            {
                **self.admin_site.each_context(request),
                "title": f"信息员月度报送情况（{year}年）",
                "opts": self.model._meta,
                "year": year,
                "years": list(range(this_year, this_year - 5, -1)),
                "months": range(1, 13),
                "rows": selectors.monthly_counts(request.user, year),
                "figures": selectors.adoption_figures(reports),
            },
        )
