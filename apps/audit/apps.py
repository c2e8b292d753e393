from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    verbose_name = "安全审计"

    def ready(self):
        # Sign-in events, role/permission changes and record history feed the audit log.
        from apps.audit import receivers  # noqa: F401
