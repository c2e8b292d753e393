"""The rush benchmark signs its 2,000 elders in by writing their sessions (no password
hashing in the measured minute): such a session must be one the portal accepts as a
sign-in, and one the portal's key did not sign must not be."""

import datetime

import pytest
from django.conf import settings

from bench.enrolment import _elders, _sessions
from tests import factories as f
from tests.education.conftest import make_course, make_term

pytestmark = pytest.mark.django_db


def test_a_written_session_signs_the_elder_in_and_the_apply_post_goes_through(client):
    course = make_course(make_term("new"), mode="first_come", seats=1)
    person = f.PersonFactory(name="赵淑芬", birth_date=datetime.date(1952, 5, 1))
    (user,) = _elders([person])
    client.cookies["sessionid"] = _sessions([user], settings.SECRET_KEY)[user.pk]
    page = client.get(f"/education/courses/{course.pk}/apply/")
    assert page.status_code == 200 and "赵淑芬" in page.content.decode()
    response = client.post(f"/education/courses/{course.pk}/apply/", {"person": person.pk})
    assert response.status_code == 302
    assert course.enrolments.get().status == "admitted"


def test_a_session_signed_with_another_key_is_not_a_sign_in(client):
    course = make_course(make_term("new"))
    (user,) = _elders([f.PersonFactory(birth_date=datetime.date(1952, 5, 1))])
    client.cookies["sessionid"] = _sessions([user], "another-key-" + "x" * 40)[user.pk]
    response = client.get(f"/education/courses/{course.pk}/apply/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
