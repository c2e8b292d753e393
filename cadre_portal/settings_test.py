"""Test settings: the real settings with fast password hashing and no debug toolbar.

The suite runs against whatever ``DATABASE_URL``/``REDIS_URL`` say, like the portal.
"""

import os
from pathlib import Path

os.environ.setdefault("CADRE_TESTING", "1")

# Under pytest-xdist (``make test`` runs two workers) each worker is a separate run: its own
# test database (pytest-django adds the suffix), its own media folder and its own Redis
# database, counted down from REDIS_URL's (15 → 15, 14, …), so one worker's Celery worker
# never takes the other's tasks and no flush reaches the other's keys.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and os.environ.get("REDIS_URL"):
    from urllib.parse import urlsplit, urlunsplit

    _index = int(XDIST_WORKER.removeprefix("gw") or 0)
    _url = urlsplit(os.environ["REDIS_URL"])
    _db = int(_url.path.strip("/") or 0)
    _db = _db - _index if _db >= _index else _db + _index
    os.environ["REDIS_URL"] = urlunsplit(_url._replace(path=f"/{_db}"))

from cadre_portal.settings import *  # noqa: E402, F403

# CADRE_TEST_MEDIA lets two runs of the suite share a checkout without sharing files.
MEDIA_ROOT = Path(os.environ.get("CADRE_TEST_MEDIA", BASE_DIR / ".test-media")) / XDIST_WORKER  # noqa: F405
# Uploaded workbooks and failing-row files of the suite stay out of var/.
EXCEL_PRIVATE_ROOT = MEDIA_ROOT / "excel-private"
# Signed-in requests read the session from the database, whatever REDIS_URL says, so the
# suite's pinned query counts hold on every backend; tests/security/test_sessions.py runs
# every session rule on cached_db sessions too.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
