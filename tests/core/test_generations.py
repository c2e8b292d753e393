"""Cache entries retired by generation keys (apps.core.generations)."""

import pytest
from django.core.cache import cache
from django.db import transaction

from apps.core import generations

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"value": self.calls}


@pytest.fixture
def names(request):
    # Names of this test's own (its node id), so runs sharing a Redis never meet.
    prefix = f"test-generations:{request.node.nodeid}"
    cache.delete_many([f"{prefix}:entry", f"{prefix}:other", f"{prefix}:a", f"{prefix}:b"])
    return prefix


def test_an_entry_is_computed_once_while_its_generations_stand(names):
    compute = Counter()

    first = generations.cached(f"{names}:entry", [f"{names}:a", f"{names}:b"], compute, 60)
    again = generations.cached(f"{names}:entry", [f"{names}:a", f"{names}:b"], compute, 60)

    assert first == again == {"value": 1}
    assert compute.calls == 1


def test_bumping_any_of_its_generations_retires_an_entry(names):
    compute = Counter()
    generations.cached(f"{names}:entry", [f"{names}:a", f"{names}:b"], compute, 60)

    generations.bump(f"{names}:b")

    assert generations.cached(f"{names}:entry", [f"{names}:a", f"{names}:b"], compute, 60) == {"value": 2}


def test_an_entry_built_inside_a_transaction_is_retired_when_it_commits(names, django_capture_on_commit_callbacks):
    # A reader that read the rows before the writer committed must not keep its entry.
    compute = Counter()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generations.bump(f"{names}:a")
        built_meanwhile = generations.cached(f"{names}:entry", [f"{names}:a"], compute, 60)

    assert built_meanwhile == {"value": 1}
    assert generations.cached(f"{names}:entry", [f"{names}:a"], compute, 60) == {"value": 2}


def test_several_entries_in_one_round_trip(names, monkeypatch):
    one, two = Counter(), Counter()
    entries = [(f"{names}:entry", [f"{names}:a"], one), (f"{names}:other", [f"{names}:a", f"{names}:b"], two)]
    generations.cached_many(entries, 60)
    generations.bump(f"{names}:b")
    reads = []
    get_many = generations.cache.get_many
    monkeypatch.setattr(generations.cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))

    assert generations.cached_many(entries, 60) == [{"value": 1}, {"value": 2}]
    assert generations.cached_many(entries, 60) == [{"value": 1}, {"value": 2}]
    assert len(reads) == 2


def test_nothing_is_kept_when_the_timeout_is_zero(names):
    compute = Counter()
    generations.cached(f"{names}:entry", [f"{names}:a"], compute, 0)
    generations.cached(f"{names}:entry", [f"{names}:a"], compute, 0)
    assert compute.calls == 2


def test_none_is_returned_not_kept(names):
    calls = []
    compute = lambda: calls.append(1)  # noqa: E731 - returns None
    generations.cached(f"{names}:entry", [f"{names}:a"], compute, 60)
    generations.cached(f"{names}:entry", [f"{names}:a"], compute, 60)
    assert len(calls) == 2


def test_a_cache_that_cannot_answer_computes_every_time(names, monkeypatch):
    compute = Counter()
    monkeypatch.setattr(generations.cache, "get_many", lambda keys: {})
    monkeypatch.setattr(generations.cache, "add", lambda *a, **k: False)
    monkeypatch.setattr(generations.cache, "get", lambda *a, **k: None)

    generations.cached(f"{names}:entry", [f"{names}:a"], compute, 60)
    generations.cached(f"{names}:entry", [f"{names}:a"], compute, 60)

    assert compute.calls == 2
