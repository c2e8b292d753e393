"""Searching by ID number keeps the number out of URLs, query strings and logs."""

import pytest

from tests import factories as f
from tests.conftest import client_for

URL = "/admin/people/person/id-search/"
LIST = "/admin/people/person/"


@pytest.fixture
def person(cast):
    return f.MembershipFactory(organisation=cast.branch).person


def test_a_post_redirects_to_a_token_not_the_number(client, cast, person):
    client_for(client, cast, "district")
    response = client.post(URL, {"id_number": person.id_number})
    assert response.status_code == 302
    location = response["Location"]
    assert person.id_number not in location and person.id_number[:14] not in location
    assert location.startswith(LIST + "?idq=")
    found = client.get(location)
    assert list(found.context["cl"].result_list) == [person]


def test_another_session_cannot_use_the_token(client, cast, person):
    client_for(client, cast, "district")
    location = client.post(URL, {"id_number": person.id_number})["Location"]
    client.logout()
    client_for(client, cast, "staff")
    assert list(client.get(location).context["cl"].result_list) == []


def test_an_id_number_in_the_get_search_box_is_refused_with_a_message(client, cast, person):
    client_for(client, cast, "staff")
    response = client.get(LIST, {"q": person.id_number})
    # Refused before the changelist runs (IdNumberQueryMiddleware), pointing to the box.
    assert response.status_code == 400
    assert "按身份证号查找" in response.content.decode()
    assert person.id_number not in response.content.decode()


def test_a_bad_number_gets_the_validators_chinese_message(client, cast):
    client_for(client, cast, "staff")
    response = client.post(URL, {"id_number": "123"}, follow=True)
    assert "身份证号应为18位" in response.content.decode()


def test_the_search_is_scoped(client, cast, person):
    client_for(client, cast, "district_other")
    location = client.post(URL, {"id_number": person.id_number})["Location"]
    assert list(client.get(location).context["cl"].result_list) == []


def test_names_and_initials_still_search_by_get(client, cast, person):
    client_for(client, cast, "staff")
    response = client.get(LIST, {"q": person.name_initials})
    assert person in response.context["cl"].result_list
