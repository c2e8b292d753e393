from django import forms

from apps.core.scoping import writable
from apps.orders.models import ServiceOrder


class OrderAddForm(forms.ModelForm):
    class Meta:
        model = ServiceOrder
        fields = [
            "category",
            "requester_person",
            "requester_name",
            "requester_phone",
            "region",
            "address",
            "content",
            "wanted_by",
        ]

    def clean(self):
        from apps.orders.services import order_check

        data = super().clean()
        errors, _ = order_check(**{name: data.get(name) for name in self.Meta.fields if name != "region"})
        for field, messages in errors.items():
            if field not in self.errors:
                self.add_error(field, messages)
        return data


class DispatchForm(forms.Form):
    team = forms.ModelChoiceField(label="承接团队", queryset=None, required=False)
    provider = forms.CharField(
        label="或：承接服务机构",
        max_length=80,
        required=False,
        help_text="派给志愿团队以外的服务机构（如家政公司、心理咨询机构）时填写，其接单、完成由中心代为登记。",
    )

    def __init__(self, *args, user, order, **kwargs):
        from apps.volunteers.models import Team

        super().__init__(*args, **kwargs)
        teams = writable(Team.objects.all(), user).select_related("region")
        self.fields["team"].queryset = teams
        self.fields["team"].help_text = f"点单人所在区域：{order.region}。"

    def clean(self):
        data = super().clean()
        if not data.get("team") and not (data.get("provider") or "").strip():
            raise forms.ValidationError("请选择承接的志愿团队，或填写承接服务机构。")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写理由。", "max_length": "理由不能超过200字。"},
    )

    def __init__(self, *args, label: str = "理由", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = f"请填写{label}。"


class CompleteForm(forms.Form):
    served_on = forms.DateField(
        label="服务完成日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写服务完成日期。", "invalid": "请填写正确的日期，如 2026-05-01。"},
    )
    note = forms.CharField(
        label="服务情况",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请简要填写服务情况。", "max_length": "服务情况不能超过1000字。"},
    )


class EvaluateForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="满意度",
        coerce=int,
        choices=[(5, "5星 非常满意"), (4, "4星 满意"), (3, "3星 基本满意"), (2, "2星 不满意"), (1, "1星 很不满意")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择满意度。", "invalid_choice": "满意度请在1至5星之间选择。"},
    )
    comment = forms.CharField(
        label="评价意见", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    """A confirmation step with nothing to fill in (the POST itself confirms)."""


class TeamOrderForm(forms.Form):
    """A need a team enters for an elder on the phone (the region is the team's)."""

    category = forms.ModelChoiceField(
        label="服务类别", queryset=None, empty_label="请选择", error_messages={"required": "请选择服务类别。"}
    )
    requester_name = forms.CharField(label="老人姓名", max_length=30, required=False)
    requester_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    address = forms.CharField(label="服务地点", max_length=200, required=False)
    content = forms.CharField(
        label="需要什么服务", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    wanted_by = forms.DateField(
        label="希望哪天前完成",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写希望完成日期。", "invalid": "请填写正确的日期，如 2026-05-01。"},
    )

    def __init__(self, *args, **kwargs):
        from apps.orders.models import ServiceCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ServiceCategory.objects.filter(active=True)
