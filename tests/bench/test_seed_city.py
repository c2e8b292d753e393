"""seed_city builds the planned city; its plan scales as documented."""

import pytest
from django.core.management import CommandError, call_command

from apps.core.city import activity_months, branches_by_region, city_plan
from apps.party.city import secretary_username


def test_the_plan_at_full_scale_is_the_city_of_the_seed():
    plan = city_plan(1)

    assert plan.regions == 10
    assert plan.organisations == 640
    assert plan.branches == 560
    assert (plan.working_committees, plan.middles, plan.groups) == (10, 28, 42)
    assert plan.people == 20000
    assert (plan.training_classes_per_year, plan.training_person_times_per_year) == (41, 2284)
    assert (plan.teams, plan.team_members) == (55, 3200)


def test_the_plan_scales_up_and_keeps_a_floor_when_scaled_down():
    assert city_plan(5).people == 100000
    assert city_plan(5).branches == 2800
    assert city_plan(0.1).branches == 56
    # Every region keeps a working committee, a middle tier and a branch.
    tiny = city_plan(0.01)
    assert (tiny.working_committees, tiny.middles, tiny.branches) == (10, 10, 11)
    assert min(branches_by_region(0.01).values()) == 1


def test_three_years_of_months_end_before_the_build_date():
    months = activity_months()

    assert len(months) == 36
    assert months[0] == (2023, 11)
    assert months[-1] == (2026, 10)


def test_secretary_usernames_are_numbered_from_one():
    assert secretary_username(0) == "city_sec_0001"


@pytest.mark.django_db
def test_seed_city_at_one_percent_builds_the_expected_counts():
    from apps.accounts.models import User
    from apps.party.models import (
        ActivityLog,
        Attendance,
        DemonstrationPoint,
        Membership,
        Organisation,
        ReviewItem,
        StandardisationReview,
        TrainingAttendance,
        TrainingClass,
    )
    from apps.people.models import Person
    from apps.volunteers.models import Activity, ServiceRecord, Team, TeamMember

    call_command("seed_city", scale=0.01, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Organisation.objects.count() == 31
    assert Organisation.objects.filter(kind="branch").count() == 11
    assert Person.objects.count() == 200
    assert Membership.objects.count() == 200
    assert ActivityLog.objects.count() == 4016
    assert Attendance.objects.count() == 45732
    assert TrainingClass.objects.count() == 3
    assert TrainingAttendance.objects.count() == 69
    assert StandardisationReview.objects.count() == 7
    assert ReviewItem.objects.count() == 49
    assert DemonstrationPoint.objects.count() == 3
    assert Team.objects.count() == 3
    assert TeamMember.objects.count() == 30
    # Three years of activities (242 a year per team), ten volunteers' hours each.
    assert Activity.objects.count() == 3 * 726
    assert ServiceRecord.objects.count() == 3 * 726 * 10
    # staff, leader, ten district staff, one secretary per branch
    assert User.objects.filter(username__startswith="city_").count() == 23
    # Every tree path is its parent's path plus its own id.
    for org in Organisation.objects.select_related("parent"):
        assert org.path == (org.parent.path if org.parent else "") + f"{org.pk:07d}."
    # The ID numbers decrypt and are findable by their hash.
    person = Person.objects.order_by("id")[17]
    assert Person.objects.search(person.id_number).get() == person

    with pytest.raises(CommandError, match="已有党组织或人员数据"):
        call_command("seed_city", scale=0.01)


def test_seed_city_refuses_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="生产环境禁止"):
        call_command("seed_city", scale=0.01)
