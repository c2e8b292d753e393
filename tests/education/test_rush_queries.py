"""The two requests of the enrolment rush (``python -m bench enrolment``) — an elder opens a
course's apply page and posts it — with their SQL queries pinned: each is paid ~4,500
times in the rush's minute. The suite reads sessions from the database (one query
each, settings_test); production reads them from Redis. Inside the test's transaction the
service's ``atomic`` adds a savepoint and its release."""

import datetime

import pytest
from django.conf import settings

from apps.education import services
from apps.education.models import Enrolment
from bench.enrolment import _elders, _sessions
from tests import factories as f
from tests.education.conftest import make_course, make_term

pytestmark = pytest.mark.django_db

# session, user (with scope), course (with term and venue), the elder's people
GET_QUERIES = 4
# session, user, course, the person posted; in the service: savepoint, the person locked,
# the course and its term's rules, the person's standing, the seat taken, the enrolment,
# its history row and its audit entry, savepoint released
POST_ADMITTED_QUERIES = 13
# … and instead of a seat: the course's row locked and the waiting list's tail read
POST_WAITLISTED_QUERIES = 15
# a second application to the same class: refused after the standing (savepoint, person,
# course, standing, rollback to the savepoint and its release), the page again
POST_REFUSED_QUERIES = 10


@pytest.fixture
def rush(client):
    """One first-come course with one seat, and an elder signed in as the bench signs its
    elders in (a session written with the server's key)."""
    course = make_course(make_term("new"), mode="first_come", seats=1)
    person = f.PersonFactory(name="孙桂英", birth_date=datetime.date(1953, 4, 1))
    (user,) = _elders([person])
    client.cookies["sessionid"] = _sessions([user], settings.SECRET_KEY)[user.pk]
    client.get(f"/education/courses/{course.pk}/apply/")  # the site's caches warmed
    return course, person


def test_the_apply_page_takes_four_queries(client, rush, django_assert_num_queries):
    course, _ = rush
    with django_assert_num_queries(GET_QUERIES):
        page = client.get(f"/education/courses/{course.pk}/apply/")
    assert page.status_code == 200 and "孙桂英" in page.content.decode()


def test_the_post_that_takes_a_seat(client, rush, django_assert_num_queries):
    course, person = rush
    with django_assert_num_queries(POST_ADMITTED_QUERIES):
        response = client.post(f"/education/courses/{course.pk}/apply/", {"person": person.pk})
    assert response.status_code == 302
    assert Enrolment.objects.get(person=person).status == "admitted"


def test_the_post_that_joins_the_waiting_list(client, rush, django_assert_num_queries, cast):
    course, person = rush
    services.enrol(cast.district, course, f.PersonFactory(birth_date=datetime.date(1955, 1, 1)))  # the one seat
    with django_assert_num_queries(POST_WAITLISTED_QUERIES):
        response = client.post(f"/education/courses/{course.pk}/apply/", {"person": person.pk})
    assert response.status_code == 302
    e = Enrolment.objects.get(person=person)
    assert (e.status, e.queue_position) == ("waitlisted", 1)


def test_the_double_click_is_refused_in_chinese(client, rush, django_assert_num_queries):
    course, person = rush
    client.post(f"/education/courses/{course.pk}/apply/", {"person": person.pk})
    with django_assert_num_queries(POST_REFUSED_QUERIES):
        response = client.post(f"/education/courses/{course.pk}/apply/", {"person": person.pk})
    assert response.status_code == 200
    assert "这位老同志已报名该班，不能重复报名。" in response.content.decode()
    assert Enrolment.objects.filter(person=person).count() == 1


def test_the_standing_read_matches_the_records(cast):
    """The standing's SQL text against what the records say: a 老学员 of an earlier term,
    already in one class of this term, in two courses of it."""
    from apps.education.models import Term

    person = f.PersonFactory(birth_date=datetime.date(1950, 1, 1))
    earlier = make_term("closed", starts_on=datetime.date(2020, 3, 1), ends_on=datetime.date(2020, 7, 1))
    Enrolment.objects.create(term=earlier, course=make_course(earlier, name="旧课"), person=person, status="completed")
    term = make_term("new")
    first, second, third = (make_course(term, name=n, mode="first_come", seats=5) for n in ("甲", "乙", "丙"))
    for course in (first, second):
        Enrolment.objects.create(term=term, course=course, person=person, status="admitted")
    Enrolment.objects.create(term=term, course=third, person=person, status="withdrawn")
    term = Term.objects.get(pk=term.pk)
    assert services._standing(person, term, first) == (True, True, 2)
    assert services._standing(person, term, third) == (True, False, 2)
    newcomer = f.PersonFactory(birth_date=datetime.date(1951, 1, 1))
    assert services._standing(newcomer, term, first) == (False, False, 0)
