"""The Party back office: tree, service forms, compliance/coverage/funding pages, scope,
and pinned query counts of the busiest changelists."""

import datetime

import pytest
from django.urls import reverse

from apps.party import services
from apps.party.models import (
    FundingEntry,
    Membership,
    Organisation,
    OrganisationPost,
    TrainingAttendance,
    TrainingClass,
)
from tests import factories as f
from tests.party.people import make_person

pytestmark = pytest.mark.django_db

D = datetime.date


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def tree(cast):
    """广陵区: 工委 → 党委 → (cast.branch, 文峰) ; 邗江区: 工委 → cast.other_branch."""
    gl, hj = f.region("广陵区"), f.region("邗江区")
    top = services.organisation_create(name="广陵区离退休干部党工委", kind="working_committee", region=gl)
    committee = services.organisation_create(name="广陵区离退休干部党委", kind="committee", region=gl, parent=top)
    services.organisation_move(organisation=cast.branch, new_parent=committee)
    wenfeng = services.organisation_create(name="文峰社区“晚晴”党支部", kind="branch", region=gl, parent=committee)
    hj_top = services.organisation_create(name="邗江区离退休干部党工委", kind="working_committee", region=hj)
    services.organisation_move(organisation=cast.other_branch, new_parent=hj_top)
    for org in (cast.branch, cast.other_branch):
        org.refresh_from_db()
    return {"top": top, "committee": committee, "wenfeng": wenfeng, "hj_top": hj_top}


