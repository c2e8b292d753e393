"""银发先锋 (离退休干部党建): what this brand adds to the shared parts of the portal.

Read by :mod:`apps.core.brands`; imports no model (callables by dotted path).
"""

import datetime

from apps.core.brands import (
    Brand,
    DashboardPage,
    DashboardSection,
    HomeCard,
    KeyFigure,
    KeyFigures,
    MenuItem,
    NavLink,
    PersonScope,
    Schedule,
    SeedStep,
    SidebarGroup,
    Workspace,
)

_ITEMS = [
    ("党组织", "account_tree", "admin:party_organisation_changelist", "party.view_organisation"),
    ("党员", "badge", "admin:party_membership_changelist", "party.view_membership"),
    ("组织生活记录", "event_note", "admin:party_activitylog_changelist", "party.view_activitylog"),
    ("三会一课落实情况", "task_alt", "admin:party_organisation_compliance", "party.view_activitylog"),
    ("领头雁培训班", "school", "admin:party_trainingclass_changelist", "party.view_trainingclass"),
    ("书记轮训覆盖率", "donut_large", "admin:party_trainingclass_coverage", "party.view_trainingclass"),
    ("参训记录", "how_to_reg", "admin:party_trainingattendance_changelist", "party.view_trainingattendance"),
    (
        "六有一提升复核",
        "fact_check",
        "admin:party_standardisationreview_changelist",
        "party.view_standardisationreview",
    ),
    ("党建示范点", "workspace_premium", "admin:party_demonstrationpoint_changelist", "party.view_demonstrationpoint"),
    ("正能量教育基地", "museum", "admin:party_educationbase_changelist", "party.view_educationbase"),
    ("基地教育活动", "co_present", "admin:party_educationsession_changelist", "party.view_educationsession"),
    ("书记与创新项目", "lightbulb", "admin:party_partyproject_changelist", "party.view_partyproject"),
    ("党建经费台账", "payments", "admin:party_fundingentry_changelist", "party.view_fundingentry"),
    ("经费年度汇总", "summarize", "admin:party_fundingentry_totals", "party.view_fundingentry"),
    ("三会一课规则", "rule", "admin:party_compliancerule_changelist", "party.view_compliancerule"),
]

BRAND = Brand(
    key="vanguard",
    title="银发先锋",
    subtitle="离退休干部党建",
    emblem="flag",
    colour="red",
    order=10,
    apps=("party",),
    sidebar=SidebarGroup(
        title="银发先锋 · 党建",
        items=tuple(MenuItem(title, icon, perm, url_name=url) for title, icon, url, perm in _ITEMS),
    ),
    home_cards=(
        HomeCard(
            title="银发先锋",
            subtitle="离退休干部党建",
            figures="apps.party.selectors.home_figures",
            # A secretary to their 工作台, the dashboard's readers to it.
            leads_to=(
                NavLink("工作台", "workspace:home", "party.record_activitylog"),
                NavLink("数据看板", "dashboard:index", "dashboard.view_dashboard"),
            ),
        ),
    ),
    # District and bureau staff review the secretaries' logs.
    nav=(NavLink("审核队列", "workspace:review_queue", "party.review_activitylog"),),
    # A secretary sees the people of their organisation's rosters.
    person_scopes=(PersonScope("organisation", "apps.party.selectors.people_in_organisation"),),
    # A branch secretary's 工作台: its pages and its part of the landing page.
    workspace=Workspace(
        permission="party.record_activitylog",
        urls="apps.party.workspace.urls",
        home="apps.party.workspace.views.home",
    ),
    # Its section of the data dashboard (apps/party/dashboard.py, templates/party/dashboard/)
    # and the models whose writes retire its cached figures (activity logs retire less, by
    # region and branch, in apps/dashboard/cache.py).
    dashboard_sections=(
        DashboardSection(
            title="党建工作",
            template="party/dashboard/_body.html",
            print_template="party/dashboard/_print.html",
            selector="apps.party.dashboard.dashboard_data",
            table="apps.party.dashboard.dashboard_tables",
            models=(
                "party.Organisation",
                "party.OrganisationPost",
                "party.Membership",
                "party.ComplianceRule",
                "party.TrainingClass",
                "party.TrainingAttendance",
                "party.StandardisationReview",
                "party.DemonstrationPoint",
                "party.EducationSession",
            ),
        ),
    ),
    # Its headline figures on the dashboard's overview and five-year trend: the section's
    # region-table figures (apps/party/dashboard.py key_figures).
    key_figures=KeyFigures(
        figures=(
            KeyFigure("organisations", "党组织", "个", stock=True),
            KeyFigure("members", "党员", "人", stock=True),
            KeyFigure("passed", "通过“六有一提升”的党支部", "个", stock=True),
            KeyFigure("classes", "“领头雁”培训班", "个"),
            KeyFigure("person_times", "培训人次（按学员所在党组织）", "人次"),
            KeyFigure("education", "党性教育（基地教育活动）", "场次"),
        ),
        selector="apps.party.dashboard.key_figures",
    ),
    # Its drill-down pages: a region's organisations, one organisation.
    dashboard_pages=(
        DashboardPage("regions/<int:region_id>/", "apps.party.dashboard_views.region_detail", name="region"),
        DashboardPage("organisations/<int:pk>/", "apps.party.dashboard_views.organisation_detail", name="organisation"),
    ),
    # Its @formula functions; they move to apps.party.indicators with the neutral
    # TallyContext/@formula module (issue 13).
    indicators="apps.party.indicators",
    demo_steps=(
        SeedStep("party.organisations", "apps.party.demo.seed_organisations"),
        SeedStep("party.people", "apps.party.demo.seed_people", after=("party.organisations",)),
        # After the other brands' base data (order 50), so the demo stays the same city.
        SeedStep("party.records", "apps.party.demo.seed_records", after=("party.people",), order=50),
    ),
    city_steps=(
        SeedStep("party.organisations", "apps.party.city.seed_organisations"),
        SeedStep("party.people", "apps.party.city.seed_people", after=("party.organisations",)),
        SeedStep("party.accounts", "apps.party.city.seed_accounts", after=("party.people",)),
        SeedStep("party.activity_logs", "apps.party.city.seed_activity_logs", after=("party.accounts",)),
        SeedStep("party.training", "apps.party.city.seed_training", after=("party.activity_logs",)),
        SeedStep("party.reviews", "apps.party.city.seed_reviews", after=("party.training",)),
        SeedStep("party.demonstration_points", "apps.party.city.seed_demonstration_points", after=("party.reviews",)),
    ),
    schedules=(
        Schedule("银发先锋·主题党日提醒（每月20日）", "party.remind_theme_day", crontab=("0", "9", "20", "*")),
        Schedule(
            "银发先锋·清理遗留照片文件（每日）",
            "party.sweep_orphan_photos",
            every=datetime.timedelta(days=1),
            former_names=("party-sweep-orphan-photos",),
        ),
    ),
)
