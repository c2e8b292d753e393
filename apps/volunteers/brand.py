"""绿扬霞光 (老干部志愿服务): what this brand adds to the shared parts of the portal."""

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
            MenuItem("证明公示", "campaign", "volunteers.view_certificate", url_name="volunteers:certificate_notice"),
            MenuItem(
                "证明公示异议",
                "report",
                "volunteers.view_certificateobjection",
                url_name="admin:volunteers_certificateobjection_changelist",
            ),
            MenuItem(
                "更正申请",
                "edit_note",
                "volunteers.view_correctionrequest",
                url_name="admin:volunteers_correctionrequest_changelist",
            ),
            MenuItem(
                "培训记录",
                "school",
                "volunteers.view_trainingrecord",
                url_name="admin:volunteers_trainingrecord_changelist",
            ),
            MenuItem(
                "评价与投诉",
                "rate_review",
                "volunteers.view_evaluationrecord",
                url_name="admin:volunteers_evaluationrecord_changelist",
            ),
            MenuItem(
                "专项行动", "campaign", "volunteers.view_campaign", url_name="admin:volunteers_campaign_changelist"
            ),
            MenuItem(
                "涉老社团联盟",
                "handshake",
                "volunteers.view_alliancemember",
                url_name="admin:volunteers_alliancemember_changelist",
            ),
            MenuItem(
                "联席会议纪要",
                "groups_2",
                "volunteers.view_jointmeeting",
                url_name="admin:volunteers_jointmeeting_changelist",
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
            MenuItem(
                "记录与证明时限",
                "timer",
                "volunteers.view_recordrule",
                url_name="admin:volunteers_recordrule_changelist",
            ),
        ),
    ),
    # The team leader's 工作台 (the portal menu's 工作台 entry leads there): his pages (apps/volunteers/workspace/) under /workspace/team/.
    workspace=Workspace(
        permission="volunteers.lead_team",
        urls="apps.volunteers.workspace.urls",
        home="apps.volunteers.workspace.views.home",
        prefix="team/",
    ),
    # His correction requests (art. 12–13) are handled from his menu, in his workspace.
    nav=(NavLink("更正申请", "workspace:team_corrections", "volunteers.lead_team"),),
    home_cards=(
        HomeCard(
            title="绿扬霞光",
            subtitle="老干部志愿服务",
            figures="apps.volunteers.selectors.home_figures",
            # The team leader's card leads to his 工作台; a volunteer's own account (an
            # elder's, no role) to 我的志愿服务; staff's to the back office.
            leads_to=(
                NavLink("工作台", "workspace:home", "volunteers.lead_team"),
                NavLink("我的志愿服务", "volunteers:mine", "", when="apps.volunteers.selectors.is_volunteer"),
            ),
        ),
    ),
    # A volunteer's own account (an elder's, no role) lands on 我的志愿服务 after signing in.
    landings=(NavLink("我的志愿服务", "volunteers:mine", "", when="apps.volunteers.selectors.is_volunteer"),),
    # A team leader sees their team's members.
    person_scopes=(PersonScope("team", "apps.volunteers.selectors.people_in_team"),),
    # Teams draw their leaders and members from the Party rosters the Party steps build.
    # Its headline figures on the dashboard's overview and five-year trend.
    key_figures=KeyFigures(
        figures=(
            KeyFigure("teams", "志愿服务团队", "个", stock=True),
            KeyFigure("volunteers", "在队志愿者", "人", stock=True),
            KeyFigure("activities", "服务活动", "次"),
            KeyFigure("times", "服务人次", "人次"),
            KeyFigure("hours", "已确认服务时长", "小时", kind="dec1"),
        ),
        selector="apps.volunteers.dashboard.key_figures",
    ),
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
                "volunteers.Certificate",
                "volunteers.Honour",
                "volunteers.MediaItem",
                "volunteers.StarLevel",
                "volunteers.Campaign",
            ),
            # A team's activities and hours: only 绿扬霞光's figures count them.
            own_models=("volunteers.Activity", "volunteers.ServiceRecord"),
        ),
    ),
    # Its drill-down pages: a region's teams, one team.
    dashboard_pages=(
        DashboardPage(
            "afterglow/regions/<int:region_id>/",
            "apps.volunteers.dashboard_views.region_detail",
            name="afterglow_region",
        ),
        DashboardPage(
            "afterglow/teams/<int:pk>/", "apps.volunteers.dashboard_views.team_detail", name="afterglow_team"
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
        SeedStep(
            "volunteers.records", "apps.volunteers.demo.seed_records", after=("volunteers.certificates",), order=96
        ),
        SeedStep(
            "volunteers.stars",
            "apps.volunteers.demo.seed_stars",
            after=("volunteers.records", "volunteers.history"),
            order=96,
        ),
    ),
    schedules=(
        Schedule(
            "绿扬霞光·登记公示期满的志愿服务记录证明（每日）",
            "volunteers.register_certificates",
            crontab=("30", "1", "*", "*"),
            keep_existing=True,
        ),
    ),
    city_steps=(
        SeedStep("volunteers.teams", "apps.volunteers.city.seed_volunteers", after=("party.people",)),
        SeedStep("volunteers.hours", "apps.volunteers.city.seed_hours", after=("volunteers.teams",)),
        # Campaigns, training, evaluation, honours and media, the alliance and its meetings,
        # corrections, certificates and star notices (its own random stream).
        SeedStep("volunteers.records", "apps.volunteers.city.seed_records", after=("volunteers.hours",)),
    ),
)
