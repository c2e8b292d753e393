"""The volunteer team leader in the workspace shell: he lands on the 工作台, whose landing
page shows his team's part (figures, activities waiting for records) and 四单's part
(orders to accept with their deadlines), each kept in the cache until one of his team's
writes retires it; only his team; the former addresses redirect."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.orders import services as orders
from apps.orders.models import ServiceCategory as OrderCategory
from apps.volunteers import services as volunteers
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db


def _order(cast, team, content="独居老人家中大扫除"):
    order = orders.order_create(
        user=cast.staff,
        category=OrderCategory.objects.get(name="家政清洁"),
        region=team.region,
        address="文昌社区3幢",
        content=content,
        wanted_by=timezone.localdate() + datetime.timedelta(days=14),
        requester_name="王桂英",
    )
    return orders.order_dispatch(user=cast.staff, order=order, team=team)


def test_the_landing_page_shows_his_team_and_his_orders_to_accept(client, cast, django_assert_max_num_queries):
    activity(cast.team, date=timezone.localdate() - datetime.timedelta(days=3), title="重阳节敬老服务")
    mine = _order(cast, cast.team, content="本队的工单")
    _order(cast, cast.other_team, content="别队的工单")
    client.force_login(cast.team_leader)
    # session, user, his team (twice: his part's heading and the scope check), notices,
    # his team's figures (4), the orders and the working calendar.
    with django_assert_max_num_queries(14):
        html = client.get("/workspace/").content.decode()
    assert f"<h1>{cast.team.name}</h1>" in html
    assert "记一次服务活动" in html and "重阳节敬老服务" in html
    assert "待接工单（1）" in html and mine.number in html and "接单期限" in html
    assert "别队的工单" not in html
    # The second visit reads both parts from the cache.
    with django_assert_max_num_queries(5):
        client.get("/workspace/")


def test_his_writes_retire_the_cached_parts(client, cast):
    client.force_login(cast.team_leader)
    assert "待接工单（0）" in client.get("/workspace/").content.decode()
    _order(cast, cast.team)
    assert "待接工单（1）" in client.get("/workspace/").content.decode()
    done = activity(cast.team, date=timezone.localdate() - datetime.timedelta(days=2), title="文明劝导")
    html = client.get("/workspace/").content.decode()
    assert "文明劝导" in html
    response = client.post(
        f"/workspace/team/activities/{done.pk}/hours/",
        {f"m{(m := member(cast.team)).pk}": "on", f"h{m.pk}": "2"},
    )
    assert response.status_code == 302
    assert "待确认 1 条" in client.get("/workspace/").content.decode()


def test_the_secretary_sees_only_his_branch_part(client, cast):
    client.force_login(cast.secretary)
    html = client.get("/workspace/").content.decode()
    assert "待接工单" not in html and "记一次服务活动" not in html


@pytest.mark.parametrize(
    "old, new",
    [
        ("/volunteers/team/", "/workspace/"),
        ("/volunteers/team/hours/", "/workspace/team/hours/"),
        ("/volunteers/team/activities/12/hours/", "/workspace/team/activities/12/hours/"),
        ("/orders/team/", "/workspace/orders/"),
        ("/orders/team/7/hand-back/", "/workspace/orders/7/hand-back/"),
        ("/volunteers/corrections/", "/workspace/team/corrections/"),
        ("/volunteers/corrections/new/5/", "/workspace/team/corrections/new/5/"),
        ("/volunteers/corrections/12/", "/workspace/team/corrections/12/"),
    ],
)
def test_the_former_addresses_go_on_to_the_workspace(client, cast, old, new):
    client.force_login(cast.team_leader)
    response = client.get(old + "?x=1")
    assert (response.status_code, response["Location"]) == (308, new + "?x=1")


def test_a_confirm_posted_to_the_former_address_stays_a_post(client, cast):
    m = member(cast.team)
    a = activity(cast.team, date=timezone.localdate() - datetime.timedelta(days=2))
    records = volunteers.records_enter(activity=a, entries=[volunteers.HoursEntry(member=m, hours=Decimal(2))])
    client.force_login(cast.team_leader)
    response = client.post("/volunteers/team/hours/confirm/", {"record": [r.pk for r in records]}, follow=True)
    assert response.redirect_chain[0] == ("/workspace/team/hours/confirm/", 308)
    records[0].refresh_from_db()
    assert records[0].status == "confirmed"


def test_his_brand_card_on_the_home_page_leads_to_his_workspace(client, cast):
    client.force_login(cast.team_leader)
    assert '<a class="brand-card brand-afterglow" href="/workspace/"' in client.get("/").content.decode()
