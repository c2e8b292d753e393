"""Back-office pages of 银发先锋 that are not a model's changelist: the 三会一课 compliance
page, the 领头雁 training coverage page and the funding totals, plus the forms that call a
service (move an organisation, transfer a member, record a death).

They are mounted by the ModelAdmins in ``apps.party.admin`` (``get_urls`` / unfold's
``actions_detail``), so the admin's sign-in, staff check and permission checks apply;
every queryset is narrowed to the user's scope here.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from apps.party import compliance, selectors, services
from apps.party.forms import (
    ComplianceRuleCloseForm,
    ComplianceRuleReviseForm,
    MembershipDeceasedForm,
    MembershipTransferForm,
    OrganisationMoveForm,
)
from apps.party.models import FundingEntry, Organisation
from apps.regions.models import Region

COMPLIANCE_PAGE_SIZE = 25
UNTRAINED_PAGE_SIZE = 50
FUNDING_PAGE_SIZE = 50


def _context(model_admin, request, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("您没有访问此页面的权限。")


def _int_param(request, name: str, default: int | None, choices=None) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    if choices is not None and value not in choices:
        return default
    return value


def _scoped_object(model_admin, request, object_id):
    obj = model_admin.get_object(request, object_id)
    if obj is None:
        raise Http404("对象不存在或不在您的数据权限范围内。")
    return obj


def _service_form_page(model_admin, request, obj, form, *, title: str, intro: str, run, done_message: str):
    """GET shows ``form``; a valid POST calls ``run(cleaned_data)`` — a service inside its
    own transaction — and goes back to the object. A refusal shows the service's Chinese
    message on the form and writes nothing."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done_message)
            return redirect(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))
    return TemplateResponse(
        request,
        "admin/party/service_form.html",
        _context(
            model_admin,
            request,
            title,
            object=obj,
            original=obj,
            form=form,
            intro=intro,
            cancel_url=reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]),
        ),
    )


# ---------------------------------------------------------------------------
# Service forms
# ---------------------------------------------------------------------------
def organisation_move_view(model_admin, request, object_id):
    _require(request, "party.change_organisation")
    organisation = _scoped_object(model_admin, request, object_id)
    form = OrganisationMoveForm(
        request.POST or None,
        organisation=organisation,
        scope_queryset=Organisation.objects.for_user(request.user),
    )
    return _service_form_page(
        model_admin,
        request,
        organisation,
        form,
        title=f"调整隶属关系：{organisation.name}",
        intro=f"当前上级：{organisation.parent or '（无）'}。",
        run=lambda data: services.organisation_move(
            organisation=organisation, new_parent=data["new_parent"], user=request.user
        ),
        done_message="已调整隶属关系，变更已记入历史。",
    )


def membership_transfer_view(model_admin, request, object_id):
    _require(request, "party.change_membership")
    membership = _scoped_object(model_admin, request, object_id)
    if membership.left_on:
        messages.warning(request, "该组织关系已不在册，无需办理转接。")
        return redirect(reverse("admin:party_membership_change", args=[membership.pk]))
    form = MembershipTransferForm(
        request.POST or None,
        membership=membership,
        scope_queryset=Organisation.objects.for_user(request.user),
    )
    return _service_form_page(
        model_admin,
        request,
        membership,
        form,
        title=f"组织关系转接：{membership.person}",
        intro=f"当前所在：{membership.organisation}（{membership.joined_on} 转入）。",
        run=lambda data: services.membership_transfer(
            membership=membership,
            on=data["on"],
            to_organisation=data["to_organisation"],
            counterpart=data["counterpart"],
            user=request.user,
        ),
        done_message="已办理组织关系转接，原组织关系已关闭并保留在历史中。",
    )


def _rule_closed(request, rule) -> bool:
    if rule.valid_to is None:
        return False
    messages.warning(request, f"该规则版本已于 {rule.valid_to} 停止执行，不能再修订或停止。")
    return True


def compliance_rule_revise_view(model_admin, request, object_id):
    _require(request, "party.change_compliancerule")
    rule = _scoped_object(model_admin, request, object_id)
    if _rule_closed(request, rule):
        return redirect(reverse("admin:party_compliancerule_change", args=[rule.pk]))
    form = ComplianceRuleReviseForm(
        request.POST or None,
        initial={"valid_from": timezone.localdate(), "required_count": rule.required_count, "note": rule.note},
    )
    return _service_form_page(
        model_admin,
        request,
        rule,
        form,
        title=f"修订规则：{rule}",
        intro=f"现行版本自 {rule.valid_from} 起执行。修订后原版本在新版本生效前一日停止执行，并保留在历史中。",
        run=lambda data: services.compliance_rule_revise(
            rule=rule, valid_from=data["valid_from"], required_count=data["required_count"], note=data["note"]
        ),
        done_message="已修订规则：原版本已停止执行，新版本已添加。",
    )


