"""crypto.encrypt_many: the bulk import's encryption gives ordinary Fernet tokens."""

import base64

import pytest
from cryptography.fernet import Fernet, InvalidToken

from apps.core import crypto

VALUES = ["", "a", "x" * 15, "y" * 16, "z" * 17, "32100219500517123X", "张建国" * 7, "q" * 33]


def test_every_token_decrypts_to_its_value():
    tokens = crypto.encrypt_many(VALUES)
    assert [crypto.decrypt(t) for t in tokens] == VALUES
    assert tokens[0] == ""


def test_the_same_value_twice_gets_two_tokens():
    first, second = crypto.encrypt_many(["32100219500517123X", "32100219500517123X"])
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == "32100219500517123X"


def test_tokens_are_plain_fernet_under_the_first_key(settings):
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [new, old]
    tokens = crypto.encrypt_many(VALUES[1:])
    # Any Fernet implementation with the first key reads them; the second key cannot.
    assert [Fernet(new.encode()).decrypt(t.encode()).decode() for t in tokens] == VALUES[1:]
    assert all(base64.urlsafe_b64decode(t)[0] == 0x80 for t in tokens)
    with pytest.raises(InvalidToken):
        Fernet(old.encode()).decrypt(tokens[0].encode())
    assert crypto.encrypt_many([]) == []
