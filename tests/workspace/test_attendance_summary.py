"""Wherever attendance is reviewed, the page says 应到 / 实到 and names who was missing
(issue 14, item 18): 应到 counts the branch's members on the activity's date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.party import logs
from tests.conftest import client_for
from tests.workspace.conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(cast, roster, basics):
    # Joined after the activity: not expected at it. (The roster's former member left in 2025.)
    member(cast.branch, 7, joined_on=timezone.localdate())
    present, absent, _unrecorded = roster["members"]
    log = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data=basics,
        attendance={present.pk: (True, ""), absent.pk: (False, "住院")},
    )
    return logs.activity_log_submit(log=log, user=cast.secretary), roster["members"]


def _summary_ok(html, members):
    assert "应到 3 人" in html
    assert "实到 1 人" in html
    assert "缺席 2 人" in html
    assert members[1].name in html.split("缺席 2 人", 1)[1]
    assert members[2].name in html.split("缺席 2 人", 1)[1]


def test_the_review_page_shows_expected_and_present(client, cast, submitted):
    log, members = submitted
    html = client_for(client, cast, "district").get(reverse("workspace:review_detail", args=[log.pk])).content.decode()
    _summary_ok(html, members)


def test_the_back_office_change_page_shows_expected_and_present(client, cast, submitted):
    log, members = submitted
    html = client_for(client, cast, "staff").get(f"/admin/party/activitylog/{log.pk}/change/").content.decode()
    _summary_ok(html, members)


def test_expected_counts_members_on_the_activity_date(cast, roster, basics):
    from apps.party.selectors import attendance_summary

    log = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={**basics, "held_on": datetime.date(2025, 6, 1)},
        attendance={p.pk: (True, "") for p in roster["members"]},
    )
    # In June 2025 the member who left at the end of 2025 was still on the roll.
    summary = attendance_summary(log)
    assert (summary["expected"], summary["present"], len(summary["absent"])) == (4, 3, 1)
