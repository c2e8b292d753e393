"""Back office of the 四单 loop. Orders are created through ``order_create`` and move only
through the workflow buttons (中心派单、拒单、接单、退单、完成服务、评单、撤单), each a
service in ``apps.orders.services``; the change page itself is read-only."""

import threading

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from unfold.admin import TabularInline
from unfold.decorators import action, display

from apps.core.admin import BaseAdmin, ServiceCreateAdminMixin
from apps.core.excel.admin import ExcelAdminMixin
from apps.core.masking import mask_name
from apps.orders import forms, selectors, services
from apps.orders.choices import OPEN_STATUSES
from apps.orders.models import OrderEvent, ServiceCategory, ServiceOrder, StepDeadline
from apps.orders.resources import ServiceOrderResource

_page = threading.local()  # the working calendar of the list page being rendered


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(BaseAdmin):
    list_display = ["name", "description", "sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "description"]

    # Saved and deleted through the services (validation, permission, history's author).
    def save_model(self, request, obj, form, change):
        services.category_save(user=request.user, category=obj)

    def delete_model(self, request, obj):
        services.category_delete(user=request.user, category=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.category_delete(user=request.user, category=obj)


@admin.register(StepDeadline)
class StepDeadlineAdmin(BaseAdmin):
    list_display = ["step", "working_days"]
    list_filter = ["step"]
    search_fields = ["step"]

    def save_model(self, request, obj, form, change):
        services.step_deadline_save(user=request.user, row=obj)

    def has_delete_permission(self, request, obj=None):
        # Without its row a step would fall back, unseen, to the built-in default: staff
        # change the number instead.
        return False


class OverdueFilter(admin.SimpleListFilter):
    title = "是否逾期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "本环节已逾期"), ("no", "未逾期")]

    def queryset(self, request, queryset):
        late = Q(status__in=OPEN_STATUSES, step_due_on__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


class EventInline(TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "team", "reason", "due_on", "late", "actor"]
    readonly_fields = fields
    verbose_name_plural = "流转记录"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team", "actor")


@admin.register(ServiceOrder)
class ServiceOrderAdmin(ServiceCreateAdminMixin, ExcelAdminMixin, BaseAdmin):
    resource_classes = [ServiceOrderResource]
    form = forms.OrderAddForm
    list_display = [
        "number",
        "category",
        "requester_masked",
        "region",
        "team",
        "status",
        "step_due_on",
        "overdue",
        "wanted_by",
        "satisfaction",
    ]
    list_filter = [OverdueFilter, "status", "category", "region", "source", "origin", "team"]
    search_fields = ["number", "requester_name", "requester_person__name", "content", "address"]
    list_select_related = ["category", "region", "team", "requester_person"]
    autocomplete_fields = ["requester_person"]
    date_hierarchy = "submitted_at"
    inlines = [EventInline]
    masked_fields = {"requester_phone": ("phone", "联系电话"), "address": ("address", "服务地点")}
    actions_detail = [
        "dispatch_action",
        "provider_accept_action",
        "provider_complete_action",
        "refuse_action",
        "evaluate_action",
        "cancel_action",
    ]
    readonly_on_change = [
        "number",
        "category",
        "requester_person",
        "requester_name",
        "requester_phone",
        "region",
        "address",
        "content",
        "wanted_by",
        "source",
        "entered_by_team",
        "origin",
        "status",
        "team",
        "provider",
        "step_due_on",
        "refuse_reason",
        "hand_back_reason",
        "served_on",
        "service_note",
        "on_time",
        "satisfaction",
        "evaluation_comment",
        "submitted_at",
        "dispatched_at",
        "accepted_at",
        "closed_at",
    ]

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return forms.OrderAddForm.Meta.fields
        return self.readonly_on_change

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return super().get_readonly_fields(request, obj)
        return [*self.readonly_on_change, *super().get_readonly_fields(request, obj)]

    def has_delete_permission(self, request, obj=None):
        # The ledger keeps every order; a need withdrawn is 撤单, not deleted.
        return False

    created_fields = ("number",)
    saved_on_change = False

    def service_create(self, request, obj, form):
        return services.order_create(user=request.user, **form.cleaned_data)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def changelist_view(self, request, extra_context=None):
        _page.today = timezone.localdate()
        _page.calendar = selectors.calendar_for_lists(_page.today)
        try:
            response = super().changelist_view(request, extra_context)
            # Rendered here, while the page's calendar is set (the columns read it).
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _page.calendar = None

    @display(description="点单人")
    def requester_masked(self, obj):
        return mask_name(obj.requester) or "—"

    @display(description="逾期")
    def overdue(self, obj):
        today = getattr(_page, "today", None) or timezone.localdate()
        return selectors.overdue_label(obj, today, getattr(_page, "calendar", None)) or "—"

    def has_dispatch_permission(self, request, object_id=None):
        return request.user.has_perm(services.DISPATCH)

    def has_evaluate_permission(self, request, object_id=None):
        return request.user.has_perm(services.EVALUATE)

    # -- the workflow ---------------------------------------------------------------------
    def _order(self, request, object_id) -> ServiceOrder:
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("对象不存在或不在您的数据权限范围内。")
        return obj

    def _step(self, request, object_id, *, form, title, intro, run, done):
        order = self._order(request, object_id)
        form = form(order)
        back = reverse("admin:orders_serviceorder_change", args=[order.pk])
        if request.method == "POST" and form.is_valid():
            try:
                run(order, form.cleaned_data)
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
                "title": f"{title}：{order.number}",
                "opts": self.model._meta,
                "app_label": "orders",
                "object": order,
                "original": order,
                "form": form,
                "intro": intro(order),
                "cancel_url": back,
            },
        )

    def _summary(self, order):
        return f"{order.category}：{order.content[:60]}（{order.region}，希望{order.wanted_by:%Y-%m-%d}前完成）。"

    @action(description="中心派单", url_path="dispatch", permissions=["dispatch"], icon="send")
    def dispatch_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form=lambda o: forms.DispatchForm(request.POST or None, user=request.user, order=o),
            title="中心派单",
            intro=self._summary,
            run=lambda o, d: services.order_dispatch(
                user=request.user, order=o, team=d["team"], provider=d["provider"]
            ),
            done="已派单，等待团队接单。",
        )

    @action(description="代服务机构接单", url_path="provider-accept", permissions=["dispatch"], icon="how_to_reg")
    def provider_accept_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form=lambda o: forms.ConfirmForm(request.POST or None),
            title="代服务机构登记接单",
            intro=lambda o: f"{self._summary(o)}承接服务机构：{o.provider or '（派给志愿团队的工单由团队自行接单）'}",
            run=lambda o, d: services.order_accept(user=request.user, order=o),
            done="已代服务机构登记接单。",
        )

    @action(description="代服务机构登记完成", url_path="provider-complete", permissions=["dispatch"], icon="task_alt")
    def provider_complete_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form=lambda o: forms.CompleteForm(request.POST or None),
            title="代服务机构登记服务完成",
            intro=lambda o: f"{self._summary(o)}承接服务机构：{o.provider or '（派给志愿团队的工单由团队自行登记）'}",
            run=lambda o, d: services.order_complete(
                user=request.user, order=o, served_on=d["served_on"], note=d["note"]
            ),
            done="已登记服务完成，等待群众评单。",
        )

    @action(description="拒单", url_path="refuse", permissions=["dispatch"], icon="block")
    def refuse_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form=lambda o: forms.ReasonForm(request.POST or None, label="拒单理由（点单人可见）"),
            title="拒单",
            intro=self._summary,
            run=lambda o, d: services.order_refuse(user=request.user, order=o, reason=d["reason"]),
            done="已拒单，理由将告知点单人。",
        )

    @action(description="群众评单", url_path="evaluate", permissions=["evaluate"], icon="star")
    def evaluate_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form=lambda o: forms.EvaluateForm(request.POST or None),
            title="登记群众评单",
            intro=lambda o: f"{self._summary(o)}服务情况：{o.service_note or '—'}",
            run=lambda o, d: services.order_evaluate(
                user=request.user, order=o, satisfaction=d["satisfaction"], comment=d["comment"]
            ),
            done="已登记评单，工单办结。",
        )

    @action(description="撤单", url_path="cancel", permissions=["dispatch"], icon="cancel")
    def cancel_action(self, request, object_id):
        return self._step(
            request,
            object_id,
            form=lambda o: forms.ReasonForm(request.POST or None, label="撤单原因"),
            title="撤单",
            intro=self._summary,
            run=lambda o, d: services.order_cancel(user=request.user, order=o, reason=d["reason"]),
            done="已撤单。",
        )
