"""Where django-import-export keeps an uploaded file between the preview and the confirmation.

The library's default (``TempFolderStorage``) leaves every unconfirmed preview in ``/tmp``
for good. :class:`PreviewStorage` (``IMPORT_EXPORT_TMP_STORAGE_CLASS``) keeps them in the
private Excel storage (``EXCEL_PRIVATE_ROOT/previews/``, never served), where
``excel_files_purge`` removes them after ``EXCEL_FILE_RETENTION_HOURS``.
"""

import re

from django.core.exceptions import SuspiciousFileOperation
from import_export.tmp_storages import MediaStorage

from apps.core.models import ExcelStorage

PREVIEW_FOLDER = "previews"
# The library names a preview ``uuid4().hex``; the name comes back from the browser in the
# confirmation form, so anything else (``../failed/…``) is refused.
PREVIEW_NAME = re.compile(r"[0-9a-f]{32}")


class PreviewStorage(MediaStorage):
    """The library's ``MediaStorage`` on :class:`~apps.core.models.ExcelStorage`."""

    def __init__(self, **kwargs):
        kwargs["MEDIA_FOLDER"] = PREVIEW_FOLDER
        super().__init__(**kwargs)
        if self.name is not None and not PREVIEW_NAME.fullmatch(self.name):
            raise SuspiciousFileOperation("导入预览文件名无效。")

    def _configure_storage(self):
        self._storage = ExcelStorage()
