"""Each brand's figures as the summary writes them, read from the data its dashboard
section's selector returns (the same call, so the summary and the dashboard agree).

银发先锋's section gives its figures as a list itself (``data["figures"]``: label, value,
last year's value, change). The other sections give their data in their own shape; a
*reader* here turns it into the same list, plus the sentences that list honours and
awarded outcomes and name the leading districts, and the section's tables that go into
the summary. A reader sees only the plain data of the section (never a model), and knows
its brand by its key; a brand without a reader gets the section's ``figures`` (if any).

Change on last year: 银发先锋 compares with the same day of last year itself. For the
others the selector is called once more for the year before, only when the year has
ended (a year still running is not compared with a whole one); what a section does not
date (teams, volunteers, venues, care profiles …) carries no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from apps.core.figures import DEC1, DECIMAL_PLACES, INT, PCT, TEXT, display, half_up


@dataclass
class Rows:
    """A table of a part, its cells already written as text."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Reading:
    figures: list[dict]
    sentences: dict[str, str] = field(default_factory=dict)  # extra placeholders: whole sentences
    tables: list[Rows] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    read: Callable  # (data, previous data or None, region or None) -> Reading
    compares: bool = True  # call the selector for last year too
    sentences: tuple[str, ...] = ()  # the sentence placeholders it fills (for the template check)


def figure(key, label, value, previous=None, *, unit="", percent=False, kind=INT, dated=True) -> dict:
    """A figure of the summary: ``previous`` is last year's value (``None``: not compared)."""
    if not dated:
        previous = None
    change = None if value is None or previous is None else value - previous
    return {
        "key": key,
        "label": label,
        "value": value,
        "previous": previous,
        "change": change,
        "unit": unit,
        "percent": percent,
        "kind": PCT if percent else kind,
    }


def share(part, whole):
    return Decimal(part) / Decimal(whole) if whole else None


def listing(items, unit: str) -> str:
    """``国家级1项、省级3项`` for the items with a count; ``""`` when none has one."""
    return "、".join(f"{label}{number(n)}{unit}" for label, n in items if n)


def leaders(rows: list[dict], value: Callable, what: str, n: int = 3) -> str:
    """``从各地看，<what>居前三位的是甲、乙、丙。`` over the by-region rows (``name`` each)."""
    ranked = [r for r in rows if value(r) is not None and value(r) > 0]
    if len(rows) < 2 or not ranked:
        return ""
    ranked.sort(key=lambda r: (-value(r), r["name"]))
    top = ranked[:n]
    places = {1: "第一位", 2: "前两位", 3: "前三位"}.get(len(top), f"前{len(top)}位")
    return f"从各地看，{what}居{places}的是{'、'.join(r['name'] for r in top)}。"


def number(value, kind=INT) -> str:
    """A count with thousands separators; a decimal as every page shows it (``display``)."""
    if value is None:
        return "—"
    if kind == PCT:
        return display(value, PCT)
    if kind in DECIMAL_PLACES:
        return display(value, kind)
    if kind == INT:
        return f"{value:,}" if isinstance(value, int) else f"{int(half_up(value, 0)):,}"
    return str(value)


def cells(rows, kinds) -> list[list[str]]:
    return [[number(v, kind) for v, kind in zip(row, kinds, strict=True)] for row in rows]


def _previous(previous: dict | None, *path):
    value = previous
    for key in path:
        if value is None:
            return None
        value = value.get(key)
    return value


# ---------------------------------------------------------------------------
# 银发先锋: the section gives its figures itself
# ---------------------------------------------------------------------------
def party(data, previous, region) -> Reading:
    figures = [{**f, "kind": PCT if f.get("percent") else INT} for f in data.get("figures", [])]
    rows = data.get("regions", [])
    ranking = "" if region is not None else leaders(rows, lambda r: r["members"], "党员人数")
    tables = []
    if region is None and rows:
        tables.append(
            Rows(
                "各地党建工作情况",
                ["区域", "党组织", "党员", "通过“六有一提升”", "组织生活", "培训人次", "书记轮训覆盖率"],
                cells(
                    [
                        [
                            r["name"],
                            r["organisations"],
                            r["members"],
                            r["passed"],
                            r["activities"],
                            r["person_times"],
                            r["coverage"],
                        ]
                        for r in rows
                    ],
                    [TEXT, INT, INT, INT, INT, INT, PCT],
                ),
            )
        )
    return Reading(figures, {"区县排名": ranking}, tables)


