"""Back-office pages of 绿扬霞光 that call one service each: a volunteer's pause, resumption
and leaving; a certificate's acceptance, issue and revocation. GET shows the form (the
confirmation); POST runs the service; a refusal shows its Chinese message, writing nothing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

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
    if not request.user.has_perm(perm):
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


def member_status_view(model_admin, request, object_id, status):
    member = _object(model_admin, request, object_id, "volunteers.change_teammember")
    form_class = ResumeForm if status == MemberStatus.ACTIVE else ReasonForm
    label = {MemberStatus.PAUSED: "暂停服务", MemberStatus.ACTIVE: "恢复服务", MemberStatus.LEFT: "办理离队"}[status]
    intro = {
        MemberStatus.PAUSED: "暂停期间不能报名活动，已有的服务记录保留。",
        MemberStatus.ACTIVE: "恢复后可以重新报名活动。",
        MemberStatus.LEFT: "离队后不能再登记离队日期之后的服务，已有记录和证明保留。",
    }[status]
    return service_form_page(
        model_admin,
        request,
        member,
        form_class(request.POST or None),
        title=f"{label}：{member.person}",
        intro=intro,
        run=lambda d: services.member_set_status(
            member=member, status=status, on=d["on"], reason=d.get("reason", ""), user=request.user
        ),
        done_message=f"已{label}。",
    )


def certificate_accept_view(model_admin, request, object_id):
    cert = _object(model_admin, request, object_id, "volunteers.change_certificate")
    return service_form_page(
        model_admin,
        request,
        cert,
        ConfirmForm(request.POST or None),
        title=f"受理证明申请：{cert}",
        intro="受理后核对该期间的服务记录，全部确认后方可开具。",
        run=lambda d: services.certificate_accept(certificate=cert, user=request.user),
        done_message="已受理。",
    )


def certificate_issue_view(model_admin, request, object_id):
    cert = _object(model_admin, request, object_id, "volunteers.change_certificate")
    return service_form_page(
        model_admin,
        request,
        cert,
        IssueForm(request.POST or None),
        title=f"开具证明：{cert}",
        intro="证明只统计该期间已确认的服务时长；开具后编号登记在册，可在公开核验页查验。",
        run=lambda d: services.certificate_issue(certificate=cert, user=request.user, **d),
        done_message="证明已开具并登记。",
    )


def certificate_revoke_view(model_admin, request, object_id):
    cert = _object(model_admin, request, object_id, "volunteers.change_certificate")
    return service_form_page(
        model_admin,
        request,
        cert,
        RevokeForm(request.POST or None),
        title=f"撤销证明：{cert}",
        intro="撤销后核验页将显示“已撤销”及原因。此操作不能恢复。",
        run=lambda d: services.certificate_revoke(certificate=cert, reason=d["reason"], user=request.user),
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


def correction_accept_view(model_admin, request, object_id):
    c = _object(model_admin, request, object_id, "volunteers.change_correctionrequest")
    omitted = c.record_id is None
    form = AcceptCorrectionForm(
        request.POST or None, initial={"hours": c.proposed_hours or (None if omitted else c.record.hours)}
    )
    return service_form_page(
        model_admin,
        request,
        c,
        form,
        title=f"同意{'补记' if omitted else '更正'}：{c}",
        intro=(
            f"补记事项：{c.description}。同意后按所填时长为志愿者补记该活动的服务记录并视为已确认。"
            if omitted
            else f"更正事项：{c.description}。同意后服务记录的时长改为所填时长并视为已确认，原记录保留在历史中。"
        ),
        run=lambda d: services.correction_accept(correction=c, hours=d["hours"], user=request.user),
        done_message="已更正服务记录。",
    )


def correction_refuse_view(model_admin, request, object_id):
    c = _object(model_admin, request, object_id, "volunteers.change_correctionrequest")
    return service_form_page(
        model_admin,
        request,
        c,
        RefuseCorrectionForm(request.POST or None),
        title=f"不予更正：{c}",
        intro=f"更正事项：{c.description}。请写明理由，理由将告知志愿者。",
        run=lambda d: services.correction_refuse(correction=c, reason=d["reason"], user=request.user),
        done_message="已办理：不予更正。",
    )


def certificate_object_view(model_admin, request, object_id):
    cert = _object(model_admin, request, object_id, "volunteers.change_certificate")
    return service_form_page(
        model_admin,
        request,
        cert,
        ObjectionForm(request.POST or None),
        title=f"登记公示异议：{cert}",
        intro="公示期内收到异议的，证明暂缓登记，核实后再办理。",
        run=lambda d: services.certificate_object(certificate=cert, user=request.user, **d),
        done_message="已登记异议，证明暂缓登记。",
    )


def objection_resolve_view(model_admin, request, object_id):
    objection = _object(model_admin, request, object_id, "volunteers.change_certificateobjection")
    return service_form_page(
        model_admin,
        request,
        objection,
        ResolveForm(request.POST or None),
        title=f"核实异议：{objection}",
        intro=f"异议内容：{objection.content}",
        run=lambda d: services.objection_resolve(objection=objection, user=request.user, **d),
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
