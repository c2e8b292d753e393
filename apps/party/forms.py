"""Back-office forms for the Party services that are more than a plain save:
moving an organisation, transferring a member, recording a death, entering a review.

Each form only collects and checks input; the admin view calls the service, so the rules
live in one place (``apps.party.services``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextInputWidget,
)

from apps.party.choices import OrgKind, OrgStatus
from apps.party.models import Organisation
from apps.party.photos import photo_prepare
from apps.party.services import KIND_RANK, review_check_result


def _organisation_label(org: Organisation) -> str:
    return "　" * org.depth + org.name


class OrganisationMoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(
        label="新的上级党组织",
        queryset=Organisation.objects.none(),
        widget=UnfoldAdminSelectWidget,
        help_text="连同全部下级组织一起移动；原有的任职、党员和组织生活记录保持不变。",
    )

    def __init__(self, *args, organisation: Organisation, scope_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        allowed_kinds = [kind for kind, rank in KIND_RANK.items() if rank < KIND_RANK[organisation.kind]]
        field = self.fields["new_parent"]
        field.queryset = (
            scope_queryset.filter(kind__in=allowed_kinds, status=OrgStatus.ACTIVE)
            .exclude(path__startswith=organisation.path)
            .exclude(pk=organisation.parent_id)
            .order_by("path")
        )
        field.label_from_instance = _organisation_label


class MembershipTransferForm(forms.Form):
    on = forms.DateField(label="转接日期", widget=UnfoldAdminSingleDateWidget)
    to_organisation = forms.ModelChoiceField(
        label="转入本系统内党组织",
        queryset=Organisation.objects.none(),
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    counterpart = forms.CharField(
        label="或：转往系统外单位",
        max_length=100,
        required=False,
        widget=UnfoldAdminTextInputWidget,
        help_text="转往外地或系统外党组织时填写其名称，此时不选上面的党组织。",
    )

    def __init__(self, *args, membership, scope_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_organisation"]
        field.queryset = (
            scope_queryset.filter(
                kind__in=[OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE], status=OrgStatus.ACTIVE
            )
            .exclude(pk=membership.organisation_id)
            .order_by("path")
        )
        field.label_from_instance = _organisation_label

    def clean(self):
        data = super().clean()
        if bool(data.get("to_organisation")) == bool(data.get("counterpart")):
            raise ValidationError("请选择转入的党组织，或填写系统外的转入单位（二者选一）。")
        return data


class MembershipDeceasedForm(forms.Form):
    on = forms.DateField(label="去世日期", widget=UnfoldAdminSingleDateWidget)


class ComplianceRuleReviseForm(forms.Form):
    """A new version of a 三会一课 rule, in force from a date (the old one closes the day before)."""

    valid_from = forms.DateField(
        label="新版本生效日期",
        widget=UnfoldAdminSingleDateWidget,
        help_text="自该日起开始的周期按新版本计算；此前的周期（含已锁定的考评结果）仍按原规则。",
    )
    required_count = forms.IntegerField(
        label="应开展次数", min_value=1, max_value=100, widget=UnfoldAdminIntegerFieldWidget
    )
    note = forms.CharField(label="说明", max_length=200, required=False, widget=UnfoldAdminTextInputWidget)


class ComplianceRuleCloseForm(forms.Form):
    valid_to = forms.DateField(
        label="最后执行日期",
        widget=UnfoldAdminSingleDateWidget,
        help_text="该日之后开始的周期不再按本规则考核；此前的周期不变。",
    )


class ReviewItemFormSet(BaseInlineFormSet):
    """The seven checklist items of a review; 通过 needs every one met."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        result = getattr(self.instance, "result", None)
        passed = [
            form.cleaned_data.get("passed", False)
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kinds = [
            form.cleaned_data.get("item")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kinds) != len(set(kinds)):
            raise ValidationError("检查项不能重复。")
        if result and (len(kinds) < 7 and result == "passed"):
            raise ValidationError("结论为“通过”时，须逐项填写全部七个检查项。")
        try:
            review_check_result(result=result, passed=passed)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["result"]) from exc


class TrainingAttendanceFormSet(BaseInlineFormSet):
    """Attendance entered in the back office stays within the class's seats."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        capacity = self.instance.capacity
        if capacity is not None and len(kept) > capacity:
            raise ValidationError(f"参训人数（{len(kept)}）超过培训班名额（{capacity}）。")


class PostFormSet(BaseInlineFormSet):
    """Terms of office entered in the back office: a single-holder post (secretary,
    committee members, group leader) has at most one current holder, and a term never
    ends before it starts. To hand a post over, end the old term and add the new one."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        from apps.party.choices import PostKind
        from apps.party.services import SINGLE_HOLDER_POSTS

        current: dict[str, int] = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            started, ended = data.get("started_on"), data.get("ended_on")
            if started and ended and ended < started:
                form.add_error("ended_on", "离任时间不能早于任职时间。")
            if data.get("post") in SINGLE_HOLDER_POSTS and not ended:
                current[data["post"]] = current.get(data["post"], 0) + 1
        doubled = [PostKind(post).label for post, n in current.items() if n > 1]
        if doubled:
            raise ValidationError(f"{'、'.join(doubled)}同一时间只能有一位现任，请先填写前任的离任时间。")


class PhotoUploadField(forms.FileField):
    """The back office's photo upload: the file goes through the one photo service and
    what reaches the model is the clean JPEG it returns, never the upload.

    It is a plain ``FileField`` (not Django's ``ImageField``, which would open the upload
    with Pillow first) so that the service alone judges the file, with its messages.
    """

    def __init__(self, **kwargs):
        kwargs["allow_empty_file"] = True  # the service refuses it, with its message
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return photo_prepare(upload).as_file()
