"""The tables under the charts: one definition shared by the page, the print view and the
Excel export, so all three always show the same numbers."""

from dataclasses import dataclass, field

INT, PCT, TEXT, SIGNED, SIGNED_PCT, DEC = "int", "pct", "text", "signed", "signed_pct", "dec"


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    # Per-row column kinds where a row differs from ``kinds`` (e.g. a percentage figure).
    row_kinds: list[list[str]] = field(default_factory=list)
    # Region ids of the rows, when the first cell links to the region's drill-down page.
    region_ids: list[int] = field(default_factory=list)

    def kinds_of(self, index: int) -> list[str]:
        return self.row_kinds[index] if self.row_kinds else self.kinds

    def display_rows(self) -> list[dict]:
        """The rows as the page and the print view show them: ``{"cells", "region_id"}``."""
        return [
            {
                "cells": [display(value, kind) for value, kind in zip(row, self.kinds_of(i), strict=True)],
                "region_id": self.region_ids[i] if self.region_ids else None,
            }
            for i, row in enumerate(self.rows)
        ]


def display(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == PCT:
        return f"{value * 100:.1f}%"
    if kind == SIGNED_PCT:
        return f"{value * 100:+.1f} 个百分点"
    if kind == SIGNED:
        return f"{value:+d}" if isinstance(value, int) else f"{value:+}"
    if kind == DEC:
        return f"{value:.2f}"
    if kind == INT and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def figures_table(data: dict) -> Table:
    year = data["filters"]["year"]
    table = Table(
        "figures",
        "主要指标",
        ["指标", f"{year}年", f"{year - 1}年", "同比增减"],
        [TEXT, INT, INT, SIGNED],
    )
    for f in data["figures"]:
        # A figure with nothing to count says so (三会一课: 本期无应开会议) rather than "—".
        value = f["value"] if f["value"] is not None else f.get("empty")
        table.rows.append([f["label"], value, f["previous"], f["change"]])
    # Percent figures carry their own kind per row.
    table.row_kinds = [
        [TEXT, PCT if f["value"] is not None else TEXT, PCT, SIGNED_PCT] if f["percent"] else table.kinds
        for f in data["figures"]
    ]
    return table


def region_table(data: dict) -> Table:
    table = Table(
        "regions",
        "分区域情况",
        [
            "区域",
            "党组织",
            "党支部",
            "党员",
            "“六有一提升”通过",
            "组织生活",
            "培训班",
            "培训人次",
            "书记轮训覆盖率",
            "党性教育",
        ],
        [TEXT, INT, INT, INT, INT, INT, INT, INT, PCT, INT],
    )
    for r in data["regions"]:
        table.region_ids.append(r["id"])
        table.rows.append(
            [
                r["name"],
                r["organisations"],
                r["branches"],
                r["members"],
                r["passed"],
                r["activities"],
                r["classes"],
                r["person_times"],
                r["coverage"],
                r["education"],
            ]
        )
    return table


def monthly_table(data: dict) -> Table:
    year = data["filters"]["year"]
    m = data["monthly"]
    table = Table("monthly", "组织生活月度趋势（已审核通过）", ["月份", f"{year}年", f"{year - 1}年"], [TEXT, INT, INT])
    table.rows = [[label, cur, prev] for label, cur, prev in zip(m["labels"], m["current"], m["previous"], strict=True)]
    return table


def types_table(data: dict) -> Table:
    year = data["filters"]["year"]
    table = Table("types", "组织生活类型构成", ["活动类型", f"{year}年", f"{year - 1}年"], [TEXT, INT, INT])
    table.rows = [[t["label"], t["current"], t["previous"]] for t in data["types"]]
    return table


def compliance_table(data: dict) -> Table:
    comp = data["compliance"]
    first = "党支部" if comp["level"] == "branch" else "区域"
    table = Table(
        "compliance",
        "“三会一课”达标情况（按月）",
        [first, *[f"{m}月" for m in range(1, 13)], "全年达标率"],
        [TEXT, *[PCT] * 12, PCT],
        note="每格为当月到期的“三会一课”项目中已达标的比例；“—”为尚未到期（或党支部尚未成立）。",
    )
    # A row with nothing due says so in its rate column (a month with nothing due is "—").
    table.rows = [
        [row["name"], *row["months"], row["rate"] if row["due"] else comp["nothing_due"]] for row in comp["rows"]
    ]
    table.row_kinds = [[TEXT, *[PCT] * 12, PCT if row["due"] else TEXT] for row in comp["rows"]]
    if comp["level"] == "region":
        table.region_ids = [row["id"] for row in comp["rows"]]
    return table


def assessment_table(data: dict) -> Table | None:
    result = data.get("assessment")
    if not result:
        return None
    table = Table(
        "assessment",
        f"年度综合考评排名（{result['scheme']}）",
        ["名次", "考评对象", "总分", "等次"],
        [INT, TEXT, DEC, TEXT],
    )
    table.rows = [[r["rank"], r["name"], r["score"], r["grade"]] for r in result["ranking"]]
    return table


def dashboard_tables(data: dict) -> list[Table]:
    tables = [
        figures_table(data),
        region_table(data),
        monthly_table(data),
        types_table(data),
        compliance_table(data),
        assessment_table(data),
    ]
    return [t for t in tables if t is not None]
