"""Demo 草根内参 history: the informants' reports of 2022 up to the demo's own twelve
months, each registered, forwarded, answered and fed back, more of them adopted every year
(and more in some districts).

Bulk writes with one history row each (the services write one report at a time and took
most of this step's time); the rows are what the services leave: numbers NC<year>-<seq>
continuing each year's sequence, the feedback deadline from the current rule. The shared
``rng`` is read, not advanced.
"""

import datetime
import random

from django.db.models import Max
from django.utils import timezone

from apps.core.excel.bulk import bulk_insert
from apps.insights.choices import ReportStatus
from apps.insights.demo import TOPICS
from apps.insights.models import FeedbackRule, Informant, InsightCategory, Report
from apps.insights.services import add_months

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
    months = FeedbackRule.current_months()
    # Up to the demo's own year of reports (the last twelve months).
    until = today - datetime.timedelta(days=365)
    taken: dict[str, int] = {}
    reports = []
    for year in range(FIRST_YEAR, until.year + 1):
        for month in range(1, 13):
            for informant in informants:
                level = min(1.0, 0.2 + 0.4 * strength[informant.region_id] + 0.1 * (year - FIRST_YEAR))
                if rng.random() > 0.25 + 0.35 * level:
                    continue
                submitted = datetime.date(year, month, rng.randint(1, 28))
                if submitted >= until:
                    continue
                category, title, place = TOPICS[len(reports) % len(TOPICS)]
                registered = submitted + datetime.timedelta(days=2)
                prefix = f"NC{registered:%Y}-"
                if prefix not in taken:
                    last = Report.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
                    taken[prefix] = int(last.rsplit("-", 1)[1]) if last else 0
                taken[prefix] += 1
                adopted = rng.random() < 0.15 + 0.35 * level
                instructed = adopted and rng.random() < 0.4
                forwarded = submitted + datetime.timedelta(days=6)
                reports.append(
                    Report(
                        informant=informant,
                        anonymous=len(reports) % 5 == 0,
                        title=title,
                        content=f"{title}。据观察，{place}一带老年居民反映较多，建议有关部门研究解决。",
                        category=categories[category],
                        place=place,
                        region_id=informant.region_id,
                        submitted_on=submitted,
                        status=ReportStatus.FED_BACK,
                        number=f"{prefix}{taken[prefix]:04d}",
                        registered_on=registered,
                        adopted=adopted,
                        department="市民政局",
                        forwarded_on=forwarded,
                        feedback_due=add_months(forwarded, months),
                        instruction="请相关部门认真研究，提出办理意见。" if instructed else "",
                        instructed_by="市委领导" if instructed else "",
                        instructed_on=submitted + datetime.timedelta(days=5) if instructed else None,
                        answer="已列入年度工作计划，正在推进。",
                        answered_on=submitted + datetime.timedelta(days=20),
                        feedback="已电话告知作者办理情况，作者表示满意。",
                        fed_back_on=submitted + datetime.timedelta(days=25),
                    )
                )
    bulk_insert(Report, reports)
    ctx["insight_reports_history"] = len(reports)
