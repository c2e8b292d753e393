"""牵手夕阳 (服务保障老干部): what exists of this brand today — the people registry's
sidebar group and its home card. Its care records land in an app of their own."""

from apps.core.brands import Brand, HomeCard, MenuItem, SidebarGroup

BRAND = Brand(
    key="sunset",
    title="牵手夕阳",
    subtitle="服务保障老干部",
    emblem="elderly",
    colour="orange",
    order=30,
    apps=("people",),
    sidebar=SidebarGroup(
        title="牵手夕阳 · 服务保障",
        items=(
            MenuItem("老干部人员库", "person_book", "people.view_person", url_name="admin:people_person_changelist"),
        ),
    ),
    home_cards=(HomeCard(title="牵手夕阳", subtitle="服务保障老干部", figures="apps.people.selectors.home_figures"),),
)
