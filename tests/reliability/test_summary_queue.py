"""The year's summary job (``summary.generate``) when the task queue is down: the leader is
told so in Chinese and nothing is written — no job left "排队中" that no worker will ever
run (``make faults redis`` checks the same against a real Redis being shut down)."""

import pytest
from django.urls import reverse

from apps.summary.models import SummaryJob
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_summary_asked_for_while_the_queue_is_down_is_refused_and_writes_nothing(client, cast, monkeypatch):
    monkeypatch.setattr("apps.core.queue.queue_available", lambda timeout=1.0: False)
    sent = []
    monkeypatch.setattr("apps.summary.tasks.generate_summary.apply_async", lambda *a, **k: sent.append((a, k)))
    monkeypatch.setattr("apps.summary.tasks.generate_summary.delay", lambda *a, **k: sent.append((a, k)))

    response = client_for(client, cast, "leader").post(
        reverse("summary:index"), {"year": 2025, "region": ""}, follow=True
    )

    assert response.status_code == 200
    assert "后台任务队列暂时不可用" in response.content.decode()
    assert SummaryJob.objects.count() == 0
    assert sent == []


def test_with_the_queue_up_the_job_is_written_and_sent_once(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("apps.core.queue.queue_available", lambda timeout=1.0: True)
    sent = []
    monkeypatch.setattr("apps.summary.tasks.generate_summary.apply_async", lambda *a, **k: sent.append((a, k)))
    monkeypatch.setattr("apps.summary.tasks.generate_summary.delay", lambda *a, **k: sent.append((a, k)))

    with django_capture_on_commit_callbacks(execute=True):
        client_for(client, cast, "leader").post(reverse("summary:index"), {"year": 2025, "region": ""})

    job = SummaryJob.objects.get()
    assert len(sent) == 1
    assert job.pk in [*sent[0][0], *sent[0][1].get("args", ())]
