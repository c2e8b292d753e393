"""草根内参's share of the benchmark city (``seed_city``): the 市民观察团's informants (ten per
region at scale 1) and three years of their reports (about 720), registered, forwarded,
given a 批示, answered and fed back in turn, some feedback overdue, some anonymous.

Declared in ``apps/insights/brand.py`` after the regions. Bulk inserts, no history rows;
deterministic from the shared ``rng``. The year's number counters (``ReportNumber``) are
set past the last number given.
"""

import datetime
import random

from django.utils import timezone

from apps.insights.choices import ReportStatus

INFORMANTS_PER_REGION = 10
REPORTS_PER_INFORMANT = 7.2  # ≈ 720 reports over three years at scale 1
YEARS = 3
SEED = "insights.city"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
GIVEN = ["建国", "秀兰", "志强", "玉梅", "国华", "淑芬", "德明", "凤英", "文斌", "桂香"]
TOPICS = [
    ("政策建议", "老旧小区加装电梯审批流程繁琐", "建议简化审批，推行一站式办理。"),
    ("社情民意", "社区助餐点菜品单一", "老人反映菜品少、价格偏高，建议引入多家供餐。"),
    ("预警信息", "保健品推销针对独居老人", "近期有推销人员以讲座名义诱导老人购买保健品。"),
    ("专项调研", "农村留守老人养老服务现状", "走访三个村的调研情况及建议。"),
    ("其他", "公园健身器材老化", "部分器材松动，存在安全隐患。"),
]
DEPARTMENTS = ["市民政局", "市住建局", "市市场监管局", "市卫健委", "市城管局"]


def seed_insights(rng, ctx):
    """Draws from its own stream (``SEED``): the shared ``rng`` is left untouched, so the
    steps after this one build the same city as before this step existed."""
    from apps.insights.models import Informant, InsightCategory, Report, ReportNumber
    from apps.insights.services import add_months

    rng = random.Random(SEED)
    regions = ctx["regions"]
    names = {region.pk: region.name for region in regions}
    categories = {c.name: c.pk for c in InsightCategory.objects.all()}
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * YEARS)
    informants = [
        Informant(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            region_id=region.pk,
            joined_on=start - datetime.timedelta(days=rng.randint(30, 900)),
            active=rng.random() > 0.1,
        )
        for region in regions
        for _ in range(INFORMANTS_PER_REGION)
    ]
    Informant.objects.bulk_create(informants)
    count = round(len(informants) * REPORTS_PER_INFORMANT)
    days = sorted(start + datetime.timedelta(days=rng.randrange((today - start).days)) for _ in range(count))
    seq: dict[int, int] = {}
    reports = []
    for day in days:
        informant = rng.choice(informants)
        name, title, content = TOPICS[rng.randrange(len(TOPICS))]
        report = Report(
            informant_id=informant.pk,
            anonymous=rng.random() < 0.15,
            title=title,
            content=content,
            category_id=categories.get(name) or next(iter(categories.values())),
            place=f"{names[informant.region_id]}街道",
            region_id=informant.region_id,
            submitted_on=day,
        )
        age = (today - day).days
        # How far the report has gone: older reports further along.
        stage = rng.choices((0, 1, 2, 3, 4), weights=(1, 1, 2, 3, 8) if age > 60 else (4, 3, 2, 1, 0))[0]
        if stage >= 1:
            registered = min(today, day + datetime.timedelta(days=rng.randint(1, 5)))
            seq[registered.year] = seq.get(registered.year, 0) + 1
            report.number = f"NC{registered.year}-{seq[registered.year]:04d}"
            report.registered_on, report.status = registered, ReportStatus.REGISTERED
            report.adopted = rng.random() < 0.35
        if stage >= 2:
            forwarded = min(today, report.registered_on + datetime.timedelta(days=rng.randint(1, 7)))
            report.department, report.forwarded_on = rng.choice(DEPARTMENTS), forwarded
            report.feedback_due = add_months(forwarded, 1)
            report.status = ReportStatus.FORWARDED
            if rng.random() < 0.3:
                report.instruction, report.instructed_by = "请相关部门研究办理。", "市领导"
                report.instructed_on, report.adopted = forwarded, True
        if stage >= 3:
            report.answer = "已会同相关单位研究，正在推进。"
            report.answered_on = min(today, report.forwarded_on + datetime.timedelta(days=rng.randint(5, 40)))
            report.status = ReportStatus.ANSWERED
        if stage >= 4:
            report.feedback = "已电话告知作者办理情况。"
            report.fed_back_on = min(today, report.answered_on + datetime.timedelta(days=rng.randint(1, 10)))
            report.status = ReportStatus.FED_BACK
        reports.append(report)
    Report.objects.bulk_create(reports, batch_size=2000)
    for year, last in seq.items():
        ReportNumber.objects.update_or_create(year=year, defaults={"last": last})
    ctx["informants"] = len(informants)
    ctx["insight_reports"] = len(reports)
