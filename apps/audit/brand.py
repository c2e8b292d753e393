"""The audit log's declarations: its daily purge (no sidebar group, no home card)."""

import datetime

from apps.core.brands import Brand, Schedule

BRAND = Brand(
    key="audit",
    title="审计日志",
    shared=True,
    order=1000,
    schedules=(Schedule("audit-purge-old-events", "audit.purge_old_events", every=datetime.timedelta(days=1)),),
)
