"""Data scope: out of scope is a 404, foreign-key choices stay within scope, and a change
of scope takes effect on the next request."""

import pytest

from apps.party.models import ActivityLog, Organisation
from apps.people.models import Person
from tests import factories as f


@pytest.fixture
def people(cast):
    gl = f.MembershipFactory(organisation=cast.branch).person
    hj = f.MembershipFactory(organisation=cast.other_branch, person__region=f.region("邗江区")).person
    return gl, hj


def test_district_staff_see_only_their_region(cast, people):
    gl, hj = people
    assert list(Person.objects.for_user(cast.district)) == [gl]
    assert list(Person.objects.for_user(cast.district_other)) == [hj]
    assert set(Person.objects.for_user(cast.staff)) == {gl, hj}


def test_secretary_sees_only_their_branch_and_below(cast, people):
    gl, _ = people
    group = f.OrganisationFactory(name="第一党小组", kind="group", parent=cast.branch, region=cast.branch.region)
    assert set(Organisation.objects.for_user(cast.secretary)) == {cast.branch, group}
    assert list(Person.objects.for_user(cast.secretary)) == [gl]
    log = f.ActivityLogFactory(organisation=group)
    f.ActivityLogFactory(organisation=cast.other_branch)
    assert list(ActivityLog.objects.for_user(cast.secretary)) == [log]


def test_administrators_see_no_records(cast, people):
    for user in (cast.sysadmin, cast.security, cast.auditor):
        assert not Person.objects.for_user(user).exists()
        assert not Organisation.objects.for_user(user).exists()


def test_team_leader_sees_their_team_members(cast):
    member = f.TeamMemberFactory(team=cast.team).person
    f.TeamMemberFactory(team=cast.other_team)
    assert list(Person.objects.for_user(cast.team_leader)) == [member]


def test_out_of_scope_admin_object_is_404(client, cast, people):
    _, hj = people
    client.force_login(cast.district)
    assert client.get(f"/admin/people/person/{hj.pk}/change/").status_code == 404
    assert client.get(f"/admin/party/organisation/{cast.other_branch.pk}/change/").status_code == 404
    assert client.get(f"/admin/party/organisation/{cast.branch.pk}/change/").status_code == 200


def test_foreign_key_choices_are_limited_to_scope(client, cast):
    client.force_login(cast.district)
    response = client.get("/admin/volunteers/team/add/")
    assert response.status_code == 200
    region_field = response.context["adminform"].form.fields["partner_branch"]
    assert set(region_field.queryset) == {cast.branch}


def test_a_forged_out_of_scope_choice_is_refused(client, cast):
    client.force_login(cast.district)
    response = client.post(
        "/admin/party/organisation/add/",
        {
            "name": "伪造的党支部",
            "kind": "branch",
            "parent": cast.other_branch.pk,
            "region": cast.branch.region.pk,
            "setup_type": "community",
            "status": "active",
            "posts-TOTAL_FORMS": 0,
            "posts-INITIAL_FORMS": 0,
            "co_managers-TOTAL_FORMS": 0,
            "co_managers-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Organisation.objects.filter(name="伪造的党支部").exists()


def test_changing_a_users_region_takes_effect_on_the_next_request(client, cast, people):
    gl, hj = people
    client.force_login(cast.district)
    assert client.get(f"/admin/people/person/{hj.pk}/change/").status_code == 404
    cast.district.scope_region = f.region("邗江区")
    cast.district.save(update_fields=["scope_region"])
    # Same session, no new sign-in.
    assert client.get(f"/admin/people/person/{hj.pk}/change/").status_code == 200
    assert client.get(f"/admin/people/person/{gl.pk}/change/").status_code == 404