# ---------------------------------------------------------------------------
# 绿扬霞光
# ---------------------------------------------------------------------------
def afterglow(data, previous, region) -> Reading:
    t = data["total"]
    honours = data.get("honours", [])
    before = {label: (h, m) for label, h, m in (previous or {}).get("honours", [])}

    def last(*path):
        return _previous(previous, *path)

    figures = [
        figure("teams", "志愿服务团队", t["teams"], unit="个", dated=False),
        figure("volunteers", "在队志愿者", t["volunteers"], unit="人", dated=False),
        figure("activities", "志愿服务活动", t["activities"], last("total", "activities"), unit="次"),
        figure("times", "服务人次", t["times"], last("total", "times"), unit="人次"),
        figure("hours", "确认服务时长", t["hours"], last("total", "hours"), unit="小时", kind=DEC1),
        figure("on_time", "服务记录按时完成率", data["on_time"], last("on_time"), percent=True),
        figure(
            "certificates",
            "开具志愿服务记录证明",
            data["certificates"]["issued"],
            last("certificates", "issued"),
            unit="份",
        ),
        figure(
            "honours",
            "获得荣誉",
            sum(h for _, h, _ in honours),
            sum(h for h, _ in before.values()) if previous else None,
            unit="项",
        ),
        figure(
            "media",
            "媒体报道",
            sum(m for _, _, m in honours),
            sum(m for _, m in before.values()) if previous else None,
            unit="篇",
        ),
    ]
    honour_list = listing([(label, h) for label, h, _ in honours], "项")
    media_list = listing([(label, m) for label, _, m in honours], "篇")
    rows = data.get("regions", [])
    sentences = {
        "荣誉列表": f"获得各级荣誉{honour_list}" if honour_list else "暂未获得荣誉",
        "媒体报道列表": f"各级媒体报道{media_list}" if media_list else "暂无媒体报道",
        "星级分布": listing(data.get("stars", []), "人") or "暂无",
        "区县排名": "" if region is not None else leaders(rows, lambda r: r["hours"], "确认服务时长"),
    }
    tables = []
    if region is None and rows:
        tables.append(
            Rows(
                "各地志愿服务情况",
                ["区域", "团队", "在队志愿者", "服务活动", "服务人次", "确认时长（小时）", "记录按时率"],
                cells(
                    [
                        [r["name"], r["teams"], r["volunteers"], r["activities"], r["times"], r["hours"], r["on_time"]]
                        for r in rows
                    ],
                    [TEXT, INT, INT, INT, INT, DEC1, PCT],
                ),
            )
        )
    tables.append(
        Rows(
            "荣誉与媒体报道（按级别）",
            ["级别", "荣誉（项）", "媒体报道（篇）"],
            cells([[label, h, m] for label, h, m in honours], [TEXT, INT, INT]),
        )
    )
    return Reading(figures, sentences, tables)


