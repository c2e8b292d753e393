from django import forms
from django.core.exceptions import ValidationError

from apps.insights.models import Report

DATE = {"required": "请填写日期。", "invalid": "请填写正确的日期，如 2026-05-01。"}


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE)


def _text(label, rows=3, max_length=1000):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"请填写{label}。", "max_length": f"{label}不能超过{max_length}字。"},
    )


class RegisterForm(forms.Form):
    registered_on = _date("登记日期")
    adopted = forms.BooleanField(label="编报采用", required=False)


class ForwardForm(forms.Form):
    department = forms.CharField(label="转办部门", max_length=100, error_messages={"required": "请填写转办部门。"})
    forwarded_on = _date("转办日期")


class InstructForm(forms.Form):
    instruction = _text("批示内容")
    instructed_by = forms.CharField(label="批示领导", max_length=50, error_messages={"required": "请填写批示领导。"})
    instructed_on = _date("批示日期")


class AnswerForm(forms.Form):
    answer = _text("答复内容", max_length=2000)
    answered_on = _date("答复日期")


class FeedbackForm(forms.Form):
    feedback = _text("反馈内容")
    fed_back_on = _date("反馈日期")


class ReportAddForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["informant", "anonymous", "title", "content", "category", "place", "submitted_on"]

    def clean(self):
        from apps.insights.services import check_submitted_on

        data = super().clean()
        if data.get("informant") and data.get("submitted_on") and "submitted_on" not in self.errors:
            try:
                check_submitted_on(data["informant"], data["submitted_on"])
            except ValidationError as exc:
                self.add_error("submitted_on", exc.message_dict["submitted_on"])
        return data
