"""银发先锋's pages of the workspace: the branch secretary's (phone first) and the district
review queue. The shell (``apps.workspace``: frame, landing page, notices) shows this
brand's part of the landing page through :func:`home`, declared in apps/party/brand.py.

Server-rendered pages with plain forms: no pop-ups, a confirmation is a page of its own.
Every log is looked up within the user's scope (out of scope is a 404); every write goes
through ``apps.party.logs``.
"""

import datetime
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.accounts.choices import ScopeKind
from apps.accounts.roles import role_may, roles_with
from apps.core.brands import WorkspaceHome
from apps.core.scoping import get_scoped_or_404
from apps.party.choices import LogStatus
from apps.party.logs import (
    EDITABLE_STATUSES,
    RECORD_PERMISSION,
    REVIEW_PERMISSION,
    activity_log_approve,
    activity_log_return,
)
from apps.party.logs import activity_log_save as save_log
from apps.party.logs import activity_log_submit as submit_log
from apps.party.models import ActivityLog, ActivityPhoto
from apps.party.selectors import attendance_summary
from apps.party.workspace import selectors
from apps.party.workspace.forms import (
    ApproveForm,
    AttendanceForm,
    BasicsForm,
    ContentForm,
    ReturnForm,
    ReviewFilterForm,
)
from apps.party.workspace.selectors import BRANCH_GENERATION
from apps.regions.models import Region

PAGE_SIZE = 20


# ---------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------
def _check_secretary(user) -> None:
    if user.role not in roles_with(RECORD_PERMISSION) or not user.scope_organisation_id:
        raise PermissionDenied("工作台只对党支部书记开放。")


def secretary_required(view):
    """Signed in with a branch, in a role that records logs (branch secretaries); anyone
    else gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        _check_secretary(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def reviewer_required(view):
    """Signed in as bureau or district staff (who review logs); anyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not role_may(request.user, REVIEW_PERMISSION):
            raise PermissionDenied("审核队列只对局机关和区县工作人员开放。")
        return view(request, *args, **kwargs)

    return wrapper


def _branch_log(request, pk: int) -> ActivityLog:
    """A log of the secretary's own branch, or 404."""
    qs = ActivityLog.objects.filter(organisation=request.user.scope_organisation).select_related("organisation")
    return get_scoped_or_404(qs, request.user, pk=pk)


def _version(form) -> int | None:
    return form.cleaned_data.get("version") if form.is_valid() else None


def _add_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _not_editable(request, log: ActivityLog):
    """Where a log that can no longer be changed sends the secretary."""
    if log.status == LogStatus.SUBMITTED:
        messages.info(request, "这条记录已经提交，正在等待审核，不能再修改。")
    else:
        messages.info(request, f"这条记录{log.get_status_display()}，不能再修改。")
    return redirect("workspace:log_detail", pk=log.pk)


# ---------------------------------------------------------------------------
# Secretary: home, list, detail
# ---------------------------------------------------------------------------
def home(request) -> WorkspaceHome:
    """The branch's part of its secretary's landing page: what it owes this period and its
    logs, rendered once and kept in the cache until a log of the branch is written (or a
    dashboard figure changes: the shell adds that)."""
    user = request.user
    _check_secretary(user)
    branch, today = user.scope_organisation, timezone.localdate()
    return WorkspaceHome(
        heading=branch.name,
        key=f"workspace:home:{branch.pk}:{today.isoformat()}",
        generations=(BRANCH_GENERATION.format(branch.pk),),
        render=lambda: render_to_string(
            "party/workspace/_home_branch.html",
            {"user": user, "today": today, **selectors.branch_home(branch, today)},
        ),
        actions="party/workspace/_home_actions.html",
        context={"branch": branch},
    )


@secretary_required
def log_list(request):
    status = request.GET.get("status", "")
    if status not in LogStatus.values:
        status = ""
    page = _page(request, selectors.branch_logs(request.user, status=status))
    return render(
        request,
        "party/workspace/log_list.html",
        {
            "page": page,
            "status": status,
            "statuses": LogStatus.choices,
            "query": urlencode({"status": status}) if status else "",
        },
    )