# ---------------------------------------------------------------------------
# 牵手夕阳 · 服务保障
# ---------------------------------------------------------------------------
def care(data, previous, region) -> Reading:
    coverage = data.get("coverage", [])

    def total(key, rows=coverage):
        return sum(r[key] for r in rows)

    def last(*path):
        return _previous(previous, *path)

    visits = sum(n for _, n in data.get("by_type", []))
    visits_before = sum(n for _, n in previous["by_type"]) if previous else None
    tasks = data["tasks"]
    tasks_before = last("tasks") or {}
    funnel = dict(data.get("funnel", []))
    funnel_before = dict(previous["funnel"]) if previous else {}
    accepted = funnel.get("已验收")
    aid = dict(data.get("aid", []))
    aid_before = dict(previous["aid"]) if previous else {}
    figures = [
        figure("cadres", "离休干部", total("cadres"), unit="人", dated=False),
        figure(
            "complete", "“三有一落实”四项全覆盖率", share(total("complete"), total("cadres")), percent=True, dated=False
        ),
        figure("green", "绿色通道覆盖率", share(total("green"), total("cadres")), percent=True, dated=False),
        figure("doctor", "家庭医生签约率", share(total("doctor"), total("doctor_base")), percent=True, dated=False),
        figure("visits", "走访慰问", visits, visits_before, unit="次"),
        figure("tasks_due", "应看望任务", tasks["due"], tasks_before.get("due"), unit="项"),
        figure(
            "tasks_on_time",
            "看望任务按时率",
            share(tasks["on_time"], tasks["due"]),
            share(tasks_before["on_time"], tasks_before["due"]) if tasks_before else None,
            percent=True,
        ),
        figure("overdue", "逾期未看望", tasks["overdue"], tasks_before.get("overdue"), unit="项"),
        figure("aid", "医疗帮扶申请", sum(aid.values()), sum(aid_before.values()) if previous else None, unit="件"),
        figure("aid_paid_n", "医疗帮扶已发放", aid.get("已发放", 0), aid_before.get("已发放"), unit="件"),
        figure("planned", "适老化改造计划", data.get("planned", 0), last("planned"), unit="户"),
        figure("assessed", "适老化改造评估", funnel.get("已评估", 0), funnel_before.get("已评估"), unit="户"),
        figure("accepted", "适老化改造验收", accepted or 0, funnel_before.get("已验收"), unit="户"),
        figure("alerts", "重点关注老干部", data.get("alerts", 0), unit="人", dated=False),
    ]
    by_type = listing(data.get("by_type", []), "次")
    sentences = {
        "走访类型列表": f"其中{by_type}" if by_type else "",
        "区县排名": ""
        if region is not None
        else leaders(
            [{"name": r["region"], "rate": share(r["complete"], r["cadres"])} for r in coverage],
            lambda r: r["rate"],
            "“三有一落实”四项全覆盖率",
        ),
    }
    tables = []
    if region is None and coverage:
        tables.append(
            Rows(
                "各地“三有一落实”覆盖情况",
                ["区域", "离休干部", "绿色通道", "家庭医生签约率", "医疗特困帮扶", "医疗待遇落实", "四项全覆盖率"],
                cells(
                    [
                        [
                            r["region"],
                            r["cadres"],
                            share(r["green"], r["cadres"]),
                            share(r["doctor"], r["doctor_base"]),
                            share(r["hardship"], r["cadres"]),
                            share(r["policy"], r["cadres"]),
                            share(r["complete"], r["cadres"]),
                        ]
                        for r in coverage
                    ],
                    [TEXT, INT, PCT, PCT, PCT, PCT, PCT],
                ),
                "家庭医生签约率的基数不含长期住院的离休干部。",
            )
        )
    tables.append(
        Rows("走访慰问（按类型）", ["类型", "次数"], cells([list(r) for r in data.get("by_type", [])], [TEXT, INT]))
    )
    return Reading(figures, sentences, tables)


# ---------------------------------------------------------------------------
# 牵手夕阳 · 老年教育 (the network as it stood at the year's end; the last term begun in the year)
# ---------------------------------------------------------------------------
def education(data, previous, region) -> Reading:
    levels = data.get("levels", [])
    coverage = data.get("coverage", [])
    measures = [m["label"] for m in coverage[0]["measures"]] if coverage else []
    figures = [
        figure("venues", "老年教育办学点", sum(n for _, n in levels), unit="个", dated=False),
        figure("demonstration", "示范校（点）", data.get("demonstration", 0), unit="个", dated=False),
        figure("seats", "本学期课程学位", data.get("seats", 0), unit="个", dated=False),
        figure("applicants", "本学期报名", data.get("applicants", 0), unit="人次", dated=False),
        figure("waiting", "本学期候补", data.get("waiting", 0), unit="人次", dated=False),
        figure(
            "universities",
            "建有老年大学的县市区",
            sum(1 for r in coverage if r["universities"]),
            unit="个",
            dated=False,
        ),
    ]
    met = [(label, sum(1 for r in coverage if r["measures"][i]["met"])) for i, label in enumerate(measures)]
    sentences = {
        "办学点列表": listing(levels, "个") or "暂无",
        "学期": data.get("term") or "本学期",
        "覆盖达标情况": "" if not coverage else "；".join(f"“{label}”达到目标的县（市、区）{n}个" for label, n in met),
    }
    tables = [Rows("老年教育办学点（按层级）", ["层级", "办学点（个）"], cells([list(r) for r in levels], [TEXT, INT]))]
    if coverage:
        tables.append(
            Rows(
                "老年教育覆盖率（按县市区）",
                ["区域", *measures],
                [
                    [
                        r["region"].name if hasattr(r["region"], "name") else str(r["region"]),
                        *[
                            "—" if m["value"] is None else f"{m['value']}%{'（达标）' if m['met'] else ''}"
                            for m in r["measures"]
                        ],
                    ]
                    for r in coverage
                ],
                "比例为实际值；达到年度目标的标注“达标”。",
            )
        )
    return Reading(figures, sentences, tables)


