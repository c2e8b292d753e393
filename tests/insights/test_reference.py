"""The report categories and the feedback deadline are written through services:
validated in Chinese, refused without the permission, each version kept with its author."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.insights import services
from apps.insights.models import FeedbackRule, Informant, InsightCategory

pytestmark = pytest.mark.django_db


def test_a_category_is_saved_with_its_author_and_a_duplicate_is_refused(cast):
    category = services.category_save(user=cast.staff, category=InsightCategory(name=" 养老服务 "))
    assert category.name == "养老服务"
    assert category.history.latest().history_user == cast.staff
    with pytest.raises(ValidationError, match="已存在"):
        services.category_save(user=cast.staff, category=InsightCategory(name="养老服务"))
    with pytest.raises(PermissionDenied):
        services.category_save(user=cast.district, category=category)


def test_a_category_in_use_is_not_deleted(cast):
    category = InsightCategory.objects.get(name="政策建议")
    informant = Informant.objects.create(name="周建国", region=cast.team.region, joined_on=datetime.date(2024, 1, 1))
    services.report_submit(
        user=cast.staff,
        informant=informant,
        title="建议",
        content="内容",
        category=category,
        submitted_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError, match="不能删除"):
        services.category_delete(user=cast.staff, category=category)


@pytest.mark.parametrize("months", [0, 13, None])
def test_a_feedback_deadline_out_of_range_is_refused(cast, months):
    with pytest.raises(ValidationError, match="1至12个月"):
        services.feedback_rule_save(user=cast.staff, rule=FeedbackRule(months=months))


def test_the_back_office_form_goes_through_the_service(client, cast):
    client.force_login(cast.staff)
    rule = FeedbackRule.objects.order_by("-pk").first()
    response = client.post(f"/admin/insights/feedbackrule/{rule.pk}/change/", {"months": "2", "note": "新规定"})
    assert response.status_code == 302
    assert FeedbackRule.current_months() == 2
    assert FeedbackRule.objects.get(pk=rule.pk).history.latest().history_user == cast.staff
    assert client.get(f"/admin/insights/feedbackrule/{rule.pk}/delete/").status_code == 403
