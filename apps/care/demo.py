"""牵手夕阳's seed data: a deterministic slice for ``seed_demo`` and the city-scale one for
``seed_city`` (:mod:`apps.care.city`), written in bulk straight to the tables (the system
seeding itself; the data is built consistent with the services' rules)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from apps.care.choices import AidSource, AidStatus, ModificationStage, TaskStatus, TreatmentKind, VisitType
from apps.care.deadlines import add_months, birthday_in
from apps.care.models import (
    AbilityGrade,
    AidApplication,
    AidReason,
    CarePlan,
    CareProfile,
    CareRule,
    CareVisitLog,
    Festival,
    HospitalStay,
    ModificationCase,
    ModificationItem,
    ModificationLine,
    ModificationPlan,
    Outing,
    OutingSignUp,
    ServedCadre,
    ServicePoint,
    TreatmentItem,
    TreatmentRecord,
    Visit,
    VisitTask,
)
from apps.core import crypto
from apps.core import demo_data as gen
from apps.core.pinyin import name_initials, name_pinyin
from apps.people.choices import Health, Living, PersonStatus, Rank, RetirementType
from apps.people.models import Person
from apps.regions.models import Region

HOSPITALS = ["苏北人民医院", "扬州大学附属医院", "扬州市中医院", "扬州市第一人民医院", "江苏省苏北人民医院东区"]
DEPARTMENTS = ["心内科", "呼吸科", "老年科", "骨科", "神经内科", "内分泌科"]
DOCTORS = ["王医生", "李医生", "张医生", "陈医生", "刘医生", "周医生"]
CLINICS = ["东关街道社区卫生服务中心", "汶河街道社区卫生服务中心", "文峰街道社区卫生服务中心", "湾头镇卫生院"]
VISITORS = ["局领导、老干部处工作人员", "区老干部局局长、科员", "社区书记、网格员", "原单位分管领导"]
GIFTS = ["慰问金500元、水果一篮", "慰问金1000元", "鲜花、蛋糕", "牛奶、营养品", "慰问信、慰问金300元"]
PROVIDERS = ["广陵区颐和居家养老服务中心", "邗江区康乐护理站", "扬州市夕阳红养老服务公司"]
CONTRACTORS = ["扬州安居适老化改造有限公司", "邗江区惠民装饰工程队", "扬州康适建设工程公司"]
CARE_ITEMS = ["助浴、助洁", "康复护理", "陪同就医、代购药品", "助餐、理发", "心理慰藉"]
FESTIVALS = {  # 春节 and 重阳 of recent years
    2023: [("春节", (1, 22)), ("重阳节", (10, 23))],
    2024: [("春节", (2, 10)), ("重阳节", (10, 11))],
    2025: [("春节", (1, 29)), ("重阳节", (10, 29))],
    2026: [("春节", (2, 17)), ("重阳节", (10, 18))],
    2027: [("春节", (2, 6)), ("重阳节", (10, 8))],
}


def _new_lixiu(rng, region, now) -> Person:
    sex = "M" if rng.random() < 0.7 else "F"
    born = gen.birth_date(rng, 1926, 1932)
    number = gen.id_number(rng, region.code, born, sex)
    name = gen.person_name(rng, sex)
    return Person(
        name=name,
        name_pinyin=name_pinyin(name),
        name_initials=name_initials(name),
        sex=sex,
        birth_date=born,
        id_number_encrypted=crypto.encrypt(number),
        id_number_hash=crypto.search_hash(number),
        phone=gen.mobile(rng),
        address=gen.address(rng, region.name),
        retirement_type=RetirementType.LIXIU,
        retired_on=datetime.date(1988, born.month, 1),
        former_unit=rng.choice(gen.FORMER_UNITS),
        former_rank=rng.choice([Rank.BUREAU, Rank.DEPUTY_BUREAU, Rank.DIVISION, Rank.DEPUTY_DIVISION]),
        health=rng.choice(list(Health.values)),
        living=rng.choices(list(Living.values), weights=[40, 35, 20, 5])[0],
        is_disabled=rng.random() < 0.12,
        emergency_contact=gen.person_name(rng, rng.choice("MF")),
        emergency_phone=gen.mobile(rng),
        region=region,
        created_at=now,
    )


def ensure_lixiu(rng, minimum: int) -> None:
    """At least ``minimum`` living 离休 cadres in the registry, spread over the regions."""
    have = Person.objects.filter(retirement_type=RetirementType.LIXIU, status=PersonStatus.LIVING).count()
    regions = list(Region.objects.order_by("sort_order"))
    now = timezone.now()
    new, seen = [], set()
    for i in range(max(0, minimum - have)):
        person = _new_lixiu(rng, regions[i % len(regions)], now)
        while person.id_number_hash in seen or Person.objects.filter(id_number_hash=person.id_number_hash).exists():
            person = _new_lixiu(rng, regions[i % len(regions)], now)
        seen.add(person.id_number_hash)
        new.append(person)
    Person.objects.bulk_create(new, batch_size=1000)


class Sanyou:
    """三有一落实 for the 离休 cadres, as a bureau whose “扬州标准/仪征模式” the province
    adopted keeps it: in each district most cadres have all four items, the others lack one.
    Its own generator, read after the shared one's draws, so every other record of the seed
    is drawn as before."""

    def __init__(self, people):
        self.rng = random.Random("care.demo.sanyou")
        regions = sorted({row[-1] for row in people})
        # The share of a district's cadres with all four: 80–98 %.
        self.share = {region: 0.8 + 0.18 * self.rng.random() for region in regions}

    def settle(self, profile, region) -> None:
        rng = self.rng
        if not profile.family_doctor_signed:
            profile.family_doctor, profile.doctor_institution = rng.choice(DOCTORS), rng.choice(CLINICS)
        profile.green_channel_hospital = profile.green_channel_hospital or rng.choice(HOSPITALS)
        profile.family_doctor_signed = profile.medical_hardship_covered = profile.medical_policy_done = True
        if rng.random() < self.share[region]:
            return
        missing = rng.choice(["doctor", "green", "hardship", "policy"])
        if missing == "doctor":
            profile.family_doctor_signed, profile.family_doctor, profile.doctor_institution = False, "", ""
        elif missing == "green":
            profile.green_channel_hospital = ""
        elif missing == "hardship":
            profile.medical_hardship_covered = False
        else:
            profile.medical_policy_done = False


def build(
    rng,
    *,
    today: datetime.date,
    years: int,
    modification_files: int,
    care_plans: int,
    aid_count: int,
    daily=(2, 4),
    served_per_point: int = 6,
) -> dict:
    """Profiles for every person; ``years`` of visits (tasks, stays, festivals and
    birthdays with them); aid in every state; modification files in every stage; care
    plans with their logs. Returns counts."""
    grades = list(AbilityGrade.objects.order_by("level"))
    rule = CareRule.current()
    people = list(
        Person.objects.order_by("pk").values_list(
            "pk", "birth_date", "retirement_type", "status", "living", "is_disabled", "region_id"
        )
    )
    first_year = today.year - years + 1
    # -- festivals -------------------------------------------------------------------
    for year in range(first_year, today.year + 2):
        for name, (m, d) in FESTIVALS.get(year, []):
            Festival.objects.get_or_create(name=name, date=datetime.date(year, m, d))
    festivals = list(Festival.objects.filter(date__year__gte=first_year, date__lte=today))

    # -- profiles ---------------------------------------------------------------------
    profiles, died = [], {}
    sanyou = Sanyou(people)
    for pk, _born, kind, status, living, disabled, region in people:
        lixiu = kind == RetirementType.LIXIU
        grade = grades[rng.choices(range(len(grades)), weights=[40, 25, 18, 12, 5])[0]]
        death = None
        if status == PersonStatus.DECEASED:
            death = today - datetime.timedelta(days=rng.randint(30, 300))
            died[pk] = death
        signed = rng.random() < (0.85 if lixiu else 0.4)
        profiles.append(
            CareProfile(
                person_id=pk,
                family_doctor_signed=signed,
                family_doctor=rng.choice(DOCTORS) if signed else "",
                doctor_institution=rng.choice(CLINICS) if signed else "",
                green_channel_hospital=rng.choice(HOSPITALS) if rng.random() < (0.9 if lixiu else 0.3) else "",
                medical_hardship_covered=rng.random() < (0.8 if lixiu else 0.2),
                medical_policy_done=rng.random() < (0.85 if lixiu else 0.3),
                ability_grade=grade,
                lives_alone=living == Living.ALONE,
                disabled=disabled or grade.disabled,
                next_of_kin=gen.person_name(rng, rng.choice("MF")),
                next_of_kin_relation=rng.choice(["配偶", "儿子", "女儿", "儿媳", "女婿"]),
                next_of_kin_phone=gen.mobile(rng),
                died_on=death,
            )
        )
        if lixiu:
            sanyou.settle(profiles[-1], region)
    CareProfile.objects.bulk_create(profiles, batch_size=2000, ignore_conflicts=True)

    # -- hospital stays, tasks and visits ---------------------------------------------
    focus = [p for p in people if p[2] == RetirementType.LIXIU or (today.year - p[1].year) >= 80]
    stays, tasks, visits = [], [], []
    ages = rule.birthday_age_list

    def visit_for(pk, vtype, due, task=None, stay=None, late_share=0.12, skip=0.05):
        """A visit on time (usually), late or missing; never after death or after today."""
        r = rng.random()
        if r < skip:
            return None
        day = (
            due - datetime.timedelta(days=rng.randint(0, 3))
            if r > late_share + skip
            else due + datetime.timedelta(days=rng.randint(1, 10))
        )
        if stay is not None:
            day = max(day, stay.admitted_on)
        death = died.get(pk)
        if day > today or (death and day > death and vtype not in (VisitType.CONDOLENCE, VisitType.SURVIVOR)):
            return None
        return Visit(
            person_id=pk,
            visit_type=vtype,
            visited_on=day,
            place=stay.hospital if stay else "家中",
            visitors=rng.choice(VISITORS),
            gifts=rng.choice(GIFTS),
            feedback=rng.choice(
                ["老人精神状态良好，感谢组织关怀", "身体恢复中，家属表示感谢", "提出希望多组织学习活动", ""]
            ),
            stay=stay,
            task=task,
        )

    for pk, born, kind, status, _living, _disabled, _region in focus:
        death = died.get(pk)
        end = min(today, death) if death else today
        for year in range(first_year, today.year + 1):
            # daily visits: 2–4 a year
            for _ in range(rng.randint(*daily)):
                day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                if day <= end:
                    visits.append(visit_for(pk, VisitType.DAILY, day, skip=0))
            # round birthdays
            if year - born.year in ages:
                due = birthday_in(born, year)
                if due <= end:
                    tasks.append(
                        VisitTask(
                            person_id=pk,
                            visit_type=VisitType.BIRTHDAY,
                            reason=f"{year - born.year}岁生日看望",
                            due_on=due,
                        )
                    )
            # a stay for about one in ten a year
            if rng.random() < 0.1:
                admitted = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                if admitted <= end:
                    open_stay = rng.random() < 0.15 and year == today.year
                    discharged = None if open_stay else min(admitted + datetime.timedelta(days=rng.randint(3, 30)), end)
                    stays.append(
                        HospitalStay(
                            person_id=pk,
                            hospital=rng.choice(HOSPITALS),
                            department=rng.choice(DEPARTMENTS),
                            bed=f"{rng.randint(1, 40)}床",
                            admitted_on=admitted,
                            condition="病情稳定",
                            discharged_on=discharged,
                            outcome="" if open_stay else rng.choice(["好转出院", "治愈出院"]),
                        )
                    )
        if kind == RetirementType.LIXIU and status == PersonStatus.LIVING:
            for festival in festivals:
                tasks.append(
                    VisitTask(
                        person_id=pk,
                        visit_type=VisitType.FESTIVAL,
                        reason=f"{festival}慰问",
                        due_on=festival.date,
                        festival=festival,
                    )
                )
        if death:
            tasks.append(
                VisitTask(
                    person_id=pk,
                    visit_type=VisitType.CONDOLENCE,
                    reason="吊唁慰问",
                    due_on=death + datetime.timedelta(days=rule.death_visit_days),
                )
            )
            tasks.append(
                VisitTask(
                    person_id=pk,
                    visit_type=VisitType.SURVIVOR,
                    reason="遗属慰问",
                    due_on=death + datetime.timedelta(days=rule.survivor_visit_days),
                )
            )
    HospitalStay.objects.bulk_create(stays, batch_size=2000)
    from apps.care.services import admission_due

    for stay in stays:
        tasks.append(
            VisitTask(
                person_id=stay.person_id,
                visit_type=VisitType.HOSPITAL,
                reason=f"住院看望（{stay.admitted_on:%m月%d日}入院）",
                due_on=admission_due(stay.admitted_on, rule),
                stay=stay,
            )
        )
    VisitTask.objects.bulk_create(tasks, batch_size=2000)
    done_tasks = []
    for task in tasks:
        visit = visit_for(task.person_id, task.visit_type, task.due_on, task=task, stay=task.stay)
        if visit is None:
            death = died.get(task.person_id)
            if death and task.visit_type not in (VisitType.CONDOLENCE, VisitType.SURVIVOR) and task.due_on > death:
                task.status, task.closed_reason = TaskStatus.CLOSED, "本人去世"
                done_tasks.append(task)
            continue
        visits.append(visit)
        task.status, task.done_on = TaskStatus.DONE, visit.visited_on
        done_tasks.append(task)
    Visit.objects.bulk_create([v for v in visits if v is not None], batch_size=2000)
    VisitTask.objects.bulk_update(done_tasks, ["status", "done_on", "closed_reason"], batch_size=2000)

    # -- two treatments ----------------------------------------------------------------
    items = list(TreatmentItem.objects.filter(active=True))
    records = []
    for pk, _born, kind, _status, *_ in people:
        if kind != RetirementType.LIXIU:
            continue
        end = died.get(pk) or today
        for year in range(max(first_year, today.year - 1), today.year + 1):
            for item in items:
                if rng.random() < (0.9 if year < today.year else 0.7):
                    day = datetime.date(
                        year, rng.randint(1, 12 if year < today.year else today.month), rng.randint(1, 28)
                    )
                    if day <= end:
                        evidence = (
                            "签到表、文件阅读登记" if item.kind == TreatmentKind.POLITICAL else "发放凭证、银行流水"
                        )
                        records.append(TreatmentRecord(person_id=pk, item=item, done_on=day, evidence=evidence))
    TreatmentRecord.objects.bulk_create(records, batch_size=2000)

    # -- hardship aid in every state ---------------------------------------------------
    reasons = list(AidReason.objects.filter(active=True))
    living = [p for p in focus if p[3] == PersonStatus.LIVING]
    statuses = list(AidStatus.values)
    apps_ = []
    used = set()
    for i in range(aid_count):
        pk = living[(i * 7) % len(living)][0]
        reason = reasons[i % len(reasons)]
        applied = today - datetime.timedelta(days=rng.randint(5, 300))
        if (pk, reason.pk, applied.year) in used:
            continue
        used.add((pk, reason.pk, applied.year))
        status = statuses[i % len(statuses)]
        asked = Decimal(rng.choice([500, 800, 1000, 1500, 2000, 3000]))
        app = AidApplication(
            person_id=pk,
            reason=reason,
            source=rng.choice(list(AidSource.values)),
            applied_on=applied,
            monthly_income=Decimal(rng.randint(1500, 4000)),
            illness=rng.choice(["", "慢性病长期用药", "术后康复"]),
            amount_requested=asked,
            status=status,
        )
        if status != AidStatus.SUBMITTED:
            app.checked_on, app.checked_by = applied + datetime.timedelta(days=rng.randint(1, 6)), "区老干部局经办人"
            app.eligibility_note = "不符合家庭收入条件" if status == AidStatus.INELIGIBLE else "符合条件"
        if status in (AidStatus.APPROVED, AidStatus.REFUSED, AidStatus.PAID):
            app.decided_on, app.decided_by = app.checked_on + datetime.timedelta(days=rng.randint(1, 8)), "局机关审批人"
            if status == AidStatus.REFUSED:
                app.refusal_reason = "本年度已获同类帮扶"
            else:
                app.approved_amount = asked
        if status == AidStatus.PAID:
            app.paid_amount, app.paid_on, app.payer = (
                asked,
                min(app.decided_on + datetime.timedelta(days=5), today),
                "财务科",
            )
        apps_.append(app)
    AidApplication.objects.bulk_create(apps_, batch_size=2000)

    # -- modification files in every stage ---------------------------------------------
    catalogue = list(ModificationItem.objects.filter(active=True))
    basics = [c for c in catalogue if c.basic]
    options = [c for c in catalogue if not c.basic]
    candidates = [p for p in living if p[5] or (today.year - p[1].year) >= 85] or living
    stages = list(ModificationStage.values)
    cases, lines = [], []
    per_region_year: dict[tuple, int] = {}
    for i in range(min(modification_files, len(candidates))):
        pk, _born, _k, _s, _l, _d, region_id = candidates[i]
        stage = stages[i % len(stages)]
        assessed = today - datetime.timedelta(
            days=rng.randint(200, 330) if stage == ModificationStage.FOLLOWED_UP else rng.randint(40, 150)
        )
        case = ModificationCase(
            person_id=pk,
            year=assessed.year,
            assessed_on=assessed,
            assessor="扬州市老年人能力评估中心",
            ability_grade=grades[rng.randint(1, 4)],
            home_notes="卫生间无扶手，地面湿滑；门槛较高",
            stage=stage,
        )
        order = stages.index(stage)
        if order >= 1:
            case.approved_on = assessed + datetime.timedelta(days=5)
        if order >= 2:
            case.notice_start = case.approved_on + datetime.timedelta(days=2)
        if order >= 3:
            case.contractor = rng.choice(CONTRACTORS)
            case.works_started_on = case.notice_start + datetime.timedelta(days=rule.notice_days + 1)
        if order >= 4:
            case.accepted_on = case.works_started_on + datetime.timedelta(days=10)
        if order >= 5:
            case.followed_up_on = min(add_months(case.accepted_on, rule.followup_months), today)
            case.followup_note = "设施使用良好，老人满意"
        per_region_year[(region_id, case.year)] = per_region_year.get((region_id, case.year), 0) + 1
        cases.append(case)
    ModificationCase.objects.bulk_create(cases, batch_size=1000)
    for case in cases:
        for item in rng.sample(basics, 3) + rng.sample(options, 2):
            total = item.unit_cost
            lines.append(
                ModificationLine(
                    case=case,
                    item=item,
                    quantity=1,
                    unit_cost=item.unit_cost,
                    subsidy=total if item.basic else Decimal(0),
                    self_pay=Decimal(0) if item.basic else total,
                )
            )
    ModificationLine.objects.bulk_create(lines, batch_size=2000)
    for (region_id, year), n in per_region_year.items():
        ModificationPlan.objects.get_or_create(region_id=region_id, year=year, defaults={"households": n + n // 3 + 1})

    # -- home care plans and logs --------------------------------------------------------
    plans, logs = [], []
    for i in range(min(care_plans, len(candidates))):
        pk = candidates[-(i + 1)][0]
        starts = today - datetime.timedelta(days=rng.randint(60, 360))
        plans.append(
            CarePlan(
                person_id=pk,
                ability_grade=grades[rng.randint(2, 4)],
                items=rng.choice(CARE_ITEMS),
                frequency_days=rng.choice([7, 14]),
                provider=rng.choice(PROVIDERS),
                starts_on=starts,
                assessed_on=today - datetime.timedelta(days=rng.randint(10, 130)),
            )
        )
    CarePlan.objects.bulk_create(plans, batch_size=1000)
    for plan in plans:
        day = plan.starts_on
        stop = today - datetime.timedelta(days=rng.choice([0, 0, 0, 25]))  # some plans fall behind
        while True:
            day += datetime.timedelta(days=plan.frequency_days + rng.randint(-1, 1))
            if day > stop:
                break
            logs.append(
                CareVisitLog(
                    plan=plan,
                    visited_on=day,
                    minutes=rng.choice([45, 60, 90, 120]),
                    work_done=plan.items,
                    signed_by=rng.choice(["本人", "配偶", "子女"]),
                )
            )
    CareVisitLog.objects.bulk_create(logs, batch_size=5000)
    outings, signups, points, served = _outings_and_points(rng, today, people, served_per_point=served_per_point)
    return {
        "outings": outings,
        "signups": signups,
        "points": points,
        "served": served,
        "profiles": len(profiles),
        "visits": sum(1 for v in visits if v is not None),
        "tasks": len(tasks),
        "aid": len(apps_),
        "modification_files": len(cases),
        "care_plans": len(plans),
        "care_logs": len(logs),
    }


OUTINGS = [
    ("跨江融合看南京", "南京江北新区规划展览馆", -300),
    ("跟着总书记足迹看南通", "南通五山地区", -200),
    ("重阳节登高赏秋", "扬州蜀岗—瘦西湖风景区", -60),
    ("参观扬州中国大运河博物馆", "扬州中国大运河博物馆", -20),
    ("新春走基层看变化", "江都区水利枢纽", 20),
    ("春季健康行", "宝应湖国家湿地公园", 45),
]
POINTS = {  # kind: (name pattern, what it offers, opening hours)
    "study": ("{}老年学习点", "读书读报、时政宣讲、送学上门", "周一至周五 8:30-11:30"),
    "activity": ("{}老干部活动室", "棋牌、书画、健身活动", "每天 8:00-17:00"),
    "care": ("{}居家养老服务站", "助餐、助浴、健康监测", "每天 7:30-18:00"),
    "contribution": ("{}银发先锋服务岗", "矛盾调解、关心下一代、志愿服务岗位", "周二、周四 9:00-11:00"),
}
STREETS = ["东关", "汶河", "文峰", "湾头", "仙女", "真州", "安宜", "高邮", "梅岭", "西湖"]


def _outings_and_points(rng, today, people, *, served_per_point: int) -> tuple[int, int, int, int]:
    """Outings over the past year and two to come, with sign-ups (health declared; those
    past with attendance), and in every region one 四就近 point of each kind with the
    cadres it serves. Skipped when the points exist (a second run changes nothing)."""
    if ServicePoint.objects.exists():
        return 0, 0, 0, 0
    regions = list(Region.objects.order_by("sort_order"))
    living = [p for p in people if p[3] == PersonStatus.LIVING]
    by_region: dict[int, list[int]] = {}
    for pk, _born, _kind, _status, _living, _disabled, region_id in living:
        by_region.setdefault(region_id, []).append(pk)
    lixiu = [p[0] for p in living if p[2] == RetirementType.LIXIU]
    city = next((r for r in regions if r.kind == "city"), regions[0])
    outings, signups = [], []
    for title, place, offset in OUTINGS:
        outings.append(
            Outing(
                title=title,
                region=city,
                starts_on=today + datetime.timedelta(days=offset),
                place=place,
                capacity=40,
                organiser="市委老干部局",
                risk_notice="全程乘车，步行约两公里；请携带常用药品，患有严重心脑血管疾病者请慎重报名。",
                insured=True,
                fit_max_age=90,
            )
        )
    Outing.objects.bulk_create(outings)
    for outing in outings:
        for pk in rng.sample(lixiu, min(len(lixiu), rng.randint(25, 38))):
            past = outing.starts_on <= today
            attended = (rng.random() < 0.9) if past else None
            signups.append(
                OutingSignUp(
                    outing=outing,
                    person_id=pk,
                    health_declared=True,
                    signed_up_on=outing.starts_on - datetime.timedelta(days=rng.randint(5, 20)),
                    attended=attended,
                    feedback=rng.choice(["很有意义，感受到家乡的变化", "组织周到，希望多办", ""]) if attended else "",
                )
            )
    OutingSignUp.objects.bulk_create(signups, batch_size=2000)
    points, served = [], []
    for region in regions:
        for i, (kind, (name, offers, hours)) in enumerate(POINTS.items()):
            street = STREETS[(region.sort_order + i) % len(STREETS)]
            points.append(
                ServicePoint(
                    region=region,
                    name=name.format(f"{region.name}{street}"),
                    address=f"{region.name}{street}街道社区服务中心",
                    kind=kind,
                    offers=offers,
                    opening_hours=hours,
                    contact=gen.person_name(rng, rng.choice("MF")),
                    contact_phone=f"0514-8{rng.randint(1000000, 9999999)}",
                )
            )
    ServicePoint.objects.bulk_create(points)
    for point in points:
        pool = by_region.get(point.region_id, [])
        for pk in rng.sample(pool, min(len(pool), served_per_point)):
            served.append(
                ServedCadre(point=point, person_id=pk, needs=rng.choice(["送学上门", "定期探访", "代购代办", ""]))
            )
    ServedCadre.objects.bulk_create(served, batch_size=2000)
    return len(outings), len(signups), len(points), len(served)


DEMO_LIXIU = 160


def seed(rng, ctx):
    """The demo slice: ≥ 150 离休 cadres with profiles, a year of visits, aid in every
    state, 24 modification files, 30 care plans."""
    ensure_lixiu(rng, DEMO_LIXIU)
    ctx["care"] = build(rng, today=timezone.localdate(), years=1, modification_files=24, care_plans=30, aid_count=42)


# ---------------------------------------------------------------------------
# Door services: orders of the one 四单 loop, through apps.care.services and apps.orders.services
# ---------------------------------------------------------------------------
DOOR_NEEDS = {
    "家政清洁": ("家中大扫除、擦洗门窗，老人腿脚不便", "扬州市颐和家政服务有限公司"),
    "心理咨询": ("老伴去世后情绪低落，希望有人上门谈心", "扬州市心之源心理咨询中心"),
    "权益保护": ("购买保健品上当，想退货维权", "江苏维扬律师事务所"),
    "休闲旅游": ("想去瘦西湖半日游，需要有人陪同", "扬州市夕阳红旅行社"),
}
# How far each demo door order goes: (status, count), 24 in all.
DOOR_PLAN = [
    ("submitted", 3),
    ("dispatched", 4),
    ("accepted", 3),
    ("done", 3),
    ("evaluated", 7),
    ("refused", 2),
    ("cancelled", 2),
]


def seed_door_orders(rng, ctx):
    """24 door-service requests of 离休 cadres, in every state: half served by a volunteer
    team of the cadre's district (the showcase team's among them, for ``demo_team``), half
    by a provider whose steps the centre records; one handed back and dispatched again.
    Through the services (``door_order_create`` and the 四单 loop). A private generator
    keeps the shared stream as it was."""
    import random

    from apps.care.services import door_order_create
    from apps.orders import services as orders
    from apps.orders.models import ServiceCategory

    rng = random.Random("care.demo.door_orders")
    today = timezone.localdate()
    categories = {c.name: c for c in ServiceCategory.objects.filter(name__in=DOOR_NEEDS)}
    showcase = ctx["showcase_team"]
    teams_by_region: dict[int, list] = {}
    for team in ctx["teams"]:
        teams_by_region.setdefault(team.region_id, []).append(team)
    cadres = list(
        Person.objects.filter(retirement_type=RetirementType.LIXIU, status=PersonStatus.LIVING)
        .select_related("region")
        .order_by("pk")
    )
    # The showcase team's district first, so demo_team has door orders to accept.
    near = [p for p in cadres if p.region_id == showcase.region_id]
    made = 0
    for status, count in DOOR_PLAN:
        for index in range(count):
            by_team = index % 2 == 0
            showcase_serves = by_team and index % 4 == 0 and bool(near)
            person = near[made % len(near)] if showcase_serves else cadres[rng.randrange(len(cadres))]
            name = list(DOOR_NEEDS)[made % len(DOOR_NEEDS)]
            content, provider = DOOR_NEEDS[name]
            made += 1
            order = door_order_create(
                person=person,
                category=categories[name],
                content=content,
                address=person.address or f"{person.region.name}家中",
                wanted_by=today + datetime.timedelta(days=rng.randint(3, 20)),
            )
            if status == "submitted":
                continue
            if status == "refused":
                orders.order_refuse(user=None, order=order, reason="该需求属于医疗护理，已转社区卫生服务中心上门。")
                continue
            if status == "cancelled":
                orders.order_cancel(user=None, order=order, reason="家属已自行安排，申请撤单。")
                continue
            team = None
            if by_team:
                local = teams_by_region.get(person.region_id) or [showcase]
                team = showcase if showcase_serves else local[rng.randrange(len(local))]
            if status == "dispatched" and index == 1:
                # Handed back by the provider, then dispatched again.
                orders.order_dispatch(user=None, order=order, provider=provider)
                orders.order_hand_back(user=None, order=order, reason="服务机构本周人手不足，无法按期上门。")
            orders.order_dispatch(user=None, order=order, team=team, provider="" if team else provider)
            if status == "dispatched":
                continue
            orders.order_accept(user=None, order=order)
            if status == "accepted":
                continue
            orders.order_complete(user=None, order=order, served_on=today, note="已按约定上门服务，老人表示满意。")
            if status == "done":
                continue
            orders.order_evaluate(
                user=None, order=order, satisfaction=rng.choice([5, 5, 5, 4, 4, 3]), comment="服务周到，很贴心。"
            )
    ctx["door_orders"] = made
