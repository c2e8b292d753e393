"""Fixtures for the workspace: a roster for each cast branch and camera-like photos."""

import datetime
import importlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from tests import factories as f

GPS_IFD = 0x8825
REGIONS_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "regions.json"


def ensure_reference_data() -> None:
    """The regions and 三会一课 rules (data migrations), for transactional tests.

    Once Playwright's event loop has run in the test thread, an earlier transactional
    test's flush is not undone by serialized_rollback (see tests/browser/test_home_phone.py),
    so tests that run after it reload what they need.
    """
    from django.apps import apps

    from apps.regions.models import Region

    if not Region.objects.exists():
        call_command("loaddata", str(REGIONS_FIXTURE), verbosity=0)
    importlib.import_module("apps.party.migrations.0002_default_compliance_rules").create(apps, None)


def jpeg_with_gps(width: int = 2400, height: int = 1800, *, name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    """A phone-camera-like JPEG: EXIF with the camera model and a GPS position (扬州)."""
    img = Image.new("RGB", (width, height), (180, 40, 40))
    exif = Image.Exif()
    exif[0x0110] = "TestCam"
    exif[GPS_IFD] = {1: "N", 2: (32.0, 23.0, 5.5), 3: "E", 4: (119.0, 25.0, 1.2)}
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_with_alpha(width: int = 300, height: int = 200) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 120, 0, 128)).save(buffer, format="PNG")
    return SimpleUploadedFile("screen.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def roster(cast):
    """Three current members of cast.branch, one former member, and two of other_branch."""
    members = [member(cast.branch, i) for i in range(3)]
    member(cast.branch, 3, left_on="2025-12-31", status="transferred_out")
    others = [member(cast.other_branch, i) for i in range(4, 6)]
    return {"members": members, "others": others}


def member(branch, n: int, **fields):
    """A current member of ``branch``; ``n`` gives each person a distinct birth date, so
    their generated ID numbers cannot collide."""
    person = f.PersonFactory(region=branch.region, birth_date=datetime.date(1940 + n, 3, 1 + n))
    return f.MembershipFactory(organisation=branch, person=person, **fields).person


@pytest.fixture
def basics():
    return {
        "activity_type": "theme_day",
        "held_on": timezone.localdate() - datetime.timedelta(days=2),
        "mode": "offline",
        "place": "社区党员活动室",
        "host": "王书记",
        "theme": "重温入党誓词",
    }
