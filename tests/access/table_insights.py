"""Role × URL rows for 绿扬霞光 · 草根内参 (apps.insights)."""

import datetime

from tests.access.matrix import AdminModel, Page, outcome
from tests.access.table_dashboard import DASHBOARD
from tests.access.table_party import admin_page

VIEW = {"leader", "staff", "district"}
EDIT = {"staff", "district"}


def _informant(region):
    from apps.insights.models import Informant

    return Informant.objects.create(name="周建国", region=region, joined_on=datetime.date(2024, 1, 1))


def _report(region):
    from apps.insights.models import InsightCategory, Report

    return Report.objects.create(
        informant=_informant(region),
        title="加装电梯审批繁琐",
        content="建议简化。",
        category=InsightCategory.objects.get(name="政策建议"),
        region=region,
        submitted_on=datetime.date(2026, 3, 1),
    )


def _action(suffix):
    return admin_page(EDIT, lambda cast: f"/admin/insights/report/{_report(cast.team.region).pk}/{suffix}/")


PAGES = {
    "admin:insights_report_monthly": admin_page(VIEW, "/admin/insights/report/monthly/"),
}

ADMIN = {
    "insights.report": AdminModel(
        obj=lambda cast: _report(cast.team.region),
        outside=lambda cast: _report(cast.other_team.region),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        # Only an unregistered report may be deleted (a numbered one stays in sequence).
        delete=EDIT,
        exp=VIEW,
        extra={
            "register_action": _action("register"),
            "forward_action": _action("forward"),
            "instruct_action": _action("instruct"),
            "answer_action": _action("answer"),
            "feedback_action": _action("feedback"),
        },
    ),
    "insights.informant": AdminModel(
        obj=lambda cast: _informant(cast.team.region),
        outside=lambda cast: _informant(cast.other_team.region),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "insights.insightcategory": AdminModel(
        obj=lambda cast: __import__("apps.insights.models", fromlist=["x"]).InsightCategory.objects.create(
            name="矩阵测试类别"
        ),
        unscoped="the report categories are one list for the whole city (CityWideQuerySet)",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
    "insights.feedbackrule": AdminModel(
        obj=lambda cast: __import__("apps.insights.models", fromlist=["x"]).FeedbackRule.objects.create(months=1),
        unscoped="the feedback deadline is one rule for the whole city (CityWideQuerySet)",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        # Never deleted: the latest rule is the one in force; staff change it instead.
        delete=set(),
    ),
}


def _signed(region):
    """An informant of ``region`` with a signed report there (the drill-down's unit)."""
    return _report(region).informant


# The dashboard drill-down: 广陵区 (the district role's region) and its informant; 邗江区,
# outside the district role's region: 404 for it, the city's readers 200.
PAGES |= {
    "dashboard:afterglow_insights_region": Page(
        lambda cast: f"/dashboard/afterglow-insights/regions/{cast.team.region_id}/", outcome(DASHBOARD)
    ),
    "dashboard:afterglow_insights_informant": Page(
        lambda cast: (
            f"/dashboard/afterglow-insights/regions/{cast.team.region_id}/informants/{_signed(cast.team.region).pk}/"
        ),
        outcome(DASHBOARD),
    ),
    # The district role's own region with 邗江区's informant, who signed nothing there: 404 for all.
    "dashboard-mixed:afterglow_insights_informant": Page(
        lambda cast: (
            f"/dashboard/afterglow-insights/regions/{cast.team.region_id}/informants/"
            f"{_signed(cast.other_team.region).pk}/"
        ),
        outcome(DASHBOARD, ok_status=404),
    ),
    "dashboard-outside:afterglow_insights_region": Page(
        lambda cast: f"/dashboard/afterglow-insights/regions/{cast.other_team.region_id}/",
        outcome(DASHBOARD) | {"district": 404},
    ),
    "dashboard-outside:afterglow_insights_informant": Page(
        lambda cast: (
            f"/dashboard/afterglow-insights/regions/{cast.other_team.region_id}/informants/"
            f"{_signed(cast.other_team.region).pk}/"
        ),
        outcome(DASHBOARD) | {"district": 404},
    ),
}
