"""我的志愿服务: a volunteer's own page (67号令 art. 12: the volunteer may look up his
records), for an elder account (no role) whose person is a volunteer of a team. His
confirmed and pending records with their hours, confirmed hours by year and his star
level; a request to correct one of his records or to add a missing one (art. 13, 本人申请),
handled by his team leader in the workspace.

He sees only his own records: every object is looked up among his person's (another
person's record is a 404); every write goes through ``apps.volunteers.services``.
Elder-first, in the workspace's frame (≥ 18 px, 60×60 targets)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from apps.accounts.choices import SEPARATED_ROLES
from apps.core.forms import add_service_errors
from apps.volunteers import selectors, services
from apps.volunteers.choices import CorrectionChannel
from apps.volunteers.forms import MyCorrectionForm, MyOmissionForm
from apps.volunteers.models import Activity, ServiceRecord, TeamMember


def volunteer_required(view):
    """Signed in, and his account's person is a volunteer of a team (the three
    administrators never: they manage the system, not records); anyone else gets 403.
    ``request.memberships`` are his teams, newest first."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        user = request.user
        memberships = []
        if user.person_id and user.role not in SEPARATED_ROLES:
            memberships = list(
                TeamMember.objects.filter(person_id=user.person_id)
                .select_related("person", "team")
                .order_by("-joined_on", "-pk")
            )
        if not memberships:
            raise PermissionDenied("“我的志愿服务”只对登记在册的志愿者本人开放。")
        request.memberships = memberships
        return view(request, *args, **kwargs)

    return wrapper


@volunteer_required
def home(request):
    """His records, hours by year, star level and requests. Fixed number of queries."""
    data = selectors.my_service(request.user.person_id)
    return render(request, "volunteers/mine.html", {"memberships": request.memberships, **data})


@volunteer_required
def record_correction(request, pk):
    """Ask that one of his records be corrected (本人申请)."""
    record = get_object_or_404(
        ServiceRecord.objects.filter(member__person_id=request.user.person_id).select_related("activity", "member"),
        pk=pk,
    )
    form = MyCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(
                record=record,
                channel=CorrectionChannel.SELF,
                description=form.cleaned_data["description"],
                proposed_hours=form.cleaned_data["proposed_hours"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已提交更正申请，团队负责人将在办理时限内答复。")
            return redirect("volunteers:mine")
    return render(request, "volunteers/mine_correction.html", {"record": record, "form": form})


@volunteer_required
def omission(request):
    """Ask that a missing record be added: an activity of his team, held within the
    rule's period while he was in the team, with no record of his; the hours served."""
    wanted = Q()
    for m in request.memberships:
        wanted |= Q(pk__in=services.omission_candidates(m).values("pk"))
    candidates = Activity.objects.filter(wanted).order_by("-date", "-pk")
    form = MyOmissionForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        activity = form.cleaned_data["activity"]
        member = next(m for m in request.memberships if m.team_id == activity.team_id)
        try:
            services.omission_request(
                member=member,
                activity=activity,
                hours=form.cleaned_data["proposed_hours"],
                channel=CorrectionChannel.SELF,
                description=form.cleaned_data["description"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已提交补记申请，团队负责人将在办理时限内答复。")
            return redirect("volunteers:mine")
    return render(request, "volunteers/mine_omission.html", {"form": form})
