"""Scoring rules, ranks and grades on hand-written numbers (no database)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from apps.assessment.scoring import Band, factors, grade, rank, score, total_of, validate_params
from apps.core.figures import half_up


@pytest.mark.parametrize(
    ("raw", "params", "expected"),
    [
        # linear to target 100 (a percentage), max 10
        (D("75"), {"method": "linear"}, D("7.50")),
        (D("100"), {}, D("10.00")),
        (D("130"), {"method": "linear", "target": 100}, D("10.00")),  # capped at max
        (D("1"), {"method": "linear", "target": 3}, D("3.33")),
        (D("2"), {"method": "linear", "target": 3}, D("6.67")),  # shown half-up
        (None, {}, D("0.00")),  # no data scores nothing
        (D("0"), {}, D("0.00")),
        # thresholds: ≥90 full, ≥60 60%, below 0
        (D("95"), {"method": "thresholds", "bands": [[60, 0.6], [90, 1]]}, D("10.00")),
        (D("90"), {"method": "thresholds", "bands": [[90, 1], [60, 0.6]]}, D("10.00")),
        (D("89.99"), {"method": "thresholds", "bands": [[90, 1], [60, 0.6]]}, D("6.00")),
        (D("59"), {"method": "thresholds", "bands": [[90, 1], [60, 0.6]]}, D("0.00")),
        # deduction: 0.5 per item short of 12
        (D("12"), {"method": "deduction", "per_item": 0.5, "expected": 12}, D("10.00")),
        (D("9"), {"method": "deduction", "per_item": 0.5, "expected": 12}, D("8.50")),
        (D("14"), {"method": "deduction", "per_item": 0.5, "expected": 12}, D("10.00")),
        # deduction without expected: each counted item costs 3, never below 0
        (D("2"), {"method": "deduction", "per_item": 3}, D("4.00")),
        (D("5"), {"method": "deduction", "per_item": 3}, D("0.00")),
    ],
)
def test_score_turns_raw_values_into_points(raw, params, expected):
    # Points are exact; what is shown is rounded once, half-up.
    assert half_up(score(raw, max_score=D("10"), params=params), 2) == expected


def test_points_are_kept_exact_and_the_total_is_rounded_once_half_up():
    # 2/3 of 10 points is not cut to 6.67 before it is added up.
    assert score(D("2"), max_score=D("10"), params={"method": "linear", "target": 3}) == D(20) / D(3)
    # Three items of 2/3 of a point: exactly 2.00 (rounding each first would give 2.01).
    third = score(D("2"), max_score=D("1"), params={"method": "linear", "target": 3})
    assert total_of([third, third, third]) == D("2.00")
    # A total at .xx5 rounds up (banker's rounding gave 0.62 for 0.625).
    assert total_of([D("1.25") * D("0.5")]) == D("0.63")
    assert total_of([D("2.645")]) == D("2.65")


def test_brand_groups_scale_each_groups_indicators_within_its_weight():
    # (id, brand, max score, weight): 银发先锋 75 points worth 40, 综合评价 25 worth 60.
    indicators = [(1, "vanguard", D("50"), D("1")), (2, "vanguard", D("25"), D("1")), (3, "general", D("25"), D("1"))]
    found = factors(indicators, {"vanguard": D("40"), "general": D("60")})
    assert found == {1: D(40) / D(75), 2: D(40) / D(75), 3: D(60) / D(25)}
    # Full marks everywhere: exactly 100.
    assert total_of([D("50") * found[1], D("25") * found[2], D("25") * found[3]]) == D("100.00")
    # No groups: each indicator counts with its own weight, as before.
    assert factors(indicators, {}) == {1: D("1"), 2: D("1"), 3: D("1")}


@pytest.mark.parametrize(
    "params",
    [
        {"method": "magic"},
        {"method": "linear", "target": 0},
        {"method": "thresholds"},
        {"method": "thresholds", "bands": [[90, 1.5]]},
        {"method": "deduction"},
        {"method": "linear", "target": "abc"},
    ],
)
def test_it_refuses_unusable_parameters(params):
    with pytest.raises(ValidationError):
        validate_params(params, automatic=True)


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    totals = {"a": D("95"), "b": D("95"), "c": D("90"), "d": D("80"), "e": D("80"), "f": D("70")}
    assert rank(totals) == {"a": 1, "b": 1, "c": 3, "d": 4, "e": 4, "f": 6}


BANDS = [
    Band("first", D("90"), D("0.20")),
    Band("second", D("75"), D("0.50")),
    Band("third", D("0"), None),
]


def test_grades_follow_minimum_scores():
    totals = {
        "a": D("92"),
        "b": D("80"),
        "c": D("60"),
        "d": D("50"),
        "e": D("76"),
        "f": D("40"),
        "g": D("30"),
        "h": D("20"),
        "i": D("10"),
        "j": D("5"),
    }
    assert grade(totals, BANDS) == {
        "a": "first", "b": "second", "e": "second", "c": "third", "d": "third",
        "f": "third", "g": "third", "h": "third", "i": "third", "j": "third",
    }  # fmt: skip


def test_the_share_cap_limits_the_first_grade_even_above_the_minimum():
    # 10 units, 20% → at most 2 in 一等次 although 4 have ≥ 90.
    totals = {f"u{i}": D(str(99 - i)) for i in range(10)}  # 99, 98, … 90
    grades = grade(totals, BANDS)
    assert [grades[f"u{i}"] for i in range(10)] == ["first"] * 2 + ["second"] * 5 + ["third"] * 3


def test_a_tie_that_would_break_the_cap_drops_together():
    # 10 units: one at 98, then three tied at 95. Cap 2: the tie cannot fit beside the
    # leader, so all three go to 二等次 together.
    totals = {"a": D("98"), "b": D("95"), "c": D("95"), "d": D("95")} | {f"x{i}": D("50") for i in range(6)}
    grades = grade(totals, BANDS)
    assert grades["a"] == "first"
    assert {grades["b"], grades["c"], grades["d"]} == {"second"}
    # 二等次 cap is 5 (50% of 10): 3 used by the tie, the six at 50 are below 75 anyway.
    assert {grades[f"x{i}"] for i in range(6)} == {"third"}


def test_grade_boundaries_are_inclusive():
    totals = {"a": D("90.00"), "b": D("89.99"), "c": D("75.00"), "d": D("74.99"), "e": D("0")}
    bands = [Band("first", D("90"), D("0.40")), Band("second", D("75"), None), Band("third", D("0"), None)]
    assert grade(totals, bands) == {"a": "first", "b": "second", "c": "second", "d": "third", "e": "third"}


def test_with_no_band_that_fits_a_unit_gets_no_grade():
    assert grade({"a": D("50")}, [Band("first", D("90"), None)]) == {"a": ""}
