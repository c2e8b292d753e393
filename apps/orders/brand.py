"""绿扬霞光 · 四单服务: its sidebar group, indicators and seed step (no home card of its
own: the brand's card is apps/volunteers')."""

from apps.core.brands import Brand, MenuItem, NavLink, SeedStep, SidebarGroup

BRAND = Brand(
    key="afterglow_orders",
    title="绿扬霞光",
    subtitle="四单服务",
    emblem="volunteer_activism",
    colour="green",
    order=21,
    apps=("orders",),
    sidebar=SidebarGroup(
        title="绿扬霞光 · 四单服务",
        items=(
            MenuItem(
                "服务工单", "assignment", "orders.view_serviceorder", url_name="admin:orders_serviceorder_changelist"
            ),
            MenuItem(
                "服务类别",
                "category",
                "orders.view_servicecategory",
                url_name="admin:orders_servicecategory_changelist",
            ),
            MenuItem("环节时限", "timer", "orders.view_stepdeadline", url_name="admin:orders_stepdeadline_changelist"),
        ),
    ),
    nav=(NavLink("待接工单", "orders:team_queue", "orders.accept_serviceorder"),),
    indicators="apps.orders.indicators",
    demo_steps=(
        SeedStep("orders.demo", "apps.orders.demo.seed", after=("volunteers.teams",)),
        SeedStep("orders.history", "apps.orders.demo_history.seed", after=("orders.demo",), order=96),
    ),
)
