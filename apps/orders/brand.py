"""绿扬霞光 · 四单服务: its sidebar group, indicators and seed step (no home card of its
own: the brand's card is apps/volunteers')."""

from apps.core.brands import (
    Brand,
    DashboardPage,
    DashboardSection,
    MenuItem,
    NavLink,
    SeedStep,
    SidebarGroup,
    Workspace,
)

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
    nav=(NavLink("待接工单", "workspace:orders_queue", "orders.accept_serviceorder"),),
    # The team leader's order pages in his 工作台 (/workspace/orders/), and the orders
    # waiting for him on its landing page (after his team's part, apps/volunteers').
    workspace=Workspace(
        permission="orders.accept_serviceorder",
        urls="apps.orders.workspace.urls",
        home="apps.orders.workspace.views.home",
        prefix="orders/",
    ),
    # Its section of the dashboard, on the 绿扬霞光 tab (the same title: one tab).
    dashboard_sections=(
        DashboardSection(
            title="绿扬霞光 · 四单服务",
            template="orders/dashboard/_section.html",
            print_template="orders/dashboard/_section.html",
            selector="apps.orders.dashboard.section_data",
            table="apps.orders.dashboard.section_tables",
            models=("orders.ServiceOrder", "orders.OrderEvent"),
        ),
    ),
    # The tab's region table drills down to a region's serving teams, then one team.
    dashboard_pages=(
        DashboardPage(
            "afterglow-orders/regions/<int:region_id>/",
            "apps.orders.dashboard_views.region_detail",
            name="afterglow_orders_region",
        ),
        DashboardPage(
            "afterglow-orders/regions/<int:region_id>/teams/<int:pk>/",
            "apps.orders.dashboard_views.team_detail",
            name="afterglow_orders_team",
        ),
    ),
    indicators="apps.orders.indicators",
    demo_steps=(
        SeedStep("orders.demo", "apps.orders.demo.seed", after=("volunteers.teams",)),
        SeedStep("orders.history", "apps.orders.demo_history.seed", after=("orders.demo",), order=96),
        SeedStep(
            "orders.district_teams",
            "apps.orders.demo_history.seed_district_teams",
            after=("orders.history", "volunteers.history"),
            order=96,
        ),
    ),
    city_steps=(SeedStep("orders.orders", "apps.orders.city.seed_orders", after=("volunteers.teams",)),),
)
