"""No overbooking, ever: real concurrent transactions on PostgreSQL racing for seats.

Threads (each with its own connection) are released together by a barrier; whatever the
interleaving, the outcome asserted is the only correct one.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.education import services
from apps.education.models import Course, Enrolment
from tests import factories as f
from tests.education.conftest import make_course, make_term
from tests.workspace.conftest import ensure_reference_data

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data():
    ensure_reference_data()


def _race(*jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_twenty_applicants_for_five_seats_fill_exactly_five(require_services, cast):
    course = make_course(make_term("new"), mode="first_come", seats=5)
    people = [f.PersonFactory(birth_date=datetime.date(1956, 1, 1)) for _ in range(20)]
    results = _race(*[(lambda p=p: services.enrol(cast.staff, course, p)) for p in people])
    assert all(isinstance(r, Enrolment) for r in results), results
    statuses = sorted(r.status for r in results)
    assert statuses.count("admitted") == 5 and statuses.count("waitlisted") == 15
    assert Course.objects.get(pk=course.pk).seats_taken == 5
    positions = sorted(Enrolment.objects.filter(status="waitlisted").values_list("queue_position", flat=True))
    assert positions == list(range(1, 16))


def test_one_person_twice_at_once_is_enrolled_once(require_services, cast):
    course = make_course(make_term("new"), mode="first_come", seats=5)
    person = f.PersonFactory(birth_date=datetime.date(1956, 1, 1))
    results = _race(*[(lambda: services.enrol(cast.staff, course, person)) for _ in range(4)])
    assert sum(isinstance(r, Enrolment) for r in results) == 1, results
    assert all("不能重复报名" in r.messages[0] for r in results if isinstance(r, ValidationError))
    assert Course.objects.get(pk=course.pk).seats_taken == 1


def test_the_per_person_limit_holds_under_a_race(require_services, cast):
    term = make_term("new", course_limit=3)
    venue = make_course(term).venue
    courses = [make_course(term, name=n, venue=venue, mode="first_come") for n in ("甲", "乙", "丙", "丁", "戊")]
    person = f.PersonFactory(birth_date=datetime.date(1956, 1, 1))
    results = _race(*[(lambda c=c: services.enrol(cast.staff, c, person)) for c in courses])
    assert sum(isinstance(r, Enrolment) for r in results) == 3, results
    assert Enrolment.objects.filter(person=person).count() == 3
