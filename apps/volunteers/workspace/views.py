"""绿扬霞光's pages of the workspace: the volunteer team leader's (phone first), in the
shell's frame under ``/workspace/team/`` (``workspace`` in apps/volunteers/brand.py).

Record an activity with its participants' hours in three screens (the activity → who took
part and for how long → confirm), confirm or return hours, the team's volunteers and their
records. The team leader sees only his team: every object is looked up within
``for_user`` (out of scope is a 404) and every write goes through
``apps.volunteers.services``; each write retires his landing page's cached part.
"""

from decimal import Decimal, InvalidOperation
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.roles import role_may
from apps.core import generations
from apps.core.brands import WorkspaceHome
from apps.core.masking import mask_id_number, mask_phone
from apps.volunteers import selectors, services
from apps.volunteers.choices import MemberStatus, RecordStatus
from apps.volunteers.forms import ActivityForm, ReturnForm
from apps.volunteers.models import Activity, ServiceRecord, StarLevel, Team, TeamMember
from apps.volunteers.workspace import TEAM_GENERATION

LEAD_PERMISSION = "volunteers.lead_team"


def _check_leader(user) -> None:
    if not role_may(user, LEAD_PERMISSION) or not user.scope_team_id:
        raise PermissionDenied("团队工作台只对志愿服务团队负责人开放。")


def leader_required(view):
    """Signed in as a team leader with a team (``roles.py``: no permission query); anyone
    else gets 403. ``request.team`` is his team, read within his scope."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        _check_leader(request.user)
        request.team = get_object_or_404(Team.objects.for_user(request.user), pk=request.user.scope_team_id)
        return view(request, *args, **kwargs)

    return wrapper


def _retire_home(team_id: int) -> None:
    generations.bump(TEAM_GENERATION.format(team_id))


def _activity(request, pk) -> Activity:
    return get_object_or_404(Activity.objects.for_user(request.user).select_related("category", "team"), pk=pk)


# ---------------------------------------------------------------------------
# The team's part of the landing page
# ---------------------------------------------------------------------------
def home(request) -> WorkspaceHome:
    """The team's part of its leader's landing page: the buttons of his work, this year's
    figures and the activities waiting for their records (the 10-working-day rule), kept
    in the cache until a record, activity or volunteer of the team is written."""
    user = request.user
    _check_leader(user)
    team = get_object_or_404(Team.objects.for_user(user), pk=user.scope_team_id)
    today = timezone.localdate()
    return WorkspaceHome(
        heading=team.name,
        key=f"workspace:team-home:{team.pk}:{today.isoformat()}",
        generations=(TEAM_GENERATION.format(team.pk),),
        render=lambda: render_to_string(
            "volunteers/workspace/_home_team.html", {"f": selectors.team_figures(team), "team": team}
        ),
        actions="volunteers/workspace/_home_actions.html",
        context={"team": team},
    )


# ---------------------------------------------------------------------------
# Recording an activity in three screens
# ---------------------------------------------------------------------------
@leader_required
def activity_new(request):
    """Screen 1 of 3: the activity."""
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.team = request.team
        try:
            activity = services.activity_save(
                activity=activity, user=request.user, client_token=form.cleaned_data.get("client_token")
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            _retire_home(request.team.pk)
            return redirect("workspace:team_activity_hours", pk=activity.pk)
    return render(request, "volunteers/workspace/activity_new.html", {"form": form, "step": 1})


def _default_hours(activity: Activity) -> str:
    if activity.start_time and activity.end_time and activity.end_time > activity.start_time:
        return str(services.hours_between(activity.start_time, activity.end_time))
    return ""


@leader_required
def activity_hours(request, pk):
    """Screen 2 of 3: who took part and for how long; all saved at once or none."""
    activity = _activity(request, pk)
    members = [
        m
        for m in TeamMember.objects.filter(team=activity.team, status__in=[MemberStatus.ACTIVE, MemberStatus.PAUSED])
        .select_related("person")
        .order_by("person__name_pinyin")
        if m.serving_on(activity.date)
    ]
    recorded = set(activity.records.values_list("member_id", flat=True))
    default = _default_hours(activity)
    rows = [{"member": m, "checked": False, "hours": default, "recorded": m.pk in recorded} for m in members]
    errors = []
    if request.method == "POST":
        entries = []
        for row in rows:
            m = row["member"]
            row["checked"] = request.POST.get(f"m{m.pk}") == "on"
            row["hours"] = request.POST.get(f"h{m.pk}", "").strip()
            if not row["checked"] or row["recorded"]:
                continue
            try:
                hours = Decimal(row["hours"]) if row["hours"] else None
            except InvalidOperation:
                errors.append(f"{m.person.name}的服务时长“{row['hours']}”不是数字。")
                continue
            entries.append(services.HoursEntry(member=m, hours=hours))
        if not errors:
            try:
                services.records_enter(activity=activity, entries=entries, user=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                _retire_home(request.team.pk)
                messages.success(request, f"已登记 {len(entries)} 人的服务时长，请确认。")
                return redirect("workspace:team_activity_detail", pk=activity.pk)
    return render(
        request,
        "volunteers/workspace/activity_hours.html",
        {"activity": activity, "rows": rows, "errors": errors, "step": 2},
    )


@leader_required
def activity_detail(request, pk):
    """Screen 3 of 3: the activity with its records, to confirm."""
    activity = _activity(request, pk)
    records = list(activity.records.select_related("member__person").order_by("member__person__name_pinyin"))
    return render(
        request,
        "volunteers/workspace/activity_detail.html",
        {"activity": activity, "records": records, "step": 3, "today": timezone.localdate()},
    )


# ---------------------------------------------------------------------------
# Confirming and returning hours; the team's volunteers
# ---------------------------------------------------------------------------
@leader_required
def pending_hours(request):
    records = list(
        ServiceRecord.objects.for_user(request.user)
        .filter(status__in=[RecordStatus.PENDING, RecordStatus.RETURNED])
        .select_related("member__person", "activity")
        .order_by("status", "-date")[:100]
    )
    return render(request, "volunteers/workspace/pending_hours.html", {"records": records})


@leader_required
def volunteer_list(request):
    """The team's volunteers with their confirmed hours and star level. Four queries."""
    rows = selectors.member_stars(
        TeamMember.objects.for_user(request.user).filter(team=request.team).order_by("status", "person__name_pinyin")
    )
    return render(request, "volunteers/workspace/volunteer_list.html", {"team": request.team, "rows": rows})


