"""Forms of the workspace screens. They only clean input; the writes are in
``apps.party.logs``."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from apps.party.choices import ActivityMode, ActivityType
from apps.party.photos import PHOTO_MAX_COUNT


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, required=False, **kwargs)


class BasicsForm(forms.Form):
    """Screen 1: type, date, place, host, theme."""

    activity_type = forms.ChoiceField(
        label="活动类型",
        choices=ActivityType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择活动类型。"},
    )
    held_on = forms.DateField(
        label="活动日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写活动日期。", "invalid": "日期格式不对，请重新选择。"},
    )
    mode = forms.ChoiceField(
        label="活动形式", choices=ActivityMode.choices, initial=ActivityMode.OFFLINE, widget=forms.RadioSelect
    )
    place = forms.CharField(label="活动地点", max_length=100, required=False)
    host = forms.CharField(label="主持人", max_length=40, required=False)
    theme = forms.CharField(
        label="活动主题", max_length=200, error_messages={"required": "请填写活动主题，例如“重温入党誓词”。"}
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("held_on"):
            self.initial["held_on"] = timezone.localdate()
        if not self.is_bound and "version" not in self.initial:
            # A new log: the token is made once, when the form is first shown, so a
            # repeated post of this same form finds the log it already created.
            self.initial.setdefault("client_token", uuid.uuid4())

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        today = timezone.localdate()
        if held_on.year < today.year - 1:
            raise forms.ValidationError("活动日期太早了，请检查年份。")
        if held_on > today + datetime.timedelta(days=366):
            raise forms.ValidationError("活动日期太晚了，请检查年份。")
        return held_on

    def log_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("activity_type", "held_on", "mode", "place", "host", "theme")}


class AttendanceForm(forms.Form):
    """Screen 2: the roster as a tick list. The ticks are read straight from the POST
    (``person``, ``present``, ``reason_<id>``) so the service sees exactly what was sent,
    a forged person id included."""

    version = VersionField()

    def attendance(self, data) -> dict[int, tuple[bool, str]]:
        present = set(data.getlist("present"))
        result = {}
        for raw in data.getlist("person"):
            if not raw.isdigit():
                raise forms.ValidationError("出席名单有误，请刷新页面后重新勾选。")
            result[int(raw)] = (raw in present, data.get(f"reason_{raw}", "").strip()[:100])
        return result


class ContentForm(forms.Form):
    """Screen 3: what was done, photos, then save as draft or submit."""

    content = forms.CharField(label="活动内容", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    remove_photos = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    version = VersionField()

    def __init__(self, *args, photo_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_photos"].choices = [(pk, pk) for pk in photo_ids]

    @staticmethod
    def photos(files) -> list:
        # Every named file goes to the photo service, an empty one too: it is refused
        # there with a message, never dropped while the draft is saved.
        uploads = [f for f in files.getlist("photos") if f]
        if len(uploads) > PHOTO_MAX_COUNT:
            raise forms.ValidationError(f"一次最多上传 {PHOTO_MAX_COUNT} 张照片。")
        return uploads


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label="审核意见（可不填）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="退回意见",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写退回意见，告诉书记需要修改什么。"},
    )
    version = VersionField()


class ReviewFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    activity_type = forms.ChoiceField(
        label="活动类型", required=False, choices=[("", "全部类型"), *ActivityType.choices]
    )
    region = forms.ChoiceField(label="区域", required=False, choices=[])
    organisation = forms.ChoiceField(label="党支部", required=False, choices=[])

    def __init__(self, *args, regions=None, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            self.fields["region"].choices = [("", "全部区域"), *[(str(pk), name) for pk, name in regions]]
        self.fields["organisation"].choices = [("", "全部党支部"), *[(str(pk), name) for pk, name in branches]]
