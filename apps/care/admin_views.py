"""Back-office pages of 牵手夕阳 that are not a changelist: the alert list, the
two-treatment gaps, 三有一落实 coverage, and the workflow forms (a death, an aid
application's next step, a modification file's next step).

Mounted by the ModelAdmins of ``apps.care.admin`` (admin sign-in and staff check apply);
each checks its permission and reads through the user's scope. Health data is never put
into a URL: the pages take only a year, a region id and a page number.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from apps.care import forms, selectors, services
from apps.care.choices import AidStatus, ModificationStage
from apps.care.models import CareRule

PAGE_SIZE = 50


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


def _int(request, name, default=None):
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return default


def _scoped_object(model_admin, request, object_id):
    obj = model_admin.get_object(request, object_id)
    if obj is None:
        raise Http404("对象不存在或不在您的数据权限范围内。")
    return obj


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------
def alerts_view(model_admin, request):
    _require(request, "care.view_careprofile")
    rule = CareRule.current()
    page = Paginator(selectors.alerts(request.user, rule=rule), PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "admin/care/alerts.html",
        _context(model_admin, request, "关爱预警名单", page=page, rule=rule, query=""),
    )


def gaps_view(model_admin, request):
    _require(request, "care.view_treatmentrecord")
    year = _int(request, "year", timezone.localdate().year)
    region_id = _int(request, "region")
    data = selectors.treatment_gaps(request.user, year, region_id=region_id)
    page = Paginator(data["cadres"], PAGE_SIZE).get_page(request.GET.get("p"))
    this_year = timezone.localdate().year
    return TemplateResponse(
        request,
        "admin/care/gaps.html",
        _context(
            model_admin,
            request,
            f"{year}年两项待遇落实缺项",
            data=data,
            page=page,
            year=year,
            years=range(this_year, this_year - 4, -1),
            region_id=region_id,
            query=f"year={year}&region={region_id or ''}&",
        ),
    )


def coverage_view(model_admin, request):
    _require(request, "care.view_careprofile")
    rows = selectors.sanyou_coverage(request.user)
    for row in rows:
        n = row["cadres"]
        row["rates"] = [
            _pct(row["green"], n),
            _pct(row["doctor"], row["doctor_base"]),
            _pct(row["hardship"], n),
            _pct(row["policy"], n),
            _pct(row["complete"], n),
        ]
    return TemplateResponse(
        request, "admin/care/coverage.html", _context(model_admin, request, "三有一落实覆盖情况", rows=rows)
    )


def _pct(n, d):
    return f"{n * 100 / d:.1f}%" if d else "—"


# ---------------------------------------------------------------------------
# Workflow forms
# ---------------------------------------------------------------------------
def _service_form_page(model_admin, request, obj, form, *, title, intro, run, done_message):
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done_message)
            return redirect(reverse(f"admin:care_{obj._meta.model_name}_change", args=[obj.pk]))
    return TemplateResponse(
        request,
        "admin/care/service_form.html",
        _context(
            model_admin,
            request,
            title,
            object=obj,
            original=obj,
            form=form,
            intro=intro,
            cancel_url=reverse(f"admin:care_{obj._meta.model_name}_change", args=[obj.pk]),
        ),
    )


def death_view(model_admin, request, object_id):
    _require(request, "care.change_careprofile")
    profile = _scoped_object(model_admin, request, object_id)
    if profile.died_on:
        messages.info(request, f"已于{profile.died_on:%Y年%m月%d日}登记去世。")
        return redirect(reverse("admin:care_careprofile_change", args=[profile.pk]))
    form = forms.DeathForm(request.POST or None)
    return _service_form_page(
        model_admin,
        request,
        profile,
        form,
        title=f"登记去世：{profile.person}",
        intro="登记后，未办结的看望任务自动关闭，并生成吊唁慰问和遗属慰问任务。",
        run=lambda d: services.death_record(person=profile.person, died_on=d["died_on"], user=request.user),
        done_message="已登记去世，并生成吊唁慰问和遗属慰问任务。",
    )


def aid_process_view(model_admin, request, object_id):
    _require(request, "care.change_aidapplication")
    app = _scoped_object(model_admin, request, object_id)
    form_class = forms.AID_FORMS.get(app.status)
    if form_class is None:
        messages.info(request, f"该申请已{app.get_status_display()}，无需办理。")
        return redirect(reverse("admin:care_aidapplication_change", args=[app.pk]))
    if app.status == AidStatus.ELIGIBLE:
        _require(request, "care.approve_aidapplication")
    form = form_class(request.POST or None)

    def run(d):
        if app.status == AidStatus.SUBMITTED:
            services.aid_check(application=app, eligible=d["decision"] == "yes", note=d["note"], user=request.user)
        elif app.status == AidStatus.ELIGIBLE:
            services.aid_decide(
                application=app,
                approve=d["decision"] == "approve",
                amount=d["amount"],
                reason=d["reason"],
                user=request.user,
            )
        else:
            services.aid_pay(
                application=app, amount=d["amount"], paid_on=d["paid_on"], payer=d["payer"], user=request.user
            )

    return _service_form_page(
        model_admin,
        request,
        app,
        form,
        title=f"困难帮扶办理：{app.person}",
        intro=f"当前状态：{app.get_status_display()}。",
        run=run,
        done_message="已办理。",
    )


def modification_advance_view(model_admin, request, object_id):
    _require(request, "care.change_modificationcase")
    case = _scoped_object(model_admin, request, object_id)
    if case.stage == ModificationStage.FOLLOWED_UP:
        messages.info(request, "该档案已完成回访，流程已结束。")
        return redirect(reverse("admin:care_modificationcase_change", args=[case.pk]))
    title, form_class = forms.STEP_FORMS[case.stage]
    form = form_class(request.POST or None, request.FILES or None)
    return _service_form_page(
        model_admin,
        request,
        case,
        form,
        title=f"{title}：{case.person}",
        intro=f"当前进度：{case.get_stage_display()}。",
        run=lambda d: services.modification_advance(case=case, user=request.user, **d),
        done_message="已办理，进度已更新。",
    )


def door_order_view(model_admin, request, object_id):
    _require(request, "care.change_careprofile")
    _require(request, "orders.add_serviceorder")
    profile = _scoped_object(model_admin, request, object_id)
    form = forms.DoorOrderForm(request.POST or None)
    created = {}

    def run(d):
        created["order"] = services.door_order_create(
            person=profile.person,
            category=d["category"],
            content=d["content"],
            address=d["address"],
            wanted_by=d["wanted_by"],
            user=request.user,
        )

    response = _service_form_page(
        model_admin,
        request,
        profile,
        form,
        title=f"上门服务点单：{profile.person}",
        intro="登记后生成“四单服务”工单，由中心派给志愿团队或服务机构，接单、完成和评单均在服务工单中办理。",
        run=run,
        done_message="已登记上门服务，工单已进入四单服务流程。",
    )
    if "order" in created:
        messages.info(request, f"工单编号：{created['order'].number}。")
    return response