# ---------------------------------------------------------------------------
# 丹心向党
# ---------------------------------------------------------------------------
def workforce(data, previous, region) -> Reading:
    def last(*path):
        return _previous(previous, *path)

    rect, rect_before = data["rect"], last("rect") or {}
    staff = sum(t["total"] for t in data.get("training", []))
    met = sum(t["met"] for t in data.get("training", []))
    staff_before = sum(t["total"] for t in previous["training"]) if previous else 0
    met_before = sum(t["met"] for t in previous["training"]) if previous else 0
    awards = data.get("awards", [])
    awarded = sum(a["total"] for a in awards)
    awarded_before = sum(a["total"] for a in previous["awards"]) if previous else None
    figures = [
        figure("classes", "干部培训班", data["classes"], last("classes"), unit="个"),
        figure("person_times", "参训人次", data["person_times"], last("person_times"), unit="人次"),
        figure("staff", "老干部工作者", staff, staff_before if previous else None, unit="人"),
        figure(
            "training_rate",
            "培训学时达标率",
            share(met, staff),
            share(met_before, staff_before) if previous else None,
            percent=True,
        ),
        figure("rect_total", "整改事项", rect["total"], rect_before.get("total"), unit="项"),
        figure("rect_closed", "已销号整改事项", rect["closed"], rect_before.get("closed"), unit="项"),
        figure(
            "rect_on_time",
            "整改按期销号率",
            share(rect["closed_on_time"], rect["total"]),
            share(rect_before["closed_on_time"], rect_before["total"]) if rect_before else None,
            percent=True,
        ),
        figure("rect_overdue", "逾期整改事项", rect["overdue"], rect_before.get("overdue"), unit="项"),
        figure("rules", "在用内控制度", data["rules"]["total"], unit="项", dated=False),
        figure("points", "领导联系点", data["points"], unit="个", dated=False),
        figure("visits", "联系点走访", data["visits"], last("visits"), unit="次"),
        figure("research_visits", "调研走访", data["research_visits"], last("research_visits"), unit="次"),
        figure("reports", "调研成果", data["reports"]["n"], last("reports", "n"), unit="篇"),
        figure(
            "instructed",
            "获领导批示的调研成果",
            data["reports"]["instructed"],
            last("reports", "instructed"),
            unit="篇",
        ),
        figure("converted", "已转化的调研成果", data["reports"]["converted"], last("reports", "converted"), unit="篇"),
        figure("awarded", "获奖调研成果", awarded, awarded_before, unit="篇"),
    ]
    grades = ["一等奖", "二等奖", "三等奖"]
    award_items = [(f"{a['level']}{grade}", n) for a in awards for grade, n in zip(grades, a["grades"], strict=False)]
    award_list = listing(award_items, "篇")
    bands = listing([(t["band"], t["met"]) for t in data.get("training", [])], "人")
    sentences = {
        "获奖列表": f"其中{award_list}" if award_list else "",
        "学时达标列表": f"学时达标的{bands}" if bands else "",
    }
    tables = [
        Rows(
            "调研成果获奖情况",
            ["级别", *grades, "合计"],
            cells([[a["level"], *a["grades"], a["total"]] for a in awards], [TEXT, INT, INT, INT, INT]),
        ),
        Rows(
            "干部教育培训学时达标情况",
            ["职级", "应达标（人）", "已达标（人）", "未达标（人）"],
            cells(
                [[t["band"], t["total"], t["met"], t["short"]] for t in data.get("training", [])],
                [TEXT, INT, INT, INT],
            ),
        ),
    ]
    return Reading(figures, sentences, tables)


# ---------------------------------------------------------------------------
# 绿扬霞光 · 四单服务 (the orders placed in the year; statuses as they stand now)
# ---------------------------------------------------------------------------
_DISPATCHED = ("dispatched", "accepted", "done", "evaluated")  # past 待派单 and still going / done
_ACCEPTED = ("accepted", "done", "evaluated")


