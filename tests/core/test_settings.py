"""Settings read from the environment: a value that cannot be understood stops start-up."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cadre_portal.settings import envbool


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("False", False),
        ("NO", False),
        ("off", False),
    ],
)
def test_envbool_reads_the_accepted_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("CADRE_SOME_FLAG", value)
    assert envbool("CADRE_SOME_FLAG", not expected) is expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_envbool_unset_or_empty_is_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CADRE_SOME_FLAG", raising=False)
    else:
        monkeypatch.setenv("CADRE_SOME_FLAG", value)
    assert envbool("CADRE_SOME_FLAG", True) is True
    assert envbool("CADRE_SOME_FLAG", False) is False


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "y es"])
def test_envbool_refuses_anything_else_and_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("OTP_REQUIRED", value)
    with pytest.raises(ImproperlyConfigured) as excinfo:
        envbool("OTP_REQUIRED", True)
    message = str(excinfo.value)
    assert "OTP_REQUIRED" in message and value.strip() in message
    assert "true/false" in message


def test_a_misspelt_flag_stops_start_up():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(DJANGO_SETTINGS_MODULE="cadre_portal.settings", OTP_REQUIRED="ture")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "环境变量 OTP_REQUIRED" in result.stderr
