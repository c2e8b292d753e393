"""牵手夕阳's assessment indicators: per district (region schemes). In a scheme of Party
branches they have nothing to measure and give no value (None) for every branch."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.urls import reverse

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext, formula
from apps.care.choices import AidStatus, ModificationStage, TaskStatus
from apps.care.models import (
    AidApplication,
    CarePlan,
    CareProfile,
    CareRule,
    CareVisitLog,
    HospitalStay,
    ModificationCase,
    ModificationPlan,
    VisitTask,
)
from apps.core.workdays import WorkingCalendar
from apps.people.choices import PersonStatus, RetirementType


def _evidence(model: str, unit_kind, result, **filters):
    if unit_kind != UnitKind.REGION:
        return None
    url = reverse(f"admin:care_{model}_changelist")
    return f"{url}?{urlencode({'person__region__id__exact': result.region_id, **filters})}"


def _regions_only(ctx: TallyContext, compute) -> dict:
    if ctx.unit_kind != UnitKind.REGION:
        return dict.fromkeys(ctx.units)
    return compute()


@formula(
    "care.sanyou_coverage",
    label="离休干部“三有一落实”覆盖率",
    description="在世离休干部中四项（绿色通道、家庭签约医生、医疗特困帮扶、医疗待遇落实）全部落实的比例；长期住院者不计入家庭医生项的要求。",
    evidence=lambda unit_kind, result, year, params: _evidence(
        "careprofile", unit_kind, result, person__retirement_type__exact=RetirementType.LIXIU
    ),
)
def sanyou_coverage(ctx: TallyContext, params: dict) -> dict:
    def compute():
        rule = CareRule.current()
        long_stay = HospitalStay.objects.filter(
            person=OuterRef("person"),
            discharged_on__isnull=True,
            admitted_on__lte=ctx.last_day - datetime.timedelta(days=rule.long_stay_days),
        )
        complete = (
            Q(medical_hardship_covered=True, medical_policy_done=True)
            & ~Q(green_channel_hospital="")
            & (Q(family_doctor_signed=True) | Q(long_stay=True))
        )
        rows = (
            CareProfile.objects.filter(person__retirement_type=RetirementType.LIXIU, person__status=PersonStatus.LIVING)
            .annotate(long_stay=Exists(long_stay))
            .order_by()
            .values(unit=F("person__region"))
            .annotate(n=Count("pk"), ok=Count("pk", filter=complete))
        )
        rows = list(rows)
        return ctx.share({r["unit"]: r["ok"] for r in rows}, {r["unit"]: r["n"] for r in rows})

    return _regions_only(ctx, compute)


@formula(
    "care.visits_on_time",
    label="看望任务按时完成率",
    description="年度内已到期的看望任务（住院、逢整生日、节日、吊唁、遗属）中，在应看望日期前完成的比例；因去世等关闭的任务不计。",
    evidence=lambda unit_kind, result, year, params: _evidence("visittask", unit_kind, result, due_on__year=year),
)
def visits_on_time(ctx: TallyContext, params: dict) -> dict:
    def compute():
        rows = list(
            VisitTask.objects.filter(due_on__year=ctx.year)
            .filter(Q(due_on__lte=ctx.last_day) | Q(status=TaskStatus.DONE, done_on__lte=ctx.last_day))
            .exclude(status=TaskStatus.CLOSED)
            .order_by()
            .values(unit=F("person__region"))
            .annotate(
                n=Count("pk"),
                ok=Count(
                    "pk", filter=Q(status=TaskStatus.DONE, done_on__lte=F("due_on")) & Q(done_on__lte=ctx.last_day)
                ),
            )
        )
        return ctx.share({r["unit"]: r["ok"] for r in rows}, {r["unit"]: r["n"] for r in rows})

    return _regions_only(ctx, compute)


@formula(
    "care.aid_processed_on_time",
    label="困难帮扶按时办结率",
    description="年度内提出的帮扶申请中，在规定工作日内作出审批决定（批准或不予批准、资格未通过）的比例。",
    evidence=lambda unit_kind, result, year, params: _evidence(
        "aidapplication", unit_kind, result, applied_on__year=year
    ),
)
def aid_processed_on_time(ctx: TallyContext, params: dict) -> dict:
    def compute():
        days = CareRule.current().aid_decision_days
        # One calendar for the whole year (one query), not one per application.
        calendar = WorkingCalendar(ctx.first_day, ctx.last_day + datetime.timedelta(days=days * 7 // 5 + 30))
        done, total = {}, {}
        rows = (
            AidApplication.objects.filter(applied_on__gte=ctx.first_day, applied_on__lte=ctx.last_day)
            .order_by()
            .values_list("person__region", "applied_on", "status", "decided_on", "checked_on")
        )
        for unit, applied, status, decided, checked in rows:
            deadline = calendar.add_working_days(applied, days)
            if deadline > ctx.until and status in (AidStatus.SUBMITTED, AidStatus.ELIGIBLE):
                continue  # not due yet
            total[unit] = total.get(unit, 0) + 1
            when = checked if status == AidStatus.INELIGIBLE else decided
            if when and when <= deadline and when <= ctx.until:
                done[unit] = done.get(unit, 0) + 1
        return ctx.share(done, total)

    return _regions_only(ctx, compute)


@formula(
    "care.modification_completion",
    label="适老化改造完成率",
    description="年度计划改造户数中，已验收（含已回访）的户数比例。",
    evidence=lambda unit_kind, result, year, params: _evidence("modificationcase", unit_kind, result, year__exact=year),
)
def modification_completion(ctx: TallyContext, params: dict) -> dict:
    def compute():
        planned = dict(ModificationPlan.objects.filter(year=ctx.year).values_list("region", "households"))
        done = dict(
            ModificationCase.objects.filter(
                year=ctx.year,
                stage__in=[ModificationStage.ACCEPTED, ModificationStage.FOLLOWED_UP],
                accepted_on__lte=ctx.until,
            )
            .order_by()
            .values_list("person__region")
            .annotate(n=Count("pk"))
        )
        return ctx.share(done, planned)

    return _regions_only(ctx, compute)


@formula(
    "care.homecare_on_time",
    label="居家照护上门按时率",
    description="执行中的居家照护计划中，截至考评日最近一次上门未超过约定间隔的比例。",
    evidence=lambda unit_kind, result, year, params: _evidence("careplan", unit_kind, result, active__exact=1),
)
def homecare_on_time(ctx: TallyContext, params: dict) -> dict:
    def compute():
        last = (
            CareVisitLog.objects.filter(plan=OuterRef("pk"), visited_on__lte=ctx.last_day)
            .order_by()
            .values("plan")
            .annotate(m=Max("visited_on"))
            .values("m")[:1]
        )
        ok, total = {}, {}
        rows = (
            CarePlan.objects.filter(active=True, starts_on__lte=ctx.last_day)
            .annotate(last=Subquery(last))
            .values_list("person__region", "starts_on", "frequency_days", "last")
        )
        for unit, starts, every, last_visit in rows:
            total[unit] = total.get(unit, 0) + 1
            if (ctx.last_day - (last_visit or starts)).days <= every:
                ok[unit] = ok.get(unit, 0) + 1
        return ctx.share(ok, total)

    return _regions_only(ctx, compute)
