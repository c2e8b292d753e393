"""Each brand's part of the summary: its own wording (shipped as data, editable, back after a
flush), its figures read from its section's data with last year's change, the lists of
honours and awarded outcomes, the leading districts, and the assessment through
``apps.assessment.published``."""

from decimal import Decimal

import pytest
from django.core.management.sql import emit_post_migrate_signal

from apps.core.brands import registry
from apps.summary import builder, readings, wording
from apps.summary.models import SummaryTemplate
from apps.summary.wording import check_template

YEAR = 2026

# What 绿扬霞光's section returns (apps.volunteers.dashboard.section_data), as plain data.
AFTERGLOW = {
    "year": 2025,
    "total": {"teams": 52, "volunteers": 3012, "activities": 410, "times": 9876, "hours": Decimal("12345.55")},
    "on_time": Decimal("0.9"),
    "pending": 3,
    "regions": [
        {
            "name": "广陵区",
            "teams": 8,
            "volunteers": 400,
            "activities": 50,
            "times": 900,
            "hours": Decimal(1200),
            "on_time": None,
        },
        {
            "name": "邗江区",
            "teams": 9,
            "volunteers": 420,
            "activities": 60,
            "times": 980,
            "hours": Decimal(2100),
            "on_time": None,
        },
        {
            "name": "江都区",
            "teams": 7,
            "volunteers": 380,
            "activities": 40,
            "times": 800,
            "hours": Decimal(900),
            "on_time": None,
        },
        {
            "name": "仪征市",
            "teams": 6,
            "volunteers": 300,
            "activities": 30,
            "times": 700,
            "hours": Decimal(1500),
            "on_time": None,
        },
    ],
    "months": [],
    "categories": [],
    "stars": [("一星", 120), ("二星", 0), ("三星", 8)],
    "certificates": {"issued": 40, "revoked": 1},
    "honours": [("国家级", 1, 2), ("省级", 3, 0), ("市级", 0, 5), ("县级", 0, 0)],
}


def _previous_afterglow():
    return {
        **AFTERGLOW,
        "total": {**AFTERGLOW["total"], "activities": 400, "times": 9900, "hours": Decimal("12000")},
        "on_time": Decimal("0.85"),
        "honours": [("国家级", 0, 0), ("省级", 1, 0), ("市级", 0, 0), ("县级", 0, 0)],
    }


def _by_label(reading):
    return {f["label"]: f for f in reading.figures}


def test_volunteering_reads_counts_hours_and_changes_on_last_year():
    reading = readings.afterglow(AFTERGLOW, _previous_afterglow(), None)
    figures = _by_label(reading)
    assert builder.figure_text(figures["在队志愿者"]) == "3,012人"
    assert builder.change_text(figures["在队志愿者"]) == ""  # a stock the section does not date
    assert builder.figure_text(figures["确认服务时长"]) == "12,345.6小时"  # rounded once, half up
    assert builder.change_text(figures["确认服务时长"]) == "比上年同期增加345.6小时"
    assert builder.change_text(figures["服务人次"]) == "比上年同期减少24人次"
    assert builder.change_text(figures["服务记录按时完成率"]) == "比上年同期提高5.0 个百分点"
    assert builder.figure_text(figures["获得荣誉"]) == "4项"


def test_volunteering_lists_its_honours_by_level_and_names_the_leading_districts():
    reading = readings.afterglow(AFTERGLOW, None, None)
    assert reading.sentences["荣誉列表"] == "获得各级荣誉国家级1项、省级3项"
    assert reading.sentences["媒体报道列表"] == "各级媒体报道国家级2篇、市级5篇"
    assert reading.sentences["星级分布"] == "一星120人、三星8人"
    assert reading.sentences["区县排名"] == "从各地看，确认服务时长居前三位的是邗江区、仪征市、广陵区。"
    honours = next(t for t in reading.tables if t.title.startswith("荣誉"))
    assert honours.rows[0] == ["国家级", "1", "2"]
    # A region's own summary names no leading districts and carries no by-region table.
    one = readings.afterglow(AFTERGLOW, None, object())
    assert one.sentences["区县排名"] == ""
    assert [t.title for t in one.tables] == ["荣誉与媒体报道（按级别）"]


def test_research_outcomes_list_their_awards_by_level_and_grade():
    data = {
        "classes": 30,
        "person_times": 998,
        "training": [{"band": "乡科级及以下", "total": 100, "met": 90, "short": 10}],
        "rect": {"total": 20, "closed": 18, "closed_on_time": 15, "pending": 1, "overdue": 1, "overdue_days": 3},
        "rules": {"total": 22, "review_overdue": 0},
        "points": 12,
        "visits": 40,
        "points_overdue": 0,
        "research_visits": 53,
        "research_days": 80.0,
        "reports": {"n": 30, "instructed": 8, "converted": 4},
        "awards": [
            {"level": "国家级", "grades": [0, 1, 0], "total": 1},
            {"level": "省级", "grades": [2, 0, 19], "total": 21},
            {"level": "市级", "grades": [0, 0, 0], "total": 0},
        ],
    }
    reading = readings.workforce(data, None, None)
    figures = _by_label(reading)
    assert builder.figure_text(figures["获奖调研成果"]) == "22篇"
    assert builder.figure_text(figures["整改按期销号率"]) == "75.0%"
    assert reading.sentences["获奖列表"] == "其中国家级二等奖1篇、省级一等奖2篇、省级三等奖19篇"
    awards = reading.tables[0]
    assert awards.headers == ["级别", "一等奖", "二等奖", "三等奖", "合计"]
    assert awards.rows[1] == ["省级", "2", "0", "19", "21"]


