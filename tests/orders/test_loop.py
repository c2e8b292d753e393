"""The 四单 loop: every transition checked for role, scope and state; deadlines in
working days; the figures; the team leader's phone pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.orders import selectors, services
from apps.orders.choices import EventKind, OrderStatus
from apps.orders.deadlines import add_working_days
from apps.orders.models import OrderEvent, ServiceCategory, ServiceOrder, StepDeadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return ServiceCategory.objects.get(name="家政清洁")


def _new(cast, category, user=None, **extra):
    fields = {
        "user": user or cast.district,
        "category": category,
        "region": cast.team.region,
        "address": "广陵区文昌社区3幢",
        "content": "独居老人家中大扫除",
        "wanted_by": timezone.localdate() + datetime.timedelta(days=14),
        "requester_name": "王桂英",
        "requester_phone": "13912345678",
    }
    fields.update(extra)
    return services.order_create(**fields)


def test_full_loop_keeps_each_step_and_its_deadline(cast, category):
    today = timezone.localdate()
    order = _new(cast, category)
    assert order.status == OrderStatus.SUBMITTED
    assert order.number.startswith(f"SD{today:%Y}")
    assert order.step_due_on == add_working_days(today, StepDeadline.days()["dispatch"])

    order = services.order_dispatch(user=cast.district, order=order, team=cast.team)
    assert (order.status, order.team) == (OrderStatus.DISPATCHED, cast.team)
    assert order.step_due_on == add_working_days(today, StepDeadline.days()["accept"])

    order = services.order_accept(user=cast.team_leader, order=order)
    assert order.status == OrderStatus.ACCEPTED
    order = services.order_complete(user=cast.team_leader, order=order, served_on=today, note="已上门打扫")
    assert order.status == OrderStatus.DONE
    assert order.on_time is True
    order = services.order_evaluate(user=cast.district, order=order, satisfaction=5, comment="很满意")
    assert (order.status, order.satisfaction, order.step_due_on) == (OrderStatus.EVALUATED, 5, None)

    kinds = list(OrderEvent.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds == [EventKind.CREATE, EventKind.DISPATCH, EventKind.ACCEPT, EventKind.COMPLETE, EventKind.EVALUATE]
    assert order.history.count() == 5  # one version per step


def test_hand_back_returns_to_the_pool_with_its_reason_then_redispatch(cast, category):
    order = _new(cast, category)
    services.order_dispatch(user=cast.staff, order=order, team=cast.team)
    with pytest.raises(ValidationError) as exc:
        services.order_hand_back(user=cast.team_leader, order=order, reason="  ")
    assert "请填写退单理由" in str(exc.value)
    order = services.order_hand_back(user=cast.team_leader, order=order, reason="人手不足")
    assert (order.status, order.team, order.hand_back_reason) == (OrderStatus.SUBMITTED, None, "人手不足")
    event = OrderEvent.objects.get(order=order, kind=EventKind.HAND_BACK)
    assert event.team == cast.team
    order = services.order_dispatch(user=cast.staff, order=order, team=cast.other_team)
    assert order.team == cast.other_team


def test_refuse_keeps_the_reason_the_requester_sees(cast, category):
    order = _new(cast, category)
    order = services.order_refuse(user=cast.district, order=order, reason="超出志愿服务范围")
    assert (order.status, order.refuse_reason) == (OrderStatus.REFUSED, "超出志愿服务范围")
    with pytest.raises(ValidationError) as exc:
        services.order_dispatch(user=cast.district, order=order, team=cast.team)
    assert "已拒单" in exc.value.messages[0]


@pytest.mark.parametrize(
    "step",
    ["accept", "complete", "evaluate"],
)
def test_steps_out_of_order_are_refused_in_chinese_and_change_nothing(cast, category, step):
    # Entered by the team for an elder: in the team leader's scope, not yet dispatched.
    order = _new(cast, category, user=cast.team_leader)
    calls = {
        "accept": lambda: services.order_accept(user=cast.team_leader, order=order),
        "complete": lambda: services.order_complete(
            user=cast.team_leader, order=order, served_on=timezone.localdate(), note="x"
        ),
        "evaluate": lambda: services.order_evaluate(user=cast.staff, order=order, satisfaction=4),
    }
    before = OrderEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        calls[step]()
    assert "待派单" in exc.value.messages[0]
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert OrderEvent.objects.count() == before


def test_roles_and_scope_are_checked(cast, category):
    order = _new(cast, category)
    # A team leader may not dispatch; the other district cannot see the order.
    with pytest.raises(PermissionDenied):
        services.order_dispatch(user=cast.team_leader, order=order, team=cast.team)
    with pytest.raises(ValidationError) as exc:
        services.order_dispatch(user=cast.district_other, order=order, team=cast.other_team)
    assert "不在您的数据权限范围内" in exc.value.messages[0]
    # District staff dispatch only to teams of their region.
    with pytest.raises(ValidationError) as exc:
        services.order_dispatch(user=cast.district, order=order, team=cast.other_team)
    assert "不在您的数据权限范围内" in str(exc.value)
    # Staff do not accept for a team; a team leader only for his own team.
    services.order_dispatch(user=cast.staff, order=order, team=cast.other_team)
    with pytest.raises(PermissionDenied):
        services.order_accept(user=cast.staff, order=order)
    with pytest.raises(ValidationError):
        services.order_accept(user=cast.team_leader, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED


def test_bad_input_is_refused_field_by_field(cast, category):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        _new(cast, category, requester_name="", wanted_by=today - datetime.timedelta(days=1), address="")
    errors = exc.value.message_dict
    assert errors["requester_name"] == ["请从人员库选择点单人，或填写点单人姓名。"]
    assert errors["wanted_by"] == ["希望完成日期不能早于今天。"]
    assert "address" in errors
    assert not ServiceOrder.objects.exists()
    order = _new(cast, category)
    services.order_dispatch(user=cast.staff, order=order, team=cast.team)
    services.order_accept(user=cast.team_leader, order=order)
    with pytest.raises(ValidationError) as exc:
        services.order_complete(
            user=cast.team_leader, order=order, served_on=today + datetime.timedelta(days=1), note="x"
        )
    assert exc.value.message_dict["served_on"] == ["服务完成日期不能晚于今天。"]
    services.order_complete(user=cast.team_leader, order=order, served_on=today, note="好")
    for bad in (0, 6, "abc"):
        with pytest.raises(ValidationError) as exc:
            services.order_evaluate(user=cast.staff, order=order, satisfaction=bad)
        assert exc.value.message_dict["satisfaction"] == ["满意度请在1至5星之间选择。"]


def test_a_late_step_makes_the_order_late_and_shows_its_overdue_age(cast, category):
    today = timezone.localdate()
    order = _new(cast, category)
    due = today - datetime.timedelta(days=10)
    ServiceOrder.objects.filter(pk=order.pk).update(step_due_on=due)
    order.refresh_from_db()
    label = selectors.overdue_label(order, today)
    assert label.startswith("逾期") and label.endswith("个工作日")
    order = services.order_dispatch(user=cast.staff, order=order, team=cast.team)
    assert OrderEvent.objects.get(order=order, kind=EventKind.DISPATCH).late
    services.order_accept(user=cast.team_leader, order=order)
    order = services.order_complete(user=cast.team_leader, order=order, served_on=today, note="好")
    assert order.on_time is False
    assert selectors.overdue_label(order, today + datetime.timedelta(days=60)) == "" or order.status == "done"


def test_figures(cast, category):
    today = timezone.localdate()
    a, b, c = _new(cast, category), _new(cast, category), _new(cast, category)
    for order in (a, b, c):
        services.order_dispatch(user=cast.staff, order=order, team=cast.team)
    services.order_hand_back(user=cast.team_leader, order=c, reason="人手不足")
    for order, stars in ((a, 5), (b, 3)):
        services.order_accept(user=cast.team_leader, order=order)
        services.order_complete(user=cast.team_leader, order=order, served_on=today, note="好")
        services.order_evaluate(user=cast.staff, order=order, satisfaction=stars)
    found = selectors.figures(ServiceOrder.objects.for_user(cast.staff))
    assert found["acceptance_rate"] == Decimal("66.7")
    assert found["on_time_rate"] == 100
    assert found["satisfaction_rate"] == 50
    assert found["average"] == 4
    assert selectors.figures(ServiceOrder.objects.for_user(cast.district_other))["total"] == 0


def test_step_deadlines_are_data(cast, category):
    services.step_deadline_set(user=cast.staff, step="dispatch", working_days=7)
    order = _new(cast, category)
    assert order.step_due_on == add_working_days(timezone.localdate(), 7)
    with pytest.raises(PermissionDenied):
        services.step_deadline_set(user=cast.district, step="dispatch", working_days=3)


def test_team_entered_order_is_visible_to_the_team(cast, category):
    order = _new(cast, category, user=cast.team_leader)
    assert order.entered_by_team == cast.team
    assert ServiceOrder.objects.for_user(cast.team_leader).filter(pk=order.pk).exists()


# ---------------------------------------------------------------------------
# The team leader's phone pages
# ---------------------------------------------------------------------------
def test_team_queue_lists_orders_to_accept_with_deadlines(client, cast, category, django_assert_max_num_queries):
    for _ in range(3):
        services.order_dispatch(user=cast.staff, order=_new(cast, category), team=cast.team)
    services.order_dispatch(user=cast.staff, order=_new(cast, category), team=cast.other_team)
    client.force_login(cast.team_leader)
    # Measured: session, user, permissions, orders, the working calendar; constant in the rows.
    with django_assert_max_num_queries(6):
        response = client.get("/workspace/orders/")
    for _ in range(10):
        services.order_dispatch(user=cast.staff, order=_new(cast, category), team=cast.team)
    ServiceOrder.objects.update(step_due_on=timezone.localdate() - datetime.timedelta(days=8))
    with django_assert_max_num_queries(6):
        assert client.get("/workspace/orders/").status_code == 200
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("确认接单") == 0 and body.count(">接单</a>") == 3
    assert "本环节期限" in body


def test_team_leader_accepts_hands_back_and_completes_on_the_phone(client, cast, category):
    order = _new(cast, category)
    services.order_dispatch(user=cast.staff, order=order, team=cast.team)
    client.force_login(cast.team_leader)
    response = client.post(f"/workspace/orders/{order.pk}/hand-back/", {"reason": ""})
    assert "请填写退单理由" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED
    assert client.post(f"/workspace/orders/{order.pk}/accept/").status_code == 302
    response = client.post(f"/workspace/orders/{order.pk}/complete/", {"served_on": "2099-01-01", "note": "好"})
    assert "服务完成日期不能晚于今天" in response.content.decode()
    today = timezone.localdate().isoformat()
    assert client.post(f"/workspace/orders/{order.pk}/complete/", {"served_on": today, "note": "好"}).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DONE


def test_another_teams_order_is_a_404_on_the_phone(client, cast, category):
    order = _new(cast, category)
    services.order_dispatch(user=cast.staff, order=order, team=cast.other_team)
    client.force_login(cast.team_leader)
    assert client.get(f"/workspace/orders/{order.pk}/accept/").status_code == 404


def test_admin_list_shows_overdue_and_masks_the_requester(client, cast, category, django_assert_max_num_queries):
    for _ in range(5):
        _new(cast, category)
    # Every row overdue: each reads the page's one calendar, not a query of its own.
    ServiceOrder.objects.update(step_due_on=timezone.localdate() - datetime.timedelta(days=8))
    client.force_login(cast.district)
    client.get("/admin/orders/serviceorder/")  # warm the per-process caches (sidebar, permissions)
    # Measured 12 with 5 or 20 rows: the page's working calendar is one query, whatever the rows.
    with django_assert_max_num_queries(12):
        response = client.get("/admin/orders/serviceorder/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "王*英" in body and "王桂英" not in body
    assert "逾期" in body
    assert "13912345678" not in body


def test_admin_dispatch_form_refuses_in_chinese(client, cast, category):
    order = _new(cast, category)
    services.order_refuse(user=cast.staff, order=order, reason="不属于服务范围")
    client.force_login(cast.district)
    response = client.post(f"/admin/orders/serviceorder/{order.pk}/dispatch/", {"team": cast.team.pk})
    assert "不能派单" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUSED


def test_admin_add_goes_through_the_service_and_refuses_bad_input(client, cast, category):
    client.force_login(cast.district)
    data = {
        "category": category.pk,
        "requester_name": "",
        "requester_phone": "",
        "region": cast.team.region.pk,
        "address": "文昌社区3幢",
        "content": "大扫除",
        "wanted_by": "2020-01-01",
    }
    response = client.post("/admin/orders/serviceorder/add/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "希望完成日期不能早于今天" in body and "请从人员库选择点单人" in body
    assert not ServiceOrder.objects.exists()
    data.update(requester_name="王桂英", wanted_by=(timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    response = client.post("/admin/orders/serviceorder/add/", data)
    errors = response.context_data["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    order = ServiceOrder.objects.get()
    assert (order.status, order.created_by, order.source) == (OrderStatus.SUBMITTED, cast.district, "staff")
    assert OrderEvent.objects.filter(order=order, kind=EventKind.CREATE).exists()


def test_team_leader_enters_a_need_for_an_elder_on_the_phone(client, cast, category):
    client.force_login(cast.team_leader)
    data = {"category": category.pk, "requester_name": "", "address": "", "content": "", "wanted_by": "2020-01-01"}
    body = client.post("/workspace/orders/new/", data).content.decode()
    assert "请从人员库选择点单人，或填写点单人姓名。" in body and "希望完成日期不能早于今天。" in body
    assert not ServiceOrder.objects.exists()
    wanted = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    data.update(requester_name="李凤兰", address="文昌社区", content="陪同就医", wanted_by=wanted)
    assert client.post("/workspace/orders/new/", data).status_code == 302
    order = ServiceOrder.objects.get()
    assert (order.entered_by_team, order.region, order.source) == (cast.team, cast.team.region, "team")


def test_export_is_scoped_and_masked(cast, category):
    from apps.orders.resources import ServiceOrderResource

    _new(cast, category)
    _new(cast, category, user=cast.staff, region=cast.other_team.region, requester_name="李凤兰")
    rows = list(ServiceOrderResource(user=cast.district).export().dict)
    assert len(rows) == 1
    # District staff hold the sensitive-data permission (as for the people registry's export).
    assert (rows[0]["点单人"], rows[0]["联系电话"], rows[0]["状态"]) == ("王桂英", "13912345678", "待派单")
    rows = list(ServiceOrderResource(user=cast.leader).export().dict)
    assert len(rows) == 2
    assert {(r["点单人"], r["联系电话"]) for r in rows} == {("王*英", "139****5678"), ("李*兰", "139****5678")}


def test_export_has_the_provider_and_origin_masked_as_the_requester(cast, category):
    from apps.orders.choices import OrderOrigin
    from apps.orders.resources import ServiceOrderResource

    door = _new(cast, category, origin=OrderOrigin.DOOR)
    services.order_dispatch(user=cast.district, order=door, provider="张美华家政服务部")
    _new(cast, category)
    rows = {r["工单编号"]: r for r in ServiceOrderResource(user=cast.district).export().dict}
    # District staff hold the sensitive-data permission: the provider in full.
    row = rows[door.number]
    assert (row["承接服务机构"], row["业务来源"], row["承接团队"]) == ("张美华家政服务部", "上门服务（牵手夕阳）", "")
    assert {r["业务来源"] for r in rows.values()} == {"上门服务（牵手夕阳）", "四单服务"}
    other = next(r for number, r in rows.items() if number != door.number)
    assert other["承接服务机构"] == ""
    # Leaders do not: masked as the requester's name is.
    rows = {r["工单编号"]: r for r in ServiceOrderResource(user=cast.leader).export().dict}
    assert (rows[door.number]["承接服务机构"], rows[door.number]["点单人"]) == ("张******部", "王*英")


def test_indicators_per_region(cast, category):
    from apps.assessment.choices import UnitKind
    from apps.assessment.indicators import REGISTRY, TallyContext
    from apps.regions.models import Region

    today = timezone.localdate()
    a, b = _new(cast, category), _new(cast, category)
    for order in (a, b):
        services.order_dispatch(user=cast.staff, order=order, team=cast.team)
    services.order_hand_back(user=cast.team_leader, order=b, reason="人手不足")
    services.order_accept(user=cast.team_leader, order=a)
    services.order_complete(user=cast.team_leader, order=a, served_on=today, note="好")
    services.order_evaluate(user=cast.staff, order=a, satisfaction=4)
    ctx = TallyContext(year=today.year, unit_kind=UnitKind.REGION, until=today)
    ctx.units = {pk: (name, pk) for pk, name in Region.objects.values_list("pk", "name")}
    here, there = cast.team.region.pk, cast.other_team.region.pk
    assert REGISTRY["orders.acceptance_rate"].compute(ctx, {})[here] == 50
    assert REGISTRY["orders.on_time_rate"].compute(ctx, {})[here] == 100
    assert REGISTRY["orders.satisfaction"].compute(ctx, {})[here] == 100
    # Nothing was dispatched there: no data, not 0 %.
    assert REGISTRY["orders.acceptance_rate"].compute(ctx, {})[there] is None
