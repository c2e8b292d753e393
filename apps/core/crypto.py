"""Encryption at rest for ID numbers, with a keyed hash for exact search and uniqueness.

Keys come from the environment: ``PII_ENCRYPTION_KEYS`` (comma-separated Fernet keys; the
first encrypts, every key decrypts, so a new key is put first to rotate) and
``PII_HASH_KEY`` (HMAC key of the search hash). Rotation re-encrypts with
``python manage.py rotate_pii_key``. Development derives both from SECRET_KEY.
"""

import base64
import hashlib
import hmac
import os
import struct
import time
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings


def _derived_key(label: str) -> bytes:
    return _derive(label, settings.SECRET_KEY)


@lru_cache(maxsize=8)
def _derive(label: str, secret: str) -> bytes:
    # Cached: a bulk import encrypts and hashes one ID per row, and deriving the key again
    # for each (a SHA-256 and a base64) cost as much as the HMAC itself.
    digest = hashlib.sha256(f"{label}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    keys = tuple(settings.PII_ENCRYPTION_KEYS) or (_derived_key("pii-encryption").decode(),)
    return _fernet(keys)


def hash_key() -> bytes:
    return settings.PII_HASH_KEY.encode() if settings.PII_HASH_KEY else _derived_key("pii-hash")


def encrypt(value: str) -> str:
    if not value:
        return ""
    return fernet().encrypt(value.encode()).decode()


def encrypt_many(values: list[str]) -> list[str]:
    """``[encrypt(v) for v in values]`` for a bulk import, at a third of the cost.

    The tokens are standard Fernet tokens under the first key (AES-128-CBC with a fresh
    random IV each, then HMAC-SHA256; ``decrypt`` and any Fernet implementation read
    them). What changes is the bookkeeping: ``Fernet.encrypt`` builds a cipher context,
    a padder and an HMAC object for every value (~9 µs), while here the IVs come from one
    ``os.urandom`` call and CBC runs block position by block position over all values at
    once: block *j* of every value is XORed with that value's previous ciphertext block
    (its IV for the first) and the raw AES block cipher encrypts all of them in one call.
    That is exactly CBC, chained per value; only the loop moved.
    """
    if not values:
        return []
    keys = tuple(settings.PII_ENCRYPTION_KEYS) or (_derived_key("pii-encryption").decode(),)
    key = base64.urlsafe_b64decode(keys[0])
    signing_key, encryption_key = key[:16], key[16:]
    plain = [value.encode() for value in values]
    padded = [data + bytes([16 - len(data) % 16]) * (16 - len(data) % 16) for data in plain]
    ivs = os.urandom(16 * len(values))
    previous = [ivs[16 * i : 16 * i + 16] for i in range(len(values))]
    ciphertext = [b""] * len(values)
    block_cipher = Cipher(algorithms.AES(encryption_key), modes.ECB()).encryptor()
    for start in range(0, max(map(len, padded)), 16):
        todo = [i for i, data in enumerate(padded) if len(data) > start]
        blocks = b"".join([padded[i][start : start + 16] for i in todo])
        chained = b"".join([previous[i] for i in todo])
        mixed = (int.from_bytes(blocks, "big") ^ int.from_bytes(chained, "big")).to_bytes(len(blocks), "big")
        encrypted = block_cipher.update(mixed)
        for n, i in enumerate(todo):
            previous[i] = block = encrypted[16 * n : 16 * n + 16]
            ciphertext[i] += block
    header = b"\x80" + struct.pack(">Q", int(time.time()))
    tokens = []
    for i, value in enumerate(values):
        if not value:
            tokens.append("")
            continue
        basic = header + ivs[16 * i : 16 * i + 16] + ciphertext[i]
        tokens.append(base64.urlsafe_b64encode(basic + hmac.digest(signing_key, basic, "sha256")).decode())
    return tokens


def decrypt(token: str) -> str:
    if not token:
        return ""
    return fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt ``token`` under the first (newest) key."""
    return fernet().rotate(token.encode()).decode() if token else ""


def search_hash(value: str) -> str:
    """Keyed SHA-256 of a normalised value, for exact lookups without decrypting."""
    if not value:
        return ""
    return hmac.digest(hash_key(), value.encode(), "sha256").hex()
