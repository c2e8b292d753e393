"""草根内参's dashboard section: counts by region and month agree with
``selectors.adoption_figures``; two queries whatever the number of reports."""

import datetime

import pytest
from django.utils import timezone

from apps.core.figures import Filters
from apps.insights import dashboard, selectors, services
from apps.insights.models import Informant, InsightCategory, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    today = timezone.localdate()
    day = today.replace(month=1, day=2) if today.month > 1 or today.day > 5 else today
    category = InsightCategory.objects.get(name="政策建议")
    here = Informant.objects.create(name="周建国", region=cast.team.region, joined_on=datetime.date(2024, 1, 1))
    there = Informant.objects.create(name="钱秀兰", region=cast.other_team.region, joined_on=datetime.date(2024, 1, 1))

    def report(informant, stage):
        r = services.report_submit(
            user=cast.staff, informant=informant, title="建议", content="内容", category=category, submitted_on=day
        )
        if stage >= 1:
            r = services.report_register(user=cast.staff, report=r, registered_on=day)
        if stage >= 2:
            r = services.report_forward(user=cast.staff, report=r, department="市民政局", forwarded_on=day)
        if stage >= 3:
            r = services.report_instruct(
                user=cast.staff, report=r, instruction="请办理", instructed_by="市领导", instructed_on=day
            )
        return r

    for informant, stage in ((here, 0), (here, 1), (here, 2), (here, 3), (there, 3)):
        report(informant, stage)
    return day


def test_the_section_agrees_with_the_adoption_figures(cast, world):
    data = dashboard.section_data(Filters(year=world.year))
    mine = selectors.adoption_figures(Report.objects.all())
    total = data["total"]
    for key in ("total", "registered", "adopted", "instructed", "fed_back", "overdue"):
        assert total[key] == mine[key], key
    assert (total["total"], total["registered"], total["forwarded"], total["adopted"]) == (5, 4, 3, 2)
    assert round(total["adoption"] * 100, 1) == mine["adoption_rate"]
    regions = {r["name"]: r for r in data["regions"]}
    assert regions[cast.team.region.name]["total"] == 4 and regions[cast.other_team.region.name]["total"] == 1
    assert data["months"][world.month - 1][1]["total"] == 5
    tables = dashboard.section_tables(data)
    assert [t.key for t in tables] == ["insights-figures", "insights-regions", "insights-months"]


def test_the_section_takes_two_queries_whatever_the_size(cast, world, django_assert_num_queries):
    with django_assert_num_queries(2):
        dashboard.section_data(Filters(year=world.year))
    informant = Informant.objects.first()
    for _ in range(10):
        services.report_submit(
            user=cast.staff,
            informant=informant,
            title="又一篇",
            content="内容",
            category=InsightCategory.objects.first(),
            submitted_on=world,
        )
    with django_assert_num_queries(2):
        assert dashboard.section_data(Filters(year=world.year))["total"]["total"] == 15
