"""Approve / return from the back office's activity-log changelist."""

import pytest

from apps.party import logs
from apps.party.models import ActivityLog
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/party/activitylog/"


def _submitted(cast, roster, basics, theme="重温入党誓词"):
    log = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={**basics, "theme": theme},
        attendance={p.pk: (True, "") for p in roster["members"]},
    )
    return logs.activity_log_submit(log=log, user=cast.secretary)


def test_approving_selected_logs(client, cast, roster, basics):
    a, b = _submitted(cast, roster, basics, "一"), _submitted(cast, roster, basics, "二")
    # A returned log waits for its secretary: it cannot be approved. (A draft is not even
    # listed: it is the secretary's own until submitted.)
    returned = logs.activity_log_return(
        log=_submitted(cast, roster, basics, "三"), reviewer=cast.district, comment="缺少照片"
    )

    response = client_for(client, cast, "district").post(
        CHANGELIST, {"action": "approve_logs", "_selected_action": [a.pk, b.pk, returned.pk]}, follow=True
    )

    assert response.status_code == 200
    statuses = dict(ActivityLog.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "approved", b.pk: "approved", returned.pk: "returned"}
    html = response.content.decode()
    assert "已审核通过 2 条记录" in html
    assert "不能审核通过" in html


def test_returning_asks_for_a_comment_on_a_page_first(client, cast, roster, basics):
    log = _submitted(cast, roster, basics)
    client = client_for(client, cast, "district")

    page = client.post(CHANGELIST, {"action": "return_logs", "_selected_action": [log.pk]})
    assert page.status_code == 200
    assert "退回意见" in page.content.decode()
    assert ActivityLog.objects.get(pk=log.pk).status == "submitted"

    empty = client.post(CHANGELIST, {"action": "return_logs", "_selected_action": [log.pk], "apply": "1"})
    assert "请填写退回意见" in empty.content.decode()
    assert ActivityLog.objects.get(pk=log.pk).status == "submitted"

    done = client.post(
        CHANGELIST, {"action": "return_logs", "_selected_action": [log.pk], "apply": "1", "comment": "缺少照片"}
    )
    assert done.status_code == 302
    log.refresh_from_db()
    assert (log.status, log.review_comment, log.reviewed_by) == ("returned", "缺少照片", cast.district)


def test_leadership_has_no_review_actions(client, cast):
    response = client_for(client, cast, "leader").get(CHANGELIST)
    assert response.status_code == 200
    assert "approve_logs" not in response.content.decode()
