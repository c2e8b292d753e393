"""Every path that stores a photo re-encodes it through one service (``apps.party.photos``).

What is stored is a JPEG freshly encoded from the decoded pixels: no APPn segment (EXIF
and its GPS position, ICC, XMP, not even JFIF), no comment, nothing after the end of the
image. A PHP/JPEG polyglot (payload in a comment or appended after the image) does not
survive; images too big to decode safely are refused from their header.
"""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.party import logs, photos
from apps.party.models import ActivityPhoto
from tests import factories as f

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
PHP = b"<?php system($_GET['c']); ?>"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="32,23.09N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------
def polyglot(width: int = 640, height: int = 480, *, name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    """A phone-camera-like JPEG (EXIF with GPS, ICC, XMP) carrying a PHP payload twice: in a
    comment segment and appended after the end of the image."""
    exif = Image.Exif()
    exif[0x0110] = "TestCam"
    exif[GPS_IFD] = {1: "N", 2: (32.0, 23.0, 5.5), 3: "E", 4: (119.0, 25.0, 1.2)}
    icc = _srgb_icc()
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 40, 40)).save(
        buffer, format="JPEG", exif=exif, comment=PHP, icc_profile=icc, xmp=XMP
    )
    data = buffer.getvalue() + PHP
    source = markers(data, trailing_ok=True)
    assert {0xE1, 0xE2, 0xFE} <= {m for m, _ in source}  # EXIF/XMP, ICC and the comment are there
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _srgb_icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def markers(data: bytes, *, trailing_ok: bool = False) -> list[tuple[int, bytes]]:
    """The JPEG's segments as ``(marker, payload)`` from SOI to EOI, parsed byte by byte.

    Entropy-coded data after each SOS is skipped (stuffed ``FF00`` and restart markers stay
    inside it). Unless ``trailing_ok``, EOI must be the file's last two bytes.
    """
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    found, i = [(0xD8, b"")], 2
    while True:
        assert data[i] == 0xFF, f"no marker at byte {i}"
        while data[i] == 0xFF:
            i += 1
        marker = data[i]
        i += 1
        if marker == 0xD9:
            found.append((marker, b""))
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            found.append((marker, b""))
            continue
        (length,) = struct.unpack(">H", data[i : i + 2])
        found.append((marker, data[i + 2 : i + length]))
        i += length
        if marker == 0xDA:
            while not (data[i] == 0xFF and data[i + 1] not in (0x00, *range(0xD0, 0xD8))):
                i += 1
    if not trailing_ok:
        assert i == len(data), f"{len(data) - i} bytes after the end of the image"
    return found


def assert_clean_jpeg(data: bytes) -> None:
    segments = markers(data)
    kinds = [m for m, _ in segments]
    assert not [hex(m) for m in kinds if 0xE0 <= m <= 0xEF], "an APPn segment survived"
    assert 0xFE not in kinds, "a comment segment survived"
    assert b"<?php" not in data and b"TestCam" not in data and b"xmpmeta" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert not {"exif", "icc_profile", "xmp", "comment", "jfif"} & set(image.info)
    assert len(image.getexif()) == 0
    r, g, b = image.convert("RGB").getpixel((10, 10))
    assert abs(r - 180) < 8 and abs(g - 40) < 8 and abs(b - 40) < 8  # the picture itself survives


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width × height`` and whose image data is empty."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to declare ``width × height``."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


# ---------------------------------------------------------------------------
# The workspace (apps.party.logs)
# ---------------------------------------------------------------------------
def save_with_photo(cast, upload):
    data = {"activity_type": "theme_day", "held_on": "2026-10-15", "mode": "offline", "theme": "重温入党誓词"}
    return logs.activity_log_save(user=cast.secretary, organisation=cast.branch, data=data, photos=[upload])


def test_the_workspace_stores_a_polyglot_as_clean_pixels_only(cast):
    log = save_with_photo(cast, polyglot())
    assert_clean_jpeg(log.photos.get().image.read())


def test_a_png_with_a_payload_in_a_text_chunk_is_stored_clean(cast):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", PHP.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (180, 40, 40)).save(buffer, format="PNG", pnginfo=text)
    log = save_with_photo(cast, SimpleUploadedFile("a.png", buffer.getvalue() + PHP))
    assert_clean_jpeg(log.photos.get().image.read())


