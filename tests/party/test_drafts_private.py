"""A draft activity log is its secretary's own until submitted: every page and export
other than the secretary's workspace leaves it out (issue 14, item 10)."""

import datetime

import pytest
from django.urls import reverse

from apps.party.models import ActivityLog
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 15)


@pytest.fixture
def logs(cast):
    draft = f.ActivityLogFactory(
        organisation=cast.branch, held_on=DAY, theme="尚未提交的草稿活动", status="draft", created_by=cast.secretary
    )
    submitted = f.ActivityLogFactory(
        organisation=cast.branch, held_on=DAY, theme="已经提交的活动", status="submitted", created_by=cast.secretary
    )
    return draft, submitted


@pytest.mark.parametrize("role", ["leader", "staff", "district"])
def test_the_organisation_page_leaves_out_drafts(client, cast, logs, role):
    url = reverse("dashboard:organisation", args=[cast.branch.pk])
    html = client_for(client, cast, role).get(url, {"year": DAY.year}).content.decode()
    assert "已经提交的活动" in html
    assert "尚未提交的草稿活动" not in html


@pytest.mark.parametrize("role", ["staff", "district"])
def test_the_back_office_list_and_change_page_leave_out_others_drafts(client, cast, logs, role):
    draft, submitted = logs
    c = client_for(client, cast, role)
    html = c.get("/admin/party/activitylog/").content.decode()
    assert "已经提交的活动" in html
    assert "尚未提交的草稿活动" not in html
    assert c.get(f"/admin/party/activitylog/{draft.pk}/change/").status_code in (302, 404)
    assert c.get(f"/admin/party/activitylog/{submitted.pk}/change/").status_code == 200


def test_a_draft_staff_entered_in_the_back_office_stays_visible_to_its_author(client, cast):
    own = f.ActivityLogFactory(organisation=cast.branch, theme="机关录入的草稿", status="draft", created_by=cast.staff)
    assert ActivityLog.objects.for_user(cast.staff).filter(pk=own.pk).exists()
    assert not ActivityLog.objects.for_user(cast.district).filter(pk=own.pk).exists()


def test_the_secretary_still_sees_the_branch_drafts_in_the_workspace(client, cast, logs):
    html = client_for(client, cast, "secretary").get(reverse("workspace:log_list")).content.decode()
    assert "尚未提交的草稿活动" in html
