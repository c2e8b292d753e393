"""Portal pages of the annual assessment: schemes, the ranking, scorecards, and the actions
of the year (tally, publish, appeals, lock). Views only read selectors and call services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.assessment import selectors, services
from apps.assessment.choices import AppealStatus, SchemeStatus
from apps.assessment.forms import AppealAnswerForm, AppealForm, ManualScoreForm
from apps.assessment.models import Appeal, Result, Scheme, TallyRun
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core.downloads import export_filename, set_attachment
from apps.core.queue import QueueUnavailable
from apps.core.scoping import get_scoped_or_404


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
@login_required
@permission_required("assessment.view_scheme", raise_exception=True)
def scheme_list(request):
    schemes = list(selectors.scheme_list())
    return render(request, "assessment/scheme_list.html", {"schemes": schemes})


@login_required
@permission_required("assessment.view_scheme", raise_exception=True)
def scheme_detail(request, pk):
    scheme = get_object_or_404(Scheme, pk=pk)
    user = request.user
    results = selectors.ranking(scheme=scheme, user=user) if user.has_perm("assessment.view_result") else []
    comparison = selectors.year_on_year(scheme=scheme, user=user, results=results) if results else {}
    rows = [{"result": r, "before": comparison.get(r.pk)} for r in results]
    context = {
        "scheme": scheme,
        "rows": rows,
        "indicators": list(scheme.indicators.order_by("order", "code")),
        "groups": selectors.scheme_groups(scheme),
        "rules": list(scheme.grade_rules.order_by("order")),
        "last_run": selectors.last_run(scheme) if user.has_perm("assessment.view_tallyrun") else None,
        "next_year_exists": Scheme.objects.filter(year=scheme.year + 1, unit_kind=scheme.unit_kind).exists(),
        "appeals": (
            list(Appeal.objects.for_user(user).filter(scheme=scheme).select_related("lodged_by"))
            if user.has_perm("assessment.view_appeal")
            else []
        ),
        "appeal_open": services.appeal_window_open(scheme),
        "answer_form": AppealAnswerForm(),
        "can": {
            "tally": user.has_perm("assessment.run_tally") and scheme.status in services.TALLY_STATUSES,
            "open": user.has_perm("assessment.change_scheme") and scheme.status == SchemeStatus.DRAFT,
            "publish": user.has_perm("assessment.publish_scheme") and scheme.status == SchemeStatus.SCORED,
            "lock": user.has_perm("assessment.publish_scheme")
            and scheme.status == SchemeStatus.PUBLISHED
            and not services.appeal_window_open(scheme),
            "close_early": user.has_perm("assessment.close_appeal_early") and services.appeal_window_open(scheme),
            "copy": user.has_perm("assessment.add_scheme"),
            "answer": user.has_perm("assessment.answer_appeal") and scheme.status != SchemeStatus.LOCKED,
        },
    }
    return render(request, "assessment/scheme_detail.html", context)


@login_required
@permission_required("assessment.view_result", raise_exception=True)
def scorecard(request, pk):
    result = get_scoped_or_404(
        Result.objects.select_related("run__scheme", "region", "organisation"), request.user, pk=pk
    )
    scheme = result.run.scheme
    user = request.user
    can_appeal = (
        user.has_perm("assessment.add_appeal")
        and result.run.is_current
        and services.appeal_window_open(scheme)
        and services.may_appeal(user, scheme, result)
    )
    can_score = user.has_perm("assessment.add_manualscore") and scheme.status not in (
        SchemeStatus.DRAFT,
        SchemeStatus.LOCKED,
    )
    appeals = Appeal.objects.filter(
        scheme=scheme, region_id=result.region_id, organisation_id=result.organisation_id
    ).aggregate(total=Count("id"), pending=Count("id", filter=Q(status=AppealStatus.PENDING)))
    groups = selectors.scheme_groups(scheme)
    items = selectors.scorecard(result=result, scheme=scheme, user=user, groups=groups)
    return render(
        request,
        "assessment/scorecard.html",
        {
            "result": result,
            "scheme": scheme,
            "items": items,
            "groups": selectors.scorecard_groups(items=items, scheme=scheme, groups=groups),
            "can_appeal": can_appeal,
            "can_score": can_score,
            "appeal_form": AppealForm(),
            "score_form": ManualScoreForm(scheme=scheme) if can_score else None,
            "appeals": appeals,
        },
    )


@login_required
@permission_required("assessment.view_result", raise_exception=True)
def scorecard_export(request, pk):
    """One unit's scorecard as Excel: items by brand, subtotals, the total (scoped)."""
    from apps.core.excel.writer import write_rows

    result = get_scoped_or_404(
        Result.objects.select_related("run__scheme", "region", "organisation"), request.user, pk=pk
    )
    scheme = result.run.scheme
    groups = selectors.scheme_groups(scheme)
    items = selectors.scorecard(result=result, scheme=scheme, user=request.user, groups=groups)
    headers, rows = selectors.scorecard_table(
        result=result, scheme=scheme, groups=selectors.scorecard_groups(items=items, scheme=scheme, groups=groups)
    )
    data = write_rows(headers, rows, title=f"{scheme.year}年考评得分表")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        request=request,
        obj=scheme,
        detail=f"导出{result.unit_name}{scheme.year}年考评得分表 Excel",
    )
    return set_attachment(response, export_filename(f"{scheme.year}年考评得分表", result.unit_name))