def _orders_row(**counts):
    counted = ("total", "served", "on_time", "rated", "satisfied", "stars", "accepts", "hand_backs")
    statuses = ("submitted", "dispatched", "accepted", "done", "evaluated", "refused", "cancelled")
    row = dict.fromkeys((*counted, *statuses), 0)
    row.update(counts)
    decided = row["accepts"] + row["hand_backs"]
    return {
        **row,
        "acceptance": Decimal(row["accepts"]) / decided if decided else None,
        "on_time_rate": Decimal(row["on_time"]) / row["served"] if row["served"] else None,
        "satisfaction": Decimal(row["satisfied"]) / row["rated"] if row["rated"] else None,
        "average": Decimal(row["stars"]) / row["rated"] if row["rated"] else None,
    }


def _orders_data(total, regions):
    funnel = [
        (label, total[key])
        for key, label in [
            ("submitted", "待派单"),
            ("dispatched", "待接单"),
            ("accepted", "服务中"),
            ("done", "待评单"),
            ("evaluated", "已评单"),
            ("refused", "已拒单"),
            ("cancelled", "已撤单"),
        ]
    ]
    return {"year": 2025, "total": total, "funnel": funnel, "regions": regions, "months": []}


def test_the_four_orders_read_the_funnel_the_rates_and_their_change_on_last_year():
    this = _orders_row(
        total=120, submitted=5, dispatched=10, accepted=15, done=20, evaluated=60, refused=6, cancelled=4,
        served=80, on_time=72, rated=60, satisfied=57, stars=279, accepts=100, hand_backs=4,
    )  # fmt: skip
    last = _orders_row(total=100, dispatched=20, evaluated=70, served=70, on_time=56, rated=70, satisfied=70,
                       stars=350, accepts=90, hand_backs=10)  # fmt: skip
    regions = [{"name": "广陵区", **_orders_row(total=70)}, {"name": "邗江区", **_orders_row(total=50)}]
    reading = readings.orders(_orders_data(this, regions), _orders_data(last, []), None)
    figures = _by_label(reading)
    assert builder.figure_text(figures["群众点单"]) == "120单"
    assert builder.change_text(figures["群众点单"]) == "比上年同期增加20单"
    assert builder.figure_text(figures["中心派单"]) == "105单"  # past 待派单, neither refused nor withdrawn
    assert builder.figure_text(figures["队伍接单"]) == "95单"
    assert builder.figure_text(figures["完成服务"]) == "80单"
    assert builder.figure_text(figures["接单率"]) == "96.2%"  # 100 ÷ 104
    assert builder.change_text(figures["接单率"]) == "比上年同期提高6.2 个百分点"
    assert builder.figure_text(figures["按时办结率"]) == "90.0%"
    assert builder.change_text(figures["按时办结率"]) == "比上年同期提高10.0 个百分点"
    assert builder.change_text(figures["满意率"]) == "比上年同期下降5.0 个百分点"
    assert reading.sentences["平均满意度"] == "群众评单平均4.7星"
    assert reading.sentences["拒单撤单情况"] == "另有已拒单6单、已撤单4单"
    assert reading.sentences["区县排名"] == "从各地看，群众点单数居前两位的是广陵区、邗江区。"
    assert [t.title for t in reading.tables] == ["工单状态（按当前状态）", "各地四单服务情况"]
    # A year still running is not compared; a region names no leading districts.
    one = readings.orders(_orders_data(this, regions[:1]), None, object())
    assert builder.change_text(_by_label(one)["群众点单"]) == "" and one.sentences["区县排名"] == ""
    assert [t.title for t in one.tables] == ["工单状态（按当前状态）"]
    # No order in the year: the rates say so instead of a bare dash.
    none = readings.orders(_orders_data(_orders_row(), []), None, None)
    assert builder.figure_text(_by_label(none)["接单率"]) == "暂无"


