"""Test settings: the real settings with fast password hashing and no debug toolbar.

The suite runs against whatever ``DATABASE_URL``/``REDIS_URL`` say, like the portal.
"""

import os

os.environ.setdefault("CADRE_TESTING", "1")

from cadre_portal.settings import *  # noqa: F403

MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Uploaded workbooks and failing-row files of the suite stay out of var/.
EXCEL_PRIVATE_ROOT = MEDIA_ROOT / "excel-private"
