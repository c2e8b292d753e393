"""Real concurrent transactions on PostgreSQL: two requests racing on one activity log.

Each race runs two threads (each with its own database connection) released together by
a barrier; whatever the interleaving, the outcome asserted is the only correct one.
"""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from apps.party import logs
from apps.party.models import ActivityLog, Attendance
from tests.workspace.conftest import ensure_reference_data

# No serialized_rollback: a flush sends post_migrate, which puts back the roles, regions and
# rules, and restoring the snapshot on top of that (after another transactional test)
# collides with those rows; ensure_reference_data() below covers the rest.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data():
    ensure_reference_data()


def _race(*jobs):
    """Run the jobs at once in threads; return what each returned or raised."""
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
        t.join(timeout=30)
    return results


def test_two_edits_of_the_same_version_one_wins_one_is_told(require_services, cast, roster, basics):
    log = logs.activity_log_save(user=cast.secretary, organisation=cast.branch, data=basics)

    def edit(theme):
        return lambda: logs.activity_log_save(
            user=cast.secretary,
            organisation=cast.branch,
            data={"theme": theme},
            log=ActivityLog.objects.get(pk=log.pk),
            expected_version=0,
        )

    results = _race(edit("甲的修改"), edit("乙的修改"))

    saved = [r for r in results if isinstance(r, ActivityLog)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(saved), len(refused)) == (1, 1), results
    assert refused[0].messages == [logs.STALE_MESSAGE]
    log.refresh_from_db()
    assert (log.version, log.theme) == (1, saved[0].theme)
    assert log.history.count() == 2


def test_two_creations_with_one_token_make_one_log(require_services, cast, roster, basics):
    token = uuid.uuid4()
    attendance = {p.pk: (True, "") for p in roster["members"]}

    def create():
        return logs.activity_log_save(
            user=cast.secretary, organisation=cast.branch, data=basics, attendance=attendance, client_token=token
        )

    first, second = _race(create, create)

    assert isinstance(first, ActivityLog) and isinstance(second, ActivityLog), (first, second)
    assert first.pk == second.pk
    assert ActivityLog.objects.count() == 1
    assert Attendance.objects.count() == 3


def test_a_double_clicked_submit_lands_on_the_done_page_twice(require_services, cast, roster, basics):
    log = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data=basics,
        attendance={p.pk: (True, "") for p in roster["members"]},
    )

    def click():
        client = Client()
        client.force_login(cast.secretary)
        return client.post(f"/workspace/logs/{log.pk}/content/", {"version": 0, "content": "内容", "action": "submit"})

    responses = _race(click, click)

    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r["Location"] for r in responses} == {f"/workspace/logs/{log.pk}/done/"}
    log.refresh_from_db()
    assert (log.status, log.version, log.content) == ("submitted", 2, "内容")
    assert [h.status for h in log.history.order_by("history_id")] == ["draft", "draft", "submitted"]
