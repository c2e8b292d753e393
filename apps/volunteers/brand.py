"""绿扬霞光 (老干部志愿服务): what this brand adds to the shared parts of the portal."""

from apps.core.brands import Brand, HomeCard, MenuItem, PersonScope, SeedStep, SidebarGroup

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
                "团队队员", "groups", "volunteers.view_teammember", url_name="admin:volunteers_teammember_changelist"
            ),
        ),
    ),
    home_cards=(
        HomeCard(title="绿扬霞光", subtitle="老干部志愿服务", figures="apps.volunteers.selectors.home_figures"),
    ),
    # A team leader sees their team's members.
    person_scopes=(PersonScope("team", "apps.volunteers.selectors.people_in_team"),),
    # Teams draw their leaders and members from the Party rosters the Party steps build.
    demo_steps=(SeedStep("volunteers.teams", "apps.volunteers.demo.seed", after=("party.people",)),),
    city_steps=(SeedStep("volunteers.teams", "apps.volunteers.city.seed_volunteers", after=("party.people",)),),
)