# ---------------------------------------------------------------------------
# Tree
# ---------------------------------------------------------------------------
def test_changelist_shows_the_tree_indented_with_secretary_and_members(client, cast, tree):
    person = make_person(name="陈建国")
    services.post_appoint(organisation=cast.branch, person=person, post="secretary", started_on=D(2022, 1, 1))
    services.membership_join(person=person, organisation=cast.branch, joined_on=D(2020, 1, 1))
    response = login(client, cast.district).get(reverse("admin:party_organisation_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "　　└ 东关社区“常青藤”党支部" in html
    assert "陈建国" in html
    assert "翠岗花园" not in html  # 邗江区 is out of the district's scope


def test_subtree_filter_lists_an_organisation_and_everything_below(client, cast, tree):
    url = reverse("admin:party_organisation_changelist") + f"?subtree={tree['committee'].pk}"
    html = login(client, cast.staff).get(url).content.decode()
    assert "文峰社区" in html and "东关社区" in html
    assert "党工委</" not in html and "翠岗花园" not in html


def test_change_page_shows_the_path_and_children(client, cast, tree):
    html = login(client, cast.staff).get(reverse("admin:party_organisation_change", args=[cast.branch.pk])).content
    html = html.decode()
    assert "广陵区离退休干部党工委</a> › <a" in html
    committee_page = client.get(reverse("admin:party_organisation_change", args=[tree["committee"].pk])).content
    assert "文峰社区“晚晴”党支部</a>（党支部）" in committee_page.decode()


def test_moving_a_branch_through_the_admin_keeps_history(client, cast, tree):
    new_parent = services.organisation_create(
        name="广陵区离退休干部党总支", kind="general_branch", region=f.region("广陵区"), parent=tree["top"]
    )
    url = reverse("admin:party_organisation_move_action", args=[cast.branch.pk])
    response = login(client, cast.district).post(url, {"new_parent": new_parent.pk})
    assert response.status_code == 302
    cast.branch.refresh_from_db()
    assert cast.branch.parent == new_parent
    assert cast.branch.path.startswith(new_parent.path)
    assert cast.branch.history.count() >= 2


def test_a_forged_parent_from_another_region_is_refused(client, cast, tree):
    url = reverse("admin:party_organisation_move_action", args=[cast.branch.pk])
    response = login(client, cast.district).post(url, {"new_parent": tree["hj_top"].pk})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    cast.branch.refresh_from_db()
    assert cast.branch.parent == tree["committee"]


def test_moving_an_organisation_of_another_region_is_404(client, cast, tree):
    url = reverse("admin:party_organisation_move_action", args=[cast.other_branch.pk])
    assert login(client, cast.district).get(url).status_code == 404


def test_parent_is_read_only_on_the_change_form(client, cast, tree):
    url = reverse("admin:party_organisation_change", args=[cast.branch.pk])
    data = {
        "name": "东关社区“常青藤”党支部",
        "region": cast.branch.region_id,
        "status": "active",
        "setup_type": "community",
        "parent": tree["top"].pk,  # ignored: read-only
        "posts-TOTAL_FORMS": 0,
        "posts-INITIAL_FORMS": 0,
        "co_managers-TOTAL_FORMS": 0,
        "co_managers-INITIAL_FORMS": 0,
        "version": cast.branch.version,
    }
    login(client, cast.staff).post(url, data)
    cast.branch.refresh_from_db()
    assert cast.branch.parent == tree["committee"]


# ---------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------
def test_transfer_through_the_admin_completes_the_history(client, cast, tree):
    m = services.membership_join(person=make_person(), organisation=cast.branch, joined_on=D(2015, 1, 1))
    url = reverse("admin:party_membership_transfer_action", args=[m.pk])
    response = login(client, cast.district).post(url, {"on": "2026-03-01", "to_organisation": tree["wenfeng"].pk})
    assert response.status_code == 302
    rows = list(
        Membership.objects.filter(person=m.person).order_by("joined_on").values_list("organisation__name", "status")
    )
    assert rows == [("东关社区“常青藤”党支部", "transferred_out"), ("文峰社区“晚晴”党支部", "transferred_in")]


def test_a_forged_transfer_target_in_another_region_is_refused(client, cast, tree):
    m = services.membership_join(person=make_person(), organisation=cast.branch, joined_on=D(2015, 1, 1))
    url = reverse("admin:party_membership_transfer_action", args=[m.pk])
    response = login(client, cast.district).post(url, {"on": "2026-03-01", "to_organisation": cast.other_branch.pk})
    assert response.status_code == 200
    m.refresh_from_db()
    assert m.left_on is None
    assert Membership.objects.filter(person=m.person).count() == 1


def test_a_refused_transfer_shows_the_service_message(client, cast, tree):
    m = services.membership_join(person=make_person(), organisation=cast.branch, joined_on=D(2015, 1, 1))
    url = reverse("admin:party_membership_transfer_action", args=[m.pk])
    response = login(client, cast.staff).post(url, {"on": "2010-03-01", "counterpart": "南京市某党支部"})
    assert "不能早于转入本支部时间" in response.content.decode()
    m.refresh_from_db()
    assert m.left_on is None


def test_recording_a_death(client, cast, tree):
    m = services.membership_join(person=make_person(), organisation=cast.branch, joined_on=D(2015, 1, 1))
    url = reverse("admin:party_membership_deceased_action", args=[m.pk])
    assert login(client, cast.staff).post(url, {"on": "2026-02-02"}).status_code == 302
    m.refresh_from_db()
    assert (m.status, m.left_on) == ("deceased", D(2026, 2, 2))


def test_adding_a_second_current_membership_is_refused(client, cast, tree):
    person = make_person()
    services.membership_join(person=person, organisation=cast.branch, joined_on=D(2015, 1, 1))
    response = login(client, cast.staff).post(
        reverse("admin:party_membership_add"),
        {"person": person.pk, "organisation": tree["wenfeng"].pk, "joined_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "已有在册的组织关系" in response.content.decode()
    assert Membership.objects.filter(person=person).count() == 1


def test_a_membership_of_another_region_is_404(client, cast, tree):
    m = services.membership_join(person=make_person(), organisation=cast.other_branch, joined_on=D(2015, 1, 1))
    assert login(client, cast.district).get(reverse("admin:party_membership_change", args=[m.pk])).status_code == 404
    url = reverse("admin:party_membership_transfer_action", args=[m.pk])
    assert client.post(url, {"on": "2026-03-01", "counterpart": "外地"}).status_code == 404
    m.refresh_from_db()
    assert m.left_on is None


# ---------------------------------------------------------------------------
# Compliance, coverage and funding pages
# ---------------------------------------------------------------------------
def test_compliance_page_is_scoped_to_the_district(client, cast, tree):
    f.ActivityLogFactory(organisation=cast.branch, held_on=D(2025, 1, 10), status="approved")
    html = login(client, cast.district).get(reverse("admin:party_organisation_compliance") + "?year=2025").content
    html = html.decode()
    assert "东关社区“常青藤”党支部" in html and "文峰社区“晚晴”党支部" in html
    assert "翠岗花园" not in html
    # 2025 is over: 3 monthly rules × 12 + 2 quarterly × 4 = 44 due per branch, 88 in all, 1 met.
    assert "<dt>应开展（项·期）</dt><dd>88</dd>" in html
    assert "<dt>已落实</dt><dd>1</dd>" in html
    # Rounded once, half-up, to one decimal as on the dashboard (issue 14 item 6): 1/88.
    assert "<dt>落实率</dt><dd>1.1%</dd>" in html
    assert "<dt>滞后支部</dt><dd>2</dd>" in html
    assert "✓ 1/1" in html
    assert "主题党日（每月）" in html and "党课（每季度）" in html


def test_coverage_page_counts_per_region(client, cast, tree):
    person = make_person()
    services.post_appoint(organisation=cast.branch, person=person, post="secretary", started_on=D(2022, 1, 1))
    services.post_appoint(
        organisation=tree["wenfeng"], person=make_person(name="沈秀英"), post="secretary", started_on=D(2022, 1, 1)
    )
    klass = TrainingClass.objects.create(
        name="支部书记业务培训班",
        training_type="business",
        organiser_level="city",
        region=f.region("广陵区"),
        start_on=datetime.date.today() - datetime.timedelta(days=100),
        end_on=datetime.date.today() - datetime.timedelta(days=99),
    )
    TrainingAttendance.objects.create(training_class=klass, person=person)
    html = login(client, cast.district).get(reverse("admin:party_trainingclass_coverage")).content.decode()
    assert "<dt>在任书记</dt><dd>2</dd>" in html
    assert "<dt>覆盖率</dt><dd>50.0%</dd>" in html
    assert "沈秀英" in html  # the untrained list
    assert "邗江区" not in html.split("分区域覆盖率")[1].split("尚未轮训")[0]


def test_funding_totals_per_organisation_and_kind(client, cast, tree):
    for kind, amount in (("work_funds", 5000), ("work_funds", 1000), ("dues_refund", 800), ("allowance", 2400)):
        FundingEntry.objects.create(organisation=cast.branch, year=2025, kind=kind, amount=amount)
    FundingEntry.objects.create(organisation=cast.other_branch, year=2025, kind="work_funds", amount=9999)
    html = login(client, cast.district).get(reverse("admin:party_fundingentry_totals") + "?year=2025").content
    html = html.decode()
    assert "<dt>党建工作经费</dt><dd>6000.00</dd>" in html
    assert "<dt>合计（元）</dt><dd>9200.00</dd>" in html
    assert "9999" not in html


# ---------------------------------------------------------------------------
# Reviews and training seats in the back office
# ---------------------------------------------------------------------------
def test_a_new_review_lists_the_seven_items(client, cast):
    html = login(client, cast.staff).get(reverse("admin:party_standardisationreview_add")).content.decode()
    for label in ("有组织设置", "有班子队伍", "有活动场所", "有制度规范", "有活动经费", "有工作台账", "组织力提升"):
        assert f'value="{label}"' in html or label in html
    assert 'name="items-TOTAL_FORMS" value="7"' in html


def _review_post(cast, result, passed_count):
    kinds = ["org", "team", "venue", "rules", "funds", "records", "raise"]
    data = {
        "organisation": cast.branch.pk,
        "year": 2026,
        "result": result,
        "items-TOTAL_FORMS": 7,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 7,
    }
    for i, kind in enumerate(kinds):
        data[f"items-{i}-item"] = kind
        if i < passed_count:
            data[f"items-{i}-passed"] = "on"
    return data


def test_a_review_cannot_pass_with_a_failing_item(client, cast):
    from apps.party.models import StandardisationReview

    url = reverse("admin:party_standardisationreview_add")
    response = login(client, cast.staff).post(url, _review_post(cast, "passed", 6))
    assert response.status_code == 200
    assert "仍有检查项未达标" in response.content.decode()
    assert not StandardisationReview.objects.exists()
    assert client.post(url, _review_post(cast, "passed", 7)).status_code == 302
    assert StandardisationReview.objects.get().items.filter(passed=True).count() == 7


def test_back_office_attendance_stays_within_the_seats(client, cast):
    klass = TrainingClass.objects.create(
        name="支部书记论坛",
        training_type="forum",
        organiser_level="county",
        region=f.region("广陵区"),
        start_on=D(2026, 5, 1),
        end_on=D(2026, 5, 1),
        capacity=1,
    )
    data = {
        "name": klass.name,
        "training_type": "forum",
        "organiser_level": "county",
        "region": klass.region_id,
        "start_on": "2026-05-01",
        "end_on": "2026-05-01",
        "capacity": 1,
        "version": klass.version,
        "attendance-TOTAL_FORMS": 2,
        "attendance-INITIAL_FORMS": 0,
        "attendance-0-person": make_person().pk,
        "attendance-0-attended": "on",
        "attendance-1-person": make_person().pk,
        "attendance-1-attended": "on",
    }
    response = login(client, cast.staff).post(reverse("admin:party_trainingclass_change", args=[klass.pk]), data)
    assert "超过培训班名额" in response.content.decode()
    assert not TrainingAttendance.objects.exists()


# ---------------------------------------------------------------------------
# Scope of the selectors' inputs
# ---------------------------------------------------------------------------
def test_a_secretary_sees_only_their_branch(cast, tree):
    from apps.party import selectors

    summary = selectors.compliance_summary(branches=Organisation.objects.for_user(cast.secretary), year=2025)
    assert list(summary) == [cast.branch.pk]
    assert list(OrganisationPost.objects.for_user(cast.secretary_other).values_list("organisation", flat=True)) == []


# ---------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------
def _fill(cast, tree, n):
    for i in range(n):
        branch = services.organisation_create(
            name=f"测试党支部{n}-{i}", kind="branch", region=f.region("广陵区"), parent=tree["committee"]
        )
        person = make_person()
        services.membership_join(person=person, organisation=branch, joined_on=D(2020, 1, 1))
        services.post_appoint(organisation=branch, person=person, post="secretary", started_on=D(2021, 1, 1))
        log = f.ActivityLogFactory(organisation=branch, status="approved")
        log.attendance.create(person=person)


# Session and user, the admin's own queries, then the page's: pinned, and the same with
# five times the rows.
QUERY_COUNTS = {
    "admin:party_organisation_changelist": 8,  # + subtree filter choices, rows with secretary/members
    "admin:party_membership_changelist": 7,
    "admin:party_activitylog_changelist": 7,  # a fixed year filter, no date hierarchy scan
    "admin:party_trainingclass_changelist": 9,
    "admin:party_organisation_compliance": 14,  # summary 3, lagging 1, page 1+1, grid 3
    "admin:party_trainingclass_coverage": 8,
    "admin:party_fundingentry_totals": 7,
}


@pytest.mark.parametrize(("url_name", "expected"), QUERY_COUNTS.items())
def test_query_count_is_pinned(client, cast, tree, url_name, expected, django_assert_num_queries):
    login(client, cast.district)
    url = reverse(url_name)
    _fill(cast, tree, 3)
    client.get(url)  # warm caches (content types, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    assert len(few) == expected
    _fill(cast, tree, 12)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


def _org_add_data(name, kind, parent, region):
    return {
        "name": name,
        "kind": kind,
        "parent": parent.pk,
        "region": region.pk,
        "status": "active",
        "setup_type": "community",
        "posts-TOTAL_FORMS": 0,
        "posts-INITIAL_FORMS": 0,
        "co_managers-TOTAL_FORMS": 0,
        "co_managers-INITIAL_FORMS": 0,
    }


def test_adding_an_organisation_places_it_in_the_tree(client, cast, tree):
    data = _org_add_data("湾头社区“红枫”党支部", "branch", tree["committee"], f.region("广陵区"))
    assert login(client, cast.district).post(reverse("admin:party_organisation_add"), data).status_code == 302
    added = Organisation.objects.get(name="湾头社区“红枫”党支部")
    assert (added.path, added.depth) == (f"{tree['committee'].path}{added.pk:07d}.", 2)


def test_adding_under_a_wrong_level_or_another_region_is_refused(client, cast, tree):
    login(client, cast.district)
    url = reverse("admin:party_organisation_add")
    wrong_level = client.post(url, _org_add_data("某党委", "committee", cast.branch, f.region("广陵区")))
    assert "党支部不能作为党委的上级党组织" in wrong_level.content.decode()
    other_region = client.post(url, _org_add_data("某党支部", "branch", tree["committee"], f.region("邗江区")))
    assert other_region.status_code == 200  # 邗江区 is not a choice for 广陵区 staff
    assert not Organisation.objects.filter(name__in=["某党委", "某党支部"]).exists()


def test_two_current_secretaries_are_refused_in_the_post_inline(client, cast, tree):
    data = _org_add_data("东关社区“常青藤”党支部", "branch", tree["committee"], f.region("广陵区"))
    data.update(
        {
            "version": cast.branch.version,
            "posts-TOTAL_FORMS": 2,
            "posts-0-post": "secretary",
            "posts-0-person": make_person().pk,
            "posts-0-started_on": "2020-01-01",
            "posts-1-post": "secretary",
            "posts-1-person": make_person().pk,
            "posts-1-started_on": "2024-01-01",
        }
    )
    url = reverse("admin:party_organisation_change", args=[cast.branch.pk])
    response = login(client, cast.staff).post(url, data)
    assert "书记同一时间只能有一位现任" in response.content.decode()
    assert not OrganisationPost.objects.filter(organisation=cast.branch).exists()
    data["posts-0-ended_on"] = "2023-12-31"
    assert client.post(url, data).status_code == 302
    assert OrganisationPost.objects.filter(organisation=cast.branch).current().count() == 1
