from django import forms
from django.contrib import admin

from apps.core.admin import BaseAdmin
from apps.summary import wording
from apps.summary.models import SummaryTemplate


class SummaryTemplateForm(forms.ModelForm):
    class Meta:
        model = SummaryTemplate
        fields = ["part", "heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


@admin.register(SummaryTemplate)
class SummaryTemplateAdmin(BaseAdmin):
    """Staff's wording around the figures; a new one starts from the default text."""

    form = SummaryTemplateForm
    list_display = ["part", "heading", "updated_at"]
    search_fields = ["heading", "body"]
    readonly_fields = ["placeholders"]

    @admin.display(description="可用占位符")
    def placeholders(self, obj):
        """What this part's wording may name: the common ones, its figures (each also with
        “·上年” and “·变化”) and the sentences its brand's reading writes."""
        if obj is None or not obj.part:
            return "保存后显示本段可用的占位符。"
        from apps.summary.builder import placeholder_names

        names = [*wording.BASE_NAMES, *(n for n in placeholder_names(obj.part) if "·" not in n)]
        return "、".join(f"〔{name}〕" for name in dict.fromkeys(names)) + "（指标后可加“·上年”“·变化”）"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("body", wording.DEFAULT_SECTION)
        return initial
