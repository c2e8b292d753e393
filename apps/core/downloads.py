"""The one way a file is offered for download: ``Content-Disposition`` after RFC 6266.

``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>``: every
browser in use reads ``filename*`` (RFC 5987) and gets the real, possibly Chinese, name;
an old client falls back to the plain ASCII one. Django's own header encoding would turn a
non-ASCII ``filename="…"`` into RFC 2047 (``=?utf-8?b?…?=``), which browsers show as is.
"""

import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

# Path separators, quotes and control characters never reach either parameter.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\"]+')
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _clean(filename: str) -> str:
    name = _UNSAFE.sub("_", filename.replace("\r", "").replace("\n", "")).strip(" ._")
    return name or "download"


def _ascii_fallback(name: str) -> str:
    path = PurePosixPath(name)
    stem, suffix = path.stem, _NOT_ASCII_SAFE.sub("", path.suffix)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    # Dropped characters leave runs of separators ("2025年-全市-" → "2025--"): keep one.
    ascii_stem = re.sub(r"([._-])[._-]+", r"\1", _NOT_ASCII_SAFE.sub("_", ascii_stem)).strip("._-")
    if ascii_stem != stem:
        # Something was lost (a Chinese title): say what it is rather than show a stub.
        ascii_stem = f"download-{ascii_stem}" if ascii_stem else "download"
    return f"{ascii_stem}{suffix}"


def attachment_header(filename: str) -> str:
    """The ``Content-Disposition`` value offering ``filename`` (any Unicode) for download."""
    name = _clean(filename)
    return f"attachment; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def set_attachment(response, filename: str):
    """Mark ``response`` as the download of ``filename``; returns the response."""
    response["Content-Disposition"] = attachment_header(filename)
    return response


def export_filename(what: str, *scope: str, on=None, extension: str = "xlsx") -> str:
    """The name of an export: what, whose scope, the date — ``党员名册-邗江区-2026-12-06.xlsx``.

    ``scope`` parts (a year, a region …) are kept in order, empty ones dropped; ``on``
    defaults to today (local time).
    """
    from django.utils import timezone

    day = on or timezone.localdate()
    parts = [what, *(str(part) for part in scope if part), day.isoformat()]
    return f"{'-'.join(parts)}.{extension}"
