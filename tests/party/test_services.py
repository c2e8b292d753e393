"""Writes through the Party services: tree moves, posts, memberships, reviews, enrolment."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from apps.party import services
from apps.party.models import Membership, Organisation, OrganisationPost, ReviewItem, TrainingAttendance, TrainingClass
from tests import factories as f
from tests.party.people import make_person

D = datetime.date


def org(name, kind="branch", parent=None, region="广陵区", **extra):
    return services.organisation_create(name=name, kind=kind, region=f.region(region), parent=parent, **extra)


# ---------------------------------------------------------------------------
# Tree
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_move_rewrites_the_subtree_and_keeps_history():
    top = org("广陵区离退休干部党工委", "working_committee")
    old_parent = org("广陵区离退休干部党委", "committee", top)
    new_parent = org("广陵区离退休干部党总支", "general_branch", top)
    branch = org("东关社区“常青藤”党支部", parent=old_parent)
    group = org("第一党小组", "group", branch)

    services.organisation_move(organisation=branch, new_parent=new_parent)

    branch.refresh_from_db()
    group.refresh_from_db()
    assert branch.parent == new_parent
    assert branch.path == f"{top.pk:07d}.{new_parent.pk:07d}.{branch.pk:07d}."
    assert group.path == branch.path + f"{group.pk:07d}."
    assert (branch.depth, group.depth) == (2, 3)
    assert list(Organisation.objects.descendants_of(new_parent).values_list("pk", flat=True)) == [
        new_parent.pk,
        branch.pk,
        group.pk,
    ]
    parents = [h.parent_id for h in branch.history.order_by("history_date")]
    assert parents[0] == old_parent.pk and parents[-1] == new_parent.pk


@pytest.mark.django_db
def test_move_refuses_a_cycle_and_a_wrong_level():
    top = org("工委", "working_committee")
    branch = org("党支部", parent=top)
    group = org("党小组", "group", branch)
    with pytest.raises(ValidationError, match="自身或其下级"):
        services.organisation_move(organisation=branch, new_parent=group)
    other = org("另一党支部", parent=top)
    with pytest.raises(ValidationError, match="不能作为党支部的上级"):
        services.organisation_move(organisation=branch, new_parent=other)


# ---------------------------------------------------------------------------
# Posts
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_appointing_a_secretary_ends_the_previous_term():
    branch = org("党支部")
    first, second = make_person(), make_person()
    old = services.post_appoint(organisation=branch, person=first, post="secretary", started_on=D(2019, 1, 1))
    services.post_appoint(organisation=branch, person=second, post="secretary", started_on=D(2024, 3, 1))
    old.refresh_from_db()
    assert old.ended_on == D(2024, 2, 29)
    current = OrganisationPost.objects.filter(organisation=branch, post="secretary").current()
    assert [p.person_id for p in current] == [second.pk]
    # Deputies may be several at once.
    services.post_appoint(organisation=branch, person=first, post="deputy", started_on=D(2024, 3, 1))
    services.post_appoint(organisation=branch, person=make_person(), post="deputy", started_on=D(2024, 4, 1))
    assert OrganisationPost.objects.filter(organisation=branch, post="deputy").current().count() == 2


@pytest.mark.django_db
def test_a_new_term_cannot_start_before_the_current_one():
    branch = org("党支部")
    services.post_appoint(organisation=branch, person=make_person(), post="secretary", started_on=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="任职时间须晚于"):
        services.post_appoint(organisation=branch, person=make_person(), post="secretary", started_on=D(2023, 1, 1))


# ---------------------------------------------------------------------------
# Membership
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_transfer_closes_one_membership_and_opens_the_next():
    a, b = org("东关社区党支部"), org("蒋王社区党支部", region="邗江区")
    person = make_person()
    first = services.membership_join(
        person=person, organisation=a, joined_on=D(2015, 1, 1), joined_party_on=D(1975, 7, 1)
    )
    assert first.status == "normal"
    second = services.membership_transfer(membership=first, to_organisation=b, on=D(2025, 6, 1))
    first.refresh_from_db()
    assert (first.left_on, first.status, first.counterpart) == (D(2025, 6, 1), "transferred_out", "蒋王社区党支部")
    assert (second.organisation, second.joined_on, second.status, second.counterpart) == (
        b,
        D(2025, 6, 1),
        "transferred_in",
        "东关社区党支部",
    )
    assert second.joined_party_on == D(1975, 7, 1)
    history = list(
        Membership.objects.filter(person=person).order_by("joined_on").values_list("organisation__name", flat=True)
    )
    assert history == ["东关社区党支部", "蒋王社区党支部"]


@pytest.mark.django_db
def test_transfer_out_of_the_system_and_back():
    a = org("东关社区党支部")
    person = make_person()
    m = services.membership_join(person=person, organisation=a, joined_on=D(2015, 1, 1))
    closed = services.membership_transfer(membership=m, counterpart="南京市鼓楼区某街道党工委", on=D(2025, 1, 10))
    assert (closed.pk, closed.status, closed.left_on) == (m.pk, "transferred_out", D(2025, 1, 10))
    assert not Membership.objects.filter(person=person).current().exists()
    back = services.membership_join(
        person=person, organisation=a, joined_on=D(2026, 2, 1), counterpart="南京市鼓楼区某街道党工委"
    )
    assert back.status == "transferred_in"


@pytest.mark.django_db
def test_membership_rules_refuse_with_chinese_messages():
    a, b = org("东关社区党支部"), org("文峰社区党支部")
    person = make_person()
    m = services.membership_join(person=person, organisation=a, joined_on=D(2015, 1, 1))
    with pytest.raises(ValidationError, match="已有在册的组织关系"):
        services.membership_join(person=person, organisation=b, joined_on=D(2016, 1, 1))
    with pytest.raises(ValidationError, match="二者选一"):
        services.membership_transfer(membership=m, on=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="不能早于转入本支部时间"):
        services.membership_transfer(membership=m, to_organisation=b, on=D(2014, 1, 1))
    with pytest.raises(ValidationError, match="相同"):
        services.membership_transfer(membership=m, to_organisation=a, on=D(2025, 1, 1))
    top = org("工委", "working_committee")
    with pytest.raises(ValidationError, match="不能直接编入工委"):
        services.membership_transfer(membership=m, to_organisation=top, on=D(2025, 1, 1))
    # Nothing half-done: the refused transfers left the membership open.
    m.refresh_from_db()
    assert (m.left_on, m.status) == (None, "normal")


@pytest.mark.django_db
def test_mark_deceased_closes_the_membership_and_the_person():
    a = org("东关社区党支部")
    person = make_person()
    m = services.membership_join(person=person, organisation=a, joined_on=D(2015, 1, 1))
    services.membership_mark_deceased(membership=m, on=D(2026, 3, 3))
    m.refresh_from_db()
    person.refresh_from_db()
    assert (m.left_on, m.status, person.status) == (D(2026, 3, 3), "deceased", "deceased")
    with pytest.raises(ValidationError, match="不在册"):
        services.membership_mark_deceased(membership=m, on=D(2026, 3, 4))


# ---------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_review_has_all_seven_items_and_cannot_pass_with_a_failing_one():
    branch = org("党支部")
    everything = {kind: (True, "台账照片") for kind in ("org", "team", "venue", "rules", "funds", "records", "raise")}
    review = services.review_create(
        organisation=branch, year=2025, result="passed", reviewer="省委老干部局", items=everything
    )
    assert ReviewItem.objects.filter(review=review, passed=True).count() == 7
    with pytest.raises(ValidationError, match="不能为“通过”"):
        services.review_create(organisation=branch, year=2026, result="passed", items={"org": (True, "")})
    rectify = services.review_create(organisation=branch, year=2026, result="rectify", items={"org": (True, "")})
    assert ReviewItem.objects.filter(review=rectify).count() == 7
    assert ReviewItem.objects.filter(review=rectify, passed=True).count() == 1


# ---------------------------------------------------------------------------
# Training seats
# ---------------------------------------------------------------------------
def _class(capacity):
    return TrainingClass.objects.create(
        name="2026年支部书记业务培训班",
        training_type="business",
        organiser_level="city",
        region=f.region("广陵区"),
        start_on=D(2026, 5, 1),
        end_on=D(2026, 5, 3),
        capacity=capacity,
    )


@pytest.mark.django_db
def test_enrolment_stops_at_capacity():
    klass = _class(2)
    services.training_enrol(training_class=klass, person=make_person())
    person = make_person()
    services.training_enrol(training_class=klass, person=person)
    with pytest.raises(ValidationError, match="名额已满"):
        services.training_enrol(training_class=klass, person=make_person())
    with pytest.raises(ValidationError, match="已报名"):
        services.training_enrol(training_class=klass, person=person)
    assert TrainingAttendance.objects.filter(training_class=klass).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_people_cannot_take_the_last_seat_at_once(require_services):
    """Real concurrent transactions on PostgreSQL: the row lock serialises them."""
    klass = _class(1)
    people = [make_person(), make_person(), make_person(), make_person()]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def enrol(person):
        try:
            barrier.wait(timeout=10)
            services.training_enrol(training_class=klass, person=person)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("full")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=enrol, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["full", "full", "full", "ok"]
    assert TrainingAttendance.objects.filter(training_class=klass).count() == 1
