"""The team leader's correction requests in his workspace (``/workspace/team/corrections/``):
the team's requests, open ones first and overdue marked; a request for a volunteer (a wrong
record, or a missing one); accepting (the record corrected, or the missing one created,
through ``apps.volunteers.services``) or refusing with a reason. 67号令 art. 12–13.

Their former addresses under ``/volunteers/corrections/`` redirect here (308)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.core.forms import add_service_errors
from apps.volunteers import services
from apps.volunteers.choices import CorrectionKind, CorrectionStatus
from apps.volunteers.forms import CorrectionForm, HandleForm
from apps.volunteers.models import CorrectionRequest, TeamMember
from apps.volunteers.workspace.views import _retire_home, leader_required

RELATED = ("member__person", "record__activity", "activity")


@leader_required
def corrections(request):
    """The team's correction requests: open ones first, soonest due, overdue marked."""
    today = timezone.localdate()
    rows = list(
        CorrectionRequest.objects.for_user(request.user)
        .select_related(*RELATED)
        .order_by("status", "due_on", "-pk")[:100]
    )
    for c in rows:
        c.overdue = c.overdue_on(today)
    open_n = sum(1 for c in rows if c.status == CorrectionStatus.OPEN)
    overdue_n = sum(1 for c in rows if c.overdue)
    return render(
        request,
        "volunteers/workspace/corrections.html",
        {"rows": rows, "open_n": open_n, "overdue_n": overdue_n, "today": today},
    )


@leader_required
def correction_new(request, member_pk):
    """For a volunteer of the team: correct one of his records, or add a missing one."""
    member = get_object_or_404(TeamMember.objects.for_user(request.user).select_related("person"), pk=member_pk)
    form = CorrectionForm(request.POST or None, member=member, candidates=services.omission_candidates(member))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["kind"] == CorrectionKind.OMITTED:
                services.omission_request(
                    member=member,
                    activity=d["activity"],
                    hours=d["proposed_hours"],
                    channel=d["channel"],
                    description=d["description"],
                    user=request.user,
                )
            else:
                services.correction_request(
                    record=d["record"],
                    channel=d["channel"],
                    description=d["description"],
                    proposed_hours=d["proposed_hours"],
                    user=request.user,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _retire_home(request.team.pk)
            messages.success(request, "已登记更正申请，请在办理时限内处理。")
            return redirect("workspace:team_corrections")
    return render(request, "volunteers/workspace/correction_new.html", {"member": member, "form": form})


@leader_required
def correction_handle(request, pk):
    """Accept (the record changed, or the missing one created, through the service) or
    refuse with a reason."""
    c = get_object_or_404(CorrectionRequest.objects.for_user(request.user).select_related(*RELATED), pk=pk)
    omitted = c.kind == CorrectionKind.OMITTED
    initial = {"hours": c.proposed_hours or (c.record.hours if c.record_id else None)}
    if omitted and c.activity.start_time and c.activity.end_time:
        initial |= {"start_time": c.activity.start_time, "end_time": c.activity.end_time}
    form = HandleForm(request.POST or None, initial=initial, omitted=omitted)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["decision"] == "accept":
                services.correction_accept(
                    correction=c,
                    hours=d["hours"],
                    user=request.user,
                    start_time=d.get("start_time"),
                    end_time=d.get("end_time"),
                )
            else:
                services.correction_refuse(correction=c, reason=d["reason"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _retire_home(request.team.pk)
            messages.success(request, "已办理更正申请。")
            return redirect("workspace:team_corrections")
    c.overdue = c.overdue_on(timezone.localdate())
    return render(request, "volunteers/workspace/correction_handle.html", {"c": c, "form": form})
