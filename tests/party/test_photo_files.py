"""Photo files follow their rows: a removal deletes the file only once committed, and the
nightly sweep deletes files left by rolled-back writes and deleted logs."""

import datetime
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from apps.party.logs import activity_log_save, photos_sweep_orphans
from apps.party.models import ActivityLog, ActivityPhoto
from tests import factories as f


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def log(cast, media):
    return f.ActivityLogFactory(organisation=cast.branch, status="draft", created_by=cast.secretary)


def stored(media) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*.jpg")}


def add_photo(log) -> ActivityPhoto:
    photo = ActivityPhoto(log=log)
    photo.image.save("x.jpg", ContentFile(b"\xff\xd8 not really a jpeg"), save=False)
    photo.save()
    return photo


def age(media, name: str, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(media / name, (then, then))


def remove(cast, log, photo) -> None:
    activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={},
        log=log,
        remove_photo_ids=[photo.pk],
        expected_version=log.version,
    )


def test_a_removal_deletes_the_file_only_when_committed(cast, log, media, django_capture_on_commit_callbacks):
    photo = add_photo(log)
    name = photo.image.name
    with pytest.raises(RuntimeError), transaction.atomic():
        remove(cast, log, photo)
        raise RuntimeError("the request fails after the removal")
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists() and name in stored(media)

    log.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        remove(cast, log, photo)
    assert not ActivityPhoto.objects.filter(pk=photo.pk).exists()
    assert name not in stored(media)


def test_the_sweep_deletes_orphans_and_keeps_what_is_referenced_or_fresh(cast, log, media):
    kept = add_photo(log).image.name
    with pytest.raises(RuntimeError), transaction.atomic():
        orphan = add_photo(log).image.name
        raise RuntimeError("rolled back")
    deleted_log = f.ActivityLogFactory(organisation=cast.branch, status="draft")
    left = add_photo(deleted_log).image.name
    ActivityLog.objects.filter(pk=deleted_log.pk).delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        fresh = add_photo(log).image.name
        raise RuntimeError("rolled back just now")
    for name in (kept, orphan, left):
        age(media, name, days=2)
    assert stored(media) == {kept, orphan, left, fresh}

    assert photos_sweep_orphans(older_than=datetime.timedelta(days=1)) == 2
    assert stored(media) == {kept, fresh}
    assert photos_sweep_orphans(older_than=datetime.timedelta(0)) == 1
    assert stored(media) == {kept}
    assert ActivityPhoto.objects.get(image=kept).image.read()


def test_the_sweep_copes_with_no_photo_directory(db, media):
    assert photos_sweep_orphans() == 0


def test_the_sweep_is_scheduled_nightly(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="银发先锋·清理遗留照片文件（每日）")
    assert task.task == "party.sweep_orphan_photos"
    assert (task.interval.every, task.interval.period) == (24 * 3600, "seconds")
