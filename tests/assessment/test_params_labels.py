"""An indicator's parameters are shown and typed with Chinese keys, stored with the
scorer's English ones."""

from apps.assessment.params import ParamsField, params_from_chinese, params_text, params_to_chinese

STORED = {"method": "thresholds", "bands": [[90, 1], [70, 0.7]], "days": 7, "level_points": {"province": 3}}


def test_parameters_read_in_chinese_and_come_back_unchanged():
    shown = params_to_chinese(STORED)
    assert shown == {
        "计分方法": "分档得分",
        "分档": [[90, 1], [70, 0.7]],
        "审核时限（工作日）": 7,
        "各级折算点数": {"省级": 3},
    }
    assert params_from_chinese(shown) == STORED


def test_the_form_field_shows_chinese_and_stores_english():
    field = ParamsField(required=False)
    assert field.prepare_value(STORED).startswith('{"计分方法": "分档得分"')
    assert field.clean('{"计分方法": "按目标线性得分", "目标值": 95}') == {"method": "linear", "target": 95}
    # An English key typed by hand still works.
    assert field.clean('{"target": 95}') == {"target": 95}
    assert field.prepare_value(None) == "{}"


def test_read_only_pages_show_a_sentence():
    assert params_text({"method": "linear", "target": 95}) == "计分方法：按目标线性得分；目标值：95"
    assert params_text({}) == "—"