@leader_required
def volunteer_record(request, pk):
    """One volunteer's record (67号令 art. 12): basic information masked, every service
    record with its art. 7 fields, confirmed hours and star level. A fixed number of queries."""
    member = get_object_or_404(TeamMember.objects.for_user(request.user).select_related("person", "team"), pk=pk)
    records = list(
        member.records.select_related("activity__category", "activity__person_in_charge").order_by("-date")[:200]
    )
    total = member.records.filter(status=RecordStatus.CONFIRMED).aggregate(h=Sum("hours"))["h"] or Decimal(0)
    levels = list(StarLevel.objects.order_by("min_hours"))
    return render(
        request,
        "volunteers/workspace/volunteer_record.html",
        {
            "member": member,
            "records": records,
            "total": total,
            "star": selectors.star_for(total, levels),
            "id_masked": mask_id_number(member.person.id_number),
            "phone_masked": mask_phone(member.person.phone),
            # Training, evaluation and correction records (art. 8, 10, 13): three queries.
            "other": selectors.member_other_records(member),
        },
    )


@leader_required
@require_POST
def hours_confirm(request):
    ids = [int(i) for i in request.POST.getlist("record") if i.isdigit()]
    records = list(ServiceRecord.objects.for_user(request.user).filter(pk__in=ids, status=RecordStatus.PENDING))
    if not records:
        messages.error(request, "请先勾选要确认的服务记录。")
    else:
        count = services.records_confirm(records=records, user=request.user)
        _retire_home(request.team.pk)
        messages.success(request, f"已确认 {count} 条服务记录。")
    back = request.POST.get("back")
    if back and back.isdigit():
        return redirect("workspace:team_activity_detail", pk=int(back))
    return redirect("workspace:team_pending_hours")


@leader_required
def hours_return(request, pk):
    record = get_object_or_404(
        ServiceRecord.objects.for_user(request.user).select_related("member__person", "activity"), pk=pk
    )
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_return(record=record, reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            _retire_home(request.team.pk)
            messages.success(request, "已退回，请志愿者核实后更正。")
            return redirect("workspace:team_pending_hours")
    return render(request, "volunteers/workspace/hours_return.html", {"record": record, "form": form})
