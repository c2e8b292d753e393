"""牵手夕阳 (服务保障老干部): what this brand adds to the shared parts of the portal — the
people registry and the care records in one sidebar group, a home card, a dashboard
section, its indicators, seed steps and schedules. Imports no model."""

from apps.core.brands import (
    Brand,
    DashboardPage,
    DashboardSection,
    HomeCard,
    KeyFigure,
    KeyFigures,
    MenuItem,
    Schedule,
    SeedStep,
    SidebarGroup,
)

_ITEMS = [
    ("老干部人员库", "person_book", "admin:people_person_changelist", "people.view_person"),
    ("关爱档案", "badge", "admin:care_careprofile_changelist", "care.view_careprofile"),
    ("关爱预警名单", "notification_important", "admin:care_careprofile_alerts", "care.view_careprofile"),
    ("住院登记", "local_hospital", "admin:care_hospitalstay_changelist", "care.view_hospitalstay"),
    ("看望任务", "event_upcoming", "admin:care_visittask_changelist", "care.view_visittask"),
    ("走访慰问", "volunteer_activism", "admin:care_visit_changelist", "care.view_visit"),
    ("两项待遇台账", "fact_check", "admin:care_treatmentrecord_changelist", "care.view_treatmentrecord"),
    ("两项待遇缺项", "rule", "admin:care_careprofile_gaps", "care.view_treatmentrecord"),
    ("三有一落实", "health_and_safety", "admin:care_careprofile_coverage", "care.view_careprofile"),
    ("困难帮扶", "payments", "admin:care_aidapplication_changelist", "care.view_aidapplication"),
    ("适老化改造", "home_repair_service", "admin:care_modificationcase_changelist", "care.view_modificationcase"),
    ("居家照护计划", "elderly", "admin:care_careplan_changelist", "care.view_careplan"),
    ("上门照护记录", "assignment", "admin:care_carevisitlog_changelist", "care.view_carevisitlog"),
    ("组织活动", "tour", "admin:care_outing_changelist", "care.view_outing"),
    ("活动报名与签到", "how_to_reg", "admin:care_outingsignup_changelist", "care.view_outingsignup"),
    ("四就近服务点", "location_city", "admin:care_servicepoint_changelist", "care.view_servicepoint"),
]

BRAND = Brand(
    key="sunset",
    title="牵手夕阳",
    subtitle="服务保障老干部",
    emblem="elderly",
    colour="orange",
    order=30,
    # Its records, and the shared registry shown in its group.
    apps=("care", "people"),
    sidebar=SidebarGroup(
        title="牵手夕阳 · 服务保障",
        items=tuple(MenuItem(title, icon, perm, url_name=url) for title, icon, url, perm in _ITEMS),
    ),
    home_cards=(HomeCard(title="牵手夕阳", subtitle="服务保障老干部", figures="apps.care.selectors.home_figures"),),
    # Its headline figures on the dashboard's overview and five-year trend.
    key_figures=KeyFigures(
        figures=(
            KeyFigure("visits", "走访慰问", "次"),
            KeyFigure("aid", "困难帮扶申请", "件"),
            KeyFigure("aid_paid", "帮扶资金发放", "元", kind="dec"),
        ),
        selector="apps.care.dashboard.key_figures",
        permission="care.view_careprofile",
    ),
    dashboard_sections=(
        DashboardSection(
            title="牵手夕阳 · 服务保障",
            template="care/dashboard_section.html",
            selector="apps.care.selectors.section_data",
            table="apps.care.tables.section_tables",
            permission="care.view_careprofile",
            models=(
                "care.CareProfile",
                "care.HospitalStay",
                "care.VisitTask",
                "care.Visit",
                "care.AidApplication",
                "care.ModificationCase",
                "care.ModificationPlan",
                "care.ServicePoint",
                "care.ServedCadre",
            ),
        ),
    ),
    # Its drill-down pages: a region's 四就近 service points, one point.
    dashboard_pages=(
        DashboardPage(
            "sunset/regions/<int:region_id>/", "apps.care.dashboard_views.region_detail", name="sunset_region"
        ),
        DashboardPage("sunset/points/<int:pk>/", "apps.care.dashboard_views.point_detail", name="sunset_point"),
    ),
    indicators="apps.care.indicators",
    # After the Party's records, so the demo stays the same city; at city scale before the
    # volunteers (the last step), after the Party's chain.
    demo_steps=(
        SeedStep("care.records", "apps.care.demo.seed", after=("party.records",), order=50),
        SeedStep("care.history", "apps.care.demo_history.seed", after=("care.records",), order=96),
        # Door services are orders of the one 四单 loop: after the teams and the loop's own
        # demo orders, before the tallies (its own random stream).
        SeedStep(
            "care.door_orders", "apps.care.demo.seed_door_orders", after=("care.records", "orders.demo"), order=96
        ),
    ),
    city_steps=(
        SeedStep("care.records", "apps.care.city.seed", after=("party.people",), order=15),
        SeedStep("care.door_orders", "apps.care.city.seed_door_orders", after=("care.records", "orders.orders")),
    ),
    schedules=(
        Schedule("牵手夕阳·逢整生日看望任务（每年1月1日）", "care.open_birthday_tasks", crontab=("0", "6", "1", "1")),
        Schedule("牵手夕阳·节日慰问任务（每日）", "care.open_festival_tasks", crontab=("30", "6", "*", "*")),
    ),
)
