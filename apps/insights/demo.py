"""Demo 草根内参: informants of the 市民观察团 and a year of their reports in every state."""

import datetime

from django.utils import timezone

from apps.insights import services
from apps.insights.choices import ReportStatus
from apps.insights.models import Informant, InsightCategory

INFORMANTS = [
    ("周建国", "广陵区"),
    ("钱秀兰", "邗江区"),
    ("孙德胜", "江都区"),
    ("李文华", "仪征市"),
    ("吴美玲", "高邮市"),
    ("郑宏伟", "宝应县"),
]
TOPICS = [
    ("政策建议", "老旧小区加装电梯审批流程仍较繁琐", "东关街道"),
    ("社情民意", "部分公交站台缺少座椅，老人候车不便", "文昌中路"),
    ("预警信息", "有人以“免费体检”名义向老人推销保健品", "汶河街道"),
    ("政策建议", "建议扩大长者助餐点覆盖到城郊村", "杭集镇"),
    ("社情民意", "社区卫生服务中心周末只开半天", "梅岭街道"),
    ("专项调研", "对离退休干部参与基层治理情况的调查", "真州镇"),
]
# (status, with 批示) per report, cycling.
STEPS = [
    (ReportStatus.SUBMITTED, False),
    (ReportStatus.REGISTERED, False),
    (ReportStatus.FORWARDED, True),
    (ReportStatus.ANSWERED, False),
    (ReportStatus.FED_BACK, True),
    (ReportStatus.FED_BACK, False),
]


def seed(rng, ctx):
    regions = {r.name: r for r in ctx["regions"]}
    categories = {c.name: c for c in InsightCategory.objects.all()}
    today = timezone.localdate()
    informants = [
        Informant.objects.create(
            name=name,
            region=regions[region],
            phone=f"138{rng.randint(10000000, 99999999)}",
            joined_on=today - datetime.timedelta(days=800),
        )
        for name, region in INFORMANTS
    ]
    made = 0
    for months_ago in range(11, -1, -1):
        for informant in informants:
            if rng.random() < 0.35:
                continue  # not every informant writes every month
            category, title, place = TOPICS[made % len(TOPICS)]
            submitted = today - datetime.timedelta(days=30 * months_ago + rng.randint(20, 28))
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
            status, instructed = STEPS[made % len(STEPS)]
            _walk(report, status, instructed, submitted, today)
            made += 1
    ctx["insight_reports"] = made


def _walk(report, status, instructed, submitted, today):
    def day(offset):
        return min(submitted + datetime.timedelta(days=offset), today)

    if status == ReportStatus.SUBMITTED:
        return
    report = services.report_register(user=None, report=report, registered_on=day(2), adopted=instructed)
    if instructed:
        services.report_instruct(
            user=None,
            report=report,
            instruction="请相关部门认真研究，提出办理意见。",
            instructed_by="市委领导",
            instructed_on=day(5),
        )
    if status == ReportStatus.REGISTERED:
        return
    report = services.report_forward(user=None, report=report, department="市民政局", forwarded_on=day(6))
    if status == ReportStatus.FORWARDED:
        return
    report = services.report_answer(
        user=None, report=report, answer="已列入年度工作计划，正在推进。", answered_on=day(20)
    )
    if status == ReportStatus.ANSWERED:
        return
    services.report_feedback(
        user=None, report=report, feedback="已电话告知作者办理情况，作者表示满意。", fed_back_on=day(25)
    )
