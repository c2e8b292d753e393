"""An indicator's parameters in Chinese, both ways: ``{"method": "linear", "target": 95,
"days": 7}`` is shown and typed as ``{"计分方法": "按目标线性得分", "目标值": 95,
"审核时限（天）": 7}``. The stored JSON keeps the English keys the scorer and the formulae
read; an English key typed by hand is still accepted.
"""

import json

from django import forms
from django.core.exceptions import ValidationError

from apps.assessment.choices import ScoringMethod

# The scorer's parameters; a brand's indicators module adds its formulas' own
# (``params_register``).
PARAM_LABELS = {
    "method": "计分方法",
    "target": "目标值",
    "bands": "分档",
    "per_item": "每项扣分",
    "expected": "应有项数",
}
# Keys inside a parameter's own object, by parameter (e.g. the demonstration levels).
NESTED_LABELS: dict[str, dict] = {}


def params_register(key: str, label: str, nested: dict | None = None) -> None:
    """Name a formula's parameter ``key`` in Chinese (and the keys of its object)."""
    PARAM_LABELS[key] = label
    if nested:
        NESTED_LABELS[key] = dict(nested)


METHOD_LABELS = dict(ScoringMethod.choices)


def _invert(mapping: dict) -> dict:
    return {label: key for key, label in mapping.items()}


def params_to_chinese(params) -> dict:
    """Stored parameters → the same with Chinese keys and method names."""
    if not isinstance(params, dict):
        return params
    shown = {}
    for key, value in params.items():
        if key == "method":
            value = METHOD_LABELS.get(value, value)
        elif key in NESTED_LABELS and isinstance(value, dict):
            value = {NESTED_LABELS[key].get(k, k): v for k, v in value.items()}
        shown[PARAM_LABELS.get(key, key)] = value
    return shown


def params_from_chinese(shown) -> dict:
    """What :func:`params_to_chinese` made (or English keys) → the stored parameters."""
    if not isinstance(shown, dict):
        return shown
    keys, methods = _invert(PARAM_LABELS), _invert(METHOD_LABELS)
    params = {}
    for label, value in shown.items():
        key = keys.get(label, label)
        if key == "method":
            value = methods.get(value, value)
        elif key in NESTED_LABELS and isinstance(value, dict):
            nested = _invert(NESTED_LABELS[key])
            value = {nested.get(k, k): v for k, v in value.items()}
        params[key] = value
    return params


def params_text(params) -> str:
    """A one-line reading for read-only pages: 计分方法：按目标线性得分；目标值：95。"""
    shown = params_to_chinese(params or {})
    if not shown:
        return "—"
    parts = []
    for label, value in shown.items():
        if isinstance(value, dict):
            value = "，".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = "，".join(
                f"≥{band[0]} 得 {band[1]}" if isinstance(band, list | tuple) and len(band) == 2 else str(band)
                for band in value
            )
        parts.append(f"{label}：{value}")
    return "；".join(parts)


class ParamsField(forms.JSONField):
    """The ``params`` JSON, edited with Chinese keys and method names."""

    def prepare_value(self, value):
        if value is None:
            return "{}"
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        return json.dumps(params_to_chinese(value), ensure_ascii=False)

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not isinstance(value, dict):
            raise ValidationError('参数须为 JSON 对象，例如 {"计分方法": "按目标线性得分", "目标值": 100}。')
        return params_from_chinese(value)
