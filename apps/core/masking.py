"""The one masking helper: used by the admin, templates, exports and logs.

Full values are shown only to users holding ``people.view_sensitive_person``.
"""

import re

SENSITIVE_PERMISSION = "people.view_sensitive_person"


def can_view_sensitive(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(SENSITIVE_PERMISSION))


def mask_id_number(value: str | None) -> str:
    """``110101199003071234`` → ``110101********1234``."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``; landlines keep area code and last 4 digits."""
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return value[:3] + "****" + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return value[: max(0, len(value) - 8)] + "****" + value[-4:]


def mask_address(value: str | None) -> str:
    """Keep the first part (district and street), hide the house number."""
    if not value:
        return ""
    keep = min(len(value) // 2, 8)
    return value[:keep] + "****"


def mask_name(value: str | None) -> str:
    """``张三丰`` → ``张*丰``, ``张三`` → ``张*``."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_hidden(value) -> str:
    """Hidden whole (health and other sensitive facts with no harmless part to keep)."""
    if value in (None, ""):
        return ""
    return "******"


MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
    "name": mask_name,
    "hidden": mask_hidden,
}


def masked(kind: str, value: str | None, user) -> str:
    """The value as ``user`` may see it."""
    if can_view_sensitive(user):
        return value or ""
    return MASKERS[kind](value)


# ---------------------------------------------------------------------------
# Free text: ID and mobile numbers found anywhere (log lines, audit details)
# ---------------------------------------------------------------------------
# An 18-character resident ID number or an 11-digit mainland mobile number, not part of a
# longer run of letters or digits (so hashes and timestamps do not match).
PII_PATTERN = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])")


def redact_pii(text: str) -> str:
    """``text`` with every ID and mobile number masked by the helpers above."""
    if not text:
        return text

    def _mask(match):
        value = match.group(0)
        return mask_id_number(value) if len(value) == 18 else mask_phone(value)

    return PII_PATTERN.sub(_mask, text)