def orders(data, previous, region) -> Reading:
    t = data["total"]
    before = (previous or {}).get("total")

    def last(key):
        return None if before is None else before[key]

    def reached(row, statuses):
        return None if row is None else sum(row[s] for s in statuses)

    figures = [
        figure("total", "群众点单", t["total"], last("total"), unit="单"),
        figure("dispatched", "中心派单", reached(t, _DISPATCHED), reached(before, _DISPATCHED), unit="单"),
        figure("accepted", "队伍接单", reached(t, _ACCEPTED), reached(before, _ACCEPTED), unit="单"),
        figure("served", "完成服务", t["served"], last("served"), unit="单"),
        figure("evaluated", "群众评单", t["evaluated"], last("evaluated"), unit="单"),
        figure("acceptance", "接单率", t["acceptance"], last("acceptance"), percent=True),
        figure("on_time_rate", "按时办结率", t["on_time_rate"], last("on_time_rate"), percent=True),
        figure("satisfaction", "满意率", t["satisfaction"], last("satisfaction"), percent=True),
    ]
    for rate in figures[-3:]:
        rate["empty"] = "暂无"  # a rate with nothing under it: said, not a bare dash
    funnel = data.get("funnel", [])
    closed = listing([(label, n) for label, n in funnel if label in ("已拒单", "已撤单")], "单")
    average = t.get("average")
    rows = data.get("regions", [])
    sentences = {
        "平均满意度": f"群众评单平均{half_up(average, 1)}星" if average is not None else "",
        "拒单撤单情况": f"另有{closed}" if closed else "",
        "区县排名": "" if region is not None else leaders(rows, lambda r: r["total"], "群众点单数"),
    }
    tables = [Rows("工单状态（按当前状态）", ["状态", "工单（单）"], cells([list(r) for r in funnel], [TEXT, INT]))]
    if region is None and rows:
        tables.append(
            Rows(
                "各地四单服务情况",
                ["区域", "群众点单", "已评单", "接单率", "按时办结率", "满意率"],
                cells(
                    [
                        [r["name"], r["total"], r["evaluated"], r["acceptance"], r["on_time_rate"], r["satisfaction"]]
                        for r in rows
                    ],
                    [TEXT, INT, INT, PCT, PCT, PCT],
                ),
                "接单率 = 接单 ÷（接单 + 退单）；按时办结率 = 按时办结 ÷ 完成服务；满意率 = 4–5 星评价 ÷ 已评单。",
            )
        )
    return Reading(figures, sentences, tables)


# ---------------------------------------------------------------------------
# 绿扬霞光 · 草根内参 (the reports submitted in the year)
# ---------------------------------------------------------------------------
def insights(data, previous, region) -> Reading:
    t = data["total"]
    before = (previous or {}).get("total")

    def last(key):
        return None if before is None else before[key]

    figures = [
        figure("total", "信息员报送", t["total"], last("total"), unit="篇"),
        figure("registered", "登记编号", t["registered"], last("registered"), unit="篇"),
        figure("forwarded", "转办相关部门", t["forwarded"], last("forwarded"), unit="篇"),
        figure("instructed", "获领导批示", t["instructed"], last("instructed"), unit="篇"),
        figure("adopted", "编报采用", t["adopted"], last("adopted"), unit="篇"),
        figure("fed_back", "已向作者反馈", t["fed_back"], last("fed_back"), unit="篇"),
        figure("overdue", "反馈逾期", t["overdue"], last("overdue"), unit="篇"),
        figure("adoption", "采用率", t["adoption"], last("adoption"), percent=True),
    ]
    figures[-1]["empty"] = "暂无"
    rows = data.get("regions", [])
    sentences = {
        "区县排名": "" if region is not None else leaders(rows, lambda r: r["adopted"], "编报采用篇数"),
    }
    tables = []
    if region is None and rows:
        tables.append(
            Rows(
                "各地草根内参情况",
                ["区域", "报送", "登记", "转办", "领导批示", "采用", "已反馈", "反馈逾期", "采用率"],
                cells(
                    [
                        [
                            r["name"],
                            r["total"],
                            r["registered"],
                            r["forwarded"],
                            r["instructed"],
                            r["adopted"],
                            r["fed_back"],
                            r["overdue"],
                            r["adoption"],
                        ]
                        for r in rows
                    ],
                    [TEXT, INT, INT, INT, INT, INT, INT, INT, PCT],
                ),
                "采用率 = 采用（编报采用或获领导批示）÷ 已登记。",
            )
        )
    return Reading(figures, sentences, tables)


READERS: dict[str, Reader] = {
    "vanguard": Reader(party, compares=False, sentences=("区县排名",)),
    "afterglow": Reader(afterglow, sentences=("荣誉列表", "媒体报道列表", "星级分布", "区县排名")),
    "sunset": Reader(care, sentences=("走访类型列表", "区县排名")),
    "sunset_education": Reader(education, compares=False, sentences=("办学点列表", "学期", "覆盖达标情况")),
    "loyal": Reader(workforce, sentences=("获奖列表", "学时达标列表")),
    "afterglow_orders": Reader(orders, sentences=("平均满意度", "拒单撤单情况", "区县排名")),
    "afterglow_insights": Reader(insights, sentences=("区县排名",)),
}


def _plain(data, previous, region) -> Reading:
    return Reading([{**f, "kind": PCT if f.get("percent") else INT} for f in data.get("figures", [])])


def reader_for(brand_key: str) -> Reader:
    return READERS.get(brand_key, Reader(_plain, compares=False))
