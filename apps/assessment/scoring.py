"""Turning raw values into points, ranks and grades — written once, used by every run.

Scoring methods (``params["method"]``, default ``linear``):

- ``linear``: ``max × min(raw ÷ target, 1)``; ``target`` defaults to 100 (a percentage).
- ``thresholds``: ``bands`` is a list of ``[minimum raw, share of max]``; the first band
  (highest minimum first) the raw value reaches gives ``max × share``, none gives 0.
- ``deduction``: ``per_item`` points off for every item short of ``expected`` (or, with no
  ``expected``, for every item counted by the raw value), never below 0.

Precision: a score is kept exact (no rounding); a unit's total is the exact sum of its
points rounded **once**, half-up, to two places (:func:`total_of`) — the figure shown,
exported, ranked and graded.

Brand groups (:func:`factors`): in a scheme with groups, an indicator's points count
``group weight × indicator weight ÷ Σ(max × weight) of its group's indicators``, so each
group is worth its weight and the groups together 100.

Ranks: equal totals share a rank and the next rank skips (1, 1, 3). Grades: rules in
order, each band taking units whose total reaches ``min_score`` while its share cap
``max_share`` (of all units, rounded down) allows; equal totals are never split.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError

from apps.assessment.choices import ScoringMethod
from apps.core.figures import half_up


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def validate_params(params: dict, *, automatic: bool) -> None:
    """Refuse parameters the scorer cannot use, with a Chinese message."""
    if not isinstance(params, dict):
        raise ValidationError("参数须为 JSON 对象。")
    method = params.get("method", ScoringMethod.LINEAR)
    if not automatic:
        return
    if method not in ScoringMethod.values:
        raise ValidationError(f"计分方法“{method}”不存在，可选：{'、'.join(ScoringMethod.values)}。")
    try:
        if method == ScoringMethod.LINEAR:
            if _dec(params.get("target", 100)) <= 0:
                raise ValidationError("目标值 target 须大于 0。")
        elif method == ScoringMethod.THRESHOLDS:
            bands = params.get("bands")
            if not bands or not all(isinstance(b, list | tuple) and len(b) == 2 for b in bands):
                raise ValidationError("分档 bands 须为 [[最低值, 得分比例], …]。")
            for _, share in bands:
                if not Decimal(0) <= _dec(share) <= Decimal(1):
                    raise ValidationError("分档得分比例须在 0 到 1 之间。")
        elif method == ScoringMethod.DEDUCTION and _dec(params.get("per_item", 0)) <= 0:
            raise ValidationError("每项扣分 per_item 须大于 0。")
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise ValidationError("参数中的数值格式不正确。") from exc


def score(raw, *, max_score, params: dict) -> Decimal:
    """Points (0 … ``max_score``, exact: never rounded here) for ``raw`` under ``params``; None → 0."""
    max_score = _dec(max_score)
    if raw is None:
        return Decimal("0")
    raw = _dec(raw)
    method = params.get("method", ScoringMethod.LINEAR)
    if method == ScoringMethod.THRESHOLDS:
        points = Decimal(0)
        for minimum, share in sorted(params["bands"], key=lambda b: _dec(b[0]), reverse=True):
            if raw >= _dec(minimum):
                points = max_score * _dec(share)
                break
    elif method == ScoringMethod.DEDUCTION:
        expected = params.get("expected")
        items = max(_dec(expected) - raw, Decimal(0)) if expected is not None else max(raw, Decimal(0))
        points = max_score - _dec(params["per_item"]) * items
    else:
        target = _dec(params.get("target", 100))
        points = max_score * min(raw / target, Decimal(1))
    return min(max(points, Decimal(0)), max_score)


def total_of(contributions) -> Decimal:
    """The exact sum of a unit's weighted points, rounded once, half-up, to two places."""
    return half_up(sum(contributions, Decimal(0)), 2)


def factors(indicators, group_weights: dict) -> dict:
    """``{indicator id: factor}``: what one point of the indicator adds to the total.

    ``indicators`` are ``(id, brand, max_score, weight)``; ``group_weights`` maps a brand to
    its group's weight (empty: the scheme has no groups, and the factor is the indicator's
    own weight). Exact (no rounding): a group of 75 points of indicators worth 40 gives
    each point 40/75.
    """
    if not group_weights:
        return {pk: _dec(weight) for pk, _, _, weight in indicators}
    full: dict[str, Decimal] = {}
    for _, brand, max_score, weight in indicators:
        full[brand] = full.get(brand, Decimal(0)) + _dec(max_score) * _dec(weight)
    result = {}
    for pk, brand, _, weight in indicators:
        if brand not in group_weights or not full.get(brand):
            result[pk] = Decimal(0)
        else:
            result[pk] = _dec(group_weights[brand]) * _dec(weight) / full[brand]
    return result


def rank(totals: dict) -> dict:
    """``{unit: total}`` → ``{unit: rank}``; equal totals share a rank (1, 1, 3)."""
    ordered = sorted(totals.values(), reverse=True)
    first_position = {}
    for position, total in enumerate(ordered, 1):
        first_position.setdefault(total, position)
    return {unit: first_position[total] for unit, total in totals.items()}


@dataclass(frozen=True)
class Band:
    grade: str
    min_score: Decimal
    max_share: Decimal | None


def grade(totals: dict, bands: list[Band]) -> dict:
    """``{unit: total}`` → ``{unit: grade or ""}`` by ``bands`` taken in order.

    Units go best first in groups of equal totals. A group joins the current band if its
    total reaches the band's minimum and the band's cap (``max_share`` × number of units,
    rounded down) still has room for the whole group; otherwise the next band is tried.
    Units no band accepts get no grade.
    """
    result = dict.fromkeys(totals, "")
    if not totals or not bands:
        return result
    count = len(totals)
    groups: dict[Decimal, list] = {}
    for unit, total in totals.items():
        groups.setdefault(total, []).append(unit)
    band_index, taken = 0, 0
    for total in sorted(groups, reverse=True):
        members = groups[total]
        while band_index < len(bands):
            band = bands[band_index]
            cap = None
            if band.max_share is not None:
                cap = int((band.max_share * count).to_integral_value(rounding=ROUND_DOWN))
            if total >= band.min_score and (cap is None or taken + len(members) <= cap):
                for unit in members:
                    result[unit] = band.grade
                taken += len(members)
                break
            band_index += 1
            taken = 0
        else:
            break
    return result
