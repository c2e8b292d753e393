"""Forms of the 丹心向党 workflow pages; each feeds one service (apps.workforce.services)."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from apps.workforce import choices as c

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _today():
    return timezone.localdate()


def _now():
    return timezone.localtime().replace(second=0, microsecond=0)


class ProgressForm(forms.Form):
    on = forms.DateField(label="进展日期", initial=_today, widget=DATE)
    note = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label="附件", required=False)


class EvidenceForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=100)
    file = forms.FileField(label="佐证材料")


class SubmitForm(forms.Form):
    completed_on = forms.DateField(label="完成日期", initial=_today, widget=DATE)
    outcome = forms.CharField(label="整改成效说明", widget=forms.Textarea(attrs={"rows": 4}))


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label="我已核对佐证材料，确认签字", required=True)


class RecheckForm(forms.Form):
    result = forms.ChoiceField(
        label="回头看结果", choices=[(c.RecheckResult.PASSED, "巩固良好"), (c.RecheckResult.RELAPSED, "问题反弹")]
    )
    on = forms.DateField(label="检查日期", initial=_today, widget=DATE)
    note = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 4}))


class SignForm(forms.Form):
    at = forms.DateTimeField(
        label="时间", initial=_now, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class LeaveForm(forms.Form):
    on = forms.DateField(label="请假日期", widget=DATE)
    hours = forms.DecimalField(label="请假学时", min_value=Decimal("0.5"), max_digits=5, decimal_places=1)
    reason = forms.CharField(label="事由", max_length=200)


class ReviewForm(forms.Form):
    on = forms.DateField(label="评估日期", initial=_today, widget=DATE)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="走访日期", initial=_today, widget=DATE)
    visitors = forms.CharField(label="走访人员", max_length=100)
    summary = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    issues = forms.CharField(label="反映问题（每行一条）", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class AssignForm(forms.Form):
    task = forms.CharField(label="交办任务", widget=forms.Textarea(attrs={"rows": 3}))
    assignee = forms.CharField(label="承办单位", max_length=100)
    due_on = forms.DateField(label="办结时限", widget=DATE)


class CloseIssueForm(forms.Form):
    outcome = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))
    closed_on = forms.DateField(label="办结日期", initial=_today, widget=DATE)
