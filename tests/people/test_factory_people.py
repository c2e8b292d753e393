"""The factory's people get distinct ID numbers whatever ran before them, so tests pass in
any order (pytest-randomly): a number drawn at random met another one of the same test, or
one a test spells out, depending on how many people earlier tests had made."""

import pytest

from apps.people.models import Person
from tests import factories as f

pytestmark = pytest.mark.django_db

# Numbers the tests write out themselves (same region, birth date and sex as the factory).
SPELT_OUT = ["32100219500517001", "32100219500517003", "32100219500517123X"]


def test_people_made_in_one_test_never_share_an_id_number():
    people = [f.PersonFactory() for _ in range(120)]
    numbers = {p.id_number for p in people}
    assert len(numbers) == len(people)
    assert Person.objects.values("id_number_hash").distinct().count() == len(people)


def test_factory_numbers_stay_clear_of_the_numbers_tests_spell_out():
    numbers = {f.PersonFactory().id_number for _ in range(120)}
    assert not {n[:17] for n in numbers} & {n[:17] for n in SPELT_OUT}
    assert all(n[14:17] >= "200" for n in numbers)
