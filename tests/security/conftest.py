import time

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def login_form(client, username, password=PASSWORD, *, path=None, remote_addr="10.0.0.1", **extra):
    """Sign in through the real form (not ``force_login``), as a browser would."""
    path = path or reverse("login")
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=remote_addr, **extra)


def totp_token(device, offset: int = 0) -> str:
    """The code the user's authenticator shows now (``offset`` steps away)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def events():
    """The audit events recorded during the test, oldest first, by action."""
    from apps.audit.models import AuditEvent

    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def _events(action=None):
        qs = AuditEvent.objects.filter(id__gt=start).order_by("id")
        return list(qs.filter(action=action) if action else qs)

    return _events


@pytest.fixture
def client_factory():
    """More browsers for the same test (a user signed in on two devices)."""
    from django.test import Client

    return Client


def valid_id(first17: str) -> str:
    """A GB 11643 ID number: ``first17`` plus its check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.fixture
def superuser_client(client, db):
    """A superuser (break-glass account) whose password is current."""
    from django.utils import timezone

    from apps.accounts.models import User

    user = User.objects.create_superuser("root", password="Root-Pass-2026", password_changed_at=timezone.now())
    client.force_login(user)
    return client
