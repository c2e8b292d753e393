"""The annual assessment's declarations: its sidebar group, demo step and tallies' schedules.

Shared, not a brand: it reads every brand's indicators and imports no brand model.
"""

from apps.core.brands import Brand, DashboardSection, MenuItem, Schedule, SeedStep, SidebarGroup

BRAND = Brand(
    key="assessment",
    title="年度考评",
    emblem="emoji_events",
    shared=True,
    order=80,
    apps=("assessment",),
    sidebar=SidebarGroup(
        items=(
            MenuItem(
                "考评方案", "rule_settings", "assessment.view_scheme", url_name="admin:assessment_scheme_changelist"
            ),
            MenuItem(
                "计分记录", "calculate", "assessment.view_tallyrun", url_name="admin:assessment_tallyrun_changelist"
            ),
        ),
    ),
    # The dashboard shows the current ranking (in 银发先锋's section, read through
    # apps.assessment.published): these writes retire its cached figures.
    dashboard_sections=(
        DashboardSection(title="年度考评", models=("assessment.Scheme", "assessment.TallyRun", "assessment.Result")),
    ),
    # Its demo schemes are made after the Party records (where the step always ran: it
    # draws from the shared random generator) and tallied once every brand's records
    # exist (the region scheme counts all four brands).
    demo_steps=(
        SeedStep("assessment.schemes", "apps.assessment.demo.seed", after=("party.records",)),
        SeedStep(
            "assessment.tallies",
            "apps.assessment.demo.seed_tallies",
            after=(
                "assessment.schemes",
                "volunteers.activities",
                "volunteers.certificates",
                "volunteers.honours",
                "orders.demo",
                "insights.demo",
                "care.records",
                "education.network",
                "workforce.records",
                "volunteers.records",
                "volunteers.history",
                "orders.history",
                "insights.history",
                "care.history",
                "education.history",
                "workforce.history",
            ),
            order=99,
        ),
    ),
    schedules=(
        Schedule("年度考评·每日预计分", "assessment.nightly_tally", crontab=("30", "2", "*", "*")),
        Schedule("年度考评·年终计分（1月5日）", "assessment.final_tally", crontab=("0", "3", "5", "1")),
    ),
)
