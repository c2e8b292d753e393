"""牵手夕阳 (文化养老): what the senior-education part adds to the shared parts of the portal.

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
    Schedule,
    SeedStep,
    SidebarGroup,
)

_ITEMS = [
    ("办学网络", "school", "admin:education_venue_changelist", "education.view_venue"),
    ("覆盖率", "donut_large", "admin:education_venue_coverage", "education.view_venue"),
    ("区县基数", "map", "admin:education_districtbase_changelist", "education.view_districtbase"),
    ("规划目标", "flag", "admin:education_coveragetarget_changelist", "education.view_coveragetarget"),
    ("学期与抽签", "casino", "admin:education_term_changelist", "education.view_term"),
    ("课程", "menu_book", "admin:education_course_changelist", "education.view_course"),
    ("报名与录取", "how_to_reg", "admin:education_enrolment_changelist", "education.view_enrolment"),
    ("家属代办关系", "family_restroom", "admin:education_guardian_changelist", "education.view_guardian"),
    ("课堂点名", "fact_check", "admin:education_lesson_changelist", "education.view_lesson"),
]

BRAND = Brand(
    key="sunset_education",
    title="牵手夕阳",
    subtitle="文化养老",
    emblem="school",
    colour="orange",
    order=31,
    apps=("education",),
    sidebar=SidebarGroup(
        title="牵手夕阳 · 老年教育",
        items=tuple(MenuItem(title, icon, perm, url_name=url) for title, icon, url, perm in _ITEMS),
    ),
    nav=(NavLink("代老同志报名", "education:desk", "education.enrol_on_behalf"),),
    home_cards=(
        HomeCard(
            title="牵手夕阳",
            subtitle="文化养老 · 老年教育",
            figures="apps.education.selectors.home_figures",
            permission="education.view_course",
        ),
    ),
    # Its headline figures on the dashboard's overview and five-year trend.
    key_figures=KeyFigures(
        figures=(
            KeyFigure("venues", "老年教育办学点", "个", stock=True),
            KeyFigure("courses", "新学期开设课程", "门"),
            KeyFigure("applications", "课程报名", "人次"),
        ),
        selector="apps.education.dashboard.key_figures",
        permission="education.view_course",
    ),
    dashboard_sections=(
        DashboardSection(
            title="老年教育",
            template="education/_dashboard.html",
            selector="apps.education.dashboard.section_data",
            table="apps.education.dashboard.section_tables",
            models=("education.Venue", "education.Course", "education.DistrictBase"),
            # An elder's enrolment: only 老年教育's figures count it.
            own_models=("education.Enrolment",),
            permission="education.view_course",
        ),
    ),
    # The drill-down from the section's region table: a region's venues, one venue.
    dashboard_pages=(
        DashboardPage(
            "education/regions/<int:region_id>/",
            "apps.education.dashboard_views.region_detail",
            name="education_region",
        ),
        DashboardPage(
            "education/venues/<int:pk>/", "apps.education.dashboard_views.venue_detail", name="education_venue"
        ),
    ),
    indicators="apps.education.indicators",
    demo_steps=(
        SeedStep("education.network", "apps.education.demo.seed", after=("party.people",)),
        SeedStep("education.history", "apps.education.demo_history.seed", after=("education.network",), order=96),
    ),
    city_steps=(SeedStep("education.network", "apps.education.demo.seed_city", after=("party.people",)),),
    schedules=(
        Schedule(
            "牵手夕阳·候补递补超时顺延（每15分钟）", "education.lapse_offers", every=datetime.timedelta(minutes=15)
        ),
    ),
)
