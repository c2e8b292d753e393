from django import forms

from apps.assessment.choices import AppealStatus
from apps.assessment.models import Indicator


class ManualScoreForm(forms.Form):
    indicator = forms.ModelChoiceField(label="考评指标", queryset=Indicator.objects.none())
    score = forms.DecimalField(label="得分", min_value=0, max_digits=6, decimal_places=2)
    reason = forms.CharField(label="评分理由", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scheme is not None:
            self.fields["indicator"].queryset = Indicator.objects.filter(scheme=scheme).order_by("order", "code")


class AppealForm(forms.Form):
    reason = forms.CharField(label="申诉理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class AppealAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="答复结论", choices=[(AppealStatus.ACCEPTED, "已采纳"), (AppealStatus.REJECTED, "未采纳")]
    )
    answer = forms.CharField(label="答复意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
