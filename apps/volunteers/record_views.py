"""Portal pages of 绿扬霞光's records beyond hours: correction requests handled by the team
leader (67号令 art. 12–13) and the certificates on notice inside the unit (民发〔2015〕149号).

Objects are looked up within ``for_user`` (out of scope is a 404); every write goes
through ``apps.volunteers.services``."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.core.masking import mask_name
from apps.volunteers import selectors, services
from apps.volunteers.choices import CorrectionChannel, CorrectionStatus
from apps.volunteers.models import CorrectionRequest, ServiceRecord, TeamMember
from apps.volunteers.workspace.views import leader_required


class CorrectionForm(forms.Form):
    record = forms.ModelChoiceField(
        label="需要更正的服务记录", queryset=ServiceRecord.objects.none(), empty_label="请选择"
    )
    channel = forms.ChoiceField(
        label="申请方式", choices=CorrectionChannel.choices, widget=forms.RadioSelect, initial=CorrectionChannel.SELF
    )
    description = forms.CharField(
        label="更正事项（哪里有误、应当如何更正）", widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    proposed_hours = forms.DecimalField(
        label="申请更正为（小时，选填）", required=False, max_digits=4, decimal_places=1, min_value=Decimal("0.1")
    )

    def __init__(self, *args, member: TeamMember, **kwargs):
        super().__init__(*args, **kwargs)
        records = member.records.select_related("activity").order_by("-date")[:200]
        self.fields["record"].queryset = member.records.all()
        self.fields["record"].choices = [("", "请选择")] + [
            (r.pk, f"{r.date:%Y-%m-%d} {r.activity.title} · {r.hours} 小时（{r.get_status_display()}）")
            for r in records
        ]


class HandleForm(forms.Form):
    decision = forms.ChoiceField(
        label="办理结果",
        choices=[("accept", "同意更正"), ("refuse", "不予更正")],
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label="更正后的服务时长（小时）", required=False, max_digits=4, decimal_places=1, min_value=Decimal("0.1")
    )
    reason = forms.CharField(label="不予更正的理由（志愿者能看到）", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and data.get("hours") is None:
            self.add_error("hours", "同意更正须填写更正后的服务时长。")
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "不予更正须写明理由。")
        return data


def _errors_to_form(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@leader_required
def corrections(request):
    """The team's correction requests: open ones first, soonest due, overdue marked."""
    today = timezone.localdate()
    rows = list(
        CorrectionRequest.objects.for_user(request.user)
        .select_related("record__member__person", "record__activity")
        .order_by("status", "due_on", "-pk")[:100]
    )
    for c in rows:
        c.overdue = c.overdue_on(today)
    open_n = sum(1 for c in rows if c.status == CorrectionStatus.OPEN)
    return render(request, "volunteers/corrections.html", {"rows": rows, "open_n": open_n, "today": today})


@leader_required
def correction_new(request, member_pk):
    """Screen to ask, for a volunteer of the team, that one of his records be corrected."""
    member = get_object_or_404(TeamMember.objects.for_user(request.user).select_related("person"), pk=member_pk)
    form = CorrectionForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.correction_request(
                record=d["record"],
                channel=d["channel"],
                description=d["description"],
                proposed_hours=d["proposed_hours"],
                user=request.user,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "已登记更正申请，请在办理时限内处理。")
            return redirect("volunteers:corrections")
    return render(request, "volunteers/correction_new.html", {"member": member, "form": form})


@leader_required
def correction_handle(request, pk):
    """Accept (the record changed through the service) or refuse with a reason."""
    c = get_object_or_404(
        CorrectionRequest.objects.for_user(request.user).select_related("record__member__person", "record__activity"),
        pk=pk,
    )
    initial = {"hours": c.proposed_hours or c.record.hours}
    form = HandleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["decision"] == "accept":
                services.correction_accept(correction=c, hours=d["hours"], user=request.user)
            else:
                services.correction_refuse(correction=c, reason=d["reason"], user=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "已办理更正申请。")
            return redirect("volunteers:corrections")
    c.overdue = c.overdue_on(timezone.localdate())
    return render(request, "volunteers/correction_handle.html", {"c": c, "form": form})


@login_required
def certificate_notice(request):
    """The certificates published inside the unit (≥ 7 days) before they are registered:
    holder's name masked, volunteer number, hours, period, notice end, objection state."""
    if not request.user.has_perm("volunteers.view_certificate"):
        raise PermissionDenied("您没有查看志愿服务记录证明的权限。")
    rows = list(selectors.certificates_on_notice(request.user)[:200])
    for cert in rows:
        cert.holder_masked = mask_name(cert.holder_name)
    return render(request, "volunteers/certificate_notice.html", {"rows": rows, "today": timezone.localdate()})
