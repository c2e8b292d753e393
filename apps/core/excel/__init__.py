"""The one Excel base: xlsx formats, upload checks, the resource base, the admin mixin and
background imports, shared by every import/export in the project.

- :mod:`.uploads` — refuse what is not a plain xlsx before anything reads it.
- :mod:`.writer` — the one xlsx writer of the project (XlsxWriter, constant memory): every
  workbook the portal hands out, formulae escaped, Excel's limits refused in Chinese.
- :mod:`.formats` — the library's XLSX format: reading with python-calamine, writing with
  :mod:`.writer`.
- :mod:`.resources` — :class:`ExcelResource`: Chinese headers, a template, bulk all-or-nothing
  import with cached look-ups and per-row, per-field Chinese errors; scoped, masked export.
- :mod:`.bulk` — the import's writer: ``COPY`` (PostgreSQL) or ``bulk_create``, history rows
  too, in the caller's thread and transaction, text stored as given.
- :mod:`.admin` — :class:`ExcelAdminMixin` for the ModelAdmins (unfold forms and templates).
- :mod:`.services`/:mod:`.tasks`/:mod:`.views` — large files as an ``ImportJob`` run by Celery.
"""