@secretary_required
def log_detail(request, pk: int):
    log = _branch_log(request, pk)
    return render(
        request,
        "party/workspace/log_detail.html",
        {
            "log": log,
            "attendance": selectors.log_attendance(log),
            "summary": attendance_summary(log),
            "photos": list(log.photos.all()),
            "editable": log.status in EDITABLE_STATUSES,
        },
    )


# ---------------------------------------------------------------------------
# Secretary: logging an activity in three screens
# ---------------------------------------------------------------------------
@secretary_required
def log_new(request):
    """Screen 1 for a new log. The first valid post creates the draft; a repeat of the
    same form (same ``client_token``) finds that draft instead of making another."""
    form = BasicsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            log = save_log(
                user=request.user,
                organisation=request.user.scope_organisation,
                data=form.log_data(),
                client_token=form.cleaned_data["client_token"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if log.status not in EDITABLE_STATUSES:
                return _not_editable(request, log)
            return redirect("workspace:log_attendance", pk=log.pk)
    return render(request, "party/workspace/step_basics.html", {"form": form, "log": None, "step": 1})


@secretary_required
def log_basics(request, pk: int):
    """Screen 1 for an existing draft or returned log."""
    log = _branch_log(request, pk)
    if log.status not in EDITABLE_STATUSES:
        return _not_editable(request, log)
    initial = {k: getattr(log, k) for k in ("activity_type", "held_on", "mode", "place", "host", "theme")}
    form = BasicsForm(request.POST or None, initial={**initial, "version": log.version})
    if request.method == "POST" and form.is_valid():
        try:
            save_log(
                user=request.user,
                organisation=log.organisation,
                data=form.log_data(),
                log=log,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("workspace:log_attendance", pk=log.pk)
    return render(request, "party/workspace/step_basics.html", {"form": form, "log": log, "step": 1})


@secretary_required
def log_attendance(request, pk: int):
    """Screen 2: the branch roster as a tick list, everyone ticked until recorded."""
    log = _branch_log(request, pk)
    if log.status not in EDITABLE_STATUSES:
        return _not_editable(request, log)
    form = AttendanceForm(request.POST or None, initial={"version": log.version})
    if request.method == "POST" and form.is_valid():
        try:
            save_log(
                user=request.user,
                organisation=log.organisation,
                data={},
                attendance=form.attendance(request.POST),
                log=log,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("workspace:log_content", pk=log.pk)
    recorded = {a.person_id: a for a in log.attendance.all()}
    rows = [
        {
            "person": m.person,
            "present": recorded[m.person_id].present if m.person_id in recorded else True,
            "reason": recorded[m.person_id].absence_reason if m.person_id in recorded else "",
        }
        for m in selectors.branch_roster(log.organisation)
    ]
    return render(request, "party/workspace/step_attendance.html", {"form": form, "log": log, "rows": rows, "step": 2})


@secretary_required
def log_content(request, pk: int):
    """Screen 3: content and photos, then save as a draft or submit for review."""
    log = _branch_log(request, pk)
    if log.status not in EDITABLE_STATUSES:
        if request.method == "POST" and request.POST.get("action") == "submit" and log.status == LogStatus.SUBMITTED:
            # A double-clicked submit whose first click committed before this one read
            # the log: the submit is done, so show the done page like the first click.
            return redirect("workspace:log_done", pk=log.pk)
        return _not_editable(request, log)
    photos = list(log.photos.all())
    form = ContentForm(
        request.POST or None,
        initial={"content": log.content, "version": log.version},
        photo_ids=[p.pk for p in photos],
    )
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        try:
            log, refused = _save_content(request, log, form, submitting=submitting)
        except ValidationError as exc:
            if submitting and _already_submitted(log):
                # A double-clicked submit: the first click did it.
                return redirect("workspace:log_done", pk=log.pk)
            _add_errors(form, exc)
        else:
            if not submitting:
                messages.success(request, "已保存草稿。可以以后接着填写，再提交。")
                return redirect("workspace:home")
            if refused is not None:
                messages.error(request, "内容已保存为草稿，但还不能提交：" + "".join(refused.messages))
                return redirect("workspace:log_content", pk=log.pk)
            return redirect("workspace:log_done", pk=log.pk)
    return render(request, "party/workspace/step_content.html", {"form": form, "log": log, "photos": photos, "step": 3})


@transaction.atomic
def _save_content(request, log: ActivityLog, form, *, submitting: bool):
    """Save screen 3 and, when asked, submit — in one transaction, so the row stays locked
    from the save's version claim to the submit: a second click waits, then finds the
    log submitted. If the submit is refused the save still stands (nothing typed or
    photographed is lost) and the reason is returned."""
    log = save_log(
        user=request.user,
        organisation=log.organisation,
        data={"content": form.cleaned_data["content"]},
        photos=form.photos(request.FILES),
        remove_photo_ids=form.cleaned_data["remove_photos"],
        log=log,
        expected_version=form.cleaned_data["version"],
    )
    if not submitting:
        return log, None
    try:
        with transaction.atomic():
            log = submit_log(log=log, user=request.user, expected_version=log.version)
    except ValidationError as exc:
        return log, exc
    return log, None


def _already_submitted(log: ActivityLog) -> bool:
    return ActivityLog.objects.filter(pk=log.pk, status=LogStatus.SUBMITTED).exists()


@secretary_required
def log_done(request, pk: int):
    """The page after submitting: what happens next, in plain words."""
    log = _branch_log(request, pk)
    return render(request, "party/workspace/log_done.html", {"log": log})


# ---------------------------------------------------------------------------
# Photos (not public media: served after a scope check)
# ---------------------------------------------------------------------------
@login_required
def photo(request, pk: int):
    if not request.user.has_perm("party.view_activityphoto"):
        raise PermissionDenied("您没有查看活动照片的权限。")
    item = get_scoped_or_404(ActivityPhoto.objects.all(), request.user, pk=pk)
    try:
        handle = item.image.open("rb")
    except FileNotFoundError:
        raise Http404("照片文件不存在。")
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# ---------------------------------------------------------------------------
# Review queue (district and bureau staff)
# ---------------------------------------------------------------------------
@reviewer_required
def review_queue(request):
    user = request.user
    regions = (
        list(Region.objects.order_by("sort_order", "pk").values_list("pk", "name"))
        if user.scope_kind == ScopeKind.CITY
        else None
    )
    form = ReviewFilterForm(request.GET or None, regions=regions, branches=selectors.review_branch_choices(user))
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.review_queue(
        user,
        region=filters.get("region", ""),
        activity_type=filters.get("activity_type", ""),
        organisation=filters.get("organisation", ""),
        q=filters.get("q", "").strip(),
    )
    page = _page(request, queryset)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "party/workspace/review_queue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(filters.values()),
            "week_ago": timezone.now() - datetime.timedelta(days=7),
        },
    )


def _review_log(request, pk: int) -> ActivityLog:
    try:
        return selectors.log_detail(ActivityLog.objects.for_user(request.user), pk)
    except ActivityLog.DoesNotExist:
        raise Http404("对象不存在或不在您的数据权限范围内。")


@reviewer_required
def review_detail(request, pk: int):
    log = _review_log(request, pk)
    return render(
        request,
        "party/workspace/review_detail.html",
        {
            "log": log,
            "attendance": selectors.log_attendance(log),
            "summary": attendance_summary(log),
            "photos": list(log.photos.all()),
        },
    )


def _review_action(request, pk: int, *, form_class, service, template: str, done_message: str):
    log = _review_log(request, pk)
    if log.status != LogStatus.SUBMITTED:
        messages.info(request, f"这条记录{log.get_status_display()}，不需要再审核。")
        return redirect("workspace:review_detail", pk=log.pk)
    form = form_class(request.POST or None, initial={"version": log.version})
    if request.method == "POST" and form.is_valid():
        try:
            service(
                log=log,
                reviewer=request.user,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, done_message.format(log=log))
            return redirect(reverse("workspace:review_queue"))
    return render(request, template, {"log": log, "form": form})


@reviewer_required
def review_approve(request, pk: int):
    return _review_action(
        request,
        pk,
        form_class=ApproveForm,
        service=activity_log_approve,
        template="party/workspace/review_approve.html",
        done_message="已审核通过：{log.organisation}“{log.theme}”。",
    )


@reviewer_required
def review_return(request, pk: int):
    return _review_action(
        request,
        pk,
        form_class=ReturnForm,
        service=activity_log_return,
        template="party/workspace/review_return.html",
        done_message="已退回：{log.organisation}“{log.theme}”，书记会在工作台看到您的意见。",
    )
