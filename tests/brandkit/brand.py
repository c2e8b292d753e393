import datetime

from apps.core.brands import (
    Brand,
    DashboardSection,
    HomeCard,
    MenuItem,
    NavLink,
    Schedule,
    SeedStep,
    SidebarGroup,
    Workspace,
)

BRAND = Brand(
    key="brandkit",
    title="测试品牌",
    subtitle="插件接缝验证",
    emblem="science",
    order=50,
    apps=("brandkit",),
    sidebar=SidebarGroup(
        title="测试品牌 · 验证",
        items=(MenuItem("测试人员", "science", "people.view_person", url_name="admin:people_person_changelist"),),
    ),
    home_cards=(
        HomeCard(
            title="测试品牌",
            subtitle="插件接缝验证",
            figures="tests.brandkit.parts.home_figures",
            leads_to=(NavLink("测试人员", "admin:people_person_changelist", "people.view_person"),),
        ),
    ),
    dashboard_sections=(
        DashboardSection(
            title="测试品牌看板",
            template="brandkit/_section.html",
            selector="tests.brandkit.parts.dashboard_data",
        ),
    ),
    workspace=Workspace(
        permission="audit.export_auditevent",
        urls="tests.brandkit.workspace",
        home="tests.brandkit.workspace.home",
    ),
    indicators="tests.brandkit.indicators",
    demo_steps=(SeedStep("brandkit.demo", "tests.brandkit.parts.seed", after=("party.people",)),),
    schedules=(Schedule("测试品牌·每小时巡检", "brandkit.check", every=datetime.timedelta(hours=1)),),
)
