"""Role × URL rows for 绿扬霞光 · 四单服务 (apps.orders)."""

import datetime

from django.utils import timezone

from tests.access.matrix import ALL_SIGNED_IN, AdminModel, Page, outcome
from tests.access.table_dashboard import DASHBOARD
from tests.access.table_party import admin_page

VIEW = {"leader", "staff", "district"}
EDIT = {"staff", "district"}
TEAM = {"team_leader"}


def _order(cast, *, team=None, region=None, status="submitted"):
    from apps.orders.models import ServiceCategory, ServiceOrder

    team = team or cast.team
    order = ServiceOrder.objects.create(
        number=f"SD-M-{ServiceOrder.objects.count() + 1}",
        category=ServiceCategory.objects.get(name="家政清洁"),
        region=region or team.region,
        address="文昌社区3幢",
        content="大扫除",
        wanted_by=timezone.localdate() + datetime.timedelta(days=10),
        requester_name="王桂英",
        status=status,
        team=None if status == "submitted" else team,
        step_due_on=timezone.localdate(),
    )
    return order


def _inside(cast):
    return _order(cast)


def _outside(cast):
    return _order(cast, team=cast.other_team)


def _action(suffix):
    return admin_page(EDIT, lambda cast: f"/admin/orders/serviceorder/{_inside(cast).pk}/{suffix}/")


def _team_page(suffix, status):
    return Page(lambda cast: f"/workspace/orders/{_order(cast, status=status).pk}/{suffix}/", outcome(TEAM))


PAGES = {
    "workspace:orders_queue": Page("/workspace/orders/", outcome(TEAM)),
    "workspace:orders_new": Page("/workspace/orders/new/", outcome(TEAM)),
    "workspace:orders_accept": _team_page("accept", "dispatched"),
    "workspace:orders_hand_back": _team_page("hand-back", "dispatched"),
    "workspace:orders_complete": _team_page("complete", "accepted"),
    # The former addresses under /orders/team/: 308 to the workspace, for anyone.
    "orders:team_moved": Page("/orders/team/new/", {role: 308 for role in ["anonymous", *ALL_SIGNED_IN]}),
    # The dashboard drill-down: 广陵区 (the district role's region) and its team, cast.team.
    "dashboard:afterglow_orders_region": Page(
        lambda cast: f"/dashboard/afterglow-orders/regions/{cast.team.region_id}/", outcome(DASHBOARD)
    ),
    "dashboard:afterglow_orders_team": Page(
        lambda cast: f"/dashboard/afterglow-orders/regions/{cast.team.region_id}/teams/{cast.team.pk}/",
        outcome(DASHBOARD),
    ),
    # 邗江区, outside the district role's region: 404 for it, the city's readers 200.
    "dashboard-outside:afterglow_orders_region": Page(
        lambda cast: f"/dashboard/afterglow-orders/regions/{cast.other_team.region_id}/",
        outcome(DASHBOARD) | {"district": 404},
    ),
    # The district role's own region with 邗江区's team, which never served it: 404 for all.
    "dashboard-mixed:afterglow_orders_team": Page(
        lambda cast: f"/dashboard/afterglow-orders/regions/{cast.team.region_id}/teams/{cast.other_team.pk}/",
        outcome(DASHBOARD, ok_status=404),
    ),
    "dashboard-outside:afterglow_orders_team": Page(
        lambda cast: f"/dashboard/afterglow-orders/regions/{cast.other_team.region_id}/teams/{cast.other_team.pk}/",
        outcome(DASHBOARD) | {"district": 404},
    ),
}


def _category(cast):
    from apps.orders.models import ServiceCategory

    # Made here (the migration's rows have no history entry to open).
    return ServiceCategory.objects.create(name="矩阵测试类别")


def _deadline(cast):
    from apps.orders.models import StepDeadline

    StepDeadline.objects.filter(step="accept").delete()
    return StepDeadline.objects.create(step="accept", working_days=2)


ADMIN = {
    "orders.serviceorder": AdminModel(
        obj=_inside,
        outside=_outside,
        view=VIEW,
        add=EDIT,
        change=EDIT,
        # Orders are never deleted: a withdrawn need is 撤单.
        delete=set(),
        exp=VIEW,
        extra={
            "dispatch_action": _action("dispatch"),
            "provider_accept_action": _action("provider-accept"),
            "provider_complete_action": _action("provider-complete"),
            "refuse_action": _action("refuse"),
            "evaluate_action": _action("evaluate"),
            "cancel_action": _action("cancel"),
        },
    ),
    "orders.servicecategory": AdminModel(
        obj=_category,
        unscoped="the service menu is one list for the whole city (CityWideQuerySet), read-only for district staff",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
    "orders.stepdeadline": AdminModel(
        obj=_deadline,
        unscoped="the steps' deadlines are one rule for the whole city (CityWideQuerySet)",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        # Never deleted: a missing row would fall back, unseen, to the built-in default.
        delete=set(),
    ),
}
