from celery import shared_task

from apps.volunteers.services import certificates_register_due


@shared_task(name="volunteers.register_certificates")
def register_certificates() -> int:
    """Daily: register every certificate whose notice (公示) ended without an open objection."""
    return certificates_register_due()