# ---------------------------------------------------------------------------
# The back office (the activity log's photo inline)
# ---------------------------------------------------------------------------
def admin_post(client, cast, log, upload):
    client.force_login(cast.staff)
    data = {
        "organisation": log.organisation_id,
        "activity_type": log.activity_type,
        "mode": log.mode,
        "held_on": log.held_on.isoformat(),
        "place": log.place,
        "host": "",
        "theme": log.theme,
        "campaign": "",
        "content": "",
        "lock_version": log.version,
        "attendance-TOTAL_FORMS": 0,
        "attendance-INITIAL_FORMS": 0,
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 0,
        "photos-0-image": upload,
        "photos-0-caption": "",
    }
    return client.post(reverse("admin:party_activitylog_change", args=[log.pk]), data)


def test_the_back_office_inline_stores_a_polyglot_as_clean_pixels_only(client, cast):
    log = f.ActivityLogFactory(organisation=cast.branch, status="submitted")  # a draft is its secretary's own
    response = admin_post(client, cast, log, polyglot(name="张三_身份证.jpg"))
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = ActivityPhoto.objects.get(log=log)
    assert_clean_jpeg(photo.image.read())
    assert photo.image.name.startswith(f"activity_photos/{log.pk}/") and "张三" not in photo.image.name


def test_the_back_office_inline_refuses_what_the_workspace_refuses(client, cast, monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_PIXELS", 100 * 100)
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buffer, format="JPEG")
    log = f.ActivityLogFactory(organisation=cast.branch, status="submitted")  # a draft is its secretary's own
    response = admin_post(client, cast, log, SimpleUploadedFile("a.jpg", buffer.getvalue()))
    assert response.status_code == 200
    assert "像素过大" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


# ---------------------------------------------------------------------------
# The pixel limit, judged from the header before any pixel is decoded
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("make", [png_header_only, jpeg_declaring])
@pytest.mark.parametrize("size", [(10_000, 5_000), (10_000, 5_001), (40_000, 40_000)])
def test_an_image_of_the_pixel_limit_or_more_is_refused_from_its_header(make, size):
    assert photos.PHOTO_MAX_PIXELS == 50_000_000
    upload = SimpleUploadedFile("big.png", make(*size))
    with pytest.raises(ValidationError) as exc:
        photos.photo_prepare(upload)
    # A file that holds no pixels for that size: had it been decoded, it would have been
    # refused as broken, not as too big.
    assert "像素过大" in exc.value.messages[0]
    assert "5000 万像素" in exc.value.messages[0]


def test_the_limit_is_exclusive_and_one_pixel_less_is_accepted(monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_PIXELS", 100 * 100)
    for size, accepted in (((100, 100), False), ((100, 99), True)):
        buffer = io.BytesIO()
        Image.new("RGB", size, (180, 40, 40)).save(buffer, format="PNG")
        upload = SimpleUploadedFile("a.png", buffer.getvalue())
        if accepted:
            assert photos.photo_prepare(upload).width == 100
        else:
            with pytest.raises(ValidationError, match="像素过大"):
                photos.photo_prepare(upload)


def test_an_empty_file_is_refused_with_its_own_message():
    with pytest.raises(ValidationError) as exc:
        photos.photo_prepare(SimpleUploadedFile("空.jpg", b""))
    assert "空文件" in exc.value.messages[0]


def test_the_back_office_inline_still_offers_a_file_upload(client, cast):
    log = f.ActivityLogFactory(organisation=cast.branch, status="submitted")  # a draft is its secretary's own
    client.force_login(cast.staff)
    html = client.get(reverse("admin:party_activitylog_change", args=[log.pk])).content.decode()
    assert 'type="file" name="photos-__prefix__-image"' in html


def test_a_big_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    from PIL import JpegImagePlugin

    decoded = []
    load = JpegImagePlugin.JpegImageFile.load

    def spy(self):
        decoded.append(self.size)
        return load(self)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy)
    monkeypatch.setattr(photos, "PHOTO_MAX_SIDE", 100)
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 800), (180, 40, 40)).save(buffer, format="JPEG")
    prepared = photos.photo_prepare(SimpleUploadedFile("a.jpg", buffer.getvalue()))
    assert (prepared.width, prepared.height) == (100, 80)
    # 1/4 scale: still at least twice the pixels kept a side, a sixteenth of the memory.
    assert decoded[0] == (250, 200)


def test_a_multi_picture_jpeg_from_a_phone_keeps_its_first_picture_only(cast):
    # Some phone cameras write MPO: a JPEG with a second picture (a preview, the other
    # lens) appended, which Pillow reports as its own format.
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (640, 480), (180, 40, 40)), Image.new("RGB", (640, 480), (0, 0, 255))
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    log = save_with_photo(cast, SimpleUploadedFile("IMG_0003.jpg", buffer.getvalue()))
    assert_clean_jpeg(log.photos.get().image.read())
