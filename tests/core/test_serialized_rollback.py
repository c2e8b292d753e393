"""A ``serialized_rollback`` test after a plain transactional one, and the other way round.

The plain test ends with a flush that sends ``post_migrate``: content types, permissions,
the role groups and the reference data come back under new primary keys. The snapshot of
the test database keeps the old ones, so reloading it on top met the group "局领导" again
(IntegrityError in the setup of the next browser test with ``serialized_rollback``).
``tests/conftest.py`` now empties the database first, as Django's own flush before a
reload does, and gives a plain test after a serialized one what a plain flush leaves
(:func:`tests.conftest.prepare_database`, run by ``pytest_runtest_setup``)."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, connection

from apps.regions.models import Region
from apps.volunteers.models import ServiceCategory
from tests.conftest import prepare_database, pytest_runtest_setup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _snapshot():
    """The snapshot taken at database set-up. After Playwright has run in this process the
    test's connection holds none (tests/browser/conftest.py): Django's reload and the hook
    then both do nothing, and there is nothing to test here (the SQLite pass runs no browser)."""
    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot is None:
        pytest.skip("本进程已运行过 Playwright：此连接没有数据库快照，Django 的重载与本钩子都不起作用")
    return snapshot


def _plain_teardown_flush():
    """What the end of a transactional test without ``serialized_rollback`` does."""
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=False)


def test_the_snapshot_reloads_after_a_plain_transactional_tests_flush(request):
    snapshot = _snapshot()
    leaders = Group.objects.get(name="局领导").pk
    _plain_teardown_flush()
    assert Group.objects.get(name="局领导").pk != leaders  # back, under a new key
    with pytest.raises(IntegrityError):
        connection.creation.deserialize_db_from_string(snapshot)

    # The set-up of a serialized_rollback test: the hook reloads the snapshot itself (after
    # Playwright, Django's own reload may not act) …
    pytest_runtest_setup(request.node)
    assert Group.objects.get(name="局领导").pk == leaders
    assert Region.objects.count() == 10 and ContentType.objects.exists()
    # … and Django's reload, when it acts too, saves the same rows under the same keys.
    connection.creation.deserialize_db_from_string(snapshot)
    assert Group.objects.filter(name="局领导").count() == 1 and Region.objects.count() == 10


def test_a_plain_test_after_a_serialized_one_finds_what_a_plain_flush_leaves():
    """A serialized_rollback test's flush skips ``post_migrate``: the next plain test would
    find no content type, permission, role or region; the hook sends ``post_migrate``."""
    _snapshot()
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True)
    assert not Group.objects.exists()
    assert prepare_database(serialized=False) == "restored"
    assert Group.objects.get(name="局领导").permissions.exists()
    assert Region.objects.count() == 10
    assert ServiceCategory.objects.filter(name="文明创建").exists()
    assert prepare_database(serialized=False) == ""  # once is enough
