"""Forms of the team leader's workspace: plain fields, Chinese labels, big targets."""

import datetime
import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone

from apps.volunteers.choices import CorrectionChannel, CorrectionKind, Intensity
from apps.volunteers.models import Activity, ServiceCategory, ServiceRecord, TeamMember

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


# ---------------------------------------------------------------------------
# Correction requests (67号令 art. 12–13): a wrong record, or a missing one
# ---------------------------------------------------------------------------
HOURS_HELP = "如 2.5（小时）"
# Hours are typed as text with the phone's decimal keypad, as on the team's hours page. A
# focused number input, once the viewport had been resized, scrolled the page back as the
# tap on the button below it took the focus away: the tap ended on the input, nothing sent.
HOURS_INPUT = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _record_choices(records) -> list:
    return [("", "请选择")] + [
        (r.pk, f"{r.date:%Y-%m-%d} {r.activity.title} · {r.hours} 小时（{r.get_status_display()}）") for r in records
    ]


def _activity_choices(activities) -> list:
    return [("", "请选择")] + [(a.pk, f"{a.date:%Y-%m-%d} {a.title}（{a.place}）") for a in activities]


class CorrectionForm(forms.Form):
    """The team leader asks, for a volunteer of his team, that one of his records be
    corrected (记录有误) or a missing one added (记录遗漏)."""

    kind = forms.ChoiceField(
        label="申请类型", choices=CorrectionKind.choices, widget=forms.RadioSelect, initial=CorrectionKind.RECORD
    )
    record = forms.ModelChoiceField(
        label="需要更正的服务记录（记录有误时选）", queryset=ServiceRecord.objects.none(), required=False
    )
    activity = forms.ModelChoiceField(
        label="遗漏记录的活动（记录遗漏时选）", queryset=Activity.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label="申请方式", choices=CorrectionChannel.choices, widget=forms.RadioSelect, initial=CorrectionChannel.SELF
    )
    description = forms.CharField(
        label="更正事项（哪里有误或遗漏、应当如何更正）", widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    proposed_hours = forms.DecimalField(
        label="申请更正为（小时；记录遗漏时必填）",
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("24"),
        help_text=HOURS_HELP,
        widget=HOURS_INPUT,
    )

    def __init__(self, *args, member: TeamMember, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        records = list(member.records.select_related("activity").order_by("-date")[:200])
        self.fields["record"].queryset = member.records.all()
        self.fields["record"].choices = _record_choices(records)
        self.fields["activity"].queryset = candidates
        self.fields["activity"].choices = _activity_choices(candidates[:100])

    def clean(self):
        data = super().clean()
        if data.get("kind") == CorrectionKind.RECORD and not data.get("record"):
            self.add_error("record", "请选择需要更正的服务记录。")
        if data.get("kind") == CorrectionKind.OMITTED:
            if not data.get("activity"):
                self.add_error("activity", "请选择遗漏记录的活动。")
            if data.get("proposed_hours") is None and "proposed_hours" not in self.errors:
                self.add_error("proposed_hours", "请填写实际服务的时长。")
        return data


class MyCorrectionForm(forms.Form):
    """The volunteer's own request to correct one of his records."""

    description = forms.CharField(
        label="哪里有误、应当如何更正", widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    proposed_hours = forms.DecimalField(
        label="实际服务时长（小时，选填）",
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("24"),
        help_text=HOURS_HELP,
        widget=HOURS_INPUT,
    )


class MyOmissionForm(forms.Form):
    """The volunteer's own request to add a missing record: the activity, the hours."""

    activity = forms.ModelChoiceField(label="参加的活动", queryset=Activity.objects.none())
    proposed_hours = forms.DecimalField(
        label="实际服务时长（小时）",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("24"),
        help_text=HOURS_HELP,
        widget=HOURS_INPUT,
    )
    description = forms.CharField(
        label="情况说明（如：当天在现场签到，记录中没有）", widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = candidates
        self.fields["activity"].choices = _activity_choices(candidates[:100])


class HandleForm(forms.Form):
    """The team leader accepts a request (the record corrected, or the missing one added)
    or refuses it with a reason the volunteer sees."""

    decision = forms.ChoiceField(
        label="办理结果",
        choices=[("accept", "同意更正"), ("refuse", "不予更正")],
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label="服务时长（小时）",
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("24"),
    )
    reason = forms.CharField(label="不予更正的理由（志愿者能看到）", required=False, max_length=200)
    # A missing record: when he signed in and out, to check against his other records.
    start_time = forms.TimeField(label="签到时间（选填）", required=False, widget=TIME)
    end_time = forms.TimeField(label="签退时间（选填）", required=False, widget=TIME)

    def __init__(self, *args, omitted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.omitted = omitted
        if omitted:
            self.fields["decision"].choices = [("accept", "同意补记"), ("refuse", "不予补记")]
            self.fields["hours"].label = "补记的服务时长（小时）"
            self.fields["reason"].label = "不予补记的理由（志愿者能看到）"
        else:
            del self.fields["start_time"], self.fields["end_time"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and data.get("hours") is None and "hours" not in self.errors:
            self.add_error("hours", "同意补记须填写服务时长。" if self.omitted else "同意更正须填写更正后的服务时长。")
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "不予更正须写明理由。")
        return data
