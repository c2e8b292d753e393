"""Scoring rules, ranks and grades on hand-written numbers (no database)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from apps.assessment.scoring import Band, grade, rank, score, validate_params


@pytest.mark.parametrize(
    ("raw", "params", "expected"),
    [
        # linear to target 100 (a percentage), max 10
        (D("75"), {"method": "linear"}, D("7.50")),
        (D("100"), {}, D("10.00")),
        (D("130"), {"method": "linear", "target": 100}, D("10.00")),  # capped at max
        (D("1"), {"method": "linear", "target": 3}, D("3.33")),
        (D("2"), {"method": "linear", "target": 3}, D("6.67")),  # half-up rounding
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
    assert score(raw, max_score=D("10"), params=params) == expected


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
