from django import forms
from django.core.exceptions import ValidationError

from apps.core.forms import add_service_errors


class _Form(forms.Form):
    hours = forms.DecimalField(required=False)


def _form():
    form = _Form({"hours": "3"})
    assert form.is_valid()
    return form


def test_a_refusal_naming_a_field_of_the_form_is_shown_at_that_field():
    form = _form()
    add_service_errors(form, ValidationError({"hours": "一天的服务时长不能超过24小时。", "member": "已离队。"}))
    assert form.errors["hours"] == ["一天的服务时长不能超过24小时。"]
    # A field the form does not have goes to the top.
    assert form.non_field_errors() == ["已离队。"]


def test_a_refusal_without_fields_is_shown_at_the_top():
    form = _form()
    add_service_errors(form, ValidationError(["活动尚未举行，不能补记。", "请先签署声明。"]))
    assert form.non_field_errors() == ["活动尚未举行，不能补记。", "请先签署声明。"]
    assert "hours" not in form.errors
