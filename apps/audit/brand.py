"""The audit log's declarations: its daily purge (no sidebar group, no home card)."""

import datetime

from apps.core.brands import Brand, Schedule

BRAND = Brand(
    key="audit",
    title="审计日志",
    shared=True,
    order=1000,
    schedules=(
        Schedule(
            "审计日志·清理超过保存期的记录（每日）",
            "audit.purge_old_events",
            every=datetime.timedelta(days=1),
            former_names=("audit-purge-old-events",),
        ),
    ),
)
