"""Every write of 牵手夕阳: keyword-only, each in one transaction, refusing bad input with a
Chinese message before anything is written.

``user`` is who asks (his scope is checked on the person); ``None`` is the system (a
schedule, a seed). Health data (conditions, illnesses) never goes into a message or a log.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.care.choices import AFTER_DEATH_TYPES, AID_COUNTED, AidStatus, ModificationStage, TaskStatus, VisitType
from apps.care.deadlines import add_months, add_working_days, birthday_in
from apps.care.models import (
    AidApplication,
    CarePlan,
    CareProfile,
    CareRule,
    CareVisitLog,
    Festival,
    HospitalStay,
    ModificationCase,
    ModificationLine,
    Outing,
    OutingSignUp,
    ServedCadre,
    ServicePoint,
    TreatmentRecord,
    Visit,
    VisitTask,
)
from apps.people.choices import PersonStatus, RetirementType
from apps.people.models import Person

NOT_IN_SCOPE = "该老干部不在您的数据权限范围内。"


# ---------------------------------------------------------------------------
# Shared checks
# ---------------------------------------------------------------------------
def _check_person(person: Person, user) -> None:
    if user is None:
        return
    if not Person.objects.for_user(user).filter(pk=person.pk).exists():
        raise ValidationError(NOT_IN_SCOPE)


def died_on(person: Person) -> datetime.date | None:
    return CareProfile.objects.filter(person=person).values_list("died_on", flat=True).first()


def _check_alive_on(person: Person, day: datetime.date, what: str) -> None:
    death = died_on(person)
    if death and day > death:
        raise ValidationError(f"{person}已于{death:%Y年%m月%d日}去世，不能登记此后日期的{what}。")


def _check_not_future(day: datetime.date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(f"{label}不能晚于今天。")


def _username(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "系统"


# ---------------------------------------------------------------------------
# Care profile
# ---------------------------------------------------------------------------
def profile_save(*, profile: CareProfile, user=None) -> CareProfile:
    _check_person(profile.person, user)
    if profile.family_doctor_signed and not profile.family_doctor:
        raise ValidationError({"family_doctor": ["已签约家庭医生时，请填写家庭医生姓名。"]})
    profile.full_clean()
    with transaction.atomic():
        profile.save()
    return profile


def profile_for(person: Person) -> CareProfile:
    return CareProfile.objects.get_or_create(person=person)[0]


# ---------------------------------------------------------------------------
# Hospital register and visit tasks
# ---------------------------------------------------------------------------
def admission_due(admitted_on: datetime.date, rule: CareRule | None = None) -> datetime.date:
    rule = rule or CareRule.current()
    if rule.admission_working_days:
        return add_working_days(admitted_on, rule.admission_visit_days)
    return admitted_on + datetime.timedelta(days=rule.admission_visit_days)


def stay_save(*, stay: HospitalStay, user=None) -> HospitalStay:
    """Register an admission (a new stay opens its visit task) or change a stay."""
    _check_person(stay.person, user)
    _check_not_future(stay.admitted_on, "住院日期")
    _check_alive_on(stay.person, stay.admitted_on, "住院登记")
    if stay.discharged_on:
        if stay.discharged_on < stay.admitted_on:
            raise ValidationError({"discharged_on": ["出院日期不能早于住院日期。"]})
        _check_alive_on(stay.person, stay.discharged_on, "出院登记")
    if stay.pk:
        first_visit = (
            Visit.objects.filter(stay=stay).order_by("visited_on").values_list("visited_on", flat=True).first()
        )
        if first_visit and first_visit < stay.admitted_on:
            raise ValidationError({"admitted_on": ["已有早于该住院日期的住院看望记录，请核对住院日期。"]})
    else:
        overlapping = HospitalStay.objects.filter(person=stay.person, discharged_on__isnull=True).exists()
        if overlapping:
            raise ValidationError("该老干部已有尚未出院的住院登记，请先登记出院。")
    stay.full_clean()
    new = stay.pk is None
    with transaction.atomic():
        stay.save()
        if new:
            VisitTask.objects.create(
                person=stay.person,
                visit_type=VisitType.HOSPITAL,
                reason=f"住院看望（{stay.admitted_on:%m月%d日}入院）",
                due_on=admission_due(stay.admitted_on),
                stay=stay,
            )
    return stay


def _create_new_tasks(tasks: list[VisitTask]) -> int:
    """Insert the tasks not made before (the unique constraints skip the others); how many were new."""
    with transaction.atomic():
        before = VisitTask.objects.count()
        VisitTask.objects.bulk_create(tasks, ignore_conflicts=True, batch_size=1000)
        return VisitTask.objects.count() - before


def birthday_tasks_open(*, year: int, user=None) -> int:
    """Tasks for the living cadres whose round birthday (80/90/100 by default) falls in ``year``."""
    ages = CareRule.current().birthday_age_list
    born_years = [year - age for age in ages]
    people = Person.objects.filter(status=PersonStatus.LIVING, birth_date__year__in=born_years)
    if user is not None:
        people = people.for_user(user)
    tasks = [
        VisitTask(
            person_id=pk,
            visit_type=VisitType.BIRTHDAY,
            reason=f"{year - born.year}岁生日看望",
            due_on=birthday_in(born, year),
        )
        for pk, born in people.values_list("pk", "birth_date")
    ]
    return _create_new_tasks(tasks)


def festival_tasks_open(*, festival: Festival, user=None) -> int:
    """A festival visit task for every living 离休 cadre (the two treatments), due on the day."""
    people = Person.objects.filter(status=PersonStatus.LIVING, retirement_type=RetirementType.LIXIU)
    if user is not None:
        people = people.for_user(user)
    tasks = [
        VisitTask(
            person_id=pk,
            visit_type=VisitType.FESTIVAL,
            reason=f"{festival}慰问",
            due_on=festival.date,
            festival=festival,
        )
        for pk in people.values_list("pk", flat=True)
    ]
    return _create_new_tasks(tasks)


def festival_tasks_due(*, today: datetime.date | None = None) -> int:
    """The schedule: open the tasks of festivals coming within their lead time."""
    today = today or timezone.localdate()
    n = 0
    for festival in Festival.objects.filter(date__gte=today, date__lte=today + datetime.timedelta(days=31)):
        if festival.date - datetime.timedelta(days=festival.lead_days) <= today:
            n += festival_tasks_open(festival=festival)
    return n


# ---------------------------------------------------------------------------
# Visits
# ---------------------------------------------------------------------------
def _matching_task(visit: Visit) -> VisitTask | None:
    tasks = VisitTask.objects.filter(person=visit.person, visit_type=visit.visit_type, status=TaskStatus.OPEN)
    if visit.stay_id:
        tasks = tasks.filter(stay=visit.stay)
    return tasks.order_by("due_on").first()


def visit_record(*, visit: Visit, user=None) -> Visit:
    """Record a visit; it completes its task (given, or the person's earliest open task
    of that type — for a hospital visit, the one of that stay)."""
    _check_person(visit.person, user)
    _check_not_future(visit.visited_on, "看望日期")
    if visit.visit_type not in AFTER_DEATH_TYPES:
        _check_alive_on(visit.person, visit.visited_on, "走访慰问")
    if visit.visit_type == VisitType.HOSPITAL and visit.stay_id is None:
        visit.stay = (
            HospitalStay.objects.filter(person=visit.person, admitted_on__lte=visit.visited_on)
            .order_by("-admitted_on")
            .first()
        )
    if visit.stay_id:
        if visit.stay.person_id != visit.person_id:
            raise ValidationError({"stay": ["所选住院登记不属于该老干部。"]})
        if visit.visited_on < visit.stay.admitted_on:
            raise ValidationError(
                {"visited_on": [f"看望日期早于住院日期（{visit.stay.admitted_on:%Y年%m月%d日}），请核对。"]}
            )
    if visit.task_id:
        task = VisitTask.objects.select_for_update().get(pk=visit.task_id) if visit.pk is None else visit.task
        if task.person_id != visit.person_id:
            raise ValidationError({"task": ["所选看望任务不属于该老干部。"]})
        if visit.pk is None and task.status != TaskStatus.OPEN:
            raise ValidationError({"task": ["该看望任务已办结。"]})
    elif visit.pk is None:
        visit.task = _matching_task(visit)
    visit.full_clean()
    with transaction.atomic():
        visit.save()
        if visit.task_id:
            VisitTask.objects.filter(pk=visit.task_id, status=TaskStatus.OPEN).update(
                status=TaskStatus.DONE, done_on=visit.visited_on
            )
            visit.task.refresh_from_db(fields=["status", "done_on"])
    return visit


def task_close(*, task: VisitTask, reason: str, user=None) -> VisitTask:
    _check_person(task.person, user)
    if task.status != TaskStatus.OPEN:
        raise ValidationError("该看望任务已办结。")
    if not reason.strip():
        raise ValidationError("请填写关闭原因。")
    with transaction.atomic():
        task.status, task.closed_reason = TaskStatus.CLOSED, reason.strip()
        task.save(update_fields=["status", "closed_reason"])
    return task


def death_record(*, person: Person, died_on: datetime.date, user=None) -> list[VisitTask]:
    """Record a death: the person is marked deceased, open tasks are closed, and the
    condolence and survivor visits are opened."""
    _check_person(person, user)
    _check_not_future(died_on, "去世日期")
    if died_on < person.birth_date:
        raise ValidationError("去世日期不能早于出生日期。")
    for model, field, what in (
        (Visit, "visited_on", "走访慰问"),
        (HospitalStay, "admitted_on", "住院登记"),
        (TreatmentRecord, "done_on", "待遇落实记录"),
        (AidApplication, "applied_on", "帮扶申请"),
    ):
        qs = model.objects.filter(person=person, **{f"{field}__gt": died_on})
        if model is Visit:
            qs = qs.exclude(visit_type__in=AFTER_DEATH_TYPES)
        if qs.exists():
            raise ValidationError(f"已有晚于去世日期的{what}，请先核对后再登记去世。")
    rule = CareRule.current()
    from apps.people.services import person_update

    with transaction.atomic():
        profile = CareProfile.objects.select_for_update().get_or_create(person=person)[0]
        profile.died_on = died_on
        profile.save(update_fields=["died_on", "updated_at"])
        if person.status != PersonStatus.DECEASED:
            person_update(person=person, user=user, status=PersonStatus.DECEASED)
        VisitTask.objects.filter(person=person, status=TaskStatus.OPEN).exclude(
            visit_type__in=AFTER_DEATH_TYPES
        ).update(status=TaskStatus.CLOSED, closed_reason="本人去世")
        opened = [
            VisitTask.objects.create(
                person=person,
                visit_type=VisitType.CONDOLENCE,
                reason="吊唁慰问",
                due_on=died_on + datetime.timedelta(days=rule.death_visit_days),
            ),
            VisitTask.objects.create(
                person=person,
                visit_type=VisitType.SURVIVOR,
                reason="遗属慰问",
                due_on=died_on + datetime.timedelta(days=rule.survivor_visit_days),
            ),
        ]
        CarePlan.objects.filter(person=person, active=True).update(active=False)
    return opened


# ---------------------------------------------------------------------------
# Two treatments
# ---------------------------------------------------------------------------
def treatment_record(*, record: TreatmentRecord, user=None) -> TreatmentRecord:
    _check_person(record.person, user)
    if record.person.retirement_type != RetirementType.LIXIU:
        raise ValidationError({"person": ["两项待遇台账只登记离休干部。"]})
    _check_not_future(record.done_on, "落实日期")
    _check_alive_on(record.person, record.done_on, "待遇落实记录")
    record.full_clean()
    with transaction.atomic():
        record.save()
    return record


# ---------------------------------------------------------------------------
# Hardship aid
# ---------------------------------------------------------------------------
def aid_granted_in_year(person: Person, year: int, exclude_pk=None) -> Decimal:
    qs = AidApplication.objects.filter(person=person, applied_on__year=year, status__in=AID_COUNTED)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    # A paid application counts what was paid; an approved one what was approved.
    paid = qs.filter(status=AidStatus.PAID).aggregate(s=Sum("paid_amount"))["s"] or Decimal(0)
    approved = qs.filter(status=AidStatus.APPROVED).aggregate(s=Sum("approved_amount"))["s"] or Decimal(0)
    return paid + approved


def _check_cap(app: AidApplication, amount: Decimal) -> None:
    cap = CareRule.current().aid_annual_cap
    granted = aid_granted_in_year(app.person, app.applied_on.year, exclude_pk=app.pk)
    if granted + amount > cap:
        raise ValidationError(
            f"超过年度帮扶上限：{app.applied_on.year}年已批准或发放{granted:.2f}元，"
            f"本次{amount:.2f}元，合计超过上限{cap:.2f}元。"
        )


def aid_apply(*, application: AidApplication, user=None) -> AidApplication:
    """Register an application: refused above the annual cap, or when the same person has
    an application for the same reason this year, from any source (bureau, district,
    former unit), that was not refused."""
    app = application
    _check_person(app.person, user)
    _check_not_future(app.applied_on, "申请日期")
    _check_alive_on(app.person, app.applied_on, "帮扶申请")
    app.full_clean()
    same = (
        AidApplication.objects.filter(person=app.person, reason=app.reason, applied_on__year=app.applied_on.year)
        .exclude(status__in=[AidStatus.INELIGIBLE, AidStatus.REFUSED])
        .exclude(pk=app.pk)
        .first()
    )
    if same:
        raise ValidationError(
            f"重复申请：该老干部{app.applied_on.year}年已有同一原因的帮扶申请"
            f"（{same.get_source_display()}，{same.applied_on:%Y年%m月%d日}，{same.get_status_display()}）。"
        )
    _check_cap(app, app.amount_requested)
    with transaction.atomic():
        app.save()
    return app


def aid_check(*, application: AidApplication, eligible: bool, note: str, user=None) -> AidApplication:
    app = application
    _check_person(app.person, user)
    if app.status != AidStatus.SUBMITTED:
        raise ValidationError("只有“已申请”的帮扶可以进行资格审核。")
    if not eligible and not note.strip():
        raise ValidationError("资格审核未通过时，请填写理由。")
    with transaction.atomic():
        app.status = AidStatus.ELIGIBLE if eligible else AidStatus.INELIGIBLE
        app.eligibility_note, app.checked_by, app.checked_on = note.strip(), _username(user), timezone.localdate()
        app.save()
    return app


def aid_decide(
    *, application: AidApplication, approve: bool, amount: Decimal | None = None, reason: str = "", user=None
) -> AidApplication:
    """Approve (an amount within the cap) or refuse with a reason; needs the approval
    permission (局机关: 审批困难帮扶)."""
    app = application
    _check_person(app.person, user)
    if user is not None and not user.has_perm("care.approve_aidapplication"):
        raise ValidationError("您没有审批困难帮扶的权限。")
    if app.status != AidStatus.ELIGIBLE:
        raise ValidationError("只有资格审核通过的帮扶申请可以审批。")
    if approve:
        if amount is None or amount <= 0:
            raise ValidationError("请填写批准金额。")
        _check_cap(app, amount)
    elif not reason.strip():
        raise ValidationError("不予批准时，请填写理由。")
    with transaction.atomic():
        app.status = AidStatus.APPROVED if approve else AidStatus.REFUSED
        app.approved_amount = amount if approve else None
        app.refusal_reason = "" if approve else reason.strip()
        app.decided_by, app.decided_on = _username(user), timezone.localdate()
        app.save()
    return app


def aid_pay(
    *, application: AidApplication, amount: Decimal, paid_on: datetime.date, payer: str, user=None
) -> AidApplication:
    app = application
    _check_person(app.person, user)
    if app.status != AidStatus.APPROVED:
        raise ValidationError("该帮扶申请尚未批准，不能登记发放。")
    if amount is None or amount <= 0 or amount > app.approved_amount:
        raise ValidationError(f"发放金额应大于0且不超过批准金额{app.approved_amount:.2f}元。")
    if paid_on < app.decided_on:
        raise ValidationError("发放日期不能早于审批日期。")
    _check_not_future(paid_on, "发放日期")
    if not payer.strip():
        raise ValidationError("请填写发放人。")
    with transaction.atomic():
        app.status, app.paid_amount, app.paid_on, app.payer = AidStatus.PAID, amount, paid_on, payer.strip()
        app.save()
    return app


# ---------------------------------------------------------------------------
# Age-friendly home modification
# ---------------------------------------------------------------------------
def modification_open(*, case: ModificationCase, user=None) -> ModificationCase:
    _check_person(case.person, user)
    _check_not_future(case.assessed_on, "评估日期")
    _check_alive_on(case.person, case.assessed_on, "适老化改造评估")
    if case.pk is None and ModificationCase.objects.filter(person=case.person, year=case.year).exists():
        raise ValidationError(f"该老干部{case.year}年已有适老化改造档案（一户一档）。")
    case.full_clean()
    with transaction.atomic():
        case.save()
    return case


def modification_line_save(*, line: ModificationLine, user=None) -> ModificationLine:
    _check_person(line.case.person, user)
    if line.case.stage != ModificationStage.ASSESSED:
        raise ValidationError("方案已审批，不能再修改改造项目。")
    if line.unit_cost is None:
        line.unit_cost = line.item.unit_cost
    total = line.unit_cost * line.quantity
    if line.subsidy is None and line.self_pay is None:
        line.subsidy, line.self_pay = (total, Decimal(0)) if line.item.basic else (Decimal(0), total)
    if (line.subsidy or 0) + (line.self_pay or 0) != total:
        raise ValidationError(f"“{line.item.name}”的政府补贴与个人自付之和应等于费用合计{total:.2f}元。")
    line.full_clean()
    with transaction.atomic():
        line.save()
    return line


def _step_date(case, day: datetime.date, after: datetime.date | None, label: str, after_label: str) -> None:
    _check_not_future(day, label)
    _check_alive_on(case.person, day, "适老化改造记录")
    if after and day < after:
        raise ValidationError(f"{label}不能早于{after_label}（{after:%Y年%m月%d日}）。")


def modification_advance(*, case: ModificationCase, user=None, **data) -> ModificationCase:
    """Take a file one step on: 审批 → 公示 → 施工 → 验收 → 回访, in that order only."""
    _check_person(case.person, user)
    rule = CareRule.current()
    stage = case.stage
    if stage == ModificationStage.ASSESSED:
        if not case.lines.exists():
            raise ValidationError("改造方案还没有项目，不能审批。")
        _step_date(case, data["approved_on"], case.assessed_on, "审批日期", "评估日期")
        case.approved_on, case.stage = data["approved_on"], ModificationStage.APPROVED
    elif stage == ModificationStage.APPROVED:
        _step_date(case, data["notice_start"], case.approved_on, "公示开始日期", "审批日期")
        case.notice_start, case.stage = data["notice_start"], ModificationStage.NOTICE
    elif stage == ModificationStage.NOTICE:
        notice_end = case.notice_start + datetime.timedelta(days=rule.notice_days)
        if data["works_started_on"] < notice_end:
            raise ValidationError(
                f"公示期{rule.notice_days}天未满（{case.notice_start:%Y年%m月%d日}起），"
                f"{notice_end:%Y年%m月%d日}起方可开工。"
            )
        if not data.get("contractor", "").strip():
            raise ValidationError("请填写施工单位。")
        if not data.get("before_photo") and not case.before_photo:
            raise ValidationError("请上传改造前照片。")
        _step_date(case, data["works_started_on"], notice_end, "开工日期", "公示期满日期")
        case.contractor, case.works_started_on = data["contractor"].strip(), data["works_started_on"]
        if data.get("before_photo"):
            case.before_photo = data["before_photo"]
        case.stage = ModificationStage.WORKS
    elif stage == ModificationStage.WORKS:
        if not data.get("after_photo") and not case.after_photo:
            raise ValidationError("请上传改造后照片后再验收。")
        _step_date(case, data["accepted_on"], case.works_started_on, "验收日期", "开工日期")
        if data.get("after_photo"):
            case.after_photo = data["after_photo"]
        case.accepted_on, case.stage = data["accepted_on"], ModificationStage.ACCEPTED
    elif stage == ModificationStage.ACCEPTED:
        due = add_months(case.accepted_on, rule.followup_months)
        if data["followed_up_on"] < due:
            raise ValidationError(f"验收后{rule.followup_months}个月（{due:%Y年%m月%d日}）起方可回访。")
        _step_date(case, data["followed_up_on"], due, "回访日期", "回访起始日期")
        case.followed_up_on, case.followup_note = data["followed_up_on"], data.get("followup_note", "")
        case.stage = ModificationStage.FOLLOWED_UP
    else:
        raise ValidationError("该档案已完成回访，流程已结束。")
    case.full_clean()
    with transaction.atomic():
        case.save()
    return case


# ---------------------------------------------------------------------------
# Home care
# ---------------------------------------------------------------------------
def care_plan_save(*, plan: CarePlan, user=None) -> CarePlan:
    _check_person(plan.person, user)
    _check_alive_on(plan.person, plan.starts_on, "照护计划")
    if plan.assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": ["评估日期不能晚于今天。"]})
    plan.full_clean()
    with transaction.atomic():
        plan.save()
    return plan


def care_visit_log(*, log: CareVisitLog, user=None) -> CareVisitLog:
    _check_person(log.plan.person, user)
    _check_not_future(log.visited_on, "服务日期")
    _check_alive_on(log.plan.person, log.visited_on, "上门照护记录")
    if log.visited_on < log.plan.starts_on:
        raise ValidationError({"visited_on": ["服务日期早于照护计划开始日期。"]})
    if not log.signed_by and not log.photo:
        raise ValidationError("请填写签字确认人或上传服务照片。")
    log.full_clean()
    with transaction.atomic():
        log.save()
    return log


# ---------------------------------------------------------------------------
# Organised outings
# ---------------------------------------------------------------------------
def _check_region(region, user) -> None:
    from apps.core.scoping import check_writable

    check_writable(user, region=region)


def outing_save(*, outing: Outing, user=None) -> Outing:
    """Register or change an outing; its capacity never below the sign-ups it has. Only in
    the user's own regions: a district reads the city bureau's outings but never changes
    them (nor moves one of its own there)."""
    if outing.pk and user is not None and not Outing.objects.editable_for(user).filter(pk=outing.pk).exists():
        raise ValidationError("该活动由其他区域主办，您只能查看并为本区域老干部报名，不能修改。")
    _check_region(outing.region, user)
    if outing.pk:
        taken = OutingSignUp.objects.filter(outing=outing).count()
        if outing.capacity < taken:
            raise ValidationError({"capacity": [f"已有{taken}人报名，名额不能少于已报名人数。"]})
    outing.full_clean()
    with transaction.atomic():
        outing.save()
    return outing


def fit_warning(outing: Outing, person: Person, profile: CareProfile | None, in_hospital: bool) -> str:
    """What the outing's fitness rule says about ``person`` (empty when nothing): age on
    the day above the limit, an ability grade heavier than the limit, a stay in hospital."""
    warnings = []
    born = person.birth_date
    day = outing.starts_on
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if outing.fit_max_age and age > outing.fit_max_age:
        warnings.append(f"活动当天{age}岁，超过本活动适宜年龄上限{outing.fit_max_age}岁")
    grade = profile.ability_grade if profile else None
    if outing.fit_max_grade_id and grade is not None and grade.level > outing.fit_max_grade.level:
        warnings.append(f"能力等级为{grade.name}，重于本活动适宜等级{outing.fit_max_grade.name}")
    if in_hospital:
        warnings.append("目前住院中")
    return "；".join(warnings)


def signup_save(*, signup: OutingSignUp, user=None) -> OutingSignUp:
    """A sign-up (new) or its attendance and feedback (existing).

    New: the cadre in scope and alive, his health self-declaration signed, a place left
    (counted under the outing's row lock, so two desks cannot overbook), one sign-up per
    cadre; the fitness rule gives a warning, kept on the sign-up. Existing: attendance and
    feedback only once the outing has taken place. District staff sign their own cadres up
    to their region's outings and to the city bureau's (市直)."""
    _check_person(signup.person, user)
    if signup.pk is None:
        if user is not None and not Outing.objects.workable_for(user).filter(pk=signup.outing_id).exists():
            raise ValidationError({"outing": [f"活动“{signup.outing.title}”不在您的数据权限范围内。"]})
        if not signup.health_declared:
            raise ValidationError({"health_declared": ["请先由本人或家属签署健康状况自我声明，并告知安全风险。"]})
        if signup.attended is not None or signup.feedback:
            raise ValidationError("活动举行后再登记签到和反馈。")
        _check_alive_on(signup.person, signup.outing.starts_on, "活动报名")
        if signup.signed_up_on > signup.outing.starts_on:
            raise ValidationError({"signed_up_on": ["报名日期不能晚于活动日期。"]})
    elif signup.attended is not None or signup.feedback:
        if signup.outing.starts_on > timezone.localdate():
            raise ValidationError("活动尚未举行，不能登记签到和反馈。")
        if signup.feedback and not signup.attended:
            raise ValidationError({"feedback": ["未参加活动的不能登记活动反馈。"]})
    with transaction.atomic():
        outing = Outing.objects.select_for_update().get(pk=signup.outing_id)
        if signup.pk is None:
            if OutingSignUp.objects.filter(outing=outing, person=signup.person).exists():
                raise ValidationError(f"{signup.person}已报名该活动。")
            taken = OutingSignUp.objects.filter(outing=outing).count()
            if taken >= outing.capacity:
                raise ValidationError(f"该活动{outing.capacity}个名额已满，不能再报名。")
            profile = CareProfile.objects.select_related("ability_grade").filter(person=signup.person).first()
            in_hospital = HospitalStay.objects.filter(person=signup.person, discharged_on__isnull=True).exists()
            signup.fit_warning = fit_warning(outing, signup.person, profile, in_hospital)
        signup.full_clean()
        signup.save()
    return signup


# ---------------------------------------------------------------------------
# 四就近 service points
# ---------------------------------------------------------------------------
def point_save(*, point: ServicePoint, user=None) -> ServicePoint:
    _check_region(point.region, user)
    if point.contact_phone:
        from apps.core.validators import normalize_phone, validate_phone

        point.contact_phone = normalize_phone(point.contact_phone)
        try:
            validate_phone(point.contact_phone)
        except ValidationError as exc:
            raise ValidationError({"contact_phone": exc.messages}) from exc
    point.full_clean()
    with transaction.atomic():
        point.save()
    return point


def served_check(*, served: ServedCadre) -> None:
    """A cadre a point may serve: alive, of the point's own region (shared by the form)."""
    if served.person.region_id != served.point.region_id:
        raise ValidationError(
            {"person": [f"{served.person}不属于{served.point.region}，请由所在区域的服务点结对服务。"]}
        )
    if served.person.status == PersonStatus.DECEASED:
        raise ValidationError({"person": [f"{served.person}已去世。"]})


def served_save(*, served: ServedCadre, user=None) -> ServedCadre:
    """A cadre the point serves: in scope, alive, of the point's own region."""
    _check_person(served.person, user)
    served_check(served=served)
    served.full_clean()
    with transaction.atomic():
        served.save()
    return served


# ---------------------------------------------------------------------------
# Door services: one loop, the 四单 orders of apps.orders
# ---------------------------------------------------------------------------
def door_order_create(*, person: Person, category, content: str, address: str, wanted_by, user=None):
    """A door-service request for a cadre, registered as an order of the 四单 loop
    (``apps.orders.services.order_create``, origin 上门服务): dispatch to a volunteer team or
    a provider, acceptance, completion and rating all happen there, in its states."""
    from apps.care.choices import DOOR_CATEGORIES
    from apps.orders.choices import OrderOrigin
    from apps.orders.services import order_create

    _check_person(person, user)
    if person.status == PersonStatus.DECEASED:
        raise ValidationError(f"{person}已去世，不能登记上门服务。")
    if category is not None and category.name not in DOOR_CATEGORIES:
        raise ValidationError({"category": [f"上门服务的类别为：{'、'.join(DOOR_CATEGORIES)}。"]})
    return order_create(
        user=user,
        category=category,
        region=person.region,
        address=address,
        content=content,
        wanted_by=wanted_by,
        requester_person=person,
        origin=OrderOrigin.DOOR,
    )
