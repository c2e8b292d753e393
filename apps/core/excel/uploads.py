"""Checks on an uploaded workbook, done on the bytes before any parser sees them.

An xlsx file is a zip of XML parts. We refuse: files over the size limit, anything that is
not a zip, macro-enabled workbooks (``.xlsm`` content type or a ``vbaProject.bin`` part),
zip bombs (judged from the sizes the zip directory declares, before decompressing), and
parts carrying a DTD (entity-expansion bombs; a genuine xlsx never has one). Every part is
scanned whole, whatever its name (the content-types part, not the name, tells a parser what
is XML), in UTF-8 and UTF-16: a DTD may follow a comment of any length.
"""

import io
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

XLSX_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "application/zip",
    "",
}
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")
# How much bigger than the compressed file its unpacked parts may be; real workbooks
# compress ~5-15×, bombs ~1000×.
MAX_RATIO = 200
MAX_MEMBERS = 2000
SCAN_CHUNK_BYTES = 1024 * 1024
# A DTD or an entity declaration, as upper-cased bytes in each encoding an XML parser
# detects by itself (UTF-8 and its ASCII subset, UTF-16 in either byte order).
DTD_MARKERS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)


def max_upload_bytes() -> int:
    return getattr(settings, "EXCEL_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "EXCEL_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)


def check_upload(*, name: str, size: int, content_type: str = "") -> None:
    """What can be judged before reading the file: its name, size and declared type."""
    lowered = (name or "").lower()
    if size > max_upload_bytes():
        raise ValidationError(
            f"文件过大（{filesizeformat(size)}），单个文件不得超过 {filesizeformat(max_upload_bytes())}。",
            code="too_large",
        )
    if lowered.endswith(MACRO_EXTENSIONS) or "macroenabled" in (content_type or "").lower():
        raise ValidationError("不接受含宏的工作簿（.xlsm 等），请另存为 .xlsx 后再上传。", code="macro")
    if not lowered.endswith(".xlsx"):
        raise ValidationError("仅支持 Excel 2007 及以上版本的 .xlsx 文件，请使用下载的模板填写。", code="not_xlsx")


def check_xlsx_bytes(data: bytes) -> None:
    """Refuse anything but a plain, reasonably sized xlsx (see the module docstring)."""
    if len(data) > max_upload_bytes():
        raise ValidationError(f"文件过大，单个文件不得超过 {filesizeformat(max_upload_bytes())}。", code="too_large")
    if not data:
        raise ValidationError("上传的文件是空的。", code="empty")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError("文件内容不是有效的 Excel（.xlsx）文件，请使用下载的模板填写。", code="not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise ValidationError("文件内容不是有效的 Excel（.xlsx）文件，请使用下载的模板填写。", code="not_xlsx")
            if len(infos) > MAX_MEMBERS:
                raise ValidationError("文件结构异常（压缩包内文件过多），已拒绝。", code="zip_bomb")
            total = sum(info.file_size for info in infos)
            if total > max_uncompressed_bytes() or total > MAX_RATIO * max(len(data), 1):
                raise ValidationError("文件解压后体积异常（疑似压缩炸弹），已拒绝。", code="zip_bomb")
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ValidationError("不接受含宏的工作簿，请另存为 .xlsx 后再上传。", code="macro")
            if b"macroenabled" in zf.read("[Content_Types].xml").lower():
                raise ValidationError("不接受含宏的工作簿，请另存为 .xlsx 后再上传。", code="macro")
            for info in infos:
                if _has_dtd(zf, info):
                    raise ValidationError("文件含有不允许的 XML 声明（DTD/实体），已拒绝。", code="xml_bomb")
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ValidationError("文件已损坏，无法读取。", code="not_xlsx") from exc
    except (RuntimeError, NotImplementedError) as exc:
        # An encrypted part, or a compression method zipfile cannot read.
        raise ValidationError(
            "文件已加密或压缩方式不受支持，无法读取，请另存为普通 .xlsx 后再上传。", code="not_xlsx"
        ) from exc


def _has_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part holds a DTD or entity declaration anywhere, read in chunks.

    The sizes checked above bound what is read: a part stops at the size the zip
    directory declares for it.
    """
    overlap = max(len(m) for m in DTD_MARKERS) - 1
    tail = b""
    with zf.open(info) as part:
        while chunk := part.read(SCAN_CHUNK_BYTES):
            window = tail + chunk.upper()
            if any(marker in window for marker in DTD_MARKERS):
                return True
            tail = window[-overlap:]
    return False