def test_the_grassroots_reports_read_registered_forwarded_instructed_adopted_and_fed_back():
    def row(name="", **counts):
        r = dict.fromkeys(("total", "registered", "forwarded", "instructed", "adopted", "fed_back", "overdue"), 0)
        r.update(counts)
        return {"name": name, **r, "adoption": Decimal(r["adopted"]) / r["registered"] if r["registered"] else None}

    data = {
        "year": 2025,
        "total": row(total=40, registered=32, forwarded=20, instructed=6, adopted=12, fed_back=15, overdue=2),
        "regions": [row("广陵区", adopted=3), row("邗江区", adopted=9), row("江都区")],
        "months": [],
    }
    previous = {**data, "total": row(total=30, registered=30, instructed=8, adopted=6)}
    reading = readings.insights(data, previous, None)
    figures = _by_label(reading)
    assert builder.figure_text(figures["信息员报送"]) == "40篇"
    assert builder.change_text(figures["获领导批示"]) == "比上年同期减少2篇"
    assert builder.figure_text(figures["采用率"]) == "37.5%"
    assert builder.change_text(figures["采用率"]) == "比上年同期提高17.5 个百分点"
    assert builder.figure_text(figures["已向作者反馈"]) == "15篇" and builder.figure_text(figures["反馈逾期"]) == "2篇"
    assert reading.sentences["区县排名"] == "从各地看，编报采用篇数居前两位的是邗江区、广陵区。"
    assert reading.tables[0].rows[1] == ["邗江区", "0", "0", "0", "0", "9", "0", "0", "—"]


def test_a_figure_without_last_year_leaves_no_empty_brackets():
    values = {"a": "3次", "a·变化": "", "b": "", "c": "5个"}
    assert wording.render("开展〔a〕（〔a·变化〕），〔b〕；共〔c〕。〔b〕。", values) == ["开展3次；共5个。"]
    assert wording.render("〔b〕\n\n第二段〔c〕", values) == ["第二段5个"]


@pytest.mark.django_db
def test_every_brand_with_a_section_has_its_own_wording_naming_only_its_figures():
    shipped = {t.part: t for t in SummaryTemplate.objects.all()}
    parts = [key for key, _ in wording.part_choices()]
    brands = [b.key for b in registry() if not b.shared and b.dashboard_sections]
    assert {"afterglow", "afterglow_orders", "afterglow_insights", "sunset", "sunset_education", "loyal"} <= set(brands)
    assert set(parts) == set(shipped)
    for part in brands:
        body = shipped[part].body
        assert check_template(body, builder.placeholder_names(part)) == "", part
        assert body != wording.DEFAULT_SECTION and "〔指标列表〕" not in body, part
    # Each uses its own figures, not only the common placeholders.
    assert "〔获奖调研成果〕" in shipped["loyal"].body and "〔获奖列表〕" in shipped["loyal"].body
    assert "〔荣誉列表〕" in shipped["afterglow"].body and "〔服务人次·变化〕" in shipped["afterglow"].body
    assert "〔走访慰问〕" in shipped["sunset"].body
    assert "〔老年教育办学点〕" in shipped["sunset_education"].body
    assert (
        "〔接单率·变化〕" in shipped["afterglow_orders"].body and "〔平均满意度〕" in shipped["afterglow_orders"].body
    )
    assert "〔获领导批示〕" in shipped["afterglow_insights"].body and "〔采用率〕" in shipped["afterglow_insights"].body


@pytest.mark.django_db
def test_staffs_wording_for_a_brand_is_used_and_checked(cast):
    SummaryTemplate.objects.filter(part="loyal").update(body="培训〔参训人次〕，〔获奖列表〕。")
    part = next(p for p in builder.collect(YEAR).parts if p.key == "loyal")
    assert part.paragraphs == ["培训0人次。"]
    assert "〔志愿者〕 不存在" in check_template("〔志愿者〕", builder.placeholder_names("loyal"))


@pytest.mark.django_db
def test_the_wording_comes_back_after_a_flush_and_staffs_edits_stay():
    SummaryTemplate.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert SummaryTemplate.objects.count() == len(wording.part_choices())
    SummaryTemplate.objects.filter(part="afterglow").update(body="我们的文字〔年份〕")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert SummaryTemplate.objects.get(part="afterglow").body == "我们的文字〔年份〕"


@pytest.mark.django_db
def test_the_parts_come_in_the_brands_order_then_the_assessment(cast):
    keys = [p.key for p in builder.collect(YEAR).parts]
    brands = [b.key for b in registry() if not b.shared and b.dashboard_sections]
    assert keys[: len(brands)] == brands
    assert brands[:7] == [
        "vanguard",
        "afterglow",
        "afterglow_orders",
        "afterglow_insights",
        "sunset",
        "sunset_education",
        "loyal",
    ]
    assert keys[len(brands) :] in ([], ["assessment"])


@pytest.mark.django_db
def test_staff_edit_a_brands_wording_in_the_back_office_seeing_its_placeholders(cast, client):
    from tests.conftest import client_for

    c = client_for(client, cast, "staff")
    template = SummaryTemplate.objects.get(part="loyal")
    url = f"/admin/summary/summarytemplate/{template.pk}/change/"
    page = c.get(url).content.decode()
    assert "〔获奖列表〕" in page and "〔参训人次〕" in page
    response = c.post(url, {"part": "loyal", "heading": "队伍建设", "body": "培训〔参训人次〕。〔获奖列表〕"})
    assert response.status_code == 302
    assert SummaryTemplate.objects.get(part="loyal").heading == "队伍建设"
    refused = c.post(url, {"part": "loyal", "heading": "队伍建设", "body": "〔服务人次〕"})
    assert refused.status_code == 200 and "〔服务人次〕 不存在" in refused.content.decode()
