"""Demo rectification list: items from inspections, some done, some overdue."""

import datetime

from apps.workforce.choices import RectificationStatus
from apps.workforce.models import RectificationItem

PROBLEMS = [
    (
        "市委第三巡察组反馈",
        "部分离退休干部党支部组织生活记录不规范，台账缺失。",
        "规范组织生活记录模板，开展台账专项检查。",
    ),
    ("市委第三巡察组反馈", "老干部活动中心设施老化，适老化程度不够。", "实施活动中心适老化改造，增设无障碍设施。"),
    ("局党组专项检查", "志愿服务记录未及时录入平台。", "建立月度录入提醒和通报机制。"),
    ("审计反馈", "党建工作经费使用凭证不完整。", "补齐凭证，完善经费报销流程。"),
    ("局党组专项检查", "支部书记培训覆盖面不足。", "制定三年轮训计划，按季度通报进度。"),
    ("群众来信", "独居老干部走访频次不足。", "落实每月走访制度，建立走访台账。"),
]


def seed(rng, ctx):
    today = datetime.date(2026, 11, 1)
    items = []
    for i, (source, problem, measures) in enumerate(PROBLEMS * 2):
        region = ctx["regions"][i % len(ctx["regions"])]
        status = rng.choice(list(RectificationStatus.values))
        deadline = today + datetime.timedelta(days=rng.randint(-90, 120))
        items.append(
            RectificationItem(
                source=source,
                problem=problem,
                region=region,
                owner=rng.choice(["王科长", "李处长", "张主任", "刘科长"]),
                measures=measures,
                deadline=deadline,
                status=status,
                completed_on=deadline if status in ("done", "verified") else None,
                evidence="整改报告及照片已归档" if status in ("done", "verified") else "",
            )
        )
    RectificationItem.objects.bulk_create(items)
