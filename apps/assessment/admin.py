"""Back office of the annual assessment: schemes with their indicators and grade rules,
and read-only views of tally runs, manual scores and appeals (those change through the
portal's actions, which go through the services). A locked scheme is read-only here too.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action

from apps.assessment import services
from apps.assessment.choices import SchemeStatus
from apps.assessment.indicators import formula_choices, formula_label
from apps.assessment.models import Appeal, GradeRule, Indicator, IndicatorGroup, ManualScore, Scheme, TallyRun
from apps.assessment.params import ParamsField, params_text
from apps.core.admin import BaseAdmin
from apps.core.scoping import ScopedAdminMixin, ScopedInlineMixin


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "order",
            "code",
            "name",
            "brand",
            "kind",
            "formula_key",
            "params",
            "max_score",
            "weight",
            "scorer_role",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formula_key"] = forms.ChoiceField(
            label="计算公式", choices=[("", "（人工评分指标不选）"), *formula_choices()], required=False
        )
        if "params" in self.fields:
            model_field = self.fields["params"]
            self.fields["params"] = ParamsField(
                label=model_field.label,
                required=False,
                widget=model_field.widget,
                help_text='计分方法、目标值、分档等（JSON，键用中文，例如 {"计分方法": "按目标线性得分", "目标值": 100}）。',
            )


class LockedInlineMixin(ScopedInlineMixin):
    def _editable(self, obj):
        return obj is None or obj.status != SchemeStatus.LOCKED

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class IndicatorInline(LockedInlineMixin, TabularInline):
    model = Indicator
    form = IndicatorForm
    extra = 0
    fields = ["order", "code", "name", "brand", "kind", "formula_key", "params", "max_score", "weight", "scorer_role"]
    # Read-only (a locked scheme, a reader's view): the formula's name and the parameters
    # in words instead of the formula's code and the raw JSON.
    READ_ONLY_AS = {"formula_key": "formula_display", "params": "params_display"}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return [self.READ_ONLY_AS.get(name, name) for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.READ_ONLY_AS.values()]

    @admin.display(description="计算公式")
    def formula_display(self, obj):
        return formula_label(obj.formula_key)

    @admin.display(description="参数")
    def params_display(self, obj):
        return params_text(obj.params)


class GroupFormSet(forms.BaseInlineFormSet):
    """The brand groups of a scheme total 100 points (or there are none)."""

    def clean(self):
        super().clean()
        weights = [
            form.cleaned_data["weight"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("weight") is not None
        ]
        message = services.groups_total_error(weights)
        if message:
            raise ValidationError(message)


class IndicatorGroupInline(LockedInlineMixin, TabularInline):
    model = IndicatorGroup
    formset = GroupFormSet
    extra = 0
    fields = ["order", "brand", "weight"]
    verbose_name_plural = "品牌分组权重（合计 100 分；各品牌的指标在其分值内折算）"


class GradeRuleInline(LockedInlineMixin, TabularInline):
    model = GradeRule
    extra = 0
    fields = ["order", "grade", "min_score", "max_share"]


@admin.register(Scheme)
class SchemeAdmin(BaseAdmin):
    list_display = ["name", "year", "unit_kind", "status", "published_at", "locked_at", "portal_link"]
    list_filter = ["year", "unit_kind", "status"]
    search_fields = ["name"]
    ordering = ["-year", "unit_kind"]
    readonly_fields = ["status", "published_at", "locked_at", "copied_from"]
    fields = ["name", "year", "unit_kind", "appeal_days", "note", "status", "published_at", "locked_at", "copied_from"]
    inlines = [IndicatorGroupInline, IndicatorInline, GradeRuleInline]
    actions = ["copy_to_next_year"]

    @admin.display(description="前台页面")
    def portal_link(self, obj):
        return format_html('<a href="{}">查看结果与操作</a>', reverse("assessment:scheme_detail", args=[obj.pk]))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == SchemeStatus.LOCKED:
            return False
        return super().has_change_permission(request, obj)

    def history_revert_refusal(self, request, obj):
        if obj.status == SchemeStatus.LOCKED:
            return "该考评方案已锁定，不能修改，也不能恢复历史版本。"
        return super().history_revert_refusal(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Only a draft that was never tallied may be deleted.
        if obj is not None and obj.status != SchemeStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if change:
            services.ensure_editable(Scheme.objects.select_for_update().get(pk=obj.pk))
        obj.full_clean()
        super().save_model(request, obj, form, change)

    @action(description="复制为下一年度方案", permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        for scheme in queryset:
            try:
                copy = services.scheme_copy(scheme=scheme)
                self.message_user(request, f"已复制为“{copy.name}”。", messages.SUCCESS)
            except ValidationError as exc:
                self.message_user(request, "；".join(exc.messages), messages.ERROR)


class ReadOnlyMixin:
    """Rows written only by the services (through the portal's actions)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, BaseAdmin):
    pass


@admin.register(TallyRun)
class TallyRunAdmin(ReadOnlyMixin, ScopedAdminMixin, ModelAdmin):
    # Runs keep no history of their own: each run is already a record of what happened.
    list_filter_submit = True
    list_display = ["scheme", "trigger", "started_by", "status", "progress", "created_at", "duration", "is_current"]
    list_filter = ["status", "trigger", "is_current", "scheme__year"]
    list_select_related = ["scheme", "started_by"]
    search_fields = ["scheme__name"]
    date_hierarchy = "created_at"
    # The input fingerprint is the tally's own check (a hash): nothing a reader can use.
    exclude = ["fingerprint"]


@admin.register(ManualScore)
class ManualScoreAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "region", "organisation", "score", "reason", "evaluator", "updated_at"]
    list_filter = ["indicator__scheme__year", "region"]
    list_select_related = ["indicator", "region", "organisation", "evaluator"]
    search_fields = ["indicator__name", "organisation__name", "reason"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["unit_name", "scheme", "status", "lodged_by", "lodged_at", "answered_by", "answered_at"]
    list_filter = ["status", "scheme__year", "region"]
    list_select_related = ["scheme", "lodged_by", "answered_by"]
    search_fields = ["unit_name", "reason", "answer"]