@login_required
@permission_required("assessment.view_tallyrun", raise_exception=True)
def run_progress(request, pk):
    run = get_object_or_404(TallyRun, pk=pk)
    return JsonResponse(selectors.run_progress(run))


@login_required
@permission_required("assessment.view_result", raise_exception=True)
def export_results(request, pk):
    from apps.core.excel.writer import write_rows

    scheme = get_object_or_404(Scheme, pk=pk)
    headers, rows = selectors.result_matrix(scheme=scheme, user=request.user)
    data = write_rows(headers, rows, title=f"{scheme.year}年考评结果")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        request=request,
        obj=scheme,
        detail=f"导出{scheme.year}年考评结果 Excel，{len(rows)} 行",
    )
    name = export_filename(f"{scheme.year}年考评结果", scheme.get_unit_kind_display(), request.user.scope_label)
    return set_attachment(response, name)


# ---------------------------------------------------------------------------
# Actions (POST only)
# ---------------------------------------------------------------------------
@require_POST
@login_required
@permission_required("assessment.run_tally", raise_exception=True)
def tally_start(request, pk):
    scheme = get_object_or_404(Scheme, pk=pk)
    try:
        services.tally_start(scheme=scheme, by=request.user)
    except QueueUnavailable as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已发起计分，完成后页面会自动刷新。")
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@require_POST
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def scheme_open(request, pk):
    scheme = get_object_or_404(Scheme, pk=pk)
    try:
        services.scheme_open(scheme=scheme)
        messages.success(request, "考评已启动，可以发起计分。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@require_POST
@login_required
@permission_required("assessment.add_scheme", raise_exception=True)
def scheme_copy(request, pk):
    scheme = get_object_or_404(Scheme, pk=pk)
    try:
        copy = services.scheme_copy(scheme=scheme)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("assessment:scheme_detail", pk=scheme.pk)
    messages.success(request, f"已复制为“{copy.name}”（草稿），请核对指标后启动考评。")
    return redirect("assessment:scheme_detail", pk=copy.pk)


@require_POST
@login_required
@permission_required("assessment.publish_scheme", raise_exception=True)
def scheme_publish(request, pk):
    scheme = get_object_or_404(Scheme, pk=pk)
    try:
        scheme = services.scheme_publish(scheme=scheme)
        messages.success(request, f"结果已公示，申诉期至 {timezone.localtime(scheme.appeal_deadline):%Y-%m-%d %H:%M}。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@require_POST
@login_required
def scheme_lock(request, pk):
    # Bureau staff lock once the appeal window has closed; the bureau head may close it
    # early with a reason (the service decides which applies).
    if not (
        request.user.has_perm("assessment.publish_scheme") or request.user.has_perm("assessment.close_appeal_early")
    ):
        raise PermissionDenied("您没有锁定考评结果的权限。")
    scheme = get_object_or_404(Scheme, pk=pk)
    try:
        services.scheme_lock(scheme=scheme, by=request.user, early_reason=request.POST.get("early_reason", ""))
        messages.success(request, "考评结果已锁定，不能再修改。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@require_POST
@login_required
@permission_required("assessment.add_appeal", raise_exception=True)
def appeal_lodge(request, pk):
    result = get_scoped_or_404(Result.objects.select_related("run__scheme"), request.user, pk=pk)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写申诉理由。")
    else:
        try:
            services.appeal_lodge(
                scheme=result.run.scheme, result=result, reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, "申诉已提交，请等待答复。")
        except ValidationError as exc:
            _error(request, exc)
    return redirect("assessment:scorecard", pk=result.pk)


@require_POST
@login_required
@permission_required("assessment.add_manualscore", raise_exception=True)
def manual_score(request, pk):
    result = get_scoped_or_404(Result.objects.select_related("run__scheme", "organisation"), request.user, pk=pk)
    form = ManualScoreForm(request.POST, scheme=result.run.scheme)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            services.manual_score_set(
                indicator=form.cleaned_data["indicator"],
                region=result.region,
                organisation=result.organisation,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, "评分已保存，重新计分后计入结果。")
        except ValidationError as exc:
            _error(request, exc)
    return redirect("assessment:scorecard", pk=result.pk)


@require_POST
@login_required
@permission_required("assessment.answer_appeal", raise_exception=True)
def appeal_answer(request, pk):
    appeal = get_object_or_404(Appeal.objects.select_related("scheme"), pk=pk)
    form = AppealAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择答复结论并填写答复意见。")
    else:
        try:
            services.appeal_answer(
                appeal=appeal, status=form.cleaned_data["status"], answer=form.cleaned_data["answer"], by=request.user
            )
            messages.success(request, "申诉已答复。")
        except ValidationError as exc:
            _error(request, exc)
    return redirect("assessment:scheme_detail", pk=appeal.scheme_id)
