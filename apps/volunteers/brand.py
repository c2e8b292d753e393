"""绿扬霞光 (老干部志愿服务): what this brand adds to the shared parts of the portal."""

from apps.core.brands import Brand, DashboardSection, HomeCard, MenuItem, NavLink, PersonScope, SeedStep, SidebarGroup

BRAND = Brand(
    key="afterglow",
    title="绿扬霞光",
    subtitle="老干部志愿服务",
    emblem="volunteer_activism",
    colour="green",
    order=20,
    apps=("volunteers",),
    sidebar=SidebarGroup(
        title="绿扬霞光 · 志愿服务",
        items=(
            MenuItem(
                "志愿服务团队", "diversity_3", "volunteers.view_team", url_name="admin:volunteers_team_changelist"
            ),
            MenuItem(
                "志愿者", "groups", "volunteers.view_teammember", url_name="admin:volunteers_teammember_changelist"
            ),
            MenuItem(
                "服务项目",
                "category",
                "volunteers.view_serviceproject",
                url_name="admin:volunteers_serviceproject_changelist",
            ),
            MenuItem("服务活动", "event", "volunteers.view_activity", url_name="admin:volunteers_activity_changelist"),
            MenuItem("活动报名", "how_to_reg", "volunteers.view_signup", url_name="admin:volunteers_signup_changelist"),
            MenuItem(
                "服务记录与时长",
                "schedule",
                "volunteers.view_servicerecord",
                url_name="admin:volunteers_servicerecord_changelist",
            ),
            MenuItem(
                "志愿服务记录证明",
                "verified",
                "volunteers.view_certificate",
                url_name="admin:volunteers_certificate_changelist",
            ),
            MenuItem(
                "荣誉登记", "military_tech", "volunteers.view_honour", url_name="admin:volunteers_honour_changelist"
            ),
            MenuItem(
                "媒体报道", "newspaper", "volunteers.view_mediaitem", url_name="admin:volunteers_mediaitem_changelist"
            ),
            MenuItem(
                "服务类别",
                "list",
                "volunteers.view_servicecategory",
                url_name="admin:volunteers_servicecategory_changelist",
            ),
            MenuItem("星级标准", "star", "volunteers.view_starlevel", url_name="admin:volunteers_starlevel_changelist"),
        ),
    ),
    nav=(NavLink("团队工作台", "volunteers:home", "volunteers.lead_team"),),
    home_cards=(
        HomeCard(title="绿扬霞光", subtitle="老干部志愿服务", figures="apps.volunteers.selectors.home_figures"),
    ),
    # A team leader sees their team's members.
    person_scopes=(PersonScope("team", "apps.volunteers.selectors.people_in_team"),),
    # Teams draw their leaders and members from the Party rosters the Party steps build.
    dashboard_sections=(
        DashboardSection(
            title="绿扬霞光 · 志愿服务",
            template="volunteers/_dashboard_section.html",
            print_template="volunteers/_dashboard_section.html",
            selector="apps.volunteers.dashboard.section_data",
            table="apps.volunteers.dashboard.section_tables",
            models=(
                "volunteers.Team",
                "volunteers.TeamMember",
                "volunteers.Activity",
                "volunteers.ServiceRecord",
                "volunteers.Certificate",
                "volunteers.Honour",
                "volunteers.MediaItem",
                "volunteers.StarLevel",
            ),
        ),
    ),
    indicators="apps.volunteers.indicators",
    demo_steps=(
        SeedStep("volunteers.teams", "apps.volunteers.demo.seed", after=("party.people",)),
        # Last (order 95): the Party records draw from the shared rng as they always did.
        SeedStep(
            "volunteers.activities", "apps.volunteers.demo.seed_activities", after=("volunteers.teams",), order=95
        ),
        SeedStep(
            "volunteers.certificates",
            "apps.volunteers.demo.seed_certificates",
            after=("volunteers.activities",),
            order=95,
        ),
        SeedStep("volunteers.honours", "apps.volunteers.demo.seed_honours", after=("volunteers.teams",), order=95),
        SeedStep("volunteers.history", "apps.volunteers.demo_history.seed", after=("volunteers.activities",), order=95),
    ),
    city_steps=(
        SeedStep("volunteers.teams", "apps.volunteers.city.seed_volunteers", after=("party.people",)),
        SeedStep("volunteers.hours", "apps.volunteers.city.seed_hours", after=("volunteers.teams",)),
    ),
)
