"""Approve / return as actions on the back office's activity-log changelist (the Party brand's own).

They call the same services as the review queue; returning asks for the comment on an
intermediate page (not a pop-up), which posts back to the changelist.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from apps.party.logs import activity_log_approve, activity_log_return


def _apply(request, queryset, service, **kwargs) -> tuple[int, list[str]]:
    done, refused = 0, []
    for log in queryset.select_related("organisation"):
        try:
            service(log=log, reviewer=request.user, **kwargs)
        except ValidationError as exc:
            refused.append(f"{log.organisation}“{log.theme}”：{''.join(exc.messages)}")
        else:
            done += 1
    return done, refused


def _report(modeladmin, request, verb: str, done: int, refused: list[str]) -> None:
    if done:
        modeladmin.message_user(request, f"已{verb} {done} 条记录。", messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, f"未能{verb}：{line}", messages.WARNING)


@admin.action(description="审核通过所选记录", permissions=["change"])
def approve_logs(modeladmin, request, queryset):
    done, refused = _apply(request, queryset, activity_log_approve)
    _report(modeladmin, request, "审核通过", done, refused)


class ReturnCommentForm(forms.Form):
    comment = forms.CharField(
        label="退回意见",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写退回意见，告诉书记需要修改什么。"},
    )


@admin.action(description="退回所选记录（需填写意见）", permissions=["change"])
def return_logs(modeladmin, request, queryset):
    form = ReturnCommentForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        done, refused = _apply(request, queryset, activity_log_return, comment=form.cleaned_data["comment"])
        _report(modeladmin, request, "退回", done, refused)
        return None
    return TemplateResponse(
        request,
        "party/admin_return_logs.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "退回组织生活记录",
            "opts": modeladmin.model._meta,
            "queryset": queryset.select_related("organisation"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
