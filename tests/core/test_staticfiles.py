"""Production static URLs: computed from the manifest once per name."""

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from apps.core.staticfiles import CachedUrlManifestStaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "portal.css").write_text("body { color: #b3001b; }")
    storage = CachedUrlManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/portal.css": "css/portal.0123abcd.css"}
    return storage


def test_it_answers_the_manifest_url(storage):
    assert storage.url("css/portal.css") == "/static/css/portal.0123abcd.css"


def test_it_asks_the_manifest_once_per_name(storage, monkeypatch):
    calls = []
    real = ManifestStaticFilesStorage.url
    monkeypatch.setattr(
        ManifestStaticFilesStorage, "url", lambda self, name, force=False: calls.append(name) or real(self, name, force)
    )

    for _ in range(3):
        storage.url("css/portal.css")

    assert calls == ["css/portal.css"]


def test_it_refuses_a_name_missing_from_the_manifest_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("css/missing.css")
