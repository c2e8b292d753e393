"""Role × URL rows for the workspace shell, the secretary's workspace and the review queue
(the team leader's pages: table_volunteers.py and table_orders.py)."""

import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests import factories as f
from tests.access.matrix import Page, outcome

SECRETARY = {"secretary"}
REVIEWERS = {"staff", "district"}
# Who may open an activity photo: anyone holding party.view_activityphoto whose scope
# holds the log (the district role works in 广陵区, like cast.branch).
PHOTO_VIEWERS = {"leader", "staff", "district", "secretary"}


def _draft(cast):
    return f.ActivityLogFactory(organisation=cast.branch)


def _submitted(cast):
    return f.ActivityLogFactory(organisation=cast.branch, status="submitted", submitted_at=timezone.now())


def _photo(cast):
    from apps.party.models import ActivityPhoto

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    # A submitted log's photo: a draft (and its photos) is its secretary's own until submitted.
    photo = ActivityPhoto(log=_submitted(cast))
    photo.image.save("matrix.jpg", ContentFile(buffer.getvalue()), save=True)
    return photo


def _notice(cast):
    from apps.core.models import Notice

    return Notice.objects.create(user=cast.secretary, title="请按时开展主题党日")


def _log_path(suffix, make=_draft):
    return lambda cast: f"/workspace/logs/{make(cast).pk}/{suffix}"


PAGES = {
    # The secretary's and the volunteer team leader's 工作台 (each brand's part).
    "workspace:home": Page("/workspace/", outcome(SECRETARY | {"team_leader"})),
    "workspace:log_list": Page("/workspace/logs/?status=draft", outcome(SECRETARY)),
    "workspace:log_new": Page("/workspace/logs/new/", outcome(SECRETARY)),
    "workspace:log_detail": Page(_log_path(""), outcome(SECRETARY)),
    "workspace:log_basics": Page(_log_path("basics/"), outcome(SECRETARY)),
    "workspace:log_attendance": Page(_log_path("attendance/"), outcome(SECRETARY)),
    "workspace:log_content": Page(_log_path("content/"), outcome(SECRETARY)),
    "workspace:log_done": Page(_log_path("done/", _submitted), outcome(SECRETARY)),
    # Marking a notice read is a POST that goes back to the workspace.
    # (The team leader has a workspace too: another user's notice is a 404 to him.)
    "workspace:notice_read": Page(
        lambda cast: f"/workspace/notices/{_notice(cast).pk}/read/",
        outcome(SECRETARY, ok_status=302) | {"team_leader": 404},
        method="post",
    ),
    "workspace:photo": Page(lambda cast: f"/workspace/photos/{_photo(cast).pk}/", outcome(PHOTO_VIEWERS)),
    "workspace:review_queue": Page("/workspace/review/?activity_type=theme_day", outcome(REVIEWERS)),
    "workspace:review_detail": Page(lambda cast: f"/workspace/review/{_submitted(cast).pk}/", outcome(REVIEWERS)),
    "workspace:review_approve": Page(
        lambda cast: f"/workspace/review/{_submitted(cast).pk}/approve/", outcome(REVIEWERS)
    ),
    "workspace:review_return": Page(
        lambda cast: f"/workspace/review/{_submitted(cast).pk}/return/", outcome(REVIEWERS)
    ),
}