def compliance_rule_close_view(model_admin, request, object_id):
    _require(request, "party.change_compliancerule")
    rule = _scoped_object(model_admin, request, object_id)
    if _rule_closed(request, rule):
        return redirect(reverse("admin:party_compliancerule_change", args=[rule.pk]))
    form = ComplianceRuleCloseForm(request.POST or None, initial={"valid_to": timezone.localdate()})
    return _service_form_page(
        model_admin,
        request,
        rule,
        form,
        title=f"停止执行：{rule}",
        intro="停止后，该日之后开始的周期不再按本规则考核；此前的周期和已锁定的考评结果不变。",
        run=lambda data: services.compliance_rule_close(rule=rule, valid_to=data["valid_to"]),
        done_message="已停止执行该规则。",
    )


def membership_deceased_view(model_admin, request, object_id):
    _require(request, "party.change_membership")
    membership = _scoped_object(model_admin, request, object_id)
    if membership.left_on:
        messages.warning(request, "该组织关系已不在册。")
        return redirect(reverse("admin:party_membership_change", args=[membership.pk]))
    form = MembershipDeceasedForm(request.POST or None)
    return _service_form_page(
        model_admin,
        request,
        membership,
        form,
        title=f"登记去世：{membership.person}",
        intro="登记后该党员的组织关系关闭，人员库中的状态同时改为“去世”。",
        run=lambda data: services.membership_mark_deceased(membership=membership, on=data["on"]),
        done_message="已登记去世。",
    )


# ---------------------------------------------------------------------------
# 三会一课 compliance
# ---------------------------------------------------------------------------
def _grid_columns(rules: list[dict]) -> list[dict]:
    """Pad each rule's due cells to the year's twelve month columns; a quarter spans three."""
    for rule in rules:
        period = rule["period"]
        span = compliance.MONTHS_PER_PERIOD[period]
        cells = {cell["index"]: cell for cell in rule["cells"]}
        rule["columns"] = [
            {"span": span, "cell": cells.get(index), "index": index}
            for index in range(1, compliance.PERIODS_PER_YEAR[period] + 1)
        ]
    return rules


def compliance_view(model_admin, request):
    _require(request, "party.view_activitylog")
    today = timezone.localdate()
    years = list(range(today.year, today.year - 4, -1))
    year = _int_param(request, "year", today.year, years)
    regions = list(Region.objects.workable_for(request.user).order_by("sort_order"))
    region_id = _int_param(request, "region", None, {r.pk for r in regions})
    branches = Organisation.objects.for_user(request.user).active().branches()
    if region_id:
        branches = branches.filter(region_id=region_id)
    until = today if year == today.year else datetime.date(year, 12, 31)

    summary = selectors.compliance_summary(branches=branches, year=year, until=until)
    lagging = selectors.lagging_from_summary(summary, limit=20)
    page = Paginator(branches.order_by("region__sort_order", "path"), COMPLIANCE_PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    page_ids = [org.pk for org in page.object_list]
    matrix = selectors.compliance_matrix(branches=Organisation.objects.filter(pk__in=page_ids), year=year, until=until)
    for entry in matrix:
        _grid_columns(entry["rules"])
    due = sum(s["due"] for s in summary.values())
    met = sum(s["met"] for s in summary.values())
    return TemplateResponse(
        request,
        "admin/party/compliance.html",
        _context(
            model_admin,
            request,
            "三会一课落实情况",
            year=year,
            years=years,
            until=until,
            regions=regions,
            region_id=region_id,
            totals={
                "branches": len(summary),
                "due": due,
                "met": met,
                "rate": met / due if due else None,
                "lagging": sum(1 for s in summary.values() if s["overdue"]),
            },
            lagging=lagging,
            matrix=matrix,
            nothing_due=compliance.NOTHING_DUE,
            page=page,
            pager_query=f"year={year}&" + (f"region={region_id}&" if region_id else ""),
            months=range(1, 13),
        ),
    )


# ---------------------------------------------------------------------------
# 领头雁 coverage
# ---------------------------------------------------------------------------
def training_coverage_view(model_admin, request):
    _require(request, "party.view_trainingclass")
    regions = Region.objects.workable_for(request.user)
    coverage = selectors.training_coverage(regions=regions)
    region_id = _int_param(request, "region", None, {r["region_id"] for r in coverage["regions"]})
    untrained = selectors.untrained_secretaries(
        regions=regions.filter(pk=region_id) if region_id else regions, as_of=coverage["as_of"]
    )
    page = Paginator(untrained, UNTRAINED_PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "admin/party/training_coverage.html",
        _context(
            model_admin,
            request,
            "支部书记三年轮训覆盖率",
            coverage=coverage,
            region_id=region_id,
            page=page,
            pager_query=f"region={region_id}&" if region_id else "",
        ),
    )


# ---------------------------------------------------------------------------
# Funding totals
# ---------------------------------------------------------------------------
def funding_totals_view(model_admin, request):
    _require(request, "party.view_fundingentry")
    entries = FundingEntry.objects.for_user(request.user)
    years = list(entries.order_by("-year").values_list("year", flat=True).distinct())
    year = _int_param(request, "year", years[0] if years else None, years)
    page = Paginator(selectors.funding_totals(entries=entries, year=year), FUNDING_PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "admin/party/funding_totals.html",
        _context(
            model_admin,
            request,
            "党建经费年度汇总",
            year=year,
            years=years,
            page=page,
            pager_query=f"year={year}&" if year else "",
            grand=selectors.funding_grand_totals(entries=entries, year=year),
        ),
    )
