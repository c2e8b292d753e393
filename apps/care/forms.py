from django import forms

from apps.care.choices import AidStatus, ModificationStage


class DeathForm(forms.Form):
    died_on = forms.DateField(label="去世日期", widget=forms.DateInput(attrs={"type": "date"}))


class AidCheckForm(forms.Form):
    decision = forms.ChoiceField(label="资格审核", choices=[("yes", "符合帮扶条件"), ("no", "不符合帮扶条件")])
    note = forms.CharField(label="审核意见", max_length=200, required=False)


class AidDecideForm(forms.Form):
    decision = forms.ChoiceField(label="审批意见", choices=[("approve", "批准"), ("refuse", "不予批准")])
    amount = forms.DecimalField(label="批准金额（元）", max_digits=10, decimal_places=2, required=False, min_value=0)
    reason = forms.CharField(label="不予批准理由", max_length=200, required=False)


class AidPayForm(forms.Form):
    amount = forms.DecimalField(label="发放金额（元）", max_digits=10, decimal_places=2, min_value=0)
    paid_on = forms.DateField(label="发放日期", widget=forms.DateInput(attrs={"type": "date"}))
    payer = forms.CharField(label="发放人", max_length=40)


AID_FORMS = {AidStatus.SUBMITTED: AidCheckForm, AidStatus.ELIGIBLE: AidDecideForm, AidStatus.APPROVED: AidPayForm}


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class ApproveForm(forms.Form):
    approved_on = _date("审批日期")


class NoticeForm(forms.Form):
    notice_start = _date("公示开始日期")


class WorksForm(forms.Form):
    contractor = forms.CharField(label="施工单位", max_length=80)
    works_started_on = _date("开工日期")
    before_photo = forms.ImageField(label="改造前照片", required=False)


class AcceptForm(forms.Form):
    accepted_on = _date("验收日期")
    after_photo = forms.ImageField(label="改造后照片", required=False)


class FollowUpForm(forms.Form):
    followed_up_on = _date("回访日期")
    followup_note = forms.CharField(label="回访情况", max_length=200, required=False)


STEP_FORMS = {
    ModificationStage.ASSESSED: ("审批改造方案", ApproveForm),
    ModificationStage.APPROVED: ("开始公示（一周）", NoticeForm),
    ModificationStage.NOTICE: ("公示期满，登记施工", WorksForm),
    ModificationStage.WORKS: ("逐户验收", AcceptForm),
    ModificationStage.ACCEPTED: ("六个月后回访", FollowUpForm),
}


class DoorOrderForm(forms.Form):
    """A door-service request (家政清洁、心理咨询、权益保护、休闲旅游): it becomes an order of
    the 四单 loop (apps.orders), dispatched to a volunteer team or a provider there."""

    category = forms.ModelChoiceField(label="服务类别", queryset=None, empty_label="请选择")
    content = forms.CharField(label="服务需求", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    address = forms.CharField(label="服务地点", max_length=200, help_text="如：本人家中、所在社区活动室")
    wanted_by = forms.DateField(label="希望完成日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from apps.care.choices import DOOR_CATEGORIES
        from apps.orders.models import ServiceCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ServiceCategory.objects.filter(active=True, name__in=DOOR_CATEGORIES)
