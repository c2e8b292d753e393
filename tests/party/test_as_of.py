"""Issue 14 items 1 and 2: the roll and the posts on a date, read the same by every figure.

Membership: a member counts from the day he joined (or was transferred in) until the day
he left, was transferred out or died; a transfer entered ahead of time applies from its
date. Posts: a secretary is in office from the start of his term to its last day; a
handover entered ahead of time changes nothing before its date.
"""

import datetime

import pytest
from django.utils import timezone

from apps.core.figures import Filters
from apps.party import dashboard, selectors, services
from apps.party.models import Membership, OrganisationPost
from tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
LONG_AGO = D(2015, 1, 1)


def branch(name, region="广陵区"):
    return f.OrganisationFactory(name=name, region=f.region(region), founded_on=D(2000, 1, 1))


def member(org, joined_on=LONG_AGO):
    return services.membership_join(person=f.PersonFactory(region=org.region), organisation=org, joined_on=joined_on)


def test_members_on_respects_the_dates_both_ways():
    a, b = branch("甲支部"), branch("乙支部", region="邗江区")
    stays = member(a)
    died = member(a)
    services.membership_mark_deceased(membership=died, on=D(2025, 3, 1))
    later = member(a, joined_on=D(2025, 6, 1))
    moved = member(a)
    services.membership_transfer(membership=moved, on=D(2024, 9, 1), to_organisation=b)

    def on(day, **where):
        return set(selectors.members_on(day, **where).values_list("person_id", flat=True))

    assert on(D(2024, 12, 31), organisation=a) == {stays.person_id, died.person_id}
    assert on(D(2024, 8, 31), organisation=a) == {stays.person_id, died.person_id, moved.person_id}
    assert on(D(2025, 2, 28), organisation=a) == {stays.person_id, died.person_id}
    assert on(D(2025, 3, 1), organisation=a) == {stays.person_id}  # died that day
    assert on(D(2025, 6, 1), organisation=a) == {stays.person_id, later.person_id}
    assert on(D(2024, 12, 31), region=f.region("邗江区")) == {moved.person_id}
    assert on(D(2024, 12, 31)) == {stays.person_id, died.person_id, moved.person_id}


def test_a_transfer_entered_today_with_a_future_date_is_not_applied_yet():
    a, b = branch("甲支部"), branch("乙支部", region="邗江区")
    today = timezone.localdate()
    moving = member(a)
    member(a)
    services.membership_transfer(membership=moving, on=today + datetime.timedelta(days=10), to_organisation=b)

    assert selectors.members_on(today, organisation=a).count() == 2
    assert selectors.members_on(today, organisation=b).count() == 0
    later = today + datetime.timedelta(days=10)
    assert selectors.members_on(later, organisation=a).count() == 1
    assert selectors.members_on(later, organisation=b).count() == 1
    # The dashboard's member count and the branch roster read the same roll.
    rows = {r["name"]: r for r in dashboard.region_rows(Filters(year=today.year), today=today)}
    assert rows["广陵区"]["members_cur"] == 2
    assert rows["邗江区"]["members_cur"] == 0
    from apps.party.workspace.selectors import branch_roster

    assert moving.person_id in {m.person_id for m in branch_roster(a)}
    assert not branch_roster(b).exists()


def test_the_home_card_counts_todays_roll():
    from apps.accounts.choices import Role
    from tests.conftest import make_user

    a, b = branch("甲支部"), branch("乙支部")
    today = timezone.localdate()
    member(a)
    member(b, joined_on=today + datetime.timedelta(days=3))  # transferred in, effective later
    gone = member(b)
    services.membership_mark_deceased(membership=gone, on=today - datetime.timedelta(days=1))
    figures = dict(selectors.home_figures(make_user("staff", Role.BUREAU_STAFF)))
    assert figures["在册党员"] == 1


def _handover(org, *, old_start, new_start):
    old = f.PersonFactory(region=org.region, name="老书记")
    new = f.PersonFactory(region=org.region, name="新书记")
    services.post_appoint(organisation=org, person=old, post="secretary", started_on=old_start)
    services.post_appoint(organisation=org, person=new, post="secretary", started_on=new_start)
    return old, new


def test_a_handover_entered_ahead_of_time_changes_nothing_before_its_date():
    org = branch("甲支部")
    today = timezone.localdate()
    start = today + datetime.timedelta(days=21)
    old, new = _handover(org, old_start=D(2020, 1, 1), new_start=start)
    assert OrganisationPost.objects.get(person=old).ended_on == start - datetime.timedelta(days=1)

    serving = selectors.serving_secretaries(as_of=today)
    assert list(serving.values_list("person_id", flat=True)) == [old.pk]
    assert selectors.training_coverage(as_of=today)["total"]["serving"] == 1
    assert list(selectors.serving_secretaries(as_of=start).values_list("person_id", flat=True)) == [new.pk]
    # The dashboard's coverage this year and last year.
    rows = {r["name"]: r for r in dashboard.region_rows(Filters(year=today.year), today=today)}
    assert rows["广陵区"]["secretaries_cur"] == 1
    assert rows["广陵区"]["secretaries_prev"] == 1


def test_a_past_years_secretary_counts_for_that_year():
    """The comparison value of a past year reads who was in office then."""
    org = branch("甲支部")
    old, new = _handover(org, old_start=D(2020, 1, 1), new_start=D(2025, 3, 1))
    assert list(selectors.serving_secretaries(as_of=D(2024, 12, 31)).values_list("person_id", flat=True)) == [old.pk]
    assert list(selectors.serving_secretaries(as_of=D(2025, 2, 28)).values_list("person_id", flat=True)) == [old.pk]
    assert list(selectors.serving_secretaries(as_of=D(2025, 3, 1)).values_list("person_id", flat=True)) == [new.pk]
    rows = {r["name"]: r for r in dashboard.region_rows(Filters(year=2025), today=D(2026, 12, 6))}
    assert rows["广陵区"]["secretaries_prev"] == 1  # 2024: the old secretary
    assert rows["广陵区"]["secretaries_cur"] == 1  # 2025: the new one


def test_membership_on_reads_the_dates_not_the_status():
    org = branch("甲支部")
    today = timezone.localdate()
    moving = member(org)
    services.membership_transfer(membership=moving, on=today + datetime.timedelta(days=5), counterpart="外市某支部")
    moving.refresh_from_db()
    assert moving.status == "transferred_out"  # recorded now, effective later
    assert Membership.objects.on(today).filter(pk=moving.pk).exists()
