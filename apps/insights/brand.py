"""绿扬霞光 · 草根内参: its sidebar group, its indicator and demo step (no home card of its
own: the brand's card is apps/volunteers')."""

from apps.core.brands import Brand, DashboardPage, DashboardSection, MenuItem, SeedStep, SidebarGroup

BRAND = Brand(
    key="afterglow_insights",
    title="绿扬霞光",
    subtitle="草根内参",
    emblem="volunteer_activism",
    colour="green",
    order=22,
    apps=("insights",),
    sidebar=SidebarGroup(
        title="绿扬霞光 · 草根内参",
        items=(
            MenuItem("草根内参", "article", "insights.view_report", url_name="admin:insights_report_changelist"),
            MenuItem(
                "信息员月度报送", "calendar_month", "insights.view_report", url_name="admin:insights_report_monthly"
            ),
            MenuItem(
                "信息员", "person_search", "insights.view_informant", url_name="admin:insights_informant_changelist"
            ),
            MenuItem(
                "内参类别",
                "category",
                "insights.view_insightcategory",
                url_name="admin:insights_insightcategory_changelist",
            ),
            MenuItem(
                "反馈时限", "timer", "insights.view_feedbackrule", url_name="admin:insights_feedbackrule_changelist"
            ),
        ),
    ),
    # Its section of the dashboard, on the 绿扬霞光 tab (the same title: one tab).
    dashboard_sections=(
        DashboardSection(
            title="绿扬霞光 · 草根内参",
            template="insights/dashboard/_section.html",
            print_template="insights/dashboard/_section.html",
            selector="apps.insights.dashboard.section_data",
            table="apps.insights.dashboard.section_tables",
            models=("insights.Report",),
        ),
    ),
    # The tab's region table drills down to a region's informants, then one informant.
    dashboard_pages=(
        DashboardPage(
            "afterglow-insights/regions/<int:region_id>/",
            "apps.insights.dashboard_views.region_detail",
            name="afterglow_insights_region",
        ),
        DashboardPage(
            "afterglow-insights/regions/<int:region_id>/informants/<int:pk>/",
            "apps.insights.dashboard_views.informant_detail",
            name="afterglow_insights_informant",
        ),
    ),
    indicators="apps.insights.indicators",
    demo_steps=(
        SeedStep("insights.demo", "apps.insights.demo.seed", after=("party.people",)),
        SeedStep("insights.history", "apps.insights.demo_history.seed", after=("insights.demo",), order=96),
    ),
    city_steps=(SeedStep("insights.reports", "apps.insights.city.seed_insights", after=("party.organisations",)),),
)
