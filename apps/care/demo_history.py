"""Demo 牵手夕阳 · 服务保障 history, 2022–2025: the festival visits (春节、重阳) of the 离休
cadres and elders over 80, done on time or late — fewer late every year, and fewer in the
stronger districts; hardship aid decided and paid; home modifications planned, accepted
and followed up. The demo's own step writes the current year only.

Bulk writes (``bulk_create`` as the demo's own step); the shared ``rng`` is read, not
advanced.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from apps.care.choices import AidSource, AidStatus, ModificationStage, TaskStatus, VisitType
from apps.care.demo import GIFTS, VISITORS
from apps.care.models import (
    AbilityGrade,
    AidApplication,
    AidReason,
    Festival,
    ModificationCase,
    ModificationPlan,
    Visit,
    VisitTask,
)
from apps.people.choices import PersonStatus, RetirementType
from apps.people.models import Person

FIRST_YEAR = 2022
FESTIVALS = {
    2022: [("春节", (2, 1)), ("重阳节", (10, 4))],
    2023: [("春节", (1, 22)), ("重阳节", (10, 23))],
    2024: [("春节", (2, 10)), ("重阳节", (10, 11))],
    2025: [("春节", (1, 29)), ("重阳节", (10, 29))],
}


def local_rng(rng: random.Random, name: str) -> random.Random:
    copy = random.Random()
    copy.setstate(rng.getstate())
    return random.Random(f"{name}:{copy.getrandbits(64)}")


def seed(rng, ctx):
    rng = local_rng(rng, "care.history")
    today = timezone.localdate()
    strength = {r.pk: rng.random() for r in ctx["regions"]}

    def level(year, region_id):
        return min(1.0, 0.3 + 0.45 * strength[region_id] + 0.08 * (year - FIRST_YEAR))

    people = [
        (pk, born, region_id)
        for pk, born, kind, status, region_id in Person.objects.order_by("pk").values_list(
            "pk", "birth_date", "retirement_type", "status", "region_id"
        )
        if status == PersonStatus.LIVING and (kind == RetirementType.LIXIU or today.year - born.year >= 80)
    ]
    years = [y for y in FESTIVALS if y < today.year]

    # -- festival visits ---------------------------------------------------------------
    tasks, visits = [], []
    for year in years:
        for name, (m, d) in FESTIVALS[year]:
            festival, _ = Festival.objects.get_or_create(name=name, date=datetime.date(year, m, d))
            for pk, _born, region_id in people:
                if rng.random() < 0.65:
                    continue  # the lighter past: about a third of the elders on the list each festival
                late = rng.random() > 0.75 + 0.24 * level(year, region_id)
                done = (
                    festival.date + datetime.timedelta(days=rng.randint(1, 8))
                    if late
                    else festival.date - datetime.timedelta(days=rng.randint(0, festival.lead_days))
                )
                task = VisitTask(
                    person_id=pk,
                    visit_type=VisitType.FESTIVAL,
                    reason=f"{year}年{name}慰问",
                    due_on=festival.date,
                    status=TaskStatus.DONE,
                    festival=festival,
                    done_on=done,
                )
                tasks.append(task)
                visits.append(
                    Visit(
                        person_id=pk,
                        visit_type=VisitType.FESTIVAL,
                        visited_on=done,
                        place="家中",
                        visitors=rng.choice(VISITORS),
                        gifts=rng.choice(GIFTS),
                        feedback=rng.choice(["老人精神状态良好，感谢组织关怀", "提出希望多组织学习活动", ""]),
                        task=task,
                    )
                )
    VisitTask.objects.bulk_create(tasks, batch_size=2000)
    Visit.objects.bulk_create(visits, batch_size=2000)

    # -- hardship aid, decided and paid --------------------------------------------------
    reasons = list(AidReason.objects.filter(active=True).order_by("pk"))
    aid = []
    for year in years:
        for i, (pk, _born, region_id) in enumerate(rng.sample(people, min(len(people), 6 + 3 * (year - FIRST_YEAR)))):
            applied = datetime.date(year, rng.randint(1, 11), rng.randint(1, 28))
            quick = rng.random() < 0.7 + 0.28 * level(year, region_id)
            checked = applied + datetime.timedelta(days=rng.randint(1, 3) if quick else rng.randint(6, 12))
            decided = checked + datetime.timedelta(days=rng.randint(1, 4) if quick else rng.randint(8, 15))
            asked = Decimal(rng.choice([800, 1000, 1500, 2000, 3000]))
            refused = i % 9 == 8
            aid.append(
                AidApplication(
                    person_id=pk,
                    reason=reasons[i % len(reasons)],
                    source=rng.choice(list(AidSource.values)),
                    applied_on=applied,
                    monthly_income=Decimal(rng.randint(1500, 4000)),
                    illness=rng.choice(["", "慢性病长期用药", "术后康复"]),
                    amount_requested=asked,
                    status=AidStatus.REFUSED if refused else AidStatus.PAID,
                    eligibility_note="符合条件",
                    checked_by="区老干部局经办人",
                    checked_on=checked,
                    decided_by="局机关审批人",
                    decided_on=decided,
                    refusal_reason="当年已享受同类帮扶" if refused else "",
                    approved_amount=None if refused else asked,
                    paid_amount=None if refused else asked,
                    paid_on=None if refused else decided + datetime.timedelta(days=rng.randint(2, 10)),
                    payer="" if refused else "局财务",
                )
            )
    AidApplication.objects.bulk_create(aid, batch_size=2000)

    # -- home modifications: planned, accepted, followed up --------------------------------
    grades = list(AbilityGrade.objects.order_by("level"))
    old = [p for p in people if today.year - p[1].year >= 85] or people
    cases, planned = [], {}
    for year in years:
        for pk, _born, region_id in rng.sample(old, min(len(old), 4 + 2 * (year - FIRST_YEAR))):
            assessed = datetime.date(year, rng.randint(2, 6), rng.randint(1, 28))
            done = rng.random() < 0.7 + 0.3 * level(year, region_id)
            accepted = assessed + datetime.timedelta(days=rng.randint(60, 150))
            cases.append(
                ModificationCase(
                    person_id=pk,
                    year=year,
                    assessed_on=assessed,
                    assessor="扬州市适老化改造评估中心",
                    ability_grade=grades[rng.randint(1, len(grades) - 1)],
                    home_notes="卫生间无扶手，地面湿滑；卧室夜间照明不足。",
                    approved_on=assessed + datetime.timedelta(days=10),
                    notice_start=assessed + datetime.timedelta(days=12),
                    contractor="扬州安居适老化工程有限公司",
                    works_started_on=assessed + datetime.timedelta(days=30),
                    accepted_on=accepted if done else None,
                    followed_up_on=accepted + datetime.timedelta(days=30) if done else None,
                    followup_note="扶手牢固，老人使用方便" if done else "",
                    stage=ModificationStage.FOLLOWED_UP if done else ModificationStage.WORKS,
                )
            )
            planned[(region_id, year)] = planned.get((region_id, year), 0) + 1
    ModificationCase.objects.bulk_create(cases, batch_size=2000)
    for (region_id, year), n in sorted(planned.items()):
        ModificationPlan.objects.get_or_create(region_id=region_id, year=year, defaults={"households": n})
    ctx["care_history"] = {"tasks": len(tasks), "aid": len(aid), "modifications": len(cases)}
