"""The team leader's workspace (phone first), the printable certificate and the public
certificate verification page.

The team leader sees only his team: every object is looked up within ``for_user`` (out of
scope is a 404) and every write goes through ``apps.volunteers.services``.
"""

import io
from decimal import Decimal, InvalidOperation
from functools import wraps

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from apps.core.masking import mask_id_number, mask_name, mask_phone
from apps.volunteers import selectors, services
from apps.volunteers.choices import CertificateStatus, MemberStatus, RecordStatus
from apps.volunteers.forms import ActivityForm, ReturnForm, VerifyForm
from apps.volunteers.models import Activity, Certificate, ServiceRecord, StarLevel, Team, TeamMember

LEAD_PERMISSION = "volunteers.lead_team"
# A certificate once issued: on notice, held by an objection, registered or revoked.
ISSUED_STATES = [
    CertificateStatus.ISSUED,
    CertificateStatus.HELD,
    CertificateStatus.REGISTERED,
    CertificateStatus.REVOKED,
]


def leader_required(view):
    """Signed in as a team leader with a team; anyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.has_perm(LEAD_PERMISSION) or not user.scope_team_id:
            raise PermissionDenied("团队工作台只对志愿服务团队负责人开放。")
        request.team = get_object_or_404(Team.objects.for_user(user), pk=user.scope_team_id)
        return view(request, *args, **kwargs)

    return wrapper


def _activity(request, pk) -> Activity:
    return get_object_or_404(Activity.objects.for_user(request.user).select_related("category", "team"), pk=pk)


# ---------------------------------------------------------------------------
# Workspace
# ---------------------------------------------------------------------------
@leader_required
def home(request):
    figures = selectors.team_figures(request.team)
    return render(request, "volunteers/home.html", {"team": request.team, "f": figures, "today": timezone.localdate()})


@leader_required
def activity_new(request):
    """Screen 1 of 3: the activity."""
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.team = request.team
        try:
            activity = services.activity_save(activity=activity, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("volunteers:activity_hours", pk=activity.pk)
    return render(request, "volunteers/activity_new.html", {"form": form, "step": 1})


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
                messages.success(request, f"已登记 {len(entries)} 人的服务时长，请确认。")
                return redirect("volunteers:activity_detail", pk=activity.pk)
    return render(
        request, "volunteers/activity_hours.html", {"activity": activity, "rows": rows, "errors": errors, "step": 2}
    )


@leader_required
def activity_detail(request, pk):
    """Screen 3 of 3: the activity with its records, to confirm."""
    activity = _activity(request, pk)
    records = list(activity.records.select_related("member__person").order_by("member__person__name_pinyin"))
    return render(
        request,
        "volunteers/activity_detail.html",
        {"activity": activity, "records": records, "step": 3, "today": timezone.localdate()},
    )


@leader_required
def pending_hours(request):
    records = list(
        ServiceRecord.objects.for_user(request.user)
        .filter(status__in=[RecordStatus.PENDING, RecordStatus.RETURNED])
        .select_related("member__person", "activity")
        .order_by("status", "-date")[:100]
    )
    return render(request, "volunteers/pending_hours.html", {"records": records})


@leader_required
def volunteer_list(request):
    """The team's volunteers with their confirmed hours and star level. Four queries."""
    rows = selectors.member_stars(
        TeamMember.objects.for_user(request.user).filter(team=request.team).order_by("status", "person__name_pinyin")
    )
    return render(request, "volunteers/volunteer_list.html", {"team": request.team, "rows": rows})


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
        "volunteers/volunteer_record.html",
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
        messages.success(request, f"已确认 {count} 条服务记录。")
    back = request.POST.get("back")
    if back and back.isdigit():
        return redirect("volunteers:activity_detail", pk=int(back))
    return redirect("volunteers:pending_hours")


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
            messages.success(request, "已退回，请志愿者核实后更正。")
            return redirect("volunteers:pending_hours")
    return render(request, "volunteers/hours_return.html", {"record": record, "form": form})


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------
def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_required
def certificate_print(request, pk):
    """The certificate for print (browser's 打印/另存为 PDF), with its number and a QR code
    of the verification address. Staff and team leaders, within their scope."""
    if not request.user.has_perm("volunteers.view_certificate"):
        raise PermissionDenied("您没有查看志愿服务记录证明的权限。")
    cert = get_object_or_404(
        Certificate.objects.for_user(request.user).filter(status__in=ISSUED_STATES),
        pk=pk,
    )
    verify_url = request.build_absolute_uri(reverse("volunteers:verify")) + f"?number={cert.number}"
    return render(
        request,
        "volunteers/certificate_print.html",
        {"cert": cert, "qr": mark_safe(qr_svg(verify_url)), "verify_url": verify_url},
    )


def verify(request):
    """Public: anyone may check a certificate by its number. Shows only what the certificate
    states, the holder's name and ID masked; a forged or altered number is refused before
    any look-up (its check code does not match). One query for a real number."""
    form = VerifyForm(request.GET or None)
    cert, refused = None, ""
    if form.is_bound and form.is_valid():
        number = form.cleaned_data["number"].strip().upper()
        if not services.certificate_number_valid(number):
            refused = "查无此证明：编号不正确，可能是伪造或填写有误。"
        else:
            cert = (
                Certificate.objects.filter(number=number, status__in=ISSUED_STATES)
                .only(
                    "number",
                    "holder_name",
                    "holder_id_masked",
                    "holder_volunteer_number",
                    "hours",
                    "activity_count",
                    "content",
                    "issuer",
                    "issued_on",
                    "period_start",
                    "period_end",
                    "status",
                    "revoke_reason",
                    "notice_end",
                    "registered_on",
                )
                .first()
            )
            if cert is None:
                refused = "查无此证明：该编号未登记。"
    return render(
        request,
        "volunteers/verify.html",
        {"form": form, "cert": cert, "refused": refused, "holder": mask_name(cert.holder_name) if cert else ""},
    )
