"""The service menu and the steps' deadlines are written through services: validated in
Chinese, refused without the permission, each version kept with its author — from the
back office's forms too."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.orders import services
from apps.orders.models import ServiceCategory, StepDeadline

pytestmark = pytest.mark.django_db


def test_a_category_is_saved_with_its_author_and_a_duplicate_or_empty_name_is_refused(cast):
    category = services.category_save(user=cast.staff, category=ServiceCategory(name="  助浴服务 ", sort_order=5))
    assert category.name == "助浴服务"
    assert category.history.latest().history_user == cast.staff
    with pytest.raises(ValidationError, match="已存在"):
        services.category_save(user=cast.staff, category=ServiceCategory(name="助浴服务"))
    with pytest.raises(ValidationError, match="请填写服务类别名称"):
        services.category_save(user=cast.staff, category=ServiceCategory(name="  "))
    with pytest.raises(PermissionDenied):
        services.category_save(user=cast.district, category=category)


def test_a_category_in_use_is_not_deleted(cast):
    category = ServiceCategory.objects.get(name="家政清洁")
    services.order_create(
        user=cast.district,
        category=category,
        region=cast.team.region,
        address="文昌社区",
        content="大扫除",
        wanted_by=timezone.localdate() + datetime.timedelta(days=7),
        requester_name="王桂英",
    )
    with pytest.raises(ValidationError, match="不能删除"):
        services.category_delete(user=cast.staff, category=category)
    unused = services.category_save(user=cast.staff, category=ServiceCategory(name="理发"))
    services.category_delete(user=cast.staff, category=unused)
    assert not ServiceCategory.objects.filter(name="理发").exists()


@pytest.mark.parametrize("days", [0, 61, "三"])
def test_a_step_deadline_out_of_range_is_refused(cast, days):
    with pytest.raises(ValidationError, match="1至60个工作日"):
        services.step_deadline_set(user=cast.staff, step="accept", working_days=days)


def test_a_step_deadline_change_keeps_its_author(cast):
    row = services.step_deadline_set(user=cast.staff, step="accept", working_days=4)
    assert StepDeadline.days()["accept"] == 4
    assert row.history.latest().history_user == cast.staff


def test_the_back_office_form_goes_through_the_service(client, cast):
    client.force_login(cast.staff)
    row = StepDeadline.objects.get(step="serve")
    response = client.post(f"/admin/orders/stepdeadline/{row.pk}/change/", {"step": "serve", "working_days": "8"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.working_days == 8
    assert row.history.latest().history_user == cast.staff
    response = client.post("/admin/orders/servicecategory/add/", {"name": "陪同就医", "sort_order": "3"})
    assert response.status_code == 302
    assert ServiceCategory.objects.get(name="陪同就医").history.latest().history_user == cast.staff
    assert client.get(f"/admin/orders/stepdeadline/{row.pk}/delete/").status_code == 403
