"""Door services (家政清洁、心理咨询、权益保护、休闲旅游): one loop — a care request becomes an
order of the 四单 loop (apps.orders), served by a provider or a volunteer team, completed
and rated there; the cadre's care profile shows his orders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.care import services
from apps.care.models import CareProfile
from apps.orders import services as orders
from apps.orders.choices import OrderOrigin, OrderStatus
from apps.orders.models import ServiceCategory, ServiceOrder

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _door(person, user, category="家政清洁"):
    return services.door_order_create(
        person=person,
        category=ServiceCategory.objects.get(name=category),
        content="独居，家中需要大扫除",
        address="本人家中",
        wanted_by=TODAY + datetime.timedelta(days=7),
        user=user,
    )


def test_a_request_runs_to_a_rating_through_a_provider(cast, lixiu):
    order = _door(lixiu, cast.district)
    assert order.origin == OrderOrigin.DOOR and order.requester_person == lixiu
    assert order.status == OrderStatus.SUBMITTED and order.region == lixiu.region
    orders.order_dispatch(user=cast.district, order=order, provider="颐和家政服务公司")
    orders.order_accept(user=cast.district, order=order)  # recorded by the centre for the provider
    orders.order_complete(user=cast.district, order=order, served_on=TODAY, note="已完成全屋清洁")
    orders.order_evaluate(user=cast.district, order=order, satisfaction=5, comment="很满意")
    order.refresh_from_db()
    assert order.status == OrderStatus.EVALUATED and order.provider == "颐和家政服务公司" and order.team is None
    assert list(order.events.values_list("kind", flat=True)) == [
        "create",
        "dispatch",
        "accept",
        "complete",
        "evaluate",
    ]


def test_a_team_order_is_still_the_teams_own_step(cast, lixiu):
    order = _door(lixiu, cast.staff, category="心理咨询")
    orders.order_dispatch(user=cast.staff, order=order, team=cast.team)
    with pytest.raises(PermissionDenied):
        orders.order_accept(user=cast.staff, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED


def test_a_team_or_a_provider_not_both(cast, lixiu):
    order = _door(lixiu, cast.staff)
    with pytest.raises(ValidationError, match="只能选择其一"):
        orders.order_dispatch(user=cast.staff, order=order, team=cast.team, provider="某公司")
    with pytest.raises(ValidationError, match="或填写承接服务机构"):
        orders.order_dispatch(user=cast.staff, order=order)


def test_only_the_door_categories(cast, lixiu):
    with pytest.raises(ValidationError, match="上门服务的类别为"):
        _door(lixiu, cast.staff, category="政策宣讲")
    assert not ServiceOrder.objects.exists()


def test_no_request_for_a_cadre_out_of_scope_or_deceased(cast, lixiu, other_lixiu):
    with pytest.raises(ValidationError, match="不在您的数据权限范围内"):
        _door(other_lixiu, cast.district)
    services.death_record(person=lixiu, died_on=TODAY, user=cast.staff)
    lixiu.refresh_from_db()
    with pytest.raises(ValidationError, match="已去世"):
        _door(lixiu, cast.staff)
    assert not ServiceOrder.objects.exists()


def test_the_profile_page_books_and_shows_his_orders(client, cast, lixiu):
    profile = CareProfile.objects.create(person=lixiu)
    client.force_login(cast.district)
    response = client.post(
        f"/admin/care/careprofile/{profile.pk}/door-order/",
        {
            "category": ServiceCategory.objects.get(name="权益保护").pk,
            "content": "房屋租赁纠纷咨询",
            "address": "本人家中",
            "wanted_by": (TODAY + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    order = ServiceOrder.objects.get()
    assert order.origin == OrderOrigin.DOOR and order.category.name == "权益保护"
    page = client.get(f"/admin/care/careprofile/{profile.pk}/change/").content.decode()
    assert order.number in page and "待派单" in page


def test_the_dispatch_page_takes_a_provider(client, cast, lixiu):
    order = _door(lixiu, cast.staff)
    client.force_login(cast.staff)
    response = client.post(f"/admin/orders/serviceorder/{order.pk}/dispatch/", {"team": "", "provider": "心语心理"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED and order.provider == "心语心理"
    response = client.post(f"/admin/orders/serviceorder/{order.pk}/provider-accept/", {"confirm": "1"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
