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
}
