"""Dashboard pages: leadership and bureau staff see the city, district staff their region
(another region or its organisations: 404); nobody else may open them (403)."""

from tests.access.matrix import Page, outcome

DASHBOARD = {"leader", "staff", "district"}

PAGES = {
    "dashboard:index": Page("/dashboard/", outcome(DASHBOARD)),
    "dashboard:print": Page("/dashboard/print/", outcome(DASHBOARD)),
    "dashboard:export": Page("/dashboard/export.xlsx", outcome(DASHBOARD)),
    # 广陵区 is the district role's own region.
    "dashboard:region": Page(lambda cast: f"/dashboard/regions/{cast.branch.region_id}/", outcome(DASHBOARD)),
    "dashboard:organisation": Page(lambda cast: f"/dashboard/organisations/{cast.branch.pk}/", outcome(DASHBOARD)),
    # Outside the district role's region (邗江区, cast.other_branch's), in every format.
    "dashboard-outside:region": Page(
        lambda cast: f"/dashboard/regions/{cast.other_branch.region_id}/", outcome(DASHBOARD) | {"district": 404}
    ),
    "dashboard-outside:organisation": Page(
        lambda cast: f"/dashboard/organisations/{cast.other_branch.pk}/", outcome(DASHBOARD) | {"district": 404}
    ),
    "dashboard-outside:region-xlsx": Page(
        lambda cast: f"/dashboard/regions/{cast.other_branch.region_id}/?format=xlsx",
        outcome(DASHBOARD) | {"district": 404},
    ),
    "dashboard-outside:organisation-print": Page(
        lambda cast: f"/dashboard/organisations/{cast.other_branch.pk}/?format=print",
        outcome(DASHBOARD) | {"district": 404},
    ),
}
PAGES |= {
    # 绿扬霞光's drill-down: a region's teams, one team (cast.team is in 广陵区).
    "dashboard:afterglow_region": Page(
        lambda cast: f"/dashboard/afterglow/regions/{cast.team.region_id}/", outcome(DASHBOARD)
    ),
    "dashboard:afterglow_team": Page(lambda cast: f"/dashboard/afterglow/teams/{cast.team.pk}/", outcome(DASHBOARD)),
    # Outside the district role's region (邗江区): 404 for it, the city's readers 200.
    "dashboard-outside:afterglow_region": Page(
        lambda cast: f"/dashboard/afterglow/regions/{cast.other_team.region_id}/",
        outcome(DASHBOARD) | {"district": 404},
    ),
    "dashboard-outside:afterglow_team": Page(
        lambda cast: f"/dashboard/afterglow/teams/{cast.other_team.pk}/", outcome(DASHBOARD) | {"district": 404}
    ),
}
