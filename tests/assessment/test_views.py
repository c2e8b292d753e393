"""The portal pages: scope of rankings and scorecards, the year's actions end to end,
evidence links, pinned query counts."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from apps.assessment import services
from apps.assessment.choices import AppealStatus, RunStatus, RunTrigger, SchemeStatus, UnitKind
from apps.assessment.models import Appeal, ManualScore, Result, Scheme, TallyRun
from tests.assessment.conftest import MANUAL, THEME_DAY, YEAR
from tests.assessment.test_tally import ALL_PARTY
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def tally(scheme):
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    return services.tally_execute(run_id=run.pk)


@pytest.fixture
def region_scheme(build, cast):
    for month in range(1, 13):
        build.log(cast.branch, "theme_day", datetime.date(YEAR, month, 1))  # 广陵区 full marks
    for month in range(1, 7):
        build.log(cast.other_branch, "theme_day", datetime.date(YEAR, month, 1))  # 邗江区 half
    scheme = build.scheme(unit_kind=UnitKind.REGION, indicators=[THEME_DAY, MANUAL])
    tally(scheme)
    return scheme


@pytest.fixture
def branch_scheme(build, cast):
    scheme = build.scheme(unit_kind=UnitKind.ORGANISATION, indicators=[THEME_DAY, MANUAL])
    tally(scheme)
    return scheme


def names(response):
    return [row["result"].unit_name for row in response.context["rows"]]


# ---------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------
def test_leadership_sees_the_whole_ranking_read_only(client, cast, region_scheme):
    response = client_for(client, cast, "leader").get(reverse("assessment:scheme_detail", args=[region_scheme.pk]))
    assert response.status_code == 200
    assert len(names(response)) == 10 and names(response)[:2] == ["广陵区", "邗江区"]
    assert not any(response.context["can"].values())
    assert "发起计分" not in response.content.decode()
    refused = client.post(reverse("assessment:tally_start", args=[region_scheme.pk]))
    assert refused.status_code == 403


def test_district_staff_see_only_their_regions_result(client, cast, region_scheme):
    response = client_for(client, cast, "district").get(reverse("assessment:scheme_detail", args=[region_scheme.pk]))
    assert names(response) == ["广陵区"]
    other = Result.objects.get(run__scheme=region_scheme, unit_name="邗江区")
    assert client.get(reverse("assessment:scorecard", args=[other.pk])).status_code == 404
    own = Result.objects.get(run__scheme=region_scheme, unit_name="广陵区")
    assert client.get(reverse("assessment:scorecard", args=[own.pk])).status_code == 200


def test_a_secretary_sees_their_own_branchs_scorecard_only(client, cast, branch_scheme, region_scheme):
    c = client_for(client, cast, "secretary")
    assert names(c.get(reverse("assessment:scheme_detail", args=[branch_scheme.pk]))) == [cast.branch.name]
    # A region scheme has no row of theirs.
    assert names(c.get(reverse("assessment:scheme_detail", args=[region_scheme.pk]))) == []
    own = Result.objects.get(run__scheme=branch_scheme, organisation=cast.branch)
    other = Result.objects.get(run__scheme=branch_scheme, organisation=cast.other_branch)
    page = c.get(reverse("assessment:scorecard", args=[own.pk]))
    assert page.status_code == 200 and [i["indicator"].code for i in page.context["items"]] == ["A1", "Z1"]
    assert c.get(reverse("assessment:scorecard", args=[other.pk])).status_code == 404
    assert c.get(reverse("assessment:run_progress", args=[own.run_id])).status_code == 403


# ---------------------------------------------------------------------------
# The year, end to end, as bureau staff with a district appealing
# ---------------------------------------------------------------------------
def test_copy_tally_publish_appeal_retally_and_lock(client, cast, build, eager, django_capture_on_commit_callbacks):
    for month in range(1, 13):
        build.log(cast.branch, "theme_day", datetime.date(YEAR, month, 1))
    last_year = build.scheme(year=YEAR - 1, unit_kind=UnitKind.REGION, indicators=[THEME_DAY, MANUAL])
    staff = client_for(client, cast, "staff")

    response = staff.post(reverse("assessment:scheme_copy", args=[last_year.pk]))
    scheme = Scheme.objects.get(year=YEAR, unit_kind=UnitKind.REGION)
    assert response.url == reverse("assessment:scheme_detail", args=[scheme.pk])
    staff.post(reverse("assessment:scheme_open", args=[scheme.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("assessment:tally_start", args=[scheme.pk]))
    run = TallyRun.objects.get(scheme=scheme)
    assert run.status == RunStatus.COMPLETED and run.started_by == cast.staff
    progress = staff.get(reverse("assessment:run_progress", args=[run.pk])).json()
    assert progress["progress"] == 100 and progress["done"] and progress["status_label"] == "已完成"

    staff.post(reverse("assessment:scheme_publish", args=[scheme.pk]))
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PUBLISHED and scheme.appeal_deadline is not None

    guangling = Result.objects.get(run=run, unit_name="广陵区")
    assert guangling.total == D("15.00")
    district = client_for(client, cast, "district")
    assert "提出申诉" in district.get(reverse("assessment:scorecard", args=[guangling.pk])).content.decode()
    district.post(reverse("assessment:appeal_lodge", args=[guangling.pk]), {"reason": "漏计了我区的特色工作"})
    appeal = Appeal.objects.get(scheme=scheme)
    assert (appeal.unit_name, appeal.lodged_by, appeal.status) == ("广陵区", cast.district, AppealStatus.PENDING)

    staff = client_for(client, cast, "staff")
    refused = staff.post(reverse("assessment:scheme_lock", args=[scheme.pk]), follow=True)
    assert "还有未答复的申诉" in refused.content.decode()
    staff.post(
        reverse("assessment:appeal_answer", args=[appeal.pk]), {"status": "accepted", "answer": "已核实，扣分撤销"}
    )
    staff.post(
        reverse("assessment:manual_score", args=[guangling.pk]),
        {"indicator": scheme.indicators.get(code="Z1").pk, "score": "4", "reason": "特色工作材料不全"},
    )
    assert ManualScore.objects.get(region=guangling.region).score == D("4")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("assessment:tally_start", args=[scheme.pk]))
    current = TallyRun.objects.get(scheme=scheme, is_current=True)
    assert current != run and Result.objects.get(run=current, unit_name="广陵区").total == D("14.00")

    early = staff.post(reverse("assessment:scheme_lock", args=[scheme.pk]), follow=True)
    assert "申诉期内不能锁定" in early.content.decode()
    # The appeal window has closed (published eight days ago): now the lock is taken.
    Scheme.objects.filter(pk=scheme.pk).update(published_at=scheme.published_at - datetime.timedelta(days=8))
    staff.post(reverse("assessment:scheme_lock", args=[scheme.pk]))
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.LOCKED
    after = staff.post(reverse("assessment:tally_start", args=[scheme.pk]), follow=True)
    assert "已锁定" in after.content.decode() or "尚未启动考评" in after.content.decode()
    assert TallyRun.objects.filter(scheme=scheme).count() == 2


def test_the_page_says_so_when_the_queue_is_down(client, cast, branch_scheme, monkeypatch):
    monkeypatch.setattr("apps.core.queue.queue_available", lambda timeout=1.0: False)
    response = client_for(client, cast, "staff").post(
        reverse("assessment:tally_start", args=[branch_scheme.pk]), follow=True
    )
    assert "后台任务队列暂时不可用" in response.content.decode()
    assert TallyRun.objects.filter(scheme=branch_scheme).count() == 1


def test_a_secretary_may_appeal_only_for_their_branch_and_only_while_published(client, cast, branch_scheme):
    own = Result.objects.get(run__scheme=branch_scheme, organisation=cast.branch)
    c = client_for(client, cast, "secretary")
    response = c.post(reverse("assessment:appeal_lodge", args=[own.pk]), {"reason": "有异议"}, follow=True)
    assert "不在申诉期内" in response.content.decode()
    services.scheme_publish(scheme=branch_scheme)
    c.post(reverse("assessment:appeal_lodge", args=[own.pk]), {"reason": "有异议"})
    assert Appeal.objects.filter(organisation=cast.branch).count() == 1
    other = Result.objects.get(run__scheme=branch_scheme, organisation=cast.other_branch)
    assert c.post(reverse("assessment:appeal_lodge", args=[other.pk]), {"reason": "x"}).status_code == 404


def test_evidence_links_open_the_filtered_admin_lists(client, cast, build):
    scheme = build.scheme(unit_kind=UnitKind.ORGANISATION, indicators=ALL_PARTY)
    tally(scheme)
    result = Result.objects.get(run__scheme=scheme, organisation=cast.branch)
    staff = client_for(client, cast, "staff")
    items = staff.get(reverse("assessment:scorecard", args=[result.pk])).context["items"]
    links = [i["evidence"] for i in items if i["evidence"]]
    assert len(links) == 7
    assert f"organisation__id__exact={cast.branch.pk}" in links[0] and f"held_on__year={YEAR}" in links[0]
    for link in links:
        assert staff.get(link).status_code == 200, link


def test_region_evidence_links_open_too(client, cast, build):
    scheme = build.scheme(unit_kind=UnitKind.REGION, indicators=ALL_PARTY)
    tally(scheme)
    result = Result.objects.get(run__scheme=scheme, region=cast.branch.region)
    staff = client_for(client, cast, "staff")
    items = staff.get(reverse("assessment:scorecard", args=[result.pk])).context["items"]
    links = [i["evidence"] for i in items if i["evidence"]]
    # Every formula indicator, the demonstration points and education sessions included.
    assert len(links) == 7
    assert all(f"region__id__exact={result.region_id}" in link for link in links)
    for link in links:
        assert staff.get(link).status_code == 200, link


# ---------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------
def test_pages_take_a_fixed_number_of_queries(client, cast, build, region_scheme, django_assert_num_queries):
    last_year = build.scheme(year=YEAR - 1, unit_kind=UnitKind.REGION, indicators=[THEME_DAY, MANUAL])
    tally(last_year)
    staff = client_for(client, cast, "staff")
    result = Result.objects.get(run__scheme=region_scheme, unit_name="广陵区")
    staff.get("/")  # warm the session and the user's permission cache path
    with django_assert_num_queries(6):
        staff.get(reverse("assessment:scheme_list"))
    # One query more than before brand groups, on each page: the scheme's groups.
    with django_assert_num_queries(14):
        response = staff.get(reverse("assessment:scheme_detail", args=[region_scheme.pk]))
    assert response.context["rows"][0]["before"]["rank"] == 1
    with django_assert_num_queries(9):
        staff.get(reverse("assessment:scorecard", args=[result.pk]))
    with django_assert_num_queries(5):
        staff.get(reverse("assessment:run_progress", args=[result.run_id]))
