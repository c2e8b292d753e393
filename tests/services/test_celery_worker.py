"""A real Celery worker on Redis, against PostgreSQL (runs when both are configured)."""

import pytest

from apps.people.models import Person
from apps.people.tasks import rebuild_search_columns
from tests import factories as f

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_the_task_against_the_database(celery_worker):
    assert not celery_worker.conf.task_always_eager
    person = f.PersonFactory(name="欧阳修")
    Person.objects.filter(pk=person.pk).update(name_pinyin="", name_initials="")
    result = rebuild_search_columns.delay([person.pk])
    assert result.get(timeout=30) == 1
    person.refresh_from_db()
    assert (person.name_pinyin, person.name_initials) == ("ouyangxiu", "oyx")
