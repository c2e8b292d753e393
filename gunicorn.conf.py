"""gunicorn settings for ``make serve`` (bind address and workers come from the command
line). The error and access logs go to stdout/stderr through the portal's redaction filter:
an access-log line carries the query string, which must never show an ID or mobile number
in full (apps.audit.logging)."""

from gunicorn.glogging import Logger

from apps.audit.logging import redact_handlers

accesslog = "-"
errorlog = "-"


class RedactingLogger(Logger):
    """gunicorn's logger with the redaction filter on every handler it sets up (it is run
    again on reload, and builds new handlers each time)."""

    def setup(self, cfg):
        super().setup(cfg)
        redact_handlers(self.error_log)
        redact_handlers(self.access_log)


logger_class = RedactingLogger
