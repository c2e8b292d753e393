"""Back-office pages of 绿扬霞光 that call one service each: a volunteer's pause, resumption
and leaving; a certificate's acceptance, issue and revocation. GET shows the form (the
confirmation); POST runs the service; a refusal shows its Chinese message, writing nothing."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import role_may
from apps.volunteers import services
from apps.volunteers.choices import MemberStatus


class ReasonForm(forms.Form):
    on = forms.DateField(label="日期", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="原因", max_length=200, required=False)


class ResumeForm(forms.Form):
    on = forms.DateField(label="恢复日期", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))


class IssueForm(forms.Form):
    person_in_charge = forms.CharField(label="出具单位负责人", max_length=40)
    handler = forms.CharField(label="经办人", max_length=40)
    contact = forms.CharField(label="联系电话", max_length=30, required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200)


class ConfirmForm(forms.Form):
    pass


def _object(model_admin, request, object_id, perm):
    # The role's permission (roles.py): no query, unlike has_perm on a fresh user.
    if not role_may(request.user, perm):
        raise PermissionDenied("您没有访问此页面的权限。")
    obj = model_admin.get_object(request, object_id)
    if obj is None:
        raise Http404("对象不存在或不在您的数据权限范围内。")
    return obj


def service_form_page(model_admin, request, obj, form, *, title, intro, run, done_message):
    back = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done_message)
            return redirect(back)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "object": obj,
        "original": obj,
        "form": form,
        "intro": intro,
        "cancel_url": back,
    }
    return TemplateResponse(request, "admin/party/service_form.html", context)


@dataclass(frozen=True)
class ServiceStep:
    """A page that runs one service on one object, declared. The object is looked up in
    the user's scope (the user must hold ``permission``); ``form`` is shown, with
    ``initial(obj)``; on POST ``run(obj, data, user)`` calls the service. The heading is
    "<title>：<subject(obj)>"; ``title`` and ``intro`` are texts or functions of the object."""

    permission: str
    form: type[forms.Form]
    title: str | Callable
    intro: str | Callable
    run: Callable
    done_message: str
    subject: Callable = str
    initial: Callable | None = None

    def __call__(self, model_admin, request, object_id):
        obj = _object(model_admin, request, object_id, self.permission)
        initial = self.initial(obj) if self.initial else None
        return service_form_page(
            model_admin,
            request,
            obj,
            self.form(request.POST or None, initial=initial),
            title=f"{self.title(obj) if callable(self.title) else self.title}：{self.subject(obj)}",
            intro=self.intro(obj) if callable(self.intro) else self.intro,
            run=lambda data: self.run(obj, data, request.user),
            done_message=self.done_message,
        )


def _member_step(status, title: str, intro: str, form: type[forms.Form]) -> ServiceStep:
    return ServiceStep(
        permission="volunteers.change_teammember",
        form=form,
        title=title,
        intro=intro,
        run=lambda member, d, user: services.member_set_status(
            member=member, status=status, on=d["on"], reason=d.get("reason", ""), user=user
        ),
        done_message=f"已{title}。",
        subject=lambda member: member.person,
    )


MEMBER_STEPS = {
    status: _member_step(status, title, intro, form)
    for status, title, intro, form in (
        (MemberStatus.PAUSED, "暂停服务", "暂停期间不能报名活动，已有的服务记录保留。", ReasonForm),
        (MemberStatus.ACTIVE, "恢复服务", "恢复后可以重新报名活动。", ResumeForm),
        (MemberStatus.LEFT, "办理离队", "离队后不能再登记离队日期之后的服务，已有记录和证明保留。", ReasonForm),
    )
}


def member_status_view(model_admin, request, object_id, status):
    return MEMBER_STEPS[status](model_admin, request, object_id)


CERTIFICATE = "volunteers.change_certificate"

certificate_accept_view = ServiceStep(
    permission=CERTIFICATE,
    form=ConfirmForm,
    title="受理证明申请",
    intro="受理后核对该期间的服务记录，全部确认后方可开具。",
    run=lambda cert, d, user: services.certificate_accept(certificate=cert, user=user),
    done_message="已受理。",
)

certificate_issue_view = ServiceStep(
    permission=CERTIFICATE,
    form=IssueForm,
    title="开具证明",
    intro="证明只统计该期间已确认的服务时长；开具后编号登记在册，可在公开核验页查验。",
    run=lambda cert, d, user: services.certificate_issue(certificate=cert, user=user, **d),
    done_message="证明已开具并登记。",
)

certificate_revoke_view = ServiceStep(
    permission=CERTIFICATE,
    form=RevokeForm,
    title="撤销证明",
    intro="撤销后核验页将显示“已撤销”及原因。此操作不能恢复。",
    run=lambda cert, d, user: services.certificate_revoke(certificate=cert, reason=d["reason"], user=user),
    done_message="证明已撤销。",
)


# ---------------------------------------------------------------------------
# Correction requests, certificate notice, campaign figures
# ---------------------------------------------------------------------------
class AcceptCorrectionForm(forms.Form):
    hours = forms.DecimalField(label="更正后的服务时长（小时）", max_digits=4, decimal_places=1, min_value=0.1)


class RefuseCorrectionForm(forms.Form):
    reason = forms.CharField(label="不予更正的理由", max_length=200)


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label="异议人", max_length=60)
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="核实结论",
        choices=[("0", "异议不成立，继续公示"), ("1", "异议成立，撤销证明")],
        coerce=lambda v: v == "1",
    )
    resolution = forms.CharField(label="核实结果", max_length=200)


CORRECTION = "volunteers.change_correctionrequest"


def _omitted(c) -> bool:
    return c.record_id is None


correction_accept_view = ServiceStep(
    permission=CORRECTION,
    form=AcceptCorrectionForm,
    title=lambda c: f"同意{'补记' if _omitted(c) else '更正'}",
    intro=lambda c: (
        f"补记事项：{c.description}。同意后按所填时长为志愿者补记该活动的服务记录并视为已确认。"
        if _omitted(c)
        else f"更正事项：{c.description}。同意后服务记录的时长改为所填时长并视为已确认，原记录保留在历史中。"
    ),
    run=lambda c, d, user: services.correction_accept(correction=c, hours=d["hours"], user=user),
    done_message="已更正服务记录。",
    initial=lambda c: {"hours": c.proposed_hours or (None if _omitted(c) else c.record.hours)},
)

correction_refuse_view = ServiceStep(
    permission=CORRECTION,
    form=RefuseCorrectionForm,
    title="不予更正",
    intro=lambda c: f"更正事项：{c.description}。请写明理由，理由将告知志愿者。",
    run=lambda c, d, user: services.correction_refuse(correction=c, reason=d["reason"], user=user),
    done_message="已办理：不予更正。",
)

certificate_object_view = ServiceStep(
    permission=CERTIFICATE,
    form=ObjectionForm,
    title="登记公示异议",
    intro="公示期内收到异议的，证明暂缓登记，核实后再办理。",
    run=lambda cert, d, user: services.certificate_object(certificate=cert, user=user, **d),
    done_message="已登记异议，证明暂缓登记。",
)

objection_resolve_view = ServiceStep(
    permission="volunteers.change_certificateobjection",
    form=ResolveForm,
    title="核实异议",
    intro=lambda objection: f"异议内容：{objection.content}",
    run=lambda objection, d, user: services.objection_resolve(objection=objection, user=user, **d),
    done_message="已办结异议。",
)


def campaign_figures_view(model_admin, request, object_id):
    from apps.volunteers.selectors import campaign_figures

    campaign = _object(model_admin, request, object_id, "volunteers.view_campaign")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"专项行动统计：{campaign}",
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "object": campaign,
        "original": campaign,
        "f": campaign_figures(campaign, user=request.user),
        "back": reverse("admin:volunteers_campaign_change", args=[campaign.pk]),
    }
    return TemplateResponse(request, "admin/volunteers/campaign_figures.html", context)
