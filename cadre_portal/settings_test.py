"""Test settings: the real settings with fast password hashing and no debug toolbar.

The suite runs against whatever ``DATABASE_URL``/``REDIS_URL`` say, like the portal.
"""

import os
from pathlib import Path

os.environ.setdefault("CADRE_TESTING", "1")

from cadre_portal.settings import *  # noqa: F403

# CADRE_TEST_MEDIA lets two runs of the suite share a checkout without sharing files.
MEDIA_ROOT = Path(os.environ.get("CADRE_TEST_MEDIA", BASE_DIR / ".test-media"))  # noqa: F405
# Uploaded workbooks and failing-row files of the suite stay out of var/.
EXCEL_PRIVATE_ROOT = MEDIA_ROOT / "excel-private"
# Signed-in requests read the session from the database, whatever REDIS_URL says, so the
# suite's pinned query counts hold on every backend; tests/security/test_sessions.py runs
# every session rule on cached_db sessions too.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
