"""Forms of the team leader's workspace: plain fields, Chinese labels, big targets."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from apps.volunteers.choices import Intensity
from apps.volunteers.models import Activity, ServiceCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActivityForm(forms.ModelForm):
    """Screen 1 of 记一次服务活动."""

    category = forms.ModelChoiceField(
        label="服务类别", queryset=ServiceCategory.objects.filter(active=True), empty_label="请选择"
    )
    intensity = forms.ChoiceField(label="体力强度", choices=Intensity.choices, widget=forms.RadioSelect)
    # One activity per form, however often it is sent (a double tap, a retry).
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "category",
            "content",
            "intensity",
            "risk_notice",
            "needs_insurance",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "content": forms.Textarea(attrs={"rows": 3}),
            "risk_notice": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())
        self.fields["intensity"].initial = Intensity.LIGHT
        self.fields["risk_notice"].initial = "注意交通安全，量力而行，身体不适请立即告知负责人。"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError("活动日期不能超过一年以后。")
        return day


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    number = forms.CharField(label="证明编号", max_length=40)
