"""Demo 草根内参 history: the informants' reports of 2022–2025, registered, forwarded,
answered and fed back, more of them adopted every year (and more in some districts).

Through the services (the reports carry their own dates), as the demo's own step; the
shared ``rng`` is read, not advanced.
"""

import datetime
import random

from django.utils import timezone

from apps.insights import services
from apps.insights.demo import TOPICS
from apps.insights.models import Informant, InsightCategory

FIRST_YEAR = 2022


def local_rng(rng: random.Random, name: str) -> random.Random:
    copy = random.Random()
    copy.setstate(rng.getstate())
    return random.Random(f"{name}:{copy.getrandbits(64)}")


def seed(rng, ctx):
    rng = local_rng(rng, "insights.history")
    today = timezone.localdate()
    categories = {c.name: c for c in InsightCategory.objects.all()}
    # The 市民观察团 has written since 2021: its informants were engaged before the history.
    Informant.objects.filter(joined_on__gt=datetime.date(2021, 12, 1)).update(joined_on=datetime.date(2021, 12, 1))
    informants = list(Informant.objects.order_by("pk"))
    strength = {r.pk: rng.random() for r in ctx["regions"]}
    made = 0
    # Up to the demo's own year of reports (the last twelve months).
    until = today - datetime.timedelta(days=365)
    for year in range(FIRST_YEAR, until.year + 1):
        for month in range(1, 13):
            for informant in informants:
                level = min(1.0, 0.2 + 0.4 * strength[informant.region_id] + 0.1 * (year - FIRST_YEAR))
                if rng.random() > 0.25 + 0.35 * level:
                    continue
                submitted = datetime.date(year, month, rng.randint(1, 28))
                if submitted >= until:
                    continue
                category, title, place = TOPICS[made % len(TOPICS)]
                report = services.report_submit(
                    user=None,
                    informant=informant,
                    title=title,
                    content=f"{title}。据观察，{place}一带老年居民反映较多，建议有关部门研究解决。",
                    category=categories[category],
                    place=place,
                    submitted_on=submitted,
                    anonymous=made % 5 == 0,
                )
                made += 1
                adopted = rng.random() < 0.15 + 0.35 * level
                report = services.report_register(
                    user=None, report=report, registered_on=submitted + datetime.timedelta(days=2), adopted=adopted
                )
                if adopted and rng.random() < 0.4:
                    services.report_instruct(
                        user=None,
                        report=report,
                        instruction="请相关部门认真研究，提出办理意见。",
                        instructed_by="市委领导",
                        instructed_on=submitted + datetime.timedelta(days=5),
                    )
                report = services.report_forward(
                    user=None, report=report, department="市民政局", forwarded_on=submitted + datetime.timedelta(days=6)
                )
                report = services.report_answer(
                    user=None,
                    report=report,
                    answer="已列入年度工作计划，正在推进。",
                    answered_on=submitted + datetime.timedelta(days=20),
                )
                services.report_feedback(
                    user=None,
                    report=report,
                    feedback="已电话告知作者办理情况，作者表示满意。",
                    fed_back_on=submitted + datetime.timedelta(days=25),
                )
    ctx["insight_reports_history"] = made
