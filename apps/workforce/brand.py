"""丹心向党 (老干部工作队伍建设): what this brand adds to the shared parts of the portal."""

from apps.core.brands import Brand, HomeCard, MenuItem, SeedStep, SidebarGroup

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
        items=(
            MenuItem(
                "巡查整改清单",
                "checklist",
                "workforce.view_rectificationitem",
                url_name="admin:workforce_rectificationitem_changelist",
            ),
        ),
    ),
    home_cards=(
        HomeCard(title="丹心向党", subtitle="老干部工作队伍建设", figures="apps.workforce.selectors.home_figures"),
    ),
    demo_steps=(SeedStep("workforce.rectification", "apps.workforce.demo.seed", after=("party.organisations",)),),
)
