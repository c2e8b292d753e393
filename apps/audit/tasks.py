from celery import shared_task

from apps.audit.services import audit_purge


@shared_task(name="audit.purge_old_events")
def purge_old_events() -> int:
    """Scheduled daily by beat: drop audit entries past the retention period."""
    return audit_purge()
