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

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("body", wording.DEFAULT_SECTION)
        return initial
