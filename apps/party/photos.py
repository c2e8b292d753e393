"""The one photo service: every path that stores an activity photo goes through ``photo_prepare``.

Today that is the workspace (``apps.party.logs.activity_log_save``) and the back office's
photo inline on an activity log (``apps.party.forms.PhotoUploadField``). A new path must
call it too: nothing uploaded is ever stored as it came.

An upload is judged by its content (never its name or declared type), refused when it is
empty, not a JPEG/PNG/WebP, over ``PHOTO_MAX_BYTES`` or with ``PHOTO_MAX_PIXELS`` pixels
or more (read from the header, before any pixel is decoded). What is stored is a JPEG
freshly encoded from the decoded pixels only: upright (EXIF orientation applied), at most
``PHOTO_MAX_SIDE`` pixels a side, with no APPn segment (EXIF and its GPS position, ICC,
XMP, even JFIF), no comment and nothing after the end of the image. A polyglot (a PHP
payload in a comment, a metadata chunk or after the image) therefore does not survive.
"""

import io
import struct
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_MAX_COUNT = 9
PHOTO_MAX_SIDE = 1600
# Refused at this many pixels or more, from the header: decoding 50 megapixels took
# ~430 MB. JPEGs under the limit are decoded at a reduced scale (``draft``).
PHOTO_MAX_PIXELS = 50_000_000
# MPO: a JPEG with further pictures appended, as some phone cameras write; the first is kept.
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
PHOTO_JPEG_QUALITY = 85

# What Pillow raises on a file that is not an image, or is broken or truncated.
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error)


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo that passed validation, re-encoded as a clean JPEG and ready to store."""

    content: bytes
    width: int
    height: int

    def as_file(self) -> ContentFile:
        """The JPEG as a file to assign to an ``ImageField`` (a random name: the original
        one may carry personal data)."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.jpg")


def photo_prepare(upload) -> PreparedPhoto:
    """Validate one uploaded image by its content and return it as a clean, resized JPEG.

    Raises ``ValidationError`` with a Chinese message naming the file for anything that
    is refused (see the module docstring).
    """
    name = getattr(upload, "name", "") or "照片"
    size = upload.size
    if not size:
        raise ValidationError(f"照片“{name}”是空文件（0 字节），没有保存。请重新拍摄或选择照片。", code="empty")
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(
            f"照片“{name}”超过 {PHOTO_MAX_BYTES // (1024 * 1024)} MB，请换一张或压缩后再传。", code="too_large"
        )
    not_an_image = ValidationError(f"文件“{name}”不是有效的图片，请选择照片文件。", code="invalid")
    upload.seek(0)
    try:
        # Pillow's own guard against decompression bombs fires far above our limit; as an
        # error it is one more way of saying "too many pixels".
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name)
    except _DECODE_ERRORS:
        raise not_an_image
    with img:
        # Opening read the header only: judge format and size before decoding a pixel.
        if img.format not in PHOTO_FORMATS:
            raise ValidationError(f"文件“{name}”的格式不支持，请上传 JPG、PNG 或 WebP 照片。", code="format")
        width, height = img.size
        if width * height >= PHOTO_MAX_PIXELS:
            raise _too_many_pixels(name, width, height)
        try:
            return _reencode(img)
        except (*_DECODE_ERRORS, Image.DecompressionBombError):
            raise not_an_image


def _too_many_pixels(name: str, width: int = 0, height: int = 0) -> ValidationError:
    limit = f"{PHOTO_MAX_PIXELS // 10_000} 万像素"
    found = f"（{width}×{height}）" if width else ""
    return ValidationError(
        f"照片“{name}”像素过大{found}，须少于 {limit}。请换一张，或在手机相机设置中调低分辨率后重拍。",
        code="too_many_pixels",
    )


def _reencode(img: Image.Image) -> PreparedPhoto:
    """Decode ``img`` (opened, not loaded) and encode its pixels alone as a new JPEG."""
    if img.format in ("JPEG", "MPO"):
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the result still has at least
        # twice the pixels the stored photo keeps (as ``Image.thumbnail`` does).
        scale = max(img.size) / PHOTO_MAX_SIDE
        if scale > 2:
            img.draft("RGB", (int(img.size[0] / scale * 2), int(img.size[1] / scale * 2)))
    img.load()
    img = ImageOps.exif_transpose(img)
    if img.has_transparency_data:
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    elif img.mode != "RGB":
        img = img.convert("RGB")
    img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image from the raw pixels: no ``info`` (comment, ICC, EXIF, XMP) to carry over.
    pixels = Image.frombytes("RGB", img.size, img.tobytes())
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=PHOTO_JPEG_QUALITY, optimize=True)
    return PreparedPhoto(content=_strip_app_segments(out.getvalue()), width=pixels.width, height=pixels.height)


def _strip_app_segments(jpeg: bytes) -> bytes:
    """``jpeg`` (as Pillow just encoded it) without its APPn and comment segments.

    The encoder always writes a JFIF APP0 header; it holds no picture data (a decoder
    reads three components as YCbCr without it). Everything from the start of the scan
    on is kept as encoded.
    """
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("the encoder did not write a JPEG")
    kept, i = [jpeg[:2]], 2
    while True:
        if jpeg[i] != 0xFF:
            raise ValueError("unexpected byte between JPEG segments")
        marker = jpeg[i + 1]
        if marker == 0xDA:  # start of scan: the rest is the picture and EOI
            kept.append(jpeg[i:])
            return b"".join(kept)
        length = int.from_bytes(jpeg[i + 2 : i + 4], "big")
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            kept.append(jpeg[i : i + 2 + length])
        i += 2 + length
