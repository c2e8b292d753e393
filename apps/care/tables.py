"""The 牵手夕阳 dashboard section's tables: the page shows them and the dashboard's Excel
export writes them (``apps.core.figures.Table``)."""

from apps.core.figures import INT, PCT, TEXT, Table

# The dashboard's one table (apps.core.figures.Table), rounded once, half-up.
CareTable = Table


def _share(n, d):
    return (n / d) if d else None


def section_tables(data: dict) -> list[CareTable]:
    coverage = CareTable(
        "care-coverage",
        "三有一落实覆盖情况",
        ["区域", "离休干部", "绿色通道", "家庭医生签约率", "医疗特困帮扶", "医疗待遇落实", "四项全覆盖率"],
        [TEXT, INT, PCT, PCT, PCT, PCT, PCT],
        note="家庭医生签约率的基数不含长期住院的离休干部。",
        # Each region's name leads to its 四就近 service points (dashboard:sunset_region).
        region_ids=[row["id"] for row in data["coverage"]] if all("id" in r for r in data["coverage"]) else [],
    )
    for row in data["coverage"]:
        coverage.rows.append(
            [
                row["region"],
                row["cadres"],
                _share(row["green"], row["cadres"]),
                _share(row["doctor"], row["doctor_base"]),
                _share(row["hardship"], row["cadres"]),
                _share(row["policy"], row["cadres"]),
                _share(row["complete"], row["cadres"]),
            ]
        )
    tasks = data["tasks"]
    visits = CareTable(
        "care-visits", "走访慰问（按类型）", ["类型", "次数"], [TEXT, INT], rows=[list(r) for r in data["by_type"]]
    )
    months = CareTable(
        "care-months",
        "走访慰问（按月）",
        ["月份", "次数"],
        [TEXT, INT],
        rows=[[f"{m}月", n] for m, n in data["by_month"]],
    )
    timeliness = CareTable(
        "care-tasks",
        "看望任务办理",
        ["应看望", "按时看望", "按时率", "逾期未看望", "预警人数"],
        [INT, INT, PCT, INT, INT],
        rows=[
            [tasks["due"], tasks["on_time"], _share(tasks["on_time"], tasks["due"]), tasks["overdue"], data["alerts"]]
        ],
        note="统计截至当日已到期的任务和提前完成的任务；预警人数为关爱预警名单的人数（高龄且独居、失能、住院或离休干部久未走访，截至今天）。",
    )
    aid = CareTable(
        "care-aid",
        "困难帮扶",
        ["状态", "件数"],
        [TEXT, INT],
        rows=[list(r) for r in data["aid"]],
        note=f"办理中 {data['aid_open']} 件；年度已发放合计 {data['aid_paid']} 元。",
    )
    funnel = CareTable(
        "care-modification",
        "适老化改造进度",
        ["环节", "户数"],
        [TEXT, INT],
        rows=[list(r) for r in data["funnel"]],
        note=f"年度计划 {data['planned']} 户；各环节为达到该环节及以后环节的户数。",
    )
    points = CareTable(
        "care-points",
        "四就近服务点",
        ["类型", "服务点（个）", "服务老干部（人）"],
        [TEXT, INT, INT],
        rows=[list(r) for r in data["points"]],
        note=f"在用服务点合计 {sum(r[1] for r in data['points'])} 个（截至今天）。",
    )
    return [coverage, timeliness, visits, months, aid, funnel, points]
