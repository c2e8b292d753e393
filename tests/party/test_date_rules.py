"""Impossible dates (issue 12, low): 入党 in the future or before 18, 成立时间 in the future —
refused by the services and the back-office forms, with the same validator as imports."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.party import services
from apps.party.models import Membership
from tests import factories as f

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_joining_the_party_in_the_future_is_refused(cast):
    person = f.PersonFactory()
    with pytest.raises(ValidationError) as exc:
        services.membership_join(
            person=person, organisation=cast.branch, joined_on=datetime.date(2015, 1, 1), joined_party_on=TOMORROW
        )
    assert exc.value.message_dict["joined_party_on"] == ["入党时间不能晚于今天。"]


def test_joining_the_party_before_eighteen_is_refused(cast):
    person = f.PersonFactory(birth_date=datetime.date(1950, 5, 17))
    with pytest.raises(ValidationError) as exc:
        services.membership_join(
            person=person,
            organisation=cast.branch,
            joined_on=datetime.date(2015, 1, 1),
            joined_party_on=datetime.date(1968, 5, 16),
        )
    assert exc.value.message_dict["joined_party_on"] == [
        "入党时须年满18周岁：入党时间不能早于 1968-05-17（按出生日期计算）。"
    ]


def test_joining_the_party_on_the_eighteenth_birthday_is_accepted(cast):
    person = f.PersonFactory(birth_date=datetime.date(1950, 5, 17))
    membership = services.membership_join(
        person=person,
        organisation=cast.branch,
        joined_on=datetime.date(2015, 1, 1),
        joined_party_on=datetime.date(1968, 5, 17),
    )
    assert membership.pk


def test_an_organisation_founded_in_the_future_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(name="新支部", kind="branch", region=f.region("广陵区"), founded_on=TOMORROW)
    assert exc.value.message_dict["founded_on"] == ["成立时间不能晚于今天。"]


def test_the_membership_change_form_refuses_a_future_party_date(client, cast):
    membership = f.MembershipFactory(organisation=cast.branch)
    client.force_login(cast.staff)
    form = client.get(f"/admin/party/membership/{membership.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["joined_party_on"] = TOMORROW.isoformat()
    response = client.post(f"/admin/party/membership/{membership.pk}/change/", data)
    assert response.status_code == 200
    assert "入党时间不能晚于今天。" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).joined_party_on == datetime.date(1975, 7, 1)


def test_the_team_form_refuses_a_future_founding_date(client, cast):
    client.force_login(cast.staff)
    response = client.post(
        "/admin/volunteers/team/add/",
        {
            "name": "新志愿服务队",
            "region": f.region("广陵区").pk,
            "founded_on": TOMORROW.isoformat(),
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "成立时间不能晚于今天。" in response.content.decode()
