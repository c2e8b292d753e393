"""A logging filter that masks ID and mobile numbers in every log line (defence in depth:
code must not log personal data in the first place, and the suite checks that it does not).

It is on every handler: those of ``LOGGING`` (settings), gunicorn's error and access logs
(``gunicorn.conf.py``) and Celery's worker logs (``cadre_portal/celery.py``)."""

import logging
from urllib.parse import unquote

from apps.core.masking import PII_PATTERN, redact_pii


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_pii(message)
        if "%" in redacted:
            # A URL in an access log: a number right after a percent-encoded character
            # (``?q=%E6%9F%A5321002…``) is only seen once the line is decoded.
            decoded = unquote(redacted)
            if PII_PATTERN.search(decoded):
                redacted = redact_pii(decoded)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def redact_handlers(logger: logging.Logger) -> None:
    """Put the filter on every handler of ``logger`` that lacks it (for handlers that other
    libraries create outside ``LOGGING``)."""
    for handler in logger.handlers:
        if not any(isinstance(f, RedactPersonalDataFilter) for f in handler.filters):
            handler.addFilter(RedactPersonalDataFilter())
