"""The region 综合考评 across the brands: weighted brand groups (weights as data, totalling
100), each group's indicators scaled within its weight; copy keeps them; the scorecard and
the export group by brand with subtotals and evidence links into each brand's records.
And the one rounding (issue 14, item 6): exact values kept, rounded once, half-up, alike
on the page, in the export and in the ranking."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.assessment import services
from apps.assessment.choices import Brand, RunStatus, RunTrigger, UnitKind
from apps.assessment.indicators import REGISTRY, Formula
from apps.assessment.models import IndicatorGroup, Result, ResultItem
from tests.assessment.conftest import MANUAL, THEME_DAY, YEAR
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
# The assessors' own items form the 综合评价 group.
GENERAL = {**MANUAL, "brand": Brand.GENERAL}


def tally(scheme):
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    done = services.tally_execute(run_id=run.pk)
    assert done.status == RunStatus.COMPLETED, done.error
    return done


def grouped(build, indicators, weights, unit_kind=UnitKind.REGION):
    scheme = build.scheme(unit_kind=unit_kind, indicators=indicators, open_it=False)
    services.groups_set(scheme=scheme, weights=weights)
    return services.scheme_open(scheme=scheme)


# ---------------------------------------------------------------------------
# Weights as data, validated
# ---------------------------------------------------------------------------
def test_group_weights_must_total_100_with_a_chinese_message(build):
    scheme = build.scheme(unit_kind=UnitKind.REGION, indicators=[THEME_DAY, GENERAL], open_it=False)
    with pytest.raises(ValidationError) as refused:
        services.groups_set(scheme=scheme, weights=[(Brand.VANGUARD, 60), (Brand.GENERAL, 30)])
    assert "各品牌分组权重合计须为 100 分，当前合计 90 分" in refused.value.messages[0]
    assert not IndicatorGroup.objects.filter(scheme=scheme).exists()
    services.groups_set(scheme=scheme, weights=[(Brand.VANGUARD, D("62.5")), (Brand.GENERAL, D("37.5"))])
    assert [(g.brand, g.weight) for g in scheme.groups.all()] == [
        (Brand.VANGUARD, D("62.5")),
        (Brand.GENERAL, D("37.5")),
    ]


def test_a_grouped_scheme_opens_only_when_every_indicators_brand_has_a_group(build):
    care = {**THEME_DAY, "code": "C1", "brand": Brand.SUNSET, "formula_key": "care.visits_on_time"}
    scheme = build.scheme(unit_kind=UnitKind.REGION, indicators=[THEME_DAY, GENERAL, care], open_it=False)
    services.groups_set(scheme=scheme, weights=[(Brand.VANGUARD, 70), (Brand.GENERAL, 30)])
    with pytest.raises(ValidationError) as refused:
        services.scheme_open(scheme=scheme)
    assert "所属品牌“牵手夕阳”没有分组权重" in " ".join(refused.value.messages)
    services.groups_set(
        scheme=scheme, weights=[(Brand.VANGUARD, 50), (Brand.SUNSET, 20), (Brand.LOYAL, 10), (Brand.GENERAL, 20)]
    )
    with pytest.raises(ValidationError) as refused:
        services.scheme_open(scheme=scheme)
    assert "品牌分组“丹心向党”还没有指标" in " ".join(refused.value.messages)


def test_the_back_office_refuses_group_weights_that_do_not_total_100(client, cast, build):
    scheme = build.scheme(unit_kind=UnitKind.REGION, indicators=[THEME_DAY, GENERAL], open_it=False)
    staff = client_for(client, cast, "staff")
    url = reverse("admin:assessment_scheme_change", args=[scheme.pk])
    form = staff.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for inline in staff.get(url).context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for index, sub in enumerate(formset.forms):
            for name in sub.fields:
                value = sub[name].value()
                data[f"{formset.prefix}-{index}-{name}"] = "" if value is None else value
    prefix = "groups"
    data.update({f"{prefix}-TOTAL_FORMS": 2, f"{prefix}-0-brand": "vanguard", f"{prefix}-0-weight": "70",
                 f"{prefix}-0-order": 1, f"{prefix}-1-brand": "general", f"{prefix}-1-weight": "20", f"{prefix}-1-order": 2})  # fmt: skip
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "各品牌分组权重合计须为 100 分，当前合计 90 分" in response.content.decode()
    assert not IndicatorGroup.objects.filter(scheme=scheme).exists()


# ---------------------------------------------------------------------------
# Scaling within a group, copy, scorecard
# ---------------------------------------------------------------------------
@pytest.fixture
def region_grouped(build, cast):
    for month in range(1, 7):
        build.log(cast.branch, "theme_day", datetime.date(YEAR, month, 1))  # 广陵区: 50 %
    # 银发先锋 worth 60 (its 10-point indicator scaled ×6), 综合评价 worth 40 (5 points ×8).
    scheme = grouped(build, [THEME_DAY, GENERAL], [(Brand.VANGUARD, 60), (Brand.GENERAL, 40)])
    tally(scheme)
    return scheme


def test_each_groups_indicators_are_scaled_within_its_weight(cast, region_grouped):
    result = Result.objects.get(run__scheme=region_grouped, run__is_current=True, region=cast.branch.region)
    # Theme days 50 % → 5 of 10 points → 30 of 银发先锋's 60; the manual item in full → 40.
    assert result.total == D("70.00")
    items = {i.indicator.code: i for i in result.items.select_related("indicator")}
    assert (items["A1"].raw_value, items["A1"].score) == (D("50"), D("5"))


def test_copying_last_years_scheme_keeps_its_groups_and_weights(region_grouped):
    copy = services.scheme_copy(scheme=region_grouped)
    assert [(g.brand, g.weight, g.order) for g in copy.groups.all()] == [
        (Brand.VANGUARD, D("60"), 1),
        (Brand.GENERAL, D("40"), 2),
    ]


def test_the_scorecard_groups_items_by_brand_with_subtotals(client, cast, region_grouped):
    result = Result.objects.get(run__scheme=region_grouped, run__is_current=True, region=cast.branch.region)
    page = client_for(client, cast, "staff").get(reverse("assessment:scorecard", args=[result.pk]))
    groups = page.context["groups"]
    assert [(g["label"], g["weight_text"], g["subtotal_text"]) for g in groups] == [
        ("银发先锋", "60.00", "30.00"),
        ("综合评价", "40.00", "40.00"),
    ]
    html = page.content.decode()
    assert "银发先锋小计" in html and "综合评价小计" in html and "30.00 / 60.00" in html


def test_the_export_has_a_subtotal_column_per_brand(client, cast, region_grouped):
    response = client_for(client, cast, "staff").get(reverse("assessment:export", args=[region_grouped.pk]))
    rows = [
        list(r) for r in load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    ]
    assert rows[0][5:7] == ["银发先锋小计（60.00分）", "综合评价小计（40.00分）"]
    assert rows[0][7] == "银发先锋·A1 主题党日开展率（原始值）"
    guangling = next(r for r in rows[1:] if r[1] == "广陵区")
    assert (guangling[3], guangling[5], guangling[6]) == (70, 30, 40)


# ---------------------------------------------------------------------------
# One rounding (issue 14, item 6)
# ---------------------------------------------------------------------------
@pytest.fixture
def fixed_formula(monkeypatch):
    """A formula whose raw values the test sets: ``values[unit_name]`` (a numerator and a
    denominator, through the context's own share)."""
    values = {}

    def compute(ctx, params):
        names = {unit: name for unit, (name, _) in ctx.units.items()}
        found = {unit: values.get(names[unit]) for unit in ctx.units}
        return ctx.share({u: v[0] for u, v in found.items() if v}, {u: v[1] for u, v in found.items() if v})

    monkeypatch.setitem(REGISTRY, "test.fixed", Formula("test.fixed", "测试指标", "测试", "%", compute))
    return values


def test_a_rate_is_stored_exact_and_rounded_once_half_up_alike_everywhere(client, cast, build, fixed_formula):
    # 52899 ÷ 2000000 = 2.644950 %: cut to 4 places first (2.6450) it then showed 2.65; once: 2.64.
    fixed_formula["广陵区"] = (52899, 2000000)
    fixed_formula["邗江区"] = (10, 33)  # 30.3030… %
    spec = {**THEME_DAY, "formula_key": "test.fixed", "max_score": D("100")}
    scheme = build.scheme(unit_kind=UnitKind.REGION, indicators=[spec])
    tally(scheme)
    result = Result.objects.get(run__scheme=scheme, unit_name="广陵区")
    item = ResultItem.objects.get(result=result)
    assert item.raw_value == D("2.644950000000") and item.score == D("2.644950000000")
    assert result.total == D("2.64")
    other = ResultItem.objects.get(result__run__scheme=scheme, result__unit_name="邗江区")
    assert item.raw_value is not None and other.raw_value == D("30.303030303030")
    staff = client_for(client, cast, "staff")
    card = staff.get(reverse("assessment:scorecard", args=[result.pk])).context["items"][0]
    assert (card["raw_text"], card["score_text"]) == ("2.64", "2.64")
    response = staff.get(reverse("assessment:export", args=[scheme.pk]))
    rows = [
        list(r) for r in load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    ]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["广陵区"][3] == pytest.approx(2.64) and by_name["广陵区"][5:7] == [pytest.approx(2.64)] * 2
    assert by_name["邗江区"][5] == pytest.approx(30.30)
    # The ranking is decided on the very total shown.
    assert by_name["邗江区"][0] == 1 and by_name["广陵区"][0] == 2


def test_a_weighted_total_at_a_half_cent_rounds_up_not_to_even(build, fixed_formula):
    fixed_formula["广陵区"] = (125, 1000)  # 12.5 % → 1.25 of 10 points, × weight 0.5 = 0.625
    spec = {**THEME_DAY, "formula_key": "test.fixed", "weight": D("0.5")}
    scheme = build.scheme(unit_kind=UnitKind.REGION, indicators=[spec])
    tally(scheme)
    assert Result.objects.get(run__scheme=scheme, unit_name="广陵区").total == D("0.63")


def test_equal_shown_totals_share_a_rank(build, fixed_formula):
    # 2.644950 and 2.640001 both show 2.64: they rank together.
    fixed_formula["广陵区"] = (52899, 2000000)
    fixed_formula["邗江区"] = (2640001, 100000000)
    scheme = build.scheme(
        unit_kind=UnitKind.REGION, indicators=[{**THEME_DAY, "formula_key": "test.fixed", "max_score": D("100")}]
    )
    tally(scheme)
    ranks = dict(Result.objects.filter(run__scheme=scheme).values_list("unit_name", "rank"))
    assert ranks["广陵区"] == ranks["邗江区"] == 1


def test_the_scorecard_exports_by_brand_with_subtotals_and_stays_in_scope(client, cast, region_grouped):
    result = Result.objects.get(run__scheme=region_grouped, run__is_current=True, region=cast.branch.region)
    response = client_for(client, cast, "district").get(reverse("assessment:scorecard_export", args=[result.pk]))
    assert response.status_code == 200
    rows = [
        list(r) for r in load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    ]
    assert rows[0] == ["品牌", "指标", "原始值", "单位", "得分", "满分", "计入总分", "说明"]
    assert [(r[0] or "", r[1], r[6]) for r in rows[1:]] == [
        ("银发先锋", "A1 主题党日开展率", 30),
        ("银发先锋", "银发先锋小计（60.00分）", 30),
        ("综合评价", "Z1 考评组评价", 40),
        ("综合评价", "综合评价小计（40.00分）", 40),
        ("", "总分", 70),
    ]
    other = Result.objects.get(run__scheme=region_grouped, run__is_current=True, region=cast.other_branch.region)
    assert client.get(reverse("assessment:scorecard_export", args=[other.pk])).status_code == 404
