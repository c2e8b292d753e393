"""丹心向党 (老干部工作队伍建设): what this brand adds to the shared parts of the portal.

Read by :mod:`apps.core.brands`; imports no model (callables by dotted path).
"""

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
    ("工作人员名册", "badge", "admin:workforce_staffmember_changelist", "workforce.view_staffmember"),
    ("培训班", "school", "admin:workforce_trainingclass_changelist", "workforce.view_trainingclass"),
    ("参训记录", "how_to_reg", "admin:workforce_enrolment_changelist", "workforce.view_enrolment"),
    ("调训及自学记录", "menu_book", "admin:workforce_outsidetraining_changelist", "workforce.view_outsidetraining"),
    ("培训学时达标情况", "donut_large", "admin:workforce_staffmember_compliance", "workforce.view_staffmember"),
    (
        "巡察轮次",
        "travel_explore",
        "admin:workforce_rectificationround_changelist",
        "workforce.view_rectificationround",
    ),
    ("巡察整改台账", "checklist", "admin:workforce_rectificationitem_changelist", "workforce.view_rectificationitem"),
    ("整改五份清单", "list_alt", "admin:workforce_rectificationitem_lists", "workforce.view_rectificationitem"),
    (
        "回头看",
        "manage_search",
        "admin:workforce_rectificationrecheck_changelist",
        "workforce.view_rectificationrecheck",
    ),
    ("内控制度库", "gavel", "admin:workforce_rule_changelist", "workforce.view_rule"),
    ("领导联系点", "hub", "admin:workforce_contactpoint_changelist", "workforce.view_contactpoint"),
    ("逾期未走访联系点", "running_with_errors", "admin:workforce_contactpoint_overdue", "workforce.view_contactpoint"),
    ("联系点问题办理", "assignment", "admin:workforce_contactissue_changelist", "workforce.view_contactissue"),
    ("调研走访", "explore", "admin:workforce_researchvisit_changelist", "workforce.view_researchvisit"),
    ("领导基层调研天数", "timer", "admin:workforce_researchvisit_quota", "workforce.view_researchvisit"),
    ("调研成果", "emoji_events", "admin:workforce_researchreport_changelist", "workforce.view_researchreport"),
    ("培训学时要求", "rule", "admin:workforce_trainingrequirement_changelist", "workforce.view_trainingrequirement"),
    (
        "整改时限规则",
        "schedule",
        "admin:workforce_rectificationpolicy_changelist",
        "workforce.view_rectificationpolicy",
    ),
    ("调研指标", "flag", "admin:workforce_researchquota_changelist", "workforce.view_researchquota"),
]

BRAND = Brand(
    key="loyal",
    title="丹心向党",
    subtitle="老干部工作队伍建设",
    emblem="favorite",
    colour="purple",
    order=40,
    apps=("workforce",),
    sidebar=SidebarGroup(
        title="丹心向党 · 队伍建设",
        items=tuple(MenuItem(title, icon, perm, url_name=url) for title, icon, url, perm in _ITEMS),
    ),
    home_cards=(
        HomeCard(title="丹心向党", subtitle="老干部工作队伍建设", figures="apps.workforce.selectors.home_figures"),
    ),
    # Its headline figures on the dashboard's overview and five-year trend.
    key_figures=KeyFigures(
        figures=(
            KeyFigure("classes", "队伍培训班", "个"),
            KeyFigure("person_times", "参训人次（已结业）", "人次"),
            KeyFigure("research_visits", "调研走访", "次"),
            KeyFigure("reports", "调研成果", "篇"),
        ),
        selector="apps.workforce.dashboard.key_figures",
    ),
    dashboard_sections=(
        DashboardSection(
            title="丹心向党",
            template="workforce/_dashboard.html",
            selector="apps.workforce.dashboard.section_data",
            table="apps.workforce.dashboard.section_tables",
            models=(
                "workforce.StaffMember",
                "workforce.TrainingRequirement",
                "workforce.TrainingClass",
                "workforce.Enrolment",
                "workforce.OutsideTraining",
                "workforce.RectificationItem",
                "workforce.Rule",
                "workforce.ContactPoint",
                "workforce.ContactVisit",
                "workforce.ResearchVisit",
                "workforce.ResearchReport",
            ),
        ),
    ),
    # Its drill-down pages: a region's units (the 单位 its staff belong to), one unit.
    dashboard_pages=(
        DashboardPage(
            "loyal/regions/<int:region_id>/", "apps.workforce.dashboard_views.region_detail", name="loyal_region"
        ),
        DashboardPage(
            "loyal/regions/<int:region_id>/units/<path:unit>/",
            "apps.workforce.dashboard_views.unit_detail",
            name="loyal_unit",
        ),
    ),
    indicators="apps.workforce.indicators",
    demo_steps=(
        SeedStep("workforce.records", "apps.workforce.demo.seed", after=("party.organisations",)),
        SeedStep("workforce.history", "apps.workforce.demo_history.seed", after=("workforce.records",), order=96),
    ),
    # Three years of each at city scale; after the accounts, which the staff are linked to.
    city_steps=(SeedStep("workforce.records", "apps.workforce.city.seed", after=("party.accounts",)),),
    schedules=(
        Schedule(
            "丹心向党·整改提醒与逾期升级（每日）",
            "workforce.send_reminders",
            crontab=("30", "7", "*", "*"),
        ),
    ),
)
