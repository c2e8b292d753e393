"""A logging filter that masks ID and mobile numbers in every log line (defence in depth:
code must not log personal data in the first place, and the suite checks that it does not)."""

import logging

from apps.core.masking import redact_pii


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_pii(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
